"""Exercise rope: scaffold, reference solution, check and hints."""
