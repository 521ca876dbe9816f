"""Exercise swiglu: scaffold, reference solution, check and hints."""
