"""Exercise gini-split: scaffold, reference solution, check and hints."""
