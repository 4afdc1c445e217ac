"""Question files for ``rag eval``: JSON lines of questions with the sessions and topics that answer them.

A line is ``{"id", "question", "lang", "kind", "gold": [{"date", "topic"}]}`` — ``gold`` lists the
(session date, topic-title substring) pairs that answer it; an empty list means the answer is not in
the notes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import ConfigError

if TYPE_CHECKING:
    from rag.types import Chunk


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
