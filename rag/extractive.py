"""The offline answerer: quote the most relevant sentences/bullets, each with its session date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from rag.types import Answer, Citation, Hit

if TYPE_CHECKING:
    from rag.embed import Embedder

JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana and kanji
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_MIN_UNIT_CHARS = 4
_MAX_UNIT_CHARS = 220
_MAX_UNITS = 40


def is_japanese(text: str) -> bool:
    return bool(JAPANESE_CHAR.search(text))


def not_found_text(question: str) -> str:
    if is_japanese(question):
        return "ノートにはこの質問に関係する内容が見つかりませんでした。"
    return "The notes don't seem to cover this."


def citation_for(hit: Hit) -> Citation:
    c = hit.chunk
    return Citation(label=c.citation, date=c.date, presenter=c.presenter, title=c.display_title, chunk_id=c.id)


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


def _topic_key(hit: Hit) -> tuple[str, int]:
    return (hit.chunk.note, hit.chunk.topic_index)


def extractive_answer(
    question: str,
    hits: Sequence[Hit],
    embedder: Embedder,
    points: int = 4,
    max_topics: int = 3,
) -> Answer:
    """Answer from the notes alone: the topics of the best hits and their most relevant lines.

    ``hits`` must already be limited to relevant ones; with none, the answer says so.
    """
    if not hits:
        return Answer(question=question, text=not_found_text(question), mode="extractive", found=False)
    topics: list[list[Hit]] = []
    index_of: dict[tuple[str, int], int] = {}
    for hit in hits:
        key = _topic_key(hit)
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
        q = embedder.embed_queries([question])[0]
        sims = embedder.embed_passages([u.text for u in units]) @ q
        # A line counts more when its topic matched the question well.
        scores = sims + 0.5 * np.array([u.hit_score for u in units], dtype=np.float32)
        for i in np.argsort(-scores, kind="stable")[:points]:
            chosen.setdefault(units[int(i)].topic, []).append(units[int(i)].text)

    ja = is_japanese(question)
    lines = ["ノートからの抜粋です (要約ではなく引用):" if ja else "From the notes (quoted, not summarised):"]
    citations: list[Citation] = []
    for t, topic_hits in enumerate(topics):
        if t > 0 and t not in chosen:
            continue
        top = topic_hits[0]
        cite = citation_for(top)
        citations.append(cite)
        who = f" — @{top.chunk.presenter}" if top.chunk.presenter else ""
        lines.append(f"- {top.chunk.display_title}{who} {cite.label}")
        lines.extend(f"  - {text} {cite.label}" for text in chosen.get(t, []))
    return Answer(
        question=question,
        text="\n".join(lines),
        mode="extractive",
        found=True,
        citations=tuple(citations),
        hits=tuple(hits),
    )
