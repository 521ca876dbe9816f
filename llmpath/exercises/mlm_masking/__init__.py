"""Exercise mlm-masking: scaffold, reference solution, check and hints."""
