"""Exercise conv2d: scaffold, reference solution, check and hints."""
