"""The chat page's behaviour: one assistant and one background updater shared by every visitor.

All answering goes through :class:`rag.assistant.Assistant`; ``rag.ui.page`` lays this out on a page.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import gradio as gr

from rag.assistant import Assistant
from rag.errors import FilterError, IndexMissingError, RagError
from rag.store.format import current_build
from rag.types import Filters
from rag.ui import history as chats
from rag.ui.i18n import Lang, error_text, localized, resolve_lang, t
from rag.ui.jobs import IndexJobs, JobStatus
from rag.ui.render import (
    Section,
    escape_md,
    filter_choices,
    index_summary,
    merge_parts,
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
    from rag.types import Answer

FIRST_BUILD = "First index build"
FULL_REBUILD = "Full rebuild"
Messages = list[dict[str, Any]]


def answer_mode(settings: Settings, lang: Lang = "en") -> str:
    """The answer-mode indicator for these settings."""
    from rag.llm.factory import llm_from_settings

    try:
        llm = llm_from_settings(settings)
    except RagError as exc:
        return t("mode_misconfigured", lang, error=error_text(exc, lang)[0])
    return mode_label(llm.model if llm else None, lang)


def _day(value: str | None, what: str) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise localized(FilterError, "err_not_date", what=what, value=text) from exc


def parse_filters(
    since: str | None, until: str | None, presenter: str | None, tag: str | None, lang: Lang = "en"
) -> Filters:
    """The filter fields as ``Filters``; empty fields filter nothing."""
    start, end = _day(since, t("from_label", lang)), _day(until, t("to_label", lang))
    if start and end and start > end:
        raise localized(FilterError, "err_range", start=start, end=end)
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

    def _ensure_index(self, lang: Lang = "en") -> Iterator[str]:
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
            yield _job_line(status, lang)
            time.sleep(0.5)

    # -- chat -------------------------------------------------------------------------------

    def chat(
        self,
        question: str,
        messages: Messages | None,
        store: chats.Store | None,
        since: str | None,
        until: str | None,
        presenter: str | None,
        tag: str | None,
        pref: str | None = None,
        request: gr.Request | None = None,
    ) -> Iterator[tuple[Messages, Any, str, Any]]:
        """One turn: the question, the answer streamed as it comes, then the final answer with sources.

        Follow-ups are read against the turns still shown in ``messages`` — the chat that came with
        the question — so after 🗑 or Clear nothing earlier counts, whatever order events ran in."""
        lang = resolve_lang(pref, request)
        q = (question or "").strip()
        before = list(messages or [])
        messages = list(before)
        if not q:
            yield messages, gr.skip(), "", gr.skip()
            return
        history = chats.history(store, before)
        turn = 1 + sum(1 for m in messages if m.get("role") == "assistant")
        messages += [{"role": "user", "content": render_user(q)}, {"role": "assistant", "content": "…"}]
        yield messages, gr.skip(), "", gr.skip()
        try:
            filters = parse_filters(since, until, presenter, tag, lang)
            for line in self._ensure_index(lang):
                messages[-1] = {"role": "assistant", "content": render_notice(line)}
                yield messages, gr.skip(), "", gr.skip()
            answer: Answer | None = None
            text = ""
            for event in self.assistant.ask_stream(q, None, filters, history):
                if isinstance(event, str):
                    text += event
                    messages[-1] = {"role": "assistant", "content": render_streaming(text)}
                    yield messages, gr.skip(), "", gr.skip()
                else:
                    answer = event
            if answer is None:
                raise localized(RagError, "err_no_answer")
            messages[-1] = {"role": "assistant", "content": render_answer(answer, turn, lang, self._sections(answer))}
        except RagError as exc:
            messages[-1] = {"role": "assistant", "content": render_error(*error_text(exc, lang), lang=lang)}
            answer = None
        saved = chats.record(store, before, messages, _turn(q, answer))
        yield messages, saved, "", gr.update(choices=chats.choices(saved, t("untitled", lang)), value=saved["current"])

    def _sections(self, answer: Answer) -> dict[str, Section]:
        """The whole topic of each cited chunk, with its session's other topics (for the source panel)."""
        try:
            index = self.assistant.index(build_if_missing=False)
        except RagError:
            return {}
        chunks = {h.chunk.id: h.chunk for h in answer.hits}
        out: dict[str, Section] = {}
        for citation in answer.citations:
            chunk = chunks.get(citation.chunk_id)
            if chunk is None:
                continue
            text = merge_parts([c.text for c in index.topic_chunks(chunk.topic_key)]) or chunk.text
            others = tuple(
                f"{c.display_title}" + (f" — @{c.presenter}" if c.presenter else "")
                for c in index.catalogue.topics
                if c.date == chunk.date and c.note == chunk.note and c.topic_key != chunk.topic_key
            )
            out[chunk.id] = Section(text, others)
        return out

    @staticmethod
    def pick_topic(evt: gr.EventData) -> str:
        """A timeline click: the question about that topic, put in the question box."""
        # The data passed to trigger() in TIMELINE_JS reads as attributes (gradio's documented way).
        return str(getattr(evt, "question", ""))

    # -- index panel ------------------------------------------------------------------------

    def rebuild(self, pref: str | None = None, request: gr.Request | None = None) -> str:
        """Re-read and re-embed every note in the background; chats go on meanwhile."""
        return _job_html(self.jobs.request(FULL_REBUILD, full=True), resolve_lang(pref, request))

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

    def refresh(
        self, seen: dict[str, str] | None, pref: str | None = None, request: gr.Request | None = None
    ) -> tuple[Any, ...]:
        """Page load and timer tick: the index summary, update progress, timeline and filter
        choices — each only when it changed since this page last got it (or its language did)."""
        self.start()
        lang = resolve_lang(pref, request)
        seen = dict(seen or {})
        if seen.get("lang") != lang:
            seen = {"lang": lang}
        build = str(current_build(self.settings.index_dir) or "")
        status = self.jobs.status()
        job = _job_html(status, lang)
        out: list[Any] = [gr.skip()] * 8
        if seen.get("job") != job:
            out[1] = seen["job"] = job
        if seen.get("summary") != build:
            out[0], seen["summary"] = self._summary(lang), build
        if not build and seen.get("timeline") != "building":
            out[2], seen["timeline"] = timeline_html([], lang, building=status.busy), "building"
        if build and self._ready.is_set() and seen.get("timeline") != build:
            timeline, choices = self._timeline(lang)
            dates, presenters, tags = choices
            out[2:7] = [timeline, *(gr.Dropdown(choices=c) for c in (dates, dates, presenters, tags))]
            seen["timeline"] = build
        if seen.get("mode") != lang:
            out[7], seen["mode"] = f"{t('mode', lang)}: **{escape_md(answer_mode(self.settings, lang))}**", lang
        return (*out, seen)

    def _summary(self, lang: Lang) -> str:
        try:
            return index_summary(self.assistant.index(build_if_missing=False).manifest, lang)
        except IndexMissingError:
            return t("no_index", lang, notes=escape_md(str(self.settings.notes_dir)))
        except RagError as exc:
            message, details = error_text(exc, lang)
            return render_error(f"{message} {t('press_rebuild', lang)}", details, lang)

    def _timeline(self, lang: Lang) -> tuple[str, tuple[list[str], list[str], list[str]]]:
        try:
            catalogue = self.assistant.index(build_if_missing=False).catalogue
        except RagError as exc:
            return f"<p>{render_error(*error_text(exc, lang), lang=lang)}</p>", ([], [], [])
        return timeline_html(catalogue.topics, lang), filter_choices(catalogue)


