"""Exercise top-k-top-p: scaffold, reference solution, check and hints."""
