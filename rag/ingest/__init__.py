"""Notes → topic sections (Note, Topic) → chunks: which files are notes, how a note is read, how it is cut and saved."""
