"""What an embedder is (one protocol), and the cache that keeps a question from being embedded twice."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    model_id: str  # recorded in the index: vectors of different models never mix
    dim: int

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> npt.NDArray[np.float32]: ...

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class CachingEmbedder:
    """Remembers recent vectors by text: a question is embedded once per answer, not once per step,
    and the note lines an extractive answer ranks are embedded once per process."""

    def __init__(self, inner: Embedder, max_queries: int = 1024, max_passages: int = 50_000) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._limits = {"q": max_queries, "p": max_passages}
        self._memo: dict[str, OrderedDict[str, npt.NDArray[np.float32]]] = {"q": OrderedDict(), "p": OrderedDict()}
        self._lock = threading.Lock()

    def _cached(
        self, kind: str, texts: Sequence[str], embed: Callable[[list[str]], npt.NDArray[np.float32]]
    ) -> npt.NDArray[np.float32]:
        memo = self._memo[kind]
        with self._lock:
            known = {t: memo[t] for t in texts if t in memo}
            for t in known:
                memo.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, embed(missing), strict=True))
            with self._lock:
                memo.update((t, known[t]) for t in missing)
                while len(memo) > self._limits[kind]:
                    memo.popitem(last=False)
        return np.array([known[t] for t in texts], dtype=np.float32).reshape(-1, self.dim)

    def clear(self) -> None:
        with self._lock:
            for memo in self._memo.values():
                memo.clear()

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> npt.NDArray[np.float32]:
        return self._cached("p", texts, lambda t: self.inner.embed_passages(t, progress))

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._cached("q", texts, self.inner.embed_queries)
