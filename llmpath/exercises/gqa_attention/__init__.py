"""Exercise gqa-attention: scaffold, reference solution, check and hints."""
