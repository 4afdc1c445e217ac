"""The assistant the CLI and the UI share: opens (or builds) the index once and answers."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rag.errors import IndexMissingError

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.embed import Embedder
    from rag.index import BuildReport, NoteIndex
    from rag.retrieve import Filters, Mode, Retriever
    from rag.types import Answer, Hit


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class Assistant:
    """Loads lazily: constructing one is instant; the model loads on the first question."""

    def __init__(self, settings: Settings, log: Callable[[str], None] = _stderr) -> None:
        self.settings = settings
        self._log = log
        self._lock = threading.Lock()
        self._index: NoteIndex | None = None
        self._embedder: Embedder | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from rag.embed import load_embedder

            self._embedder = load_embedder(self.settings)
        return self._embedder

    def build(self) -> BuildReport:
        """Rebuild the index from the notes folder and switch to it."""
        from rag.index import build_index, load_index

        report = build_index(self.settings, self.embedder, log=self._log)
        self._log(
            f"Indexed {report.notes} notes → {report.chunks} chunks in {report.seconds:.1f} s "
            f"(model {self.embedder.model_id}) → {report.path}"
        )
        with self._lock:
            self._index = load_index(self.settings)
        return report

    def index(self, build_if_missing: bool = True) -> NoteIndex:
        """The loaded index; built first if there is none and ``build_if_missing``."""
        from rag.index import load_index, note_status

        with self._lock:
            if self._index is not None:
                return self._index
        try:
            index = load_index(self.settings)
        except IndexMissingError:
            if not build_if_missing:
                raise
            where = f"{self.settings.index_dir} yet: building it from {self.settings.notes_dir}"
            self._log(f"No index in {where} (one time).")
            self.build()
            assert self._index is not None
            return self._index
        status = note_status(index.manifest, self.settings.notes_dir)
        if not status.up_to_date:
            self._log(f"notice: the notes changed since the index was built ({status.summary()}): run `rag index`.")
        with self._lock:
            self._index = index
        return index

    def retriever(self, build_if_missing: bool = True) -> Retriever:
        from rag.lexical import get_tokenizer
        from rag.retrieve import Retriever

        index = self.index(build_if_missing=build_if_missing)
        return Retriever(index, self.embedder, get_tokenizer(self.settings.lexical_split_mode), self.settings)

    def search(
        self, question: str, k: int | None = None, filters: Filters | None = None, mode: Mode | None = None
    ) -> list[Hit]:
        return self.retriever(build_if_missing=False).search(question, k, filters, mode)

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None) -> Answer:
        from rag.answer import answer_question

        return answer_question(question, self.retriever(), self.settings, k, filters)
