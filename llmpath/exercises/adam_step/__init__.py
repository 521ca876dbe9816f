"""Exercise adam-step: scaffold, reference solution, check and hints."""
