"""Exercise ridge-polynomial: scaffold, reference solution, check and hints."""
