"""A mention of what a "which sessions" question names, tested on the line of the topic that holds it.

A topic that mentions the question's term is a session where it came up only when the mention is about
the question: 「物体検出やセグメンテーションで解くタスク」 in the Detectron2 talk answers "when did
segmentation come up?" though the talk's chunks as a whole are little like the question, while
「トレーニング速度、メモリ使用量、CPU/GPU利用率」 in an essay's checklist does not answer "talks on speeding
things up with GPUs". So the lines that hold the term are compared with the question itself: their best
similarity, in standard deviations above the question's similarity to random chunks, is the mention's
relevance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.retrieval.support import Text

if TYPE_CHECKING:
    from rag.retrieval.retriever import Retriever
    from rag.types import Chunk

_INFLECTED = re.compile(r"[ぁ-ん]")  # a verb or adjective of the question's frame (出てきた: 来る), no content word
MAX_LINES = 6  # lines of one topic compared with the question (the first that hold the term)
_MIN_CHARS = 4


def holding_lines(chunks: Sequence[Chunk], terms: Sequence[str]) -> list[str]:
    """The topic's lines that mention every one of ``terms`` (each line once, in reading order)."""
    out: list[str] = []
    for c in chunks:
        for raw in c.text.splitlines():
            line = raw.strip().removeprefix("- ").strip()
            if len(line) >= _MIN_CHARS and line not in out and Text(line).mentions_all(terms):
                out.append(line)
                if len(out) >= MAX_LINES:
                    return out
    return out


def mention_relevance(retriever: Retriever, question: str, lines: Sequence[str]) -> float | None:
    """How close the best of ``lines`` is to the question, in standard deviations above its similarity to
    random chunks (None: no lines, or an index too small for that statistic)."""
    if not lines:
        return None
    vector = retriever.embedder.embed_queries([question])[0]
    stats = retriever.index.background_stats(vector)
    if stats is None:
        return None
    best = float((retriever.embedder.embed_passages(list(lines)) @ vector).max())
    return (best - stats[0]) / stats[1]


def holds_every_word(lines: Sequence[str], terms: Sequence[str]) -> bool:
    """Whether one of ``lines`` holds every content word of the question's ``terms`` (its inflected words
    and one-character suffixes such as 化 left aside)."""
    words = [t for t in terms if len(t) >= 2 and not _INFLECTED.search(t)]
    return bool(words) and any(Text(line).mentions_all(words) for line in lines)
