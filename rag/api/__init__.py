"""The notes for other tools: an OpenAI-compatible chat API (/v1) and an MCP server (/mcp, `rag mcp`)."""
