"""Exercise gradient-step: scaffold, reference solution, check and hints."""
