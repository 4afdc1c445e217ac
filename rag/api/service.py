"""What /v1 and the MCP tools answer from: one shared Assistant, whose first index is built in the
background, so a request that comes before it gets "not ready yet" (503) instead of waiting a minute."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag.api.schemas import SessionsResult, sessions_of
from rag.errors import FilterError, IndexMissingError, NoMatchError, NotesError, RagError
from rag.ingest.files import decode_note
from rag.store.format import current_build
from rag.util import Log, log_stderr

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.query.followup import History
    from rag.store.load import NoteIndex
    from rag.types import Answer, Filters, Hit


class NotesService:
    """The assistant the API shares with the chat page, and the first index build."""

    def __init__(self, assistant: Assistant, log: Log = log_stderr) -> None:
        self.assistant = assistant
        self._log = log
        self._lock = threading.Lock()
        self._build: threading.Thread | None = None
        self._build_failed = ""

    @property
    def settings(self) -> Settings:
        return self.assistant.settings

    def start(self) -> None:
        """Build the index in the background if there is none, and load the question model meanwhile."""
        if current_build(self.settings.index_dir) is None:
            self._build_first()
        threading.Thread(target=self._warm_up, name="api-warm-up", daemon=True).start()

    def ask(self, question: str, filters: Filters | None = None, history: History = ()) -> Answer:
        """The whole answer (see ``Assistant.ask``)."""
        self._require_index()
        return self.assistant.ask(question, None, filters, history)

    def ask_stream(
        self, question: str, filters: Filters | None = None, history: History = ()
    ) -> Iterator[str | Answer]:
        """Text pieces, then the final Answer (see ``Assistant.ask_stream``)."""
        self._require_index()
        return self.assistant.ask_stream(question, None, filters, history)

    def search(self, query: str, k: int | None = None, filters: Filters | None = None) -> list[Hit]:
        """The best-matching chunks for ``query`` as written (only the given filters apply)."""
        self._require_index()
        return self.assistant.search(query, k, filters)

    def sessions(self) -> SessionsResult:
        """Every session with its presenters and topics."""
        return sessions_of(self._index().catalogue.topics)

    def session_dates(self) -> list[str]:
        """The sessions' dates, oldest first; none while there is no index."""
        if current_build(self.settings.index_dir) is None:
            return []
        return [d.isoformat() for d in self._index().catalogue.sessions]

    def note(self, date: str) -> str:
        """The text of the session note(s) of ``date`` (YYYY-MM-DD), as the notes folder holds them."""
        try:
            day = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise FilterError(f"{date!r} is not a date: use YYYY-MM-DD, e.g. notes://2024-09-26.") from None
        index = self._index()
        names = sorted(name for name, record in index.manifest.notes.items() if record.date == day)
        if not names:
            known = ", ".join(d.isoformat() for d in index.catalogue.sessions) or "none"
            raise NoMatchError(f"No session on {day} in the notes; sessions: {known}.")
        texts = []
        for name in names:
            try:
                data = (self.settings.notes_dir / name).read_bytes()
            except OSError:
                raise NotesError(
                    f"The note {name} of {day} is gone from {self.settings.notes_dir}: run `rag index`."
                ) from None
            text, why = decode_note(data)
            if text is None:
                raise NotesError(f"The note {name} of {day} {why}.")
            texts.append(text.strip())
        return "\n\n".join(texts) + "\n"

    def _index(self) -> NoteIndex:
        self._require_index()
        return self.assistant.index(build_if_missing=False)

    def _require_index(self) -> None:
        if current_build(self.settings.index_dir) is not None:
            return
        failed = self._build_first()
        where = self.settings.notes_dir
        if failed:
            raise IndexMissingError(f"No index yet: building it from {where} failed ({failed}); trying again now.")
        raise IndexMissingError(f"No index yet: it is being built from {where} (a minute or so); retry shortly.")

    def _build_first(self) -> str:
        """Start the first build unless one is running; returns why the last one failed ("" if it did not)."""
        with self._lock:
            if self._build is not None and self._build.is_alive():
                return ""
            failed = self._build_failed
            self._build = threading.Thread(target=self._run_build, name="api-first-index", daemon=True)
            self._build.start()
            return failed

    def _run_build(self) -> None:
        try:
            self.assistant.update()
            failed = ""
        except RagError as exc:
            failed = str(exc)
            self._log(f"Building the index failed: {exc}")
        with self._lock:
            self._build_failed = failed

    def _warm_up(self) -> None:
        try:
            _ = self.assistant.embedder
        except RagError as exc:
            self._log(f"Loading the model failed: {exc}")
