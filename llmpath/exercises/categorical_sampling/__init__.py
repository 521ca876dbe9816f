"""Exercise categorical-sampling: scaffold, reference solution, check and hints."""
