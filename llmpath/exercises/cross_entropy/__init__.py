"""Exercise cross-entropy: scaffold, reference solution, check and hints."""
