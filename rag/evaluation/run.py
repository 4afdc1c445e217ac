"""`rag eval`: each question answered the way `rag ask` answers it, and scored against its gold sessions."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.errors import NoMatchError, RagError
from rag.retrieval.evidence import ranked

if TYPE_CHECKING:
    from rag.answer.route import Pipeline
    from rag.evaluation.bank import EvalQuestion
    from rag.retrieval.retriever import Mode
    from rag.types import Answer, Chunk, Hit

RANK_DEPTH = 10
# Kinds whose answer is a set of sessions (it must cite exactly the gold ones); the others must cite a
# gold session first. "when" and "which" are the older question files' names for "sessions".
SET_KINDS = frozenset({"sessions", "when", "which", "list", "summary", "count", "latest", "first", "before", "after"})


@dataclass(frozen=True)
class Result:
    q: EvalQuestion
    rank: int | None  # rank of the first gold chunk in the retrieval, None if absent from the top RANK_DEPTH
    answer: Answer
    date_ok: bool
    wrong_date: bool  # an in-notes answer that cites a session no gold topic is from
    facts: float | None  # share of the question's facts the answer states (None: it has none)
    top: Chunk | None
    seconds: float


def ranking(q: EvalQuestion, pipeline: Pipeline, mode: Mode) -> list[Hit]:
    """What retrieval ranks for the question, as the answer path sees it (its plan's filters applied)."""
    try:
        return ranked(pipeline.plan(q.question, history=q.history), pipeline.retriever, RANK_DEPTH, mode)
    except NoMatchError:
        return []


def dates_correct(q: EvalQuestion, answer: Answer) -> bool:
    """Set-kind answers must cite exactly the gold sessions; other answers must cite a gold one first;
    out-of-notes questions must be answered "not found"."""
    if not q.gold:
        return not answer.found
    if not answer.found or not answer.citations:
        return False
    gold_dates = {g.date for g in q.gold}
    if q.kind in SET_KINDS:
        return {c.date for c in answer.citations} == gold_dates
    return answer.citations[0].date in gold_dates


def _answer(q: EvalQuestion, pipeline: Pipeline) -> Answer:
    from rag.types import Answer

    try:
        return pipeline.answer(q.question, history=q.history)
    except RagError as exc:  # a question the assistant refuses outright (e.g. nothing to search for)
        return Answer(question=q.question, text=str(exc), mode="none", found=False)


def evaluate(questions: Iterable[EvalQuestion], pipeline: Pipeline, mode: Mode) -> list[Result]:
    """Rank and answer every question through ``pipeline`` (its settings say the retrieval mode)."""
    results = []
    for q in questions:
        started = time.perf_counter()
        hits = ranking(q, pipeline, mode)
        answer = _answer(q, pipeline)
        rank = next((h.rank for h in hits if any(g.matches(h.chunk) for g in q.gold)), None)
        gold_dates = {g.date for g in q.gold}
        results.append(
            Result(
                q,
                rank,
                answer,
                dates_correct(q, answer),
                bool(q.gold) and any(c.date not in gold_dates for c in answer.citations),
                sum(f.stated_in(answer.text) for f in q.facts) / len(q.facts) if q.facts and q.gold else None,
                hits[0].chunk if hits else None,
                time.perf_counter() - started,
            )
        )
    return results
