"""Exercise clip-grad-norm: scaffold, reference solution, check, probe and hints."""
