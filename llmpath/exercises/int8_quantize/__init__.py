"""Exercise int8-quantize: scaffold, reference solution, check and hints."""
