"""Evidence → Answer: recall lists, extractive quotes or LLM answers with verified [YYYY-MM-DD] citations."""
