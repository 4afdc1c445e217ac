"""Lines of a topic to show in an answer: its key lines, and the line that supports a question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.text import fold, quote_labels

if TYPE_CHECKING:
    from rag.types import Chunk

MAX_LINE_CHARS = 160
_HEADING = re.compile(
    r"^(?:概要|背景|目的|手法|実験|結果|考察|まとめ|課題|Introduction|Method|Results?|Summary)$", re.I
)


def note_lines(text: str) -> list[str]:
    """A chunk's lines as an answer quotes them (date-like labels in them quoted, see ``quote_labels``),
    without bullet marks, blank lines and bare sub-headings."""
    out = []
    for raw in text.splitlines():
        line = raw.strip().removeprefix("- ").strip()
        if line and not _HEADING.match(line):
            out.append(quote_labels(line))
    return out


def quoted_title(chunk: Chunk) -> str:
    """A topic's tag and title as an answer shows them: a date-like label in the title is quoted text."""
    return quote_labels(chunk.display_title)


def shorten(line: str, limit: int = MAX_LINE_CHARS) -> str:
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def key_lines(chunks: Sequence[Chunk], n: int = 2, min_chars: int = 10) -> list[str]:
    """The first ``n`` substantial lines of a topic: what a summary shows of it."""
    lines = [line for c in chunks for line in note_lines(c.text) if len(line) >= min_chars]
    return [shorten(line) for line in lines[:n]]


def supporting_line(chunks: Sequence[Chunk], specific: Sequence[str], terms: Sequence[str]) -> str | None:
    """The line of a topic that holds the question's specific terms (else most of its terms): why the
    topic is listed for a "which sessions" question."""
    lines = [line for c in chunks for line in note_lines(c.text)]
    if not lines:
        return None
    wanted = [fold(t) for t in specific] or [fold(t) for t in terms if len(t) >= 2]
    if not wanted:
        return None

    def score(line: str) -> int:
        key = fold(line)
        return sum(w in key for w in wanted)

    best = max(lines, key=score)
    return shorten(best) if score(best) else None
