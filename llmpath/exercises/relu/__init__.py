"""Exercise relu: scaffold, reference solution, check and hints."""
