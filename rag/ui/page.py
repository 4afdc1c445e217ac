"""The chat page's layout: chat with streamed, cited answers; filters; the timeline; the index panel."""

from __future__ import annotations

from typing import Any

import gradio as gr

from rag.assistant import Assistant
from rag.config import Settings
from rag.ui.chat import ChatUI
from rag.ui.notes_panel import UPLOAD_TYPES, NotePanel
from rag.ui.render import escape_md

EXAMPLES = ["o1の話って何日だった?", "who presented CREPE?", "継続事前学習について何を学んだ?"]


def build_app(settings: Settings | None = None, assistant: Assistant | None = None) -> gr.Blocks:
    """The chat page (not yet serving: see ``launch_app``)."""
    ui = ChatUI(settings or Settings.from_env(), assistant)
    with gr.Blocks(title="勉強会ノート QA", analytics_enabled=False) as demo:
        gr.Markdown(
            "## 勉強会ノート QA\nAsk the study group's notes in Japanese or English; answers cite session dates "
            "— click a date to see its source."
        )
        gr.Markdown(f"Answer mode: **{escape_md(ui.mode)}**", elem_id="rag-mode")
        history = gr.State([])
        seen = gr.State({})
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Chat",
                    elem_id="rag-chat",
                    height=560,
                    sanitize_html=True,
                    render_markdown=True,
                    latex_delimiters=[],
                    allow_tags=False,
                    buttons=["copy"],
                    feedback_options=None,
                    placeholder="質問をどうぞ — e.g. 「o1の話って何日だった?」",
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False, placeholder="質問 / question…", scale=6, elem_id="rag-question", max_lines=6
                    )
                    send = gr.Button("Send", variant="primary", scale=1, elem_id="rag-send")
                    clear = gr.Button("Clear", scale=1, elem_id="rag-clear")
                with gr.Accordion("Filters", open=True), gr.Row():
                    since = _filter_box("From (date)", "rag-since")
                    until = _filter_box("To (date)", "rag-until")
                    presenter = _filter_box("Presenter", "rag-presenter")
                    tag = _filter_box("Tag", "rag-tag")
                gr.Examples(EXAMPLES, inputs=question, label="Examples")
            with gr.Column(scale=2), gr.Tabs():
                with gr.Tab("Timeline", elem_id="rag-timeline-tab"):
                    timeline = gr.HTML(
                        '<div class="rag-timeline"><p>Loading…</p></div>',
                        elem_id="rag-timeline",
                        max_height=720,
                        js_on_load=TIMELINE_JS,
                    )
                with gr.Tab("Index", elem_id="rag-index-tab"):
                    summary = gr.Markdown("Loading…", elem_id="rag-index-summary")
                    job = gr.HTML("", elem_id="rag-job")
                    with gr.Row():
                        rebuild = gr.Button("Rebuild index", elem_id="rag-rebuild")
                        cancel = gr.Button("Cancel update", elem_id="rag-cancel-update")
                    gr.Markdown(
                        "**Add a session note** — a .txt/.md/.html file or a Notion export .zip, or paste its "
                        "text. Check the preview, then add it."
                    )
                    upload = gr.File(file_types=UPLOAD_TYPES, type="filepath", label="Note file", elem_id="rag-upload")
                    pasted = gr.Textbox(label="…or paste the note", lines=6, elem_id="rag-paste")
                    preview = gr.Markdown(elem_id="rag-note-preview")
                    name = gr.Textbox(
                        label="File name (optional)", placeholder="e.g. 2024-10-03.txt", elem_id="rag-note-name"
                    )
                    overwrite = gr.Checkbox(label="Overwrite a note with the same name", elem_id="rag-overwrite")
                    add = gr.Button("Add note", elem_id="rag-add-note")
                    added = gr.Markdown(elem_id="rag-add-result")

        chat_inputs = [question, chatbot, history, since, until, presenter, tag]
        chat_outputs = [chatbot, history, question]
        chat_args: dict[str, Any] = {
            "concurrency_limit": ui.settings.ui_concurrency,
            "concurrency_id": "chat",
            "show_progress": "minimal",
        }
        gr.on([question.submit, send.click], ui.chat, chat_inputs, chat_outputs, api_name="chat", **chat_args)
        timeline.click(ui.pick_topic, None, question, api_visibility="private").then(
            ui.chat, chat_inputs, chat_outputs, api_visibility="private", **chat_args
        )
        clear.click(lambda: ([], []), None, [chatbot, history], api_visibility="private")

        panel = [summary, job, timeline, since, until, presenter, tag, seen]
        refresh_args: dict[str, Any] = {
            "concurrency_limit": None,
            "show_progress": "hidden",
            "api_visibility": "private",
        }
        demo.load(ui.refresh, seen, panel, **refresh_args)
        gr.Timer(1.0).tick(ui.refresh, seen, panel, **refresh_args)
        rebuild.click(ui.rebuild, None, job, api_name="rebuild", concurrency_limit=None)
        cancel.click(ui.cancel_update, None, job, api_name="cancel_update", concurrency_limit=None)
        notes = NotePanel(ui)
        preview_args: dict[str, Any] = {"api_visibility": "private", "trigger_mode": "always_last"}
        gr.on([upload.change, pasted.change], notes.preview, [upload, pasted], preview, **preview_args)
        add.click(
            notes.add,
            [upload, pasted, name, overwrite],
            [added, upload, pasted, overwrite, preview],
            api_name="add_note",
        )
        gr.api(ui.status, api_name="status", concurrency_limit=None)
    demo.queue(default_concurrency_limit=4)
    return demo


def _filter_box(label: str, elem_id: str) -> Any:
    return gr.Dropdown(
        label=label, choices=[], value=None, allow_custom_value=True, filterable=True, elem_id=elem_id, min_width=120
    )


# A timeline topic is a button; a click asks about it (see ChatUI.pick_topic).
TIMELINE_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.tl-topic');
  if (button) trigger('click', {question: button.dataset.q});
});
"""
