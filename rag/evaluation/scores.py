"""Scores of an evaluation run, per language and kind: retrieval (hit@1, hit@5, MRR), answers (date
accuracy, wrong-date rate, answer-fact recall) and refusals (out-of-notes questions answered "not found")."""

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
    wrong_date: float  # share of those whose answer cites a session no gold topic is from
    n_facts: int  # in-notes questions with key facts
    fact_recall: float  # mean share of their facts the answer states
    n_none: int  # questions whose answer is not in the notes
    none_acc: float  # share of those answered "not found"


def score(group: str, results: Sequence[Result]) -> Scores:
    answered = [r for r in results if r.q.gold]
    none = [r for r in results if not r.q.gold]
    with_facts = [r.facts for r in answered if r.facts is not None]
    n = len(answered) or 1
    return Scores(
        group=group,
        n=len(answered),
        hit1=sum(r.rank == 1 for r in answered) / n,
        hit5=sum(r.rank is not None and r.rank <= 5 for r in answered) / n,
        mrr=sum(1 / r.rank for r in answered if r.rank) / n,
        date_acc=sum(r.date_ok for r in answered) / n,
        wrong_date=sum(r.wrong_date for r in answered) / n,
        n_facts=len(with_facts),
        fact_recall=sum(with_facts) / (len(with_facts) or 1),
        n_none=len(none),
        none_acc=sum(r.date_ok for r in none) / (len(none) or 1),
    )


def breakdown(results: Sequence[Result]) -> list[Scores]:
    """Scores for all questions, then per language, then per kind."""
    groups: dict[str, list[Result]] = {"all": list(results)}
    for r in results:
        groups.setdefault(f"lang={r.q.lang}", []).append(r)
    for r in sorted(results, key=lambda r: r.q.kind):
        groups.setdefault(f"kind={r.q.kind}", []).append(r)
    return [score(name, rs) for name, rs in groups.items()]


def format_table(rows: Sequence[Scores], label: str = "") -> str:
    head = (
        f"{'group':<14} {'n':>3} {'hit@1':>6} {'hit@5':>6} {'MRR':>6} {'dates':>6} {'wrong':>6} {'facts':>6}"
        f"  {'none':>4} {'refused':>7}"
    )
    lines = [f"== {label}" if label else "", head]
    for s in rows:
        facts = f"{s.fact_recall:>6.3f}" if s.n_facts else f"{'-':>6}"
        none = f"{s.n_none:>4} {s.none_acc:>7.3f}" if s.n_none else f"{'-':>4} {'-':>7}"
        if s.n:
            scores = f"{s.hit1:>6.3f} {s.hit5:>6.3f} {s.mrr:>6.3f} {s.date_acc:>6.3f} {s.wrong_date:>6.3f} {facts}"
        else:
            scores = " ".join(f"{'-':>6}" for _ in range(6))
        lines.append(f"{s.group:<14} {s.n:>3} {scores}  {none}")
    return "\n".join(line for line in lines if line or label)


def format_misses(results: Sequence[Result]) -> str:
    lines = []
    for r in results:
        if (r.rank == 1 or not r.q.gold) and r.date_ok and not r.wrong_date and (r.facts is None or r.facts == 1):
            continue
        cited = ", ".join(c.label for c in r.answer.citations) or ("not found" if not r.answer.found else "-")
        top = f"{r.top.date} {r.top.title[:40]}" if r.top else "-"
        gold = ", ".join(f"{g.date} {g.topic}" for g in r.q.gold) or "(not in notes)"
        facts = "" if r.facts is None else f" facts={r.facts:.2f}"
        verdict = "ok" if r.date_ok else "WRONG"
        lines.append(f"  {r.q.id} [{r.q.kind}] rank={r.rank} dates={verdict}{facts} | {r.q.question}")
        lines.append(f"      gold: {gold} | top: {top} | cited: {cited}")
    return "\n".join(lines) or "  (none)"
