"""Exercise clip-loss: scaffold, reference solution, check and hints."""
