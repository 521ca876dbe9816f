"""Exercise dpo-loss: scaffold, reference solution, check and hints."""
