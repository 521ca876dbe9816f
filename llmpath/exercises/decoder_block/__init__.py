"""Exercise decoder-block: scaffold, reference solution, check and hints."""
