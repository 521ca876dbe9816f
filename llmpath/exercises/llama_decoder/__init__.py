"""Exercise llama-decoder: scaffold, reference solution, check and hints."""
