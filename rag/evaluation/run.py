"""`rag eval`: each question answered the way `rag ask` answers it, and scored against its gold sessions."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.errors import NoMatchError
from rag.retrieval.evidence import ranked

if TYPE_CHECKING:
    from rag.answer.route import Pipeline
    from rag.evaluation.bank import EvalQuestion
    from rag.retrieval.retriever import Mode
    from rag.types import Answer, Chunk, Hit

RANK_DEPTH = 10


@dataclass(frozen=True)
class Result:
    q: EvalQuestion
    rank: int | None  # rank of the first gold chunk in the retrieval, None if absent from the top RANK_DEPTH
    answer: Answer
    date_ok: bool
    top: Chunk | None
    seconds: float


def ranking(question: str, pipeline: Pipeline, mode: Mode) -> list[Hit]:
    """What retrieval ranks for the question, as the answer path sees it (its plan's filters applied)."""
    try:
        return ranked(pipeline.plan(question), pipeline.retriever, RANK_DEPTH, mode)
    except NoMatchError:
        return []


def dates_correct(q: EvalQuestion, answer: Answer) -> bool:
    """Lists must cite exactly the gold sessions; other answers must cite a gold one first;
    out-of-notes questions must be answered "not found"."""
    if not q.gold:
        return not answer.found
    if not answer.found or not answer.citations:
        return False
    gold_dates = {g.date for g in q.gold}
    if q.kind in ("when", "which", "list"):
        return {c.date for c in answer.citations} == gold_dates
    return answer.citations[0].date in gold_dates


def evaluate(questions: Iterable[EvalQuestion], pipeline: Pipeline, mode: Mode) -> list[Result]:
    """Rank and answer every question through ``pipeline`` (its settings say the retrieval mode)."""
    results = []
    for q in questions:
        started = time.perf_counter()
        hits = ranking(q.question, pipeline, mode)
        answer = pipeline.answer(q.question)
        rank = next((h.rank for h in hits if any(g.matches(h.chunk) for g in q.gold)), None)
        results.append(
            Result(
                q,
                rank,
                answer,
                dates_correct(q, answer),
                hits[0].chunk if hits else None,
                time.perf_counter() - started,
            )
        )
    return results
