"""Exercise attention: scaffold, reference solution, check and hints."""
