"""Fakes behind the project's own interfaces, for fast tests (also used by test helper scripts)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from rag.llm.base import Message


class FakeEmbedder:
    """Hashes character bigrams into a small normalised vector: fast, deterministic, lexical."""

    def __init__(self, dim: int = 64, model_id: str = "fake-bigram") -> None:
        self.dim = dim
        self.model_id = model_id
        self.passage_calls = 0
        self.embedded = 0  # passages embedded so far

    def _one(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        t = text.lower()
        for i in range(max(1, len(t) - 1)):
            h = int.from_bytes(hashlib.blake2b(t[i : i + 2].encode(), digest_size=4).digest(), "little")
            v[h % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        self.passage_calls += 1
        self.embedded += len(texts)
        return np.array([self._one(t) for t in texts], dtype=np.float32).reshape(-1, self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self._one(t) for t in texts], dtype=np.float32).reshape(-1, self.dim)


class SlowFakeEmbedder(FakeEmbedder):
    """The fake embedder taking ``delay`` seconds per text: widens the window of a running update."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        time.sleep(self.delay * len(texts))
        return super().embed_passages(texts, progress)


class FakeLLM:
    """A ``ChatLLM`` that replies from a script (or raises a given error) and records its calls.

    ``reply``: the reply to every call, or a list of them, one per call in order (the last repeats)."""

    def __init__(
        self, reply: str | Exception | list[str] = "", model: str = "fake-llm", fail_after: int | None = None
    ) -> None:
        self.replies = reply if isinstance(reply, list) else [reply]
        self.model = model
        self.fail_after = fail_after  # stream this many pieces, then raise ``reply``
        self.calls: list[tuple[list[Message], dict[str, Any] | None]] = []

    def _reply(self, messages: Sequence[Message], json_schema: dict[str, Any] | None) -> str | Exception:
        self.calls.append((list(messages), json_schema))
        return self.replies[min(len(self.calls), len(self.replies)) - 1]

    def complete(self, messages: Sequence[Message], *, json_schema: dict[str, Any] | None = None) -> str:
        reply = self._reply(messages, json_schema)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        reply = self._reply(messages, None)
        if isinstance(reply, Exception) and self.fail_after is None:
            raise reply
        text = reply if isinstance(reply, str) else "The notes say [S1] that "
        for i in range(0, len(text), 3):
            if self.fail_after is not None and i // 3 >= self.fail_after:
                raise reply if isinstance(reply, Exception) else RuntimeError("no error to raise")
            yield text[i : i + 3]
