"""Exercise bleu: scaffold, reference solution, check and hints."""
