"""Exercise masked-mean-pool-classify: scaffold, reference solution, check and hints."""
