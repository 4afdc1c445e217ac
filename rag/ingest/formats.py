"""Which reader a note file gets: Markdown and HTML by their structure, everything else as plain text."""

from __future__ import annotations

import re
from pathlib import Path

from rag.ingest.files import NoteFile, Problem, decode_note, scan_notes
from rag.ingest.html import parse_html
from rag.ingest.markdown import parse_markdown
from rag.ingest.parse import note_sha256, parse_note
from rag.types import Note

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
# A Markdown heading line: what Notion's export always starts with. A .md file without one is a
# plain-text export saved under that name, and the text rules read it as they always did.
_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)


def is_markdown(text: str) -> bool:
    return bool(_HEADING.search(text))


def parse_any(text: str, name: str, sha256: str = "") -> Note:
    """Parse a note's text with the reader its file name and content call for."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return parse_html(text, name, sha256)
    if suffix in MARKDOWN_SUFFIXES and is_markdown(text):
        return parse_markdown(text, name, sha256)
    return parse_note(text, name, sha256)


def read_note(file: NoteFile) -> tuple[Note | None, list[Problem]]:
    """Decode and parse one note file; None (with the reason) when it cannot be a note."""
    try:
        data = file.path.read_bytes()
    except OSError as exc:
        return None, [Problem(file.name, f"cannot be read ({exc.strerror or exc}); skipped")]
    text, encoding = decode_note(data)
    if text is None:
        return None, [Problem(file.name, f"{encoding}; skipped")]
    if not text.strip():
        return None, [Problem(file.name, "is empty; skipped")]
    problems = []
    if encoding != "utf-8":
        problems.append(Problem(file.name, f"decoded as {encoding.upper()}; consider re-saving it as UTF-8"))
    note = parse_any(text, file.name, note_sha256(data))
    problems.extend(Problem(file.name, w) for w in note.warnings)
    return note, problems


def read_notes(notes_dir: Path) -> tuple[list[Note], list[Problem]]:
    """Every readable note under ``notes_dir`` and the problems with the others."""
    files, problems = scan_notes(notes_dir)
    notes = []
    for f in files:
        note, found = read_note(f)
        problems.extend(found)
        if note is not None:
            notes.append(note)
    return notes, problems
