"""Scores of an evaluation run: hit@k, MRR, date accuracy and not-found accuracy, per language and kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rag.evaluation.run import Result


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