def _turn(question: str, answer: Answer | None) -> dict[str, Any]:
    """What a chat keeps of a turn (an error keeps the question only: follow-ups skip it)."""
    if answer is None:
        return {"q": question, "a": "", "cited": [], "mode": "", "model": None}
    cited = list(dict.fromkeys(c.label for c in answer.citations))
    return {"q": question, "a": answer.text, "cited": cited, "mode": answer.mode, "model": answer.model}


def job_title(title: str, lang: Lang) -> str:
    """An update's title (as ``IndexJobs`` keeps it, in English) in ``lang``."""
    known = {FIRST_BUILD: "job_first", FULL_REBUILD: "job_full", "Update": "job_update"}
    if title in known:
        return t(known[title], lang)
    if title.startswith("Indexing "):
        return t("job_indexing", lang, name=title.removeprefix("Indexing "))
    return title


def _job_line(status: JobStatus, lang: Lang) -> str:
    if status.phase == "embed" and status.total:
        return t("first_build_line", lang, done=status.done, total=status.total)
    return t("first_build_loading", lang)


def _job_html(status: JobStatus, lang: Lang = "en") -> str:
    if status.running:
        title = job_title(status.title, lang) + (t("job_queued", lang) if status.queued else "")
        return progress_html(title, status.phase, status.done, status.total, lang)
    if status.queued:
        return progress_html(job_title(status.title or "Update", lang), "", 0, 0, lang)
    if status.finished:
        return result_html(status.last_message, status.last_ok, lang)
    return ""
