"""What an import reads: the pages of a Notion export zip (zips inside zips too), of a folder, or single files.

Nothing is extracted to disk: members are read into memory under limits checked twice — the sizes
the zip declares, before anything is read, and the bytes actually read — so a zip bomb, a zip-slip
name (``../``, an absolute path, a drive letter), a link entry, too many files or too deep a nesting
refuses the whole import with one line, before a single note is written.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from rag.errors import ImportRefusedError
from rag.ingest.files import skipped_name

PAGE_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm")
MAX_ZIP_DEPTH = 3  # the export's zip, Notion's part zips inside it, and one more


@dataclass(frozen=True)
class Limits:
    max_bytes: int  # all members' uncompressed bytes together
    max_files: int  # entries in all zips together
    max_page_bytes: int  # one page


@dataclass(frozen=True)
class PageFile:
    """A page to import: where it was (``export.zip!folder/page.md``) and its bytes."""

    path: str
    data: bytes


@dataclass
class Collected:
    pages: list[PageFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)


@dataclass
class _Budget:
    limits: Limits
    source: str
    files: int = 0
    declared: int = 0
    read: int = 0

    def refuse(self, why: str) -> ImportRefusedError:
        return ImportRefusedError(f"{self.source} was refused: {why}; nothing was imported.")

    def count(self, n: int, declared: int) -> None:
        self.files += n
        self.declared += declared
        if self.files > self.limits.max_files:
            raise self.refuse(f"it holds over {self.limits.max_files:,} files (RAG_IMPORT_MAX_FILES)")
        if self.declared > self.limits.max_bytes:
            raise self.refuse(
                f"its files unpack to {self.declared / 1e6:,.0f} MB, over the {self.limits.max_bytes / 1e6:,.0f} MB "
                "limit (RAG_IMPORT_MAX_BYTES)"
            )

    def take(self, n: int) -> None:
        self.read += n
        if self.read > self.limits.max_bytes:
            raise self.refuse(f"it unpacks to over {self.limits.max_bytes / 1e6:,.0f} MB (RAG_IMPORT_MAX_BYTES)")


def _kind(name: str) -> str:
    """page / zip / a reason to skip."""
    base = PurePosixPath(name).name
    suffix = PurePosixPath(base).suffix.lower()
    if skipped_name(base) or name.startswith("__MACOSX/"):
        return "hidden or system file"
    if suffix == ".zip":
        return "zip"
    if suffix in PAGE_SUFFIXES:
        return "page"
    if suffix == ".csv":
        return "database table (CSV): its pages come as files of their own"
    return "attachment (not a note)"


def _check_name(info: zipfile.ZipInfo, budget: _Budget) -> None:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or "\x00" in name:
        raise budget.refuse(f"entry {name!r} has an absolute path")
    if ".." in parts:
        raise budget.refuse(f"entry {name!r} points outside the export (../)")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise budget.refuse(f"entry {name!r} is a symbolic link")
    if info.flag_bits & 0x1:
        raise budget.refuse(f"entry {name!r} is encrypted")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """The member's bytes, never more than it declared (a lying header is a refusal, not a bomb)."""
    chunks: list[bytes] = []
    got = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                got += len(chunk)
                budget.take(len(chunk))
                if got > info.file_size:
                    raise budget.refuse(f"entry {info.filename!r} holds more than the size it declares")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise budget.refuse(f"entry {info.filename!r} cannot be read ({exc})") from exc
    return b"".join(chunks)


def _open_zip(data: bytes | Path, label: str, budget: _Budget) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError) as exc:
        raise budget.refuse(f"{label} is not a readable zip ({exc})") from exc


def _check_zip(zf: zipfile.ZipFile, budget: _Budget) -> None:
    """Every entry's name and size, before anything is read."""
    infos = zf.infolist()
    budget.count(len(infos), sum(i.file_size for i in infos))
    for info in infos:
        _check_name(info, budget)


def _walk_zip(zf: zipfile.ZipFile, prefix: str, budget: _Budget, out: Collected, depth: int) -> None:
    if depth > MAX_ZIP_DEPTH:
        raise budget.refuse(f"it nests zips more than {MAX_ZIP_DEPTH} deep ({prefix.rstrip('!')})")
    _check_zip(zf, budget)
    for info in sorted(zf.infolist(), key=lambda i: i.filename):
        if info.is_dir():
            continue
        path = f"{prefix}{info.filename}"
        kind = _kind(info.filename)
        if kind == "zip":
            with _open_zip(_read_member(zf, info, budget), path, budget) as inner:
                _walk_zip(inner, f"{path}!", budget, out, depth + 1)
        elif kind != "page":
            out.skipped.append((path, kind))
        elif info.file_size > budget.limits.max_page_bytes:
            out.skipped.append((path, f"{info.file_size / 1e6:.1f} MB, over the note size limit (RAG_MAX_NOTE_BYTES)"))
        else:
            out.pages.append(PageFile(path, _read_member(zf, info, budget)))


def _walk_folder(root: Path, budget: _Budget, out: Collected) -> None:
    for base, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not skipped_name(d))
        for n in sorted(names):
            path = Path(base) / n
            rel = path.relative_to(root).as_posix()
            _collect_file(path, rel, budget, out)


def _collect_file(path: Path, label: str, budget: _Budget, out: Collected) -> None:
    kind = _kind(path.name)
    if path.is_symlink():
        out.skipped.append((label, "a link; not followed"))
        return
    size = path.stat().st_size
    if kind == "zip":
        budget.count(1, 0)  # its members' sizes count, not its own
        with _open_zip(path, label, budget) as zf:
            _walk_zip(zf, f"{label}!", budget, out, 1)
    elif kind != "page":
        out.skipped.append((label, kind))
    elif size > budget.limits.max_page_bytes:
        out.skipped.append((label, f"{size / 1e6:.1f} MB, over the note size limit (RAG_MAX_NOTE_BYTES)"))
    else:
        budget.count(1, size)
        data = path.read_bytes()
        budget.take(len(data))
        out.pages.append(PageFile(label, data))


def collect(paths: list[Path], limits: Limits) -> Collected:
    """The pages under ``paths`` (zips, folders, files) and what was skipped; ``ImportRefusedError`` for an
    unsafe or oversized zip, or a path that does not exist."""
    out = Collected()
    for path in paths:
        budget = _Budget(limits, path.name)
        if not path.exists():
            raise ImportRefusedError(f"{path} does not exist: give a Notion export .zip, a folder or note files.")
        if path.is_dir():
            _walk_folder(path, budget, out)
        else:
            _collect_file(path, path.name, budget, out)
    return out
