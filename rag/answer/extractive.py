"""The offline answerer: the topics that answer, each cited once, with their lines that answer the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from rag.answer.lines import quoted_title
from rag.answer.notfound import not_found
from rag.query.kinds import asks_amount, asks_name
from rag.text import fold, quote_labels
from rag.types import Answer, Citation, Hit

if TYPE_CHECKING:
    import numpy.typing as npt

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
    order: int  # position in the answer's topics' text: chosen lines are shown in reading order
    depth: int = 0  # how deep the bullet is nested: a line's children are the deeper lines after it


_MAX_CHILDREN = 4  # a chosen line that heads a list ("RAGを構成する3要素") brings this many of its items


_NUMBER = re.compile(r"\d")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]{2,}|[ァ-ヴー]{3,}")
_WORD_WEIGHT = 0.3  # a line holding all the question's words scores this much more
_AMOUNT_WEIGHT = 0.2  # a line with a number, for a "how much / how many" question
_NAME_WEIGHT = 0.05  # a line with a name, for a "which tool / which format" question


def _bonuses(query: Query, units: Sequence[_Unit]) -> npt.NDArray[np.float32]:
    """What a line adds beyond its similarity: the question's own words in it, and the kind of fact the
    question asks for (a number for how much / how many, a name for which tool / format)."""
    wanted = [fold(t) for t in (*query.specific, *query.terms) if len(t) >= 2]
    amount, naming = asks_amount(query.text), asks_name(query.text)
    out = np.zeros(len(units), dtype=np.float32)
    for i, u in enumerate(units):
        line = fold(u.text)
        if wanted:
            out[i] += _WORD_WEIGHT * sum(w in line for w in wanted) / len(wanted)
        if amount and _NUMBER.search(u.text):
            out[i] += _AMOUNT_WEIGHT
        if naming and _NAME.search(u.text):
            out[i] += _NAME_WEIGHT
    return out


_HEADING_MAX_CHARS = 60


def _is_heading(line: str) -> bool:
    """A short line that is no bullet and no sentence ("Word Embedding Module", 「3. 提案手法」)."""
    return (
        not line.startswith(("- ", "-\t"))
        and 0 < len(line) <= _HEADING_MAX_CHARS
        and not line.endswith(("。", ".", "!", "?", "！", "？"))
    )


def _units(text: str) -> list[tuple[str, int]]:
    """Bullets and sentences of a chunk with their nesting depth, without bullet marks, long ones shortened."""
    out = []
    for raw in text.splitlines():
        depth = (len(raw) - len(raw.lstrip(" "))) // 2
        bare = raw.strip()
        if _is_heading(bare):
            depth -= 1  # a heading line heads the bullets after it, though they are not indented under it
        line = quote_labels(bare.removeprefix("- ").strip())  # note text never forges a citation
        for sentence in _SENTENCE_END.split(line) if len(line) > _MAX_UNIT_CHARS else [line]:
            s = sentence.strip()
            if len(s) >= _MIN_UNIT_CHARS:
                out.append((s if len(s) <= _MAX_UNIT_CHARS else s[: _MAX_UNIT_CHARS - 1] + "…", depth))
    return out


def _with_children(units: Sequence[_Unit], chosen: Sequence[_Unit]) -> list[_Unit]:
    """The chosen lines with the items of any that heads a list (its deeper lines right after it)."""
    by_order = {u.order: i for i, u in enumerate(units)}
    out: dict[int, _Unit] = {u.order: u for u in chosen}
    for u in chosen:
        i, taken = by_order[u.order] + 1, 0
        while i < len(units) and units[i].topic == u.topic and units[i].depth > u.depth and taken < _MAX_CHILDREN:
            if units[i].depth == u.depth + 1:
                out.setdefault(units[i].order, units[i])
                taken += 1
            i += 1
    return sorted(out.values(), key=lambda v: v.order)


def _answer_units(topics: Sequence[Sequence[Hit]]) -> list[_Unit]:
    """The lines the answer may quote, in reading order. When there are more than ``_MAX_UNITS``, the
    best-scoring chunks' lines are the ones kept: a fact in a long topic's later chunk (the dataset sizes
    after its method) must not be crowded out by the lines of its first chunks."""
    seen: set[tuple[str, int]] = set()  # chunks of a topic overlap: a line is taken once (a heading that
    # repeats a bullet above it, "Word Embedding Module", is another line)
    found: list[tuple[tuple[int, int, int], _Unit]] = []
    best_first = sorted(
        ((t, hit) for t, topic_hits in enumerate(topics) for hit in topic_hits), key=lambda th: -th[1].score
    )
    for t, hit in best_first:
        for i, (text, depth) in enumerate(_units(hit.chunk.text)):
            if (text, depth) not in seen and len(found) < _MAX_UNITS:
                seen.add((text, depth))
                found.append(((t, hit.chunk.part, i), _Unit(t, text, hit.score, 0, depth)))
    found.sort(key=lambda kv: kv[0])
    return [replace(u, order=n) for n, (_, u) in enumerate(found)]


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

    units = _answer_units(topics)
    chosen: dict[int, list[_Unit]] = {}
    if units:
        q = embedder.embed_queries([query.text])[0]
        sims = embedder.embed_passages([u.text for u in units]) @ q
        # A line counts more when its topic matched the question well.
        scores = sims + 0.5 * np.array([u.hit_score for u in units], dtype=np.float32) + _bonuses(query, units)
        for i in np.argsort(-scores, kind="stable")[:points]:
            chosen.setdefault(units[int(i)].topic, []).append(units[int(i)])

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
        lines.append(f"- {quoted_title(top.chunk)}{who} {cite.label}")
        shown = _with_children(units, chosen.get(t, []))
        top_depth = min((u.depth for u in shown), default=0)
        lines.extend(f"  {'  ' * (u.depth - top_depth)}- {u.text}" for u in shown)
    return Answer(
        question=query.question,
        text="\n".join(lines),
        mode="extractive",
        found=True,
        citations=tuple(citations),
        hits=tuple(hits),
        query=query.rewritten,
    )
