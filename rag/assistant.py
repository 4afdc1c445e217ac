"""The assistant the CLI and the UI share: opens (or builds) the index and answers.

It follows the published build: each question checks the ``CURRENT`` pointer (one small file
read) and loads a newer build when an update has published one, so a running app picks up new
notes without a restart. Questions already running keep the index they started with.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag.util import Log, log_stderr

if TYPE_CHECKING:
    from rag.answer.route import Pipeline
    from rag.config import Settings
    from rag.embedding.base import Embedder
    from rag.llm.base import ChatLLM
    from rag.query.followup import History
    from rag.retrieval.retriever import Mode
    from rag.store.load import NoteIndex
    from rag.store.update import BuildReport, Progress
    from rag.types import Answer, Filters, Hit


class Assistant:
    """Loads lazily: constructing one is instant; the model loads on the first question."""

    def __init__(
        self,
        settings: Settings,
        log: Log = log_stderr,
        *,
        embedder: Embedder | None = None,
        index_embedder: Embedder | None = None,
        llm: ChatLLM | None = None,
    ) -> None:
        """``embedder`` / ``index_embedder`` / ``llm`` replace the ones the settings name (e.g. in tests)."""
        self.settings = settings
        self._log = log
        self._lock = threading.Lock()
        self._index: NoteIndex | None = None
        self._pipeline: Pipeline | None = None
        self._embedder = embedder
        self._index_embedder = index_embedder or embedder
        self._llm = llm
        self._llm_loaded = llm is not None

    @property
    def embedder(self) -> Embedder:
        """The embedder questions use (its own instance: updates never make questions wait)."""
        if self._embedder is None:
            from rag.embedding.factory import load_embedder

            self._embedder = load_embedder(self.settings, "query")
        return self._embedder

    @property
    def index_embedder(self) -> Embedder:
        """The embedder index updates use."""
        if self._index_embedder is None:
            from rag.embedding.factory import load_embedder

            self._index_embedder = load_embedder(self.settings, "index")
        return self._index_embedder

    @property
    def llm(self) -> ChatLLM | None:
        """The configured LLM (None: answers stay extractive)."""
        if not self._llm_loaded:
            from rag.llm.factory import llm_from_settings

            self._llm = llm_from_settings(self.settings)
            self._llm_loaded = True
        return self._llm

    def update(self, full: bool = False, wait: bool = True, progress: Progress | None = None) -> BuildReport:
        """Bring the index in line with the notes folder (only new/changed notes are embedded)."""
        from rag.store.update import update_index

        kwargs = {"progress": progress} if progress else {}
        report = update_index(self.settings, self.index_embedder, full=full, wait=wait, log=self._log, **kwargs)
        self._log(f"{report.summary()} (model {self.index_embedder.model_id})")
        return report

    def index(self, build_if_missing: bool = True) -> NoteIndex:
        """The published index, reloaded when a newer build has been published since."""
        from rag.store.format import current_build
        from rag.store.load import load_index, note_status

        published = current_build(self.settings.index_dir)
        with self._lock:
            if self._index is not None and self._index.path == published:
                return self._index
        if published is None and build_if_missing:
            where = f"{self.settings.index_dir} yet: building it from {self.settings.notes_dir}"
            self._log(f"No index in {where} (one time).")
            self.update()
        first = self._index is None
        index = load_index(self.settings)
        with self._lock:
            self._index = index
        if first:
            status = note_status(index.manifest, self.settings.notes_dir)
            if not status.up_to_date:
                self._log(f"notice: the notes changed since the index was built ({status.summary()}): run `rag index`.")
        return index

    def pipeline(self, build_if_missing: bool = True) -> Pipeline:
        """The current index with the embedder, tokenizer and LLM that answer from it."""
        from rag.answer.route import Pipeline
        from rag.store.lexical import get_tokenizer

        index = self.index(build_if_missing=build_if_missing)
        with self._lock:
            if self._pipeline is None or self._pipeline.index is not index:
                tokenizer = get_tokenizer(self.settings.lexical_split_mode)
                self._pipeline = Pipeline(index, self.embedder, tokenizer, self.settings, self.llm)
            return self._pipeline

    def search(
        self, question: str, k: int | None = None, filters: Filters | None = None, mode: Mode | None = None
    ) -> list[Hit]:
        """The best-matching chunks for the question as written (only explicit filters apply)."""
        return self.pipeline(build_if_missing=False).retriever.search(question, k, filters, mode)

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None, history: History = ()) -> Answer:
        """The whole answer at once (an LLM endpoint that supports it gets a JSON-schema request)."""
        return self.pipeline().answer(question, k, filters, history)

    def ask_stream(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        history: History = (),
    ) -> Iterator[str | Answer]:
        """The answer as it is produced: text pieces (str), then the final Answer, whose text and
        citations are the ones to show. ``history`` holds the earlier turns of a conversation:
        chat messages ({"role", "content"}) or (user, assistant) pairs."""
        return self.pipeline().events(question, k, filters, history)
