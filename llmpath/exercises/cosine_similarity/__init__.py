"""Exercise cosine-similarity: scaffold, reference solution, check and hints."""
