"""`rag eval`: question files with gold sessions, the same answer path as `rag ask`, and the scores."""
