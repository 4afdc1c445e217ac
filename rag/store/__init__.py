"""Chunks → the on-disk index: build folders, incremental updates, loading, FAISS vectors, BM25 terms, the catalogue."""
