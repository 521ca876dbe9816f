"""Exercise precision-recall-f1: scaffold, reference solution, check and hints."""
