"""Exercise kv-cache: generation with a KV cache on the learner's own decoder, sampling through their top-k / top-p filters."""
