"""Exercise hinge-loss: scaffold, reference solution, check and hints."""
