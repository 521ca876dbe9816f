"""Exercise softmax: scaffold, reference solution, check and hints."""
