"""What an index holds, by the notes' own structure: its sessions, presenters, tags and topics
(``Catalogue``), and the same metadata as arrays, so filters over 100k chunks are vector operations
(``Columns``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from rag.text import canonical_tag

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.types import Chunk


@dataclass(frozen=True)
class Catalogue:
    """The sessions, presenters, tags and topics of an index: what questions are resolved against."""

    sessions: tuple[dt.date, ...]  # sorted
    presenters: tuple[str, ...]  # sorted
    tags: tuple[str, ...]  # canonical ([論文], not [paper]), sorted
    topics: tuple[Chunk, ...]  # the first chunk of every topic, oldest session first, undated last

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> Catalogue:
        first: dict[tuple[str, int], int] = {}
        for row, chunk in enumerate(chunks):
            first.setdefault(chunk.topic_key, row)
        rows = sorted(first.values(), key=lambda r: (chunks[r].date or "9999", chunks[r].note, r))
        return cls(
            sessions=tuple(dt.date.fromisoformat(d) for d in sorted({c.date for c in chunks if c.date})),
            presenters=tuple(sorted({c.presenter for c in chunks if c.presenter})),
            tags=tuple(sorted({canonical_tag(c.tag) for c in chunks if c.tag})),
            topics=tuple(chunks[r] for r in rows),
        )

    def span(self) -> str:
        """The sessions' date range, for messages."""
        return f"{self.sessions[0]} to {self.sessions[-1]}" if self.sessions else "none"


@dataclass(frozen=True)
class Columns:
    """Chunk metadata as arrays, in row order."""

    day: npt.NDArray[np.int32]  # yyyymmdd, 0 for undated
    presenter: npt.NDArray[np.int32]  # index into presenters, -1 for none
    presenters: list[str]
    tag: npt.NDArray[np.int32]  # index into tags, -1 for none
    tags: list[str]

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> Columns:
        presenters = sorted({c.presenter for c in chunks if c.presenter})
        tags = sorted({c.tag for c in chunks if c.tag})
        p_code = {p: i for i, p in enumerate(presenters)}
        t_code = {t: i for i, t in enumerate(tags)}
        n = len(chunks)
        return cls(
            day=np.fromiter((int(c.date.replace("-", "")) if c.date else 0 for c in chunks), np.int32, n),
            presenter=np.fromiter((p_code[c.presenter] if c.presenter else -1 for c in chunks), np.int32, n),
            presenters=presenters,
            tag=np.fromiter((t_code[c.tag] if c.tag else -1 for c in chunks), np.int32, n),
            tags=tags,
        )
