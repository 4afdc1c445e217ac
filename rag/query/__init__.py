"""A question → its Query: kind, filters and topic words resolved against the catalogue; follow-ups made standalone."""
