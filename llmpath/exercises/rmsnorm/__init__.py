"""Exercise rmsnorm: scaffold, reference solution, check and hints."""
