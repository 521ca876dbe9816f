"""Exercise layernorm: scaffold, reference solution, check and hints."""
