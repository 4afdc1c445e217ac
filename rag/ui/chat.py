"""The chat page's behaviour: one assistant and one background updater shared by every visitor.

All answering goes through :class:`rag.assistant.Assistant`; ``rag.ui.page`` lays this out on a page.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from rag.assistant import Assistant
from rag.errors import FilterError, IndexMissingError, NoteSaveError, RagError
from rag.ingest.add import default_note_name, note_text, safe_note_name, save_note
from rag.store.format import current_build
from rag.types import Filters
from rag.ui.jobs import IndexJobs, JobStatus
from rag.ui.render import (
    escape_md,
    filter_choices,
    index_summary,
    mode_label,
    progress_html,
    render_answer,
    render_error,
    render_notice,
    render_streaming,
    render_user,
    result_html,
    timeline_html,
)
from rag.util import Log, log_stderr

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.llm.base import Message
    from rag.types import Answer

FIRST_BUILD = "First index build"
Messages = list[dict[str, Any]]


def answer_mode(settings: Settings) -> str:
    """The answer-mode indicator for these settings."""
    from rag.llm.factory import llm_from_settings

    try:
        llm = llm_from_settings(settings)
    except RagError as exc:
        return f"LLM misconfigured ({exc})"
    return mode_label(llm.model if llm else None)


def _day(value: str | None, what: str) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise FilterError(f"{what} {text!r} is not a date: use YYYY-MM-DD, e.g. 2024-09-26.") from exc


def parse_filters(since: str | None, until: str | None, presenter: str | None, tag: str | None) -> Filters:
    """The filter fields as ``Filters``; empty fields filter nothing."""
    start, end = _day(since, "From"), _day(until, "To")
    if start and end and start > end:
        raise FilterError(f"From {start} is after To {end}: swap them.")
    return Filters(since=start, until=end, presenter=(presenter or "").strip() or None, tag=(tag or "").strip() or None)


class ChatUI:
    """The page's behaviour: one assistant and one background updater shared by every visitor."""

    def __init__(self, settings: Settings, assistant: Assistant | None = None, log: Log = log_stderr) -> None:
        self.settings = settings
        self.assistant = assistant or Assistant(settings, log=log)
        self.jobs = IndexJobs(self.assistant, log)
        self.mode = answer_mode(settings)
        self._log = log
        self._start_lock = threading.Lock()
        self._started = False
        self._ready = threading.Event()  # the question embedder is loaded

    # -- start-up ---------------------------------------------------------------------------

    def start(self) -> None:
        """Build the index if there is none and load the model, in the background (once)."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
        if current_build(self.settings.index_dir) is None:
            self.jobs.request(FIRST_BUILD)
        threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()

    def _warm_up(self) -> None:
        try:
            _ = self.assistant.embedder
        except RagError as exc:
            self._log(f"Loading the model failed: {exc}")
        finally:
            self._ready.set()

    def _ensure_index(self) -> Iterator[str]:
        """Wait for the first index (building it if nobody is); yields progress lines meanwhile."""
        self.start()
        if current_build(self.settings.index_dir) is not None:
            return
        if not self.jobs.status().busy:
            self.jobs.request(FIRST_BUILD)
        while current_build(self.settings.index_dir) is None:
            status = self.jobs.status()
            if not status.busy:
                raise IndexMissingError(status.last_message or "The index could not be built.")
            yield _job_line(status)
            time.sleep(0.5)

    # -- chat -------------------------------------------------------------------------------

    def chat(
        self,
        question: str,
        messages: Messages | None,
        history: list[Message] | None,
        since: str | None,
        until: str | None,
        presenter: str | None,
        tag: str | None,
    ) -> Iterator[tuple[Messages, list[Message], str]]:
        """One turn: the question, the answer streamed as it comes, then the final answer with sources."""
        q = (question or "").strip()
        messages, history = list(messages or []), list(history or [])
        if not q:
            yield messages, history, ""
            return
        turn = 1 + sum(1 for m in messages if m.get("role") == "assistant")
        messages += [{"role": "user", "content": render_user(q)}, {"role": "assistant", "content": "…"}]
        yield messages, history, ""
        try:
            filters = parse_filters(since, until, presenter, tag)
            for line in self._ensure_index():
                messages[-1] = {"role": "assistant", "content": render_notice(line)}
                yield messages, history, ""
            answer: Answer | None = None
            text = ""
            for event in self.assistant.ask_stream(q, None, filters, history):
                if isinstance(event, str):
                    text += event
                    messages[-1] = {"role": "assistant", "content": render_streaming(text)}
                    yield messages, history, ""
                else:
                    answer = event
            if answer is None:
                raise RagError("The assistant ended without an answer; please ask again.")
            messages[-1] = {"role": "assistant", "content": render_answer(answer, turn)}
            history += [{"role": "user", "content": q}, {"role": "assistant", "content": answer.text}]
        except RagError as exc:
            messages[-1] = {"role": "assistant", "content": render_error(str(exc))}
        yield messages, history, ""

    @staticmethod
    def pick_topic(evt: gr.EventData) -> str:
        """A timeline click: the question about that topic, put in the question box."""
        # The data passed to trigger() in TIMELINE_JS reads as attributes (gradio's documented way).
        return str(getattr(evt, "question", ""))

    # -- index panel ------------------------------------------------------------------------

    def add_note(self, upload: str | None, pasted: str | None, name: str | None, overwrite: bool) -> tuple[Any, ...]:
        """Save an uploaded or pasted note into the notes folder, then index it in the background."""
        try:
            message = self._add_note(upload, (pasted or "").strip(), (name or "").strip(), overwrite)
        except RagError as exc:
            return render_error(str(exc)), gr.skip(), gr.skip(), gr.skip()
        return message, None, "", False

    def _add_note(self, upload: str | None, pasted: str, name: str, overwrite: bool) -> str:
        if upload and pasted:
            raise NoteSaveError("Either upload a file or paste text, not both: clear one of them.")
        if not upload and not pasted:
            raise NoteSaveError("Upload a .txt/.md file or paste the note's text first.")
        data = Path(upload).read_bytes() if upload else pasted.encode("utf-8")
        text = note_text(data, self.settings.max_note_bytes)
        fallback = default_note_name(text)  # when the given name has nothing readable left (🙂🙂.md)
        filename = safe_note_name(name or (Path(upload).name if upload else fallback), fallback)
        saved = save_note(self.settings.notes_dir, filename, text, overwrite)
        if saved.unchanged:
            return f"✓ {escape_md(saved.describe())}"
        self.jobs.request(f"Indexing {filename}")
        return f"✓ {escape_md(saved.describe())} Indexing it now (progress above); then ask about it."

    def rebuild(self) -> str:
        """Re-read and re-embed every note in the background; chats go on meanwhile."""
        return _job_html(self.jobs.request("Full rebuild", full=True))

    def cancel_update(self) -> str:
        """Stop the running index update before it publishes (and drop a queued one)."""
        return _job_html(self.jobs.cancel())

    def status(self) -> dict[str, Any]:
        """The background updates and the published index, for scripts (``/status``)."""
        st = self.jobs.status()
        build = current_build(self.settings.index_dir)
        return {
            "running": st.running,
            "queued": st.queued,
            "title": st.title,
            "phase": st.phase,
            "done": st.done,
            "total": st.total,
            "finished": st.finished,
            "last_message": st.last_message,
            "last_ok": st.last_ok,
            "build": build.name if build else None,
        }

    def refresh(self, seen: dict[str, str] | None) -> tuple[Any, ...]:
        """Page load and timer tick: the index summary, update progress, timeline and filter
        choices — each only when it changed since this page last got it."""
        self.start()
        seen = dict(seen or {})
        build = str(current_build(self.settings.index_dir) or "")
        job = _job_html(self.jobs.status())
        out: list[Any] = [gr.skip()] * 7
        if seen.get("job") != job:
            out[1] = seen["job"] = job
        if seen.get("summary") != build:
            out[0], seen["summary"] = self._summary(), build
        if build and self._ready.is_set() and seen.get("timeline") != build:
            timeline, choices = self._timeline()
            dates, presenters, tags = choices
            out[2:] = [timeline, *(gr.Dropdown(choices=c) for c in (dates, dates, presenters, tags))]
            seen["timeline"] = build
        return (*out, seen)

    def _summary(self) -> str:
        try:
            return index_summary(self.assistant.index(build_if_missing=False).manifest)
        except IndexMissingError:
            return f"No index yet: building it from `{escape_md(str(self.settings.notes_dir))}` (progress below)."
        except RagError as exc:
            return render_error(f"{exc} Press “Rebuild index”.")

    def _timeline(self) -> tuple[str, tuple[list[str], list[str], list[str]]]:
        try:
            catalogue = self.assistant.index(build_if_missing=False).catalogue
        except RagError as exc:
            return f"<p>{render_error(str(exc))}</p>", ([], [], [])
        return timeline_html(catalogue.topics), filter_choices(catalogue)


def _job_line(status: JobStatus) -> str:
    if status.phase == "embed" and status.total:
        return f"Indexing the notes for the first time: {status.done}/{status.total} chunks embedded…"
    return "Indexing the notes for the first time (loading the model)…"


def _job_html(status: JobStatus) -> str:
    if status.running:
        title = status.title + (" (another update queued)" if status.queued else "")
        return progress_html(title, status.phase, status.done, status.total)
    if status.queued:
        return progress_html(status.title or "Update", "", 0, 0)
    if status.finished:
        return result_html(status.last_message, status.last_ok)
    return ""
