"""Exercise vocab-and-batches: scaffold, reference solution, check and hints."""
