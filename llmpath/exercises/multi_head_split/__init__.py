"""Exercise multi-head-split: scaffold, reference solution, check and hints."""
