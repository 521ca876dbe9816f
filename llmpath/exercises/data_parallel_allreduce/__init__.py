"""Exercise data-parallel-allreduce: scaffold, reference solution, check and hints."""
