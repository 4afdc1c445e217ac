"""Gradio chat over the study group's notes. Run: python app.py (opens on http://127.0.0.1:7860)."""

from __future__ import annotations

from rag.assistant import Assistant
from rag.config import Settings
from rag.ui.page import build_app
from rag.ui.serve import main

settings = Settings.from_env()
assistant = Assistant(settings)  # the page's and the API's (/v1, /mcp)
demo = build_app(settings, assistant)

if __name__ == "__main__":
    main(demo, settings, assistant)
