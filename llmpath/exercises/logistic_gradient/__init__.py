"""Exercise logistic-gradient: scaffold, reference solution, check and hints."""
