"""Exercise positional-encoding: scaffold, reference solution, check and hints."""
