"""Question answering over the study group's notes."""
