"""Exercise retrieve-top-k: rank passages by cosine similarity, find the answering passage's rank, hit@k and MRR."""
