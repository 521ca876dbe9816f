"""Exercise pca-svd: scaffold, reference solution, check and hints."""
