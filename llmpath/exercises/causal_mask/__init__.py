"""Exercise causal-mask: scaffold, reference solution, check and hints."""
