"""Exercise gpt2-tokenizer: scaffold, reference solution, check and hints."""
