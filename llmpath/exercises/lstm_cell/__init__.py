"""Exercise lstm-cell: scaffold, reference solution, check and hints."""
