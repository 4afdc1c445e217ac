"""A Query → Evidence: filtered dense + BM25 retrieval, fused, and the gate that says which hits can be cited."""
