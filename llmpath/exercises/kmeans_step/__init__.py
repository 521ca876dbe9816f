"""Exercise kmeans-step: scaffold, reference solution, check and hints."""
