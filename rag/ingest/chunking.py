"""Notes → chunks: one chunk per topic section; long sections split into overlapping pieces."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.types import Chunk, Note, Topic

CHUNKING_VERSION = "topic-sections/2"  # 2: nested bullets keep their depth (two spaces a level)
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\. )")


def chunking_id(max_chars: int, overlap_chars: int) -> str:
    """Identifies how chunks were cut; an index built another way must be rebuilt."""
    return f"{CHUNKING_VERSION};max={max_chars};overlap={overlap_chars}"


def _split_long(line: str, max_chars: int) -> list[str]:
    """Split a line longer than ``max_chars`` at sentence ends, then hard at ``max_chars``."""
    if len(line) <= max_chars:
        return [line]
    out: list[str] = []
    current = ""
    for whole in (s for s in _SENTENCE_END.split(line) if s):
        sentence = whole
        while len(sentence) > max_chars:
            if current:
                out.append(current)
                current = ""
            out.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        if len(current) + len(sentence) > max_chars and current:
            out.append(current)
            current = ""
        current += sentence
    if current:
        out.append(current)
    return [s.strip() for s in out if s.strip()]


def _pack(lines: Iterable[str], max_chars: int, overlap_chars: int) -> list[list[str]]:
    """Greedily pack lines into pieces of at most ``max_chars``; each piece after the first
    starts with the previous piece's last lines (up to ``overlap_chars``) for context."""
    units = [u for line in lines for u in _split_long(line, max_chars)]
    pieces: list[list[str]] = []
    current: list[str] = []
    size = 0
    fresh = 0  # units in `current` not carried over from the previous piece
    for unit in units:
        if current and fresh and size + len(unit) + 1 > max_chars:
            pieces.append(current)
            carried: list[str] = []
            carried_size = 0
            for prev in reversed(current):
                if carried_size + len(prev) + 1 > overlap_chars or len(carried) + 1 >= len(current):
                    break
                carried.insert(0, prev)
                carried_size += len(prev) + 1
            while carried and carried_size + len(unit) + 1 > max_chars:
                carried_size -= len(carried.pop(0)) + 1
            current, size, fresh = carried, carried_size, 0
        current.append(unit)
        size += len(unit) + 1
        fresh += 1
    if current and (fresh or not pieces):
        pieces.append(current)
    return pieces


def chunk_topic(note: Note, topic_index: int, topic: Topic, max_chars: int, overlap_chars: int) -> list[Chunk]:
    pieces = _pack(topic.lines, max_chars, overlap_chars) or [[]]
    date = note.date.isoformat() if note.date else None
    return [
        Chunk(
            id=f"{note.sha256[:16]}-{topic_index:03d}-{part:02d}",
            note=note.name,
            date=date,
            presenter=topic.presenter,
            tag=topic.tag,
            title=topic.title,
            topic_index=topic_index,
            part=part,
            parts=len(pieces),
            text="\n".join(piece),
        )
        for part, piece in enumerate(pieces)
    ]


def chunk_note(note: Note, max_chars: int, overlap_chars: int) -> list[Chunk]:
    """All chunks of a note, in note order."""
    return [c for i, t in enumerate(note.topics) for c in chunk_topic(note, i, t, max_chars, overlap_chars)]
