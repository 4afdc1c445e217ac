"""Adding a session note (from the UI): a safe file name in the notes folder, never a silent overwrite."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import NoteExistsError, NoteSaveError
from rag.ingest.chunking import chunk_note
from rag.ingest.files import NOTE_SUFFIXES, decode_note, scan_notes
from rag.ingest.formats import parse_any
from rag.ingest.parse import note_sha256
from rag.util import write_bytes

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.types import Note

# File systems limit a name to 255 bytes (not characters: 日本語 is 3 bytes a character); the atomic
# write's temporary name (.NAME.1234abcd.tmp) adds 14, and the rest is headroom.
MAX_NAME_BYTES = 200
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class SavedNote:
    """What adding a note did."""

    name: str  # file name inside the notes folder
    date: dt.date | None
    topics: int
    presenters: tuple[str, ...]
    replaced: bool = False
    unchanged: bool = False  # the same text was already there: nothing to index

    def describe(self) -> str:
        when = f"session {self.date}" if self.date else "undated (no session date on the first line)"
        who = f", {', '.join('@' + p for p in self.presenters)}" if self.presenters else ""
        if self.unchanged:
            return f"{self.name} is already in the notes with this text; nothing to index."
        verb = "Replaced" if self.replaced else "Saved"
        return f"{verb} {self.name}: {when}, {self.topics} topic(s){who}."


def safe_note_name(raw: str, fallback: str | None = None) -> str:
    """A file name for the notes folder: the last path part, no hidden or special characters,
    ending in .txt or .md (``../../etc/passwd`` becomes ``passwd.txt``), at most ``MAX_NAME_BYTES``
    bytes in UTF-8, cut at a character. A name with nothing readable left (``🙂🙂.md``) takes the
    stem of ``fallback`` (e.g. the session date) and keeps its suffix."""
    base = unicodedata.normalize("NFKC", raw).replace("\\", "/").split("/")[-1].strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in NOTE_SUFFIXES:
        stem, suffix = base, "txt"
    suffix = suffix.lower()
    stem = _clean_stem(stem)
    if not stem and fallback:
        stem = _clean_stem(fallback.rpartition(".")[0] or fallback)
    stem = cut_bytes(stem, MAX_NAME_BYTES - len(suffix) - 1).rstrip(" ._-")
    if not stem:
        raise NoteSaveError(f"{raw!r} cannot be used as a file name: give a name such as 2024-10-03.txt.")
    return f"{stem}.{suffix}"


def _clean_stem(stem: str) -> str:
    return _UNSAFE.sub("_", stem).strip(" ._-")


def cut_bytes(text: str, limit: int) -> str:
    """The longest start of ``text`` whose UTF-8 is at most ``limit`` bytes (never half a character)."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def note_text(data: bytes, max_bytes: int) -> str:
    """The text of an uploaded or pasted note; raises if it is empty, too large or not text."""
    if len(data) > max_bytes:
        raise NoteSaveError(f"The note is {_size(len(data))}, over the {_size(max_bytes)} limit.")
    text, why = decode_note(data)
    if text is None:
        raise NoteSaveError(f"The file cannot be read as a note: it {why}. Upload a .txt or .md text file.")
    if not text.strip():
        raise NoteSaveError("The note is empty: upload a file or paste the session's text.")
    return text


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n / 1e3:.0f} kB"


def check_chunks(note: Note, settings: Settings) -> None:
    """Refuse a note over the note chunk budget (``RAG_MAX_NOTE_CHUNKS``): added from the UI, it would
    be cut when indexed; better to say so now, while it can still be split."""
    chunks = len(chunk_note(note, settings.chunk_max_chars, settings.chunk_overlap_chars))
    if chunks > settings.max_note_chunks:
        raise NoteSaveError(
            f"The note makes {chunks} chunks, over the budget of {settings.max_note_chunks} per note "
            "(RAG_MAX_NOTE_CHUNKS): split it into one note per session, then add them one by one."
        )


def save_note(notes_dir: Path, name: str, text: str, overwrite: bool = False) -> SavedNote:
    """Write ``text`` as UTF-8 to ``notes_dir/name`` (name already made safe), atomically.

    An existing file with other content is replaced only when ``overwrite`` is set; a copy of a
    note already there under another name is refused (the index would skip it anyway).
    """
    notes_dir.mkdir(parents=True, exist_ok=True)
    target = notes_dir / name
    if target.resolve().parent != notes_dir.resolve():
        raise NoteSaveError(f"{name!r} is not a plain file name inside {notes_dir}.")
    data = text.encode("utf-8")
    note = parse_any(text, name)
    if target.exists() and target.read_bytes() == data:
        return SavedNote(name, note.date, len(note.topics), note.presenters, unchanged=True)
    _refuse_duplicate(notes_dir, name, data)
    replaced = target.exists()
    if replaced and not overwrite:
        raise NoteExistsError(
            f"{name} already exists in the notes with different text. Tick “overwrite” to replace it, "
            "or give the new note another file name."
        )
    _write(target, data, replace=overwrite)
    return SavedNote(name, note.date, len(note.topics), note.presenters, replaced=replaced)


def _refuse_duplicate(notes_dir: Path, name: str, data: bytes) -> None:
    digest = note_sha256(data)
    files, _ = scan_notes(notes_dir)
    same = next((f.name for f in files if f.sha256 == digest and f.name != name), None)
    if same:
        raise NoteSaveError(f"This note is already in the notes as {same}; nothing was added.")


def _write(target: Path, data: bytes, replace: bool) -> None:
    try:
        write_bytes(target, data, overwrite=replace)  # without replace, never overwrites
    except FileExistsError as exc:
        raise NoteExistsError(f"{target.name} was just created by someone else; try again.") from exc
