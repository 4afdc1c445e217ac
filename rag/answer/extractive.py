"""The offline answerer: the topics that answer, each cited once, with their lines that answer the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from rag.answer.focus import line_bonuses
from rag.answer.lines import quoted_title
from rag.answer.notfound import not_found
from rag.answer.overview import TopicChunks
from rag.text import quote_labels
from rag.types import Answer, Citation, Hit

if TYPE_CHECKING:
    from rag.embedding.base import Embedder
    from rag.store.lexical import Tokenizer
    from rag.types import Query

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_MIN_UNIT_CHARS = 4
_MAX_UNIT_CHARS = 220
_MAX_UNITS = 90
_TOPIC_WEIGHT = 0.5  # a line counts more when its topic matched the question well…
_CHUNK_WEIGHT = 0.15  # …and a little more when its own chunk did
_UNHIT_SHARE = 0.9  # a chunk of the best topic that retrieval did not return scores this share of its lowest hit


@dataclass(frozen=True)
class _Unit:
    topic: int  # position of its topic among the answer's topics
    text: str
    hit_score: float  # its chunk's retrieval score
    order: int  # position in the answer's topics' text: chosen lines are shown in reading order
    depth: int = 0  # how deep the bullet is nested: a line's children are the deeper lines after it
    topic_score: float = 0.0  # the best retrieval score of its topic's chunks


_MAX_CHILDREN = 4  # a chosen line that heads a list ("RAGを構成する3要素") brings this many of its items…
_MAX_NAMED_CHILDREN = 8  # …or this many when every item is a bare name (the datasets FUNSD, CORD, SROIE…)
_NAME_ITEM_MAX_CHARS = 24


def _parents(units: Sequence[_Unit]) -> list[int | None]:
    """Each line's heading: the nearest line before it in its topic that is less deep (None: none)."""
    out: list[int | None] = []
    for i, u in enumerate(units):
        j = i - 1
        while j >= 0 and units[j].topic == u.topic and units[j].depth >= u.depth:
            j -= 1
        out.append(j if j >= 0 and units[j].topic == u.topic else None)
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
        items = _children(units, by_order[u.order])
        # A list of names is the answer whole: stopping at the fourth dataset of five drops one asked for.
        named = len(items) <= _MAX_NAMED_CHILDREN and all(_is_name_item(units[i]) for i in items)
        for i in items if named else items[:_MAX_CHILDREN]:
            out.setdefault(units[i].order, units[i])
    return sorted(out.values(), key=lambda v: v.order)


def _children(units: Sequence[_Unit], at: int) -> list[int]:
    """The positions of the line's direct items: the lines one level deeper right after it."""
    head, out, i = units[at], [], at + 1
    while i < len(units) and units[i].topic == head.topic and units[i].depth > head.depth:
        if units[i].depth == head.depth + 1:
            out.append(i)
        i += 1
    return out


def _is_name_item(unit: _Unit) -> bool:
    """An item that is a bare name (FUNSD, CIFAR-10, Looker), not a sentence or a clause."""
    text = unit.text
    return len(text) <= _NAME_ITEM_MAX_CHARS and not re.search(r"[、。,:：]|\s[a-z]+\s[a-z]+\s", text)


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
    best = [max(h.score for h in topic_hits) for topic_hits in topics]
    for t, hit in best_first:
        for i, (text, depth) in enumerate(_units(hit.chunk.text)):
            if (text, depth) not in seen and len(found) < _MAX_UNITS:
                seen.add((text, depth))
                found.append(((t, hit.chunk.part, i), _Unit(t, text, hit.score, 0, depth, best[t])))
    found.sort(key=lambda kv: kv[0])
    return [replace(u, order=n) for n, (_, u) in enumerate(found)]


def _whole_topic(topic_hits: list[Hit], chunks_of: TopicChunks) -> list[Hit]:
    """The best topic's hits and its other chunks (scored below its hits): the line that answers may be
    in a chunk retrieval did not return (the edge weights in a method section after the intro)."""
    hit_ids = {h.chunk.id for h in topic_hits}
    floor = _UNHIT_SHARE * min(h.score for h in topic_hits)
    rest = [c for c in chunks_of(topic_hits[0].chunk.topic_key) if c.id not in hit_ids]
    return [*topic_hits, *(Hit(c, floor, len(topic_hits) + n + 1) for n, c in enumerate(rest))]


def extractive_answer(
    query: Query,
    hits: Sequence[Hit],
    embedder: Embedder,
    tokenizer: Tokenizer,
    points: int = 4,
    max_topics: int = 3,
    chunks_of: TopicChunks | None = None,
) -> Answer:
    """Answer from the notes alone: the topics of the best hits and their most relevant lines (with
    ``chunks_of``, from all of the best topic's chunks).

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

    if chunks_of is not None:
        topics[0] = _whole_topic(topics[0], chunks_of)
    units = _answer_units(topics)
    chosen: dict[int, list[_Unit]] = {}
    if units:
        q = embedder.embed_queries([query.text])[0]
        sims = embedder.embed_passages([u.text for u in units]) @ q
        texts = [u.text for u in units]
        titles = [topics[u.topic][0].chunk.title for u in units]
        bonuses = line_bonuses(query, texts, titles, _parents(units), tokenizer)
        retrieval = np.array(
            [_TOPIC_WEIGHT * u.topic_score + _CHUNK_WEIGHT * (u.hit_score - u.topic_score) for u in units],
            dtype=np.float32,
        )
        scores = sims + retrieval + bonuses
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
