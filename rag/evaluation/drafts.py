"""Draft eval questions from answers visitors marked 👎 (``rag feedback export``).

Each draft has the shape of ``eval/bank/*.jsonl`` lines, so it can be checked, given its facts and
topic titles by a person, and appended to a bank. ``gold`` starts from the dates the wrong answer
cited (topic ``""``: any topic of that session) — a guess to correct, which is why each line is
marked ``"draft": true`` and keeps the answer and the visitor's comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rag.evaluation.feedback import Feedback
from rag.query.kinds import read_kind
from rag.text import is_japanese

_DATE = re.compile(r"\[(\d{4}-\d{2}-\d{2})\]")


def draft_questions(votes: Iterable[Feedback]) -> list[dict[str, Any]]:
    """One draft eval question per distinct 👎 question, oldest vote first."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for vote in votes:
        q = vote.question.strip()
        if vote.liked or not q or q in seen:
            continue
        seen.add(q)
        dates = [m.group(1) for label in vote.cited for m in [_DATE.fullmatch(label)] if m]
        out.append(
            {
                "id": f"FB-{len(out) + 1:03d}",
                "question": q,
                "lang": "ja" if is_japanese(q) else "en",
                "kind": read_kind(q),
                "gold": [{"date": d, "topic": ""} for d in dates],
                "facts": [],
                "group": f"FB-g{len(out) + 1:03d}",
                "style": "feedback",
                "draft": True,
                "comment": vote.comment,
                "answer_was": vote.answer,
                "mode": vote.mode,
                "model": vote.model,
            }
        )
    return out
