"""Exercise bpe-tokenizer: scaffold, reference solution, check and hints."""
