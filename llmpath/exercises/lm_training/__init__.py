"""Exercise lm-training: shifted-target cross-entropy, AdamW, gradient clipping, warm-up + cosine, and a small model trained with them."""
