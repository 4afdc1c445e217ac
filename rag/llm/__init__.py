"""The LLM: the ChatLLM protocol, the client for any OpenAI-compatible endpoint, and the bundled local model server."""
