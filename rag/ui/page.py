"""The chat page's layout: chats kept in the browser, streamed cited answers, a source panel,
filters, the timeline and the index panel — every label in Japanese and English (``rag.ui.i18n``)."""

from __future__ import annotations

import hashlib
from typing import Any

import gradio as gr

from rag.assistant import Assistant
from rag.config import Settings
from rag.ui.chat import ChatUI
from rag.ui.i18n import AUTO, I18N
from rag.ui.notes_panel import UPLOAD_TYPES, NotePanel
from rag.ui.session import Labels, SessionUI

EXAMPLES = ["o1の話って何日だった?", "who presented CREPE?", "継続事前学習について何を学んだ?"]


def _secret(settings: Settings) -> str:
    # BrowserState's key is shipped to the browser, so it protects nothing; a stable one (rather than
    # gradio's random default) keeps the saved chats readable after the server restarts.
    return hashlib.sha256(f"study-notes-rag:{settings.index_dir.resolve()}".encode()).hexdigest()[:32]


def build_app(settings: Settings | None = None, assistant: Assistant | None = None) -> gr.Blocks:
    """The chat page (not yet serving: see ``launch_app``)."""
    s = settings or Settings.from_env()
    ui = ChatUI(s, assistant)
    session = SessionUI(ui)
    labels = Labels()
    with gr.Blocks(title="勉強会ノート QA", analytics_enabled=False) as demo:
        store = gr.BrowserState({}, storage_key="rag-chats", secret=_secret(s))
        pref = gr.BrowserState(AUTO, storage_key="rag-lang", secret=_secret(s))
        seen = gr.State({})
        tr = labels.add
        with gr.Row(elem_id="rag-top"):
            with gr.Column(scale=8, min_width=200):
                tr(gr.Markdown(I18N("title_md"), elem_id="rag-title"), "value", "title_md")
                tr(gr.Markdown(I18N("intro"), elem_id="rag-intro"), "value", "intro")
                mode = gr.Markdown("", elem_id="rag-mode")
            menu = tr(gr.Button(I18N("menu"), elem_id="rag-menu", size="sm", scale=0, min_width=60), "value", "menu")
        with gr.Row(elem_id="rag-main"):
            with gr.Column(scale=1, min_width=200, elem_id="rag-chats"):
                lang = tr(
                    gr.Radio(
                        [("自動 / Auto", AUTO), ("日本語", "ja"), ("English", "en")],
                        value=AUTO,
                        label=I18N("language"),
                        elem_id="rag-lang",
                    ),
                    "label",
                    "language",
                )
                new = tr(gr.Button(I18N("new_chat"), elem_id="rag-new-chat", size="sm"), "value", "new_chat")
                chat_list = tr(gr.Radio([], label=I18N("chat_list"), elem_id="rag-chat-list"), "label", "chat_list")
                title = tr(
                    gr.Textbox(label=I18N("rename_to"), elem_id="rag-chat-title", max_lines=1), "label", "rename_to"
                )
                with gr.Row():
                    rename = tr(gr.Button(I18N("rename"), elem_id="rag-rename", size="sm"), "value", "rename")
                    delete = tr(
                        gr.Button(I18N("delete_chat"), elem_id="rag-delete-chat", size="sm", variant="stop"),
                        "value",
                        "delete_chat",
                    )
                export = tr(gr.Button(I18N("export"), elem_id="rag-export", size="sm"), "value", "export")
                exported = gr.File(visible=False, elem_id="rag-exported", show_label=False)
            with gr.Column(scale=4, elem_id="rag-chat-column"):
                chatbot = gr.Chatbot(
                    label=I18N("chat"),
                    elem_id="rag-chat",
                    sanitize_html=True,
                    render_markdown=True,
                    latex_delimiters=[],
                    allow_tags=False,
                    buttons=["copy"],
                    feedback_options=("Like", "Dislike"),
                    placeholder=I18N("chat_placeholder"),
                    autoscroll=True,
                )
                tr(tr(chatbot, "label", "chat"), "placeholder", "chat_placeholder")
                chips = gr.HTML("", elem_id="rag-chips", js_on_load=CHIPS_JS)
                with gr.Row(elem_id="rag-input"):
                    question = gr.Textbox(
                        label=I18N("question_placeholder"),
                        show_label=False,
                        placeholder=I18N("question_placeholder"),
                        scale=6,
                        elem_id="rag-question",
                        max_lines=6,
                    )
                    tr(tr(question, "label", "question_placeholder"), "placeholder", "question_placeholder")
                    send = tr(
                        gr.Button(I18N("send"), variant="primary", scale=1, elem_id="rag-send", min_width=64),
                        "value",
                        "send",
                    )
                    clear = tr(gr.Button(I18N("clear"), scale=1, elem_id="rag-clear", min_width=64), "value", "clear")
                comment = gr.Textbox(
                    label=I18N("feedback_comment"),
                    show_label=False,
                    placeholder=I18N("feedback_comment"),
                    elem_id="rag-comment",
                    max_lines=2,
                )
                tr(tr(comment, "label", "feedback_comment"), "placeholder", "feedback_comment")
                thanks = gr.Markdown("", elem_id="rag-feedback-result")
            with gr.Column(scale=3, elem_id="rag-side"):
                source = gr.HTML(session.source_placeholder(None), elem_id="rag-source-panel")
                with tr(gr.Accordion(I18N("filters"), open=True, elem_id="rag-filters"), "label", "filters"):
                    with gr.Row():
                        since = tr(_filter_box(I18N("since"), "rag-since"), "label", "since")
                        until = tr(_filter_box(I18N("until"), "rag-until"), "label", "until")
                    with gr.Row():
                        presenter = tr(_filter_box(I18N("presenter"), "rag-presenter"), "label", "presenter")
                        tag = tr(_filter_box(I18N("tag"), "rag-tag"), "label", "tag")
                # The examples' own label can't be relabelled by the switch: a heading of ours stands in.
                tr(gr.Markdown(I18N("examples_md"), elem_id="rag-examples-head"), "value", "examples_md")
                gr.Examples(EXAMPLES, inputs=question, label="", elem_id="rag-examples")
                with gr.Tabs():
                    with tr(gr.Tab(I18N("timeline"), elem_id="rag-timeline-tab"), "label", "timeline"):
                        timeline = gr.HTML(
                            "<div class='rag-timeline'><p>…</p></div>",
                            elem_id="rag-timeline",
                            max_height=720,
                            js_on_load=TIMELINE_JS,
                        )
                    with tr(gr.Tab(I18N("index"), elem_id="rag-index-tab"), "label", "index"):
                        summary = gr.Markdown("…", elem_id="rag-index-summary")
                        job = gr.HTML("", elem_id="rag-job")
                        with gr.Row():
                            rebuild = tr(gr.Button(I18N("rebuild"), elem_id="rag-rebuild"), "value", "rebuild")
                            cancel = tr(
                                gr.Button(I18N("cancel_update"), elem_id="rag-cancel-update"), "value", "cancel_update"
                            )
                        tr(gr.Markdown(I18N("add_heading")), "value", "add_heading")
                        upload = gr.File(
                            file_types=UPLOAD_TYPES, type="filepath", label=I18N("note_file"), elem_id="rag-upload"
                        )
                        pasted = gr.Textbox(label=I18N("paste"), lines=6, elem_id="rag-paste")
                        preview = gr.Markdown(elem_id="rag-note-preview")
                        name = gr.Textbox(
                            label=I18N("file_name"), placeholder=I18N("file_name_placeholder"), elem_id="rag-note-name"
                        )
                        overwrite = gr.Checkbox(label=I18N("overwrite"), elem_id="rag-overwrite")
                        add = gr.Button(I18N("add_note"), elem_id="rag-add-note")
                        added = gr.Markdown(elem_id="rag-add-result")
                        for component, key in ((upload, "note_file"), (pasted, "paste"), (name, "file_name")):
                            tr(component, "label", key)
                        tr(name, "placeholder", "file_name_placeholder")
                        tr(overwrite, "label", "overwrite")
                        tr(add, "value", "add_note")

        filters = [since, until, presenter, tag]
        chat_inputs = [question, chatbot, store, *filters, pref]
        chat_outputs = [chatbot, store, question, chat_list]
        chat_args: dict[str, Any] = {
            "concurrency_limit": ui.settings.ui_concurrency,
            "concurrency_id": "chat",
            "show_progress": "minimal",
        }
        gr.on([question.submit, send.click], ui.chat, chat_inputs, chat_outputs, api_name="chat", **chat_args)
        timeline.click(ui.pick_topic, None, question, api_visibility="private").then(
            ui.chat, chat_inputs, chat_outputs, api_visibility="private", **chat_args
        )
        private: dict[str, Any] = {"api_visibility": "private", "concurrency_limit": None}
        # 🗑 and Clear empty the chat the next question travels with (see ChatUI.chat), and the saved chat.
        gr.on([clear.click, chatbot.clear], session.clear, [store, pref], [chatbot, store, chat_list], **private)
        new.click(session.new_chat, [store, pref], [chatbot, store, chat_list, title], **private)
        chat_list.input(session.select, [store, chat_list, pref], [chatbot, store, chat_list, title], **private)
        rename.click(session.rename, [store, title, pref], [store, chat_list], **private)
        delete.click(session.delete, [store, pref], [chatbot, store, chat_list, title], **private)
        export.click(session.export, [store, pref], exported, **private)
        chatbot.like(session.feedback, [store, comment, pref], [thanks, comment], **private)
        gr.on([f.change for f in filters] + [lang.change], session.chips, [*filters, pref], chips, **private)
        chips.click(session.drop_filter, None, filters, **private)

        relabelled = labels.components()
        panel = [summary, job, timeline, since, until, presenter, tag, mode, seen]
        refresh_args: dict[str, Any] = {
            "concurrency_limit": None,
            "show_progress": "hidden",
            "api_visibility": "private",
        }
        demo.load(
            session.restore, [store, pref], [chatbot, store, chat_list, lang, source, chips, *relabelled], **private
        )
        lang.input(session.switch, lang, [pref, source, chips, *relabelled], **private).then(
            ui.refresh, [gr.State({}), pref], panel, **refresh_args
        )
        demo.load(ui.refresh, [seen, pref], panel, **refresh_args)
        gr.Timer(1.0).tick(ui.refresh, [seen, pref], panel, **refresh_args)
        rebuild.click(ui.rebuild, pref, job, api_name="rebuild", concurrency_limit=None)
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
        menu.click(None, None, None, js=MENU_JS)
        gr.api(ui.status, api_name="status", concurrency_limit=None)
        session.bind_labels(labels)
    demo.queue(default_concurrency_limit=4)
    return demo


def _filter_box(label: Any, elem_id: str) -> Any:
    return gr.Dropdown(
        label=label, choices=[], value=None, allow_custom_value=True, filterable=True, elem_id=elem_id, min_width=120
    )


# A timeline topic is a button; a click asks about it (see ChatUI.pick_topic). On a phone the drawer
# closes and the chat comes into view, where the answer appears.
TIMELINE_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.tl-topic');
  if (!button) return;
  trigger('click', {question: button.dataset.q});
  document.getElementById('rag-main').classList.remove('rag-drawer-open');
  document.getElementById('rag-chat')?.scrollIntoView({block: 'start'});
});
"""

# A chip's × removes that filter (see SessionUI.drop_filter).
CHIPS_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button.rag-chip-x');
  if (button) trigger('click', {field: button.dataset.field});
});
"""

# The ☰ button opens and closes the drawer (filters, timeline, index) on a phone.
MENU_JS = "() => { document.getElementById('rag-main').classList.toggle('rag-drawer-open'); }"
