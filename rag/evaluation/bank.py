"""Question files for ``rag eval``: JSON lines of questions with the sessions, topics and facts that answer them.

A line is ``{"id", "question", "lang", "kind", "gold": [{"date", "topic"}], "facts": [...], "history": [...]}``
— ``gold`` lists the (session date, topic-title substring) pairs that answer it (``""`` matches any topic of
that session; an empty list means the answer is not in the notes); ``facts`` the strings a correct answer
contains (alternatives separated by `` | ``); ``history`` the earlier turns of a follow-up. ``group`` and
``style`` (optional) say which need a question phrases and how.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import ConfigError
from rag.text import fold

if TYPE_CHECKING:
    from rag.types import Chunk


@dataclass(frozen=True)
class Gold:
    date: str | None
    topic: str

    def matches(self, chunk: Chunk) -> bool:
        return chunk.date == self.date and self.topic.lower() in chunk.title.lower()


@dataclass(frozen=True)
class Fact:
    """A fact an answer must state: any of its alternative wordings."""

    alternatives: tuple[str, ...]

    def stated_in(self, text: str) -> bool:
        folded = fold(text)
        return any(fold(a) in folded for a in self.alternatives if a.strip())


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    lang: str
    kind: str
    gold: tuple[Gold, ...]
    facts: tuple[Fact, ...] = ()
    history: tuple[dict[str, str], ...] = ()
    style: str = ""
    group: str = ""


def _question(d: dict[str, Any]) -> EvalQuestion:
    # an undated document's gold: null, or "" as a hand-written file may give it
    gold = tuple(Gold(g.get("date") or None, str(g["topic"])) for g in d.get("gold", []))
    facts = tuple(Fact(tuple(a.strip() for a in str(f).split(" | "))) for f in d.get("facts", []))
    history = tuple({"role": str(m["role"]), "content": str(m["content"])} for m in d.get("history", []))
    return EvalQuestion(
        str(d["id"]), str(d["question"]), str(d["lang"]), str(d["kind"]), gold, facts, history,
        str(d.get("style", "")), str(d.get("group", "")),
    )  # fmt: skip


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
            out.append(_question(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{path}:{n} is not a valid question line ({exc}).") from exc
    if not out:
        raise ConfigError(f"{path} holds no questions.")
    return out
