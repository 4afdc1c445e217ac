"""Finding and decoding note files: which files count, in which encoding, and which to skip.

Nothing here raises on a bad file: each problem becomes a warning that names the file, and the
other notes go on being indexed.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NOTE_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_NOTE_BYTES = 20_000_000
# Encodings tried after UTF-8, in order: notes exported on Windows are often CP932 (Shift_JIS).
FALLBACK_ENCODINGS = ("cp932", "euc_jp")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


@dataclass(frozen=True)
class NoteFile:
    """A candidate note: its name (path relative to the notes folder, with /) and content hash."""

    name: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class Problem:
    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


def skipped_name(name: str) -> bool:
    """Hidden files and folders, editor backups and lock/swap files: never notes."""
    return name.startswith((".", "#", "~$")) or name.endswith(("~", ".swp", ".swo", ".tmp", "#"))


def is_note_name(name: str) -> bool:
    """Whether a file of this name can be a note: a text suffix, and not hidden, a backup or a swap file."""
    return not skipped_name(name) and Path(name).suffix.lower() in NOTE_SUFFIXES


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``'s real location (every link followed) is inside ``folder``'s: a link into the
    notes folder may be read, a link out of it (``x.txt -> /etc/passwd``) may not."""
    return path.resolve().is_relative_to(folder.resolve())


OUTSIDE = "is a link to a file outside the notes folder; skipped (copy the file in instead)"


def note_paths(notes_dir: Path, problems: list[Problem] | None = None) -> Iterator[tuple[str, Path]]:
    """(name relative to the folder, path) of every file under ``notes_dir`` that can be a note, in name
    order. Hidden folders are left out; links to folders are not followed, links to files outside the
    folder are left out (each noted in ``problems``)."""
    root_dir = notes_dir.resolve()
    for root, dirs, names in os.walk(notes_dir, followlinks=False):
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not skipped_name(d))
        for d in dirs:
            if problems is not None and (base / d).is_symlink():
                rel = (base / d).relative_to(notes_dir).as_posix()
                problems.append(Problem(rel, "is a link to a folder; not followed (copy the notes in instead)"))
        for n in sorted(names):
            if is_note_name(n):
                path = base / n
                rel = path.relative_to(notes_dir).as_posix()
                if not inside(root_dir, path):
                    if problems is not None:
                        problems.append(Problem(rel, OUTSIDE))
                    continue
                yield rel, path


def scan_notes(notes_dir: Path, max_bytes: int = MAX_NOTE_BYTES) -> tuple[list[NoteFile], list[Problem]]:
    """Note files under ``notes_dir`` in name order, hashed; identical copies and unreadable,
    oversized or dangling files are left out with a problem each. Folder links are not followed."""
    files: list[NoteFile] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for rel, path in note_paths(notes_dir, problems):
        try:
            size = path.stat().st_size  # follows a file link; fails on a dangling one
        except OSError as exc:
            problems.append(Problem(rel, f"cannot be read ({exc.strerror or exc}); skipped"))
            continue
        if size > max_bytes:
            problems.append(Problem(rel, f"is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; skipped"))
            continue
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            problems.append(Problem(rel, f"cannot be read ({exc.strerror or exc}); skipped"))
            continue
        if digest in seen:
            problems.append(Problem(rel, f"is identical to {seen[digest]}; skipped"))
            continue
        seen[digest] = rel
        files.append(NoteFile(rel, path, digest))
    files.sort(key=lambda f: f.name)
    return files, problems


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def decode_note(data: bytes) -> tuple[str | None, str]:
    """The text of a note and the encoding used, or None and why it cannot be read as text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    if _looks_binary(data):
        return None, "looks like a binary file, not text"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    # CP932 and EUC-JP bytes can each decode (wrongly) as the other: keep the more natural text.
    candidates = []
    for encoding in FALLBACK_ENCODINGS:
        try:
            candidates.append((_naturalness(data.decode(encoding)), encoding))
        except UnicodeDecodeError:
            continue
    if candidates:
        score, encoding = max(candidates)
        if score >= 0.9:
            return data.decode(encoding), encoding
    return None, "is neither UTF-8 nor Shift_JIS/CP932 nor EUC-JP text (re-save it as UTF-8)"


def _naturalness(text: str) -> float:
    """Share of characters usual in notes: ASCII, kana, kanji, full-width punctuation."""
    if not text:
        return 1.0
    usual = sum(
        1
        for ch in text
        if ch.isascii()
        or "\u3000" <= ch <= "\u30ff"  # punctuation, hiragana, katakana
        or "\u4e00" <= ch <= "\u9fff"  # kanji
        or "\uff01" <= ch <= "\uff60"  # full-width forms (not half-width katakana)
    )
    return usual / len(text)
