"""👍/👎 on answers: one JSON line per vote in the index folder's ``feedback.jsonl``.

Each line is appended whole under a lock (one ``write`` of a complete line, then fsync), so two
visitors voting at once, or a crash mid-write, never leave a half line that a reader would trip on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rag.util import file_lock

FEEDBACK_FILE = "feedback.jsonl"


@dataclass(frozen=True)
class Feedback:
    """A visitor's vote on one answer, with what is needed to turn it into an eval question."""

    question: str
    answer: str
    cited: list[str]
    mode: str
    model: str | None
    liked: bool
    comment: str
    time: str

    @classmethod
    def of(cls, turn: dict[str, Any], liked: bool, comment: str | None, now: dt.datetime | None = None) -> Feedback:
        when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        return cls(
            question=str(turn.get("q", "")),
            answer=str(turn.get("a", "")),
            cited=[str(c) for c in turn.get("cited", [])],
            mode=str(turn.get("mode", "")),
            model=turn.get("model"),
            liked=liked,
            comment=" ".join((comment or "").split()),
            time=when,
        )


def feedback_path(index_dir: Path) -> Path:
    return index_dir / FEEDBACK_FILE


def append_feedback(index_dir: Path, feedback: Feedback) -> Path:
    """Append one vote as a JSON line; returns the file."""
    path = feedback_path(index_dir)
    line = (json.dumps(asdict(feedback), ensure_ascii=False) + "\n").encode("utf-8")
    with file_lock(index_dir / ".feedback.lock"):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    return path


def read_feedback(path: Path) -> Iterator[Feedback]:
    """The votes in a feedback file, skipping lines that are not whole records."""
    if not path.exists():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(raw)
            yield Feedback(**data)
        except (ValueError, TypeError):
            continue
