"""Question → retrieved hits → answer with cited session dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.extractive import extractive_answer
from rag.retrieve import is_relevant, search

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.embed import Embedder
    from rag.index import NoteIndex
    from rag.types import Answer


def answer_question(
    question: str, index: NoteIndex, embedder: Embedder, settings: Settings, k: int | None = None
) -> Answer:
    """Retrieve, keep hits above the relevance threshold, and answer from them."""
    hits = search(index, embedder, question, k or settings.top_k)
    relevant = [h for h in hits if is_relevant(h, settings.min_score, settings.min_relevance)]
    answer = extractive_answer(
        question, relevant, embedder, points=settings.extract_points, max_topics=settings.extract_topics
    )
    if not answer.found:
        # Show what was closest anyway, so users can judge; nothing is cited.
        from dataclasses import replace

        return replace(answer, hits=tuple(hits))
    return answer
