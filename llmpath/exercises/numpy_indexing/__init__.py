"""Exercise numpy-indexing: scaffold, reference solution, check and hints."""
