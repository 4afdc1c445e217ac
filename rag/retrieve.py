"""Question → ranked chunks (dense retrieval over the FAISS index)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.errors import QuestionError
from rag.types import Hit

if TYPE_CHECKING:
    from rag.embed import Embedder
    from rag.index import NoteIndex

MAX_QUESTION_CHARS = 2000  # the model reads ~512 tokens; the rest would only slow tokenising


def clean_question(question: str) -> str:
    """The question with surrounding space removed; raises if there is nothing to search for."""
    q = " ".join(question.split())
    if not q:
        raise QuestionError("The question is empty: type what you want to know about the notes.")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("The question has no words to search for (only symbols or emoji): add a few words.")
    return q[:MAX_QUESTION_CHARS]


def search(index: NoteIndex, embedder: Embedder, question: str, k: int) -> list[Hit]:
    """The ``k`` chunks most similar to the question, best first."""
    q = clean_question(question)
    vector = embedder.embed_queries([q])[0]
    stats = index.background_stats(vector)
    return [
        Hit(
            chunk=index.chunks[row],
            score=score,
            rank=i + 1,
            relevance=None if stats is None else (score - stats[0]) / stats[1],
        )
        for i, (row, score) in enumerate(index.search(vector, k))
    ]


def is_relevant(hit: Hit, min_score: float, min_relevance: float) -> bool:
    """Evidence enough to answer from: above the score floor and, where the index is big enough
    to tell, well above what random chunks score for this question."""
    if hit.score < min_score:
        return False
    return hit.relevance is None or hit.relevance >= min_relevance
