"""Exercise lora: scaffold, reference solution, check and hints."""
