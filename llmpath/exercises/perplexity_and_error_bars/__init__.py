"""Exercise perplexity-and-error-bars: perplexity and bits per byte of a padded batch, and an accuracy's 95 % error bar."""
