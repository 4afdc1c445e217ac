"""The offline answerer: quote the most relevant sentences/bullets, each with its session date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from rag.answer.notfound import not_found
from rag.types import Answer, Citation, Hit

if TYPE_CHECKING:
    from rag.embedding.base import Embedder
    from rag.types import Query

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_MIN_UNIT_CHARS = 4
_MAX_UNIT_CHARS = 220
_MAX_UNITS = 40


@dataclass(frozen=True)
class _Unit:
    topic: int  # position of its topic among the answer's topics
    text: str
    hit_score: float


def _units(text: str) -> list[str]:
    """Bullets and sentences of a chunk, without bullet marks, long ones shortened."""
    out = []
    for raw in text.splitlines():
        line = raw.removeprefix("- ").strip()
        for sentence in _SENTENCE_END.split(line) if len(line) > _MAX_UNIT_CHARS else [line]:
            s = sentence.strip()
            if len(s) >= _MIN_UNIT_CHARS:
                out.append(s if len(s) <= _MAX_UNIT_CHARS else s[: _MAX_UNIT_CHARS - 1] + "…")
    return out


def extractive_answer(
    query: Query,
    hits: Sequence[Hit],
    embedder: Embedder,
    points: int = 4,
    max_topics: int = 3,
) -> Answer:
    """Answer from the notes alone: the topics of the best hits and their most relevant lines.

    ``hits`` must already be limited to relevant ones; with none, the answer says so.
    """
    if not hits:
        return not_found(query)
    topics: list[list[Hit]] = []
    index_of: dict[tuple[str, int], int] = {}
    for hit in hits:
        key = hit.chunk.topic_key
        if key not in index_of:
            if len(topics) >= max_topics:
                continue
            index_of[key] = len(topics)
            topics.append([])
        topics[index_of[key]].append(hit)

    seen: set[str] = set()
    units: list[_Unit] = []
    for t, topic_hits in enumerate(topics):
        for hit in topic_hits:
            for text in _units(hit.chunk.text):
                if text not in seen and len(units) < _MAX_UNITS:
                    seen.add(text)
                    units.append(_Unit(t, text, hit.score))
    chosen: dict[int, list[str]] = {}
    if units:
        q = embedder.embed_queries([query.text])[0]
        sims = embedder.embed_passages([u.text for u in units]) @ q
        # A line counts more when its topic matched the question well.
        scores = sims + 0.5 * np.array([u.hit_score for u in units], dtype=np.float32)
        for i in np.argsort(-scores, kind="stable")[:points]:
            chosen.setdefault(units[int(i)].topic, []).append(units[int(i)].text)

    head = "ノートからの抜粋です (要約ではなく引用):" if query.japanese else "From the notes (quoted, not summarised):"
    lines = [head]
    citations: list[Citation] = []
    for t, topic_hits in enumerate(topics):
        if t > 0 and t not in chosen:
            continue
        top = topic_hits[0]
        cite = Citation.of(top.chunk)
        citations.append(cite)
        who = f" — @{top.chunk.presenter}" if top.chunk.presenter else ""
        lines.append(f"- {top.chunk.display_title}{who} {cite.label}")
        lines.extend(f"  - {text} {cite.label}" for text in chosen.get(t, []))
    return Answer(
        question=query.question,
        text="\n".join(lines),
        mode="extractive",
        found=True,
        citations=tuple(citations),
        hits=tuple(hits),
        query=query.rewritten,
    )
