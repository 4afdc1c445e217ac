"""`rag eval`: run a question set through retrieval and answering; score against gold sessions.

A question file is JSON lines: ``{"id", "question", "lang", "kind", "gold": [{"date", "topic"}]}``
— ``gold`` lists the (session date, topic-title substring) pairs that answer it; an empty list
means the answer is not in the notes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag.answer import answer_question, interpret
from rag.errors import ConfigError, NoMatchError

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.retrieve import Mode, Retriever
    from rag.types import Answer, Chunk, Hit

RANK_DEPTH = 10


@dataclass(frozen=True)
class Gold:
    date: str | None
    topic: str

    def matches(self, chunk: Chunk) -> bool:
        return chunk.date == self.date and self.topic.lower() in chunk.title.lower()


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    lang: str
    kind: str
    gold: tuple[Gold, ...]


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read and check a question file; a bad line is an error naming the line."""
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"Cannot read the question file {path}: {exc}") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            gold = tuple(Gold(g.get("date"), str(g["topic"])) for g in d.get("gold", []))
            out.append(EvalQuestion(str(d["id"]), str(d["question"]), str(d["lang"]), str(d["kind"]), gold))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{path}:{n} is not a valid question line ({exc}).") from exc
    if not out:
        raise ConfigError(f"{path} holds no questions.")
    return out


@dataclass(frozen=True)
class Result:
    q: EvalQuestion
    rank: int | None  # rank of the first gold chunk in the retrieval, None if absent from the top RANK_DEPTH
    answer: Answer
    date_ok: bool
    top: Chunk | None
    seconds: float


def ranking(question: str, retriever: Retriever, mode: Mode) -> list[Hit]:
    """What retrieval ranks for the question, as the answer path sees it (filters applied)."""
    intent = interpret(question, retriever)
    try:
        if intent.kind == "list" or (not retriever.content_terms(intent.query) and not intent.filters.empty):
            return retriever.list_topics(intent.filters)[:RANK_DEPTH]
        return retriever.search(question, RANK_DEPTH, intent.filters, mode, intent.query)
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


def evaluate(questions: Iterable[EvalQuestion], retriever: Retriever, settings: Settings, mode: Mode) -> list[Result]:
    results = []
    for q in questions:
        started = time.perf_counter()
        hits = ranking(q.question, retriever, mode)
        answer = answer_question(q.question, retriever, settings)
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


@dataclass(frozen=True)
class Scores:
    group: str
    n: int  # questions with an answer in the notes
    hit1: float
    hit5: float
    mrr: float
    date_acc: float  # over questions with an answer in the notes
    n_none: int  # questions whose answer is not in the notes
    none_acc: float  # share of those answered "not found"


def score(group: str, results: Sequence[Result]) -> Scores:
    answered = [r for r in results if r.q.gold]
    none = [r for r in results if not r.q.gold]
    n = len(answered) or 1
    return Scores(
        group=group,
        n=len(answered),
        hit1=sum(r.rank == 1 for r in answered) / n,
        hit5=sum(r.rank is not None and r.rank <= 5 for r in answered) / n,
        mrr=sum(1 / r.rank for r in answered if r.rank) / n,
        date_acc=sum(r.date_ok for r in answered) / n,
        n_none=len(none),
        none_acc=sum(r.date_ok for r in none) / (len(none) or 1),
    )


def breakdown(results: Sequence[Result]) -> list[Scores]:
    """Scores for all questions, then per language, then per kind."""
    groups: dict[str, list[Result]] = {"all": list(results)}
    for r in results:
        groups.setdefault(f"lang={r.q.lang}", []).append(r)
    for r in results:
        groups.setdefault(f"kind={r.q.kind}", []).append(r)
    return [score(name, rs) for name, rs in groups.items()]


def format_table(rows: Sequence[Scores], label: str = "") -> str:
    head = f"{'group':<12} {'n':>3} {'hit@1':>6} {'hit@5':>6} {'MRR':>6} {'dates':>6}  {'none':>4} {'not-found':>9}"
    lines = [f"== {label}" if label else "", head]
    for s in rows:
        none = f"{s.n_none:>4} {s.none_acc:>9.3f}" if s.n_none else f"{'-':>4} {'-':>9}"
        lines.append(f"{s.group:<12} {s.n:>3} {s.hit1:>6.3f} {s.hit5:>6.3f} {s.mrr:>6.3f} {s.date_acc:>6.3f}  {none}")
    return "\n".join(line for line in lines if line or label)


def format_misses(results: Sequence[Result]) -> str:
    lines = []
    for r in results:
        if r.rank == 1 and r.date_ok:
            continue
        cited = ", ".join(c.label for c in r.answer.citations) or ("not found" if not r.answer.found else "-")
        top = f"{r.top.date} {r.top.title[:40]}" if r.top else "-"
        gold = ", ".join(f"{g.date} {g.topic}" for g in r.q.gold) or "(not in notes)"
        lines.append(f"  {r.q.id} rank={r.rank} dates={'ok' if r.date_ok else 'WRONG'} | {r.q.question}")
        lines.append(f"      gold: {gold} | top: {top} | cited: {cited}")
    return "\n".join(lines) or "  (none)"
