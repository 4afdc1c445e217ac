"""Gradio chat over the study group's notes. Run: python app.py (opens on http://127.0.0.1:7860)."""

from __future__ import annotations

import html

import gradio as gr

from rag.assistant import Assistant
from rag.config import Settings
from rag.errors import RagError

assistant = Assistant(Settings.from_env())


def respond(message: str, history: list[dict[str, str]]) -> str:
    """One chat turn: the answer with its cited session dates; note text is shown escaped."""
    try:
        answer = assistant.ask(message)
    except RagError as exc:
        return f"⚠️ {html.escape(str(exc))}"
    return html.escape(answer.text).replace("\n", "  \n")


demo = gr.ChatInterface(
    respond,
    title="勉強会ノート QA",
    description="Ask the study group's notes in Japanese or English; answers cite session dates.",
    examples=["o1の話って何日だった?", "who presented CREPE?", "What did we learn about continual pre-training?"],
)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1")
