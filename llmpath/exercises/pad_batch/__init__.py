"""Exercise pad-batch: scaffold, reference solution, check and hints."""
