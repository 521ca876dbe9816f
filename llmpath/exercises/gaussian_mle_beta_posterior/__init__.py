"""Exercise gaussian-mle-beta-posterior: scaffold, reference solution, check and hints."""
