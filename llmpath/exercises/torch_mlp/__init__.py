"""Exercise torch-mlp: scaffold, reference solution, check and hints."""
