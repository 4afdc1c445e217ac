"""A parsed note written back as plain Markdown: the one form imported notes are kept in.

``# date title``, a table of contents, ``## @presenter``, ``### [tag] topic``, its lines as bullets
nested by four spaces and its sub-headings as ``#### …``. The Markdown reader reads it back to the
same topics, presenters, tags, lines and date (``same_note`` checks, the importer relies on it);
the same note always gives the same bytes, so re-importing an unchanged page changes nothing.
"""

from __future__ import annotations

import re

from rag.types import Note

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|])")
_BLOCK_START = re.compile(r"^([#+=>-])")
_NUMBER_START = re.compile(r"^(\d+)([.)])")
_BULLET = re.compile(r"^\s*- ")


def _escape(text: str) -> str:
    """Text that Markdown reads back as itself: inline marks escaped, and nothing that starts a block."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _NUMBER_START.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\1", text))


def _heading(text: str, tag: str | None = None) -> str:
    return f"[{tag}] {_escape(text)}" if tag else _escape(text)


def note_markdown(note: Note) -> str:
    """The note as normalised Markdown."""
    title = note.title.strip()
    head = f"{note.date.isoformat()} {title}".strip() if note.date else title
    out = [f"# {_escape(head)}", ""]
    if any(t.tag for t in note.topics) or any(t.toc_only for t in note.topics):
        # Every topic in order, run together as the text export has them: this keeps the topics that
        # only the table of contents lists, in their place.
        entries = "".join(f"\\[{t.tag}\\] {_escape(t.title)}" if t.tag else _escape(t.title) for t in note.topics)
        out += [f"今週のTOPIC{entries}", ""]
    current: str | None = None
    for topic in note.topics:
        if topic.presenter and topic.presenter != current:
            out += [f"## @{_escape(topic.presenter)}", ""]
        current = topic.presenter or current
        if topic.toc_only:
            continue
        if len(note.topics) > 1 or topic.presenter or topic.tag:
            out += [f"### {_heading(topic.title, topic.tag)}", ""]
        for line in topic.lines:
            stripped = line.lstrip(" ")
            if stripped.startswith("- "):
                depth = (len(line) - len(stripped)) // 2
                out.append("    " * depth + "- " + _escape(stripped[2:]))
            else:
                out += ["", f"#### {_escape(line)}", ""]
        out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def structure(note: Note) -> tuple[object, ...]:
    """What an import must keep of a note: its date and its topics with their lines."""
    return (note.date, note.topics)


def content_key(note: Note) -> tuple[object, ...]:
    """What makes two notes the same session whatever their format: date, topics and line texts, with
    bullets and nesting aside (the text export can skip nesting levels that Markdown cannot)."""
    return (
        note.date,
        tuple((t.title, t.tag, t.presenter, tuple(_BULLET.sub("", ln) for ln in t.lines)) for t in note.topics),
    )
