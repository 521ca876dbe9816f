"""Exercise bpe-train: scaffold, reference solution, check and hints."""
