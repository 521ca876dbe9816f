"""Exercise kfold-indices: scaffold, reference solution, check and hints."""
