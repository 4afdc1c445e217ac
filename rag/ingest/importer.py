"""``rag import``: Notion exports (zips, zips in zips), folders and single pages → one note per session.

Each session page becomes ``notes/<date> <title>.md`` in normalised Markdown (Notion page ids
dropped), so importing the same export again finds the same names with the same bytes and changes
nothing, and an edited page replaces only its own file. Pages with no session date are listed and
skipped (or kept as undated documents with ``include_undated``); a page whose content is already a
note under another name is skipped. Everything is read and checked first; files are written only
when the whole import is known, each atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from rag.ingest.add import MAX_NAME_BYTES, cut_bytes
from rag.ingest.blocks import strip_notion_id
from rag.ingest.files import OUTSIDE, decode_note, inside
from rag.ingest.formats import parse_any, read_notes
from rag.ingest.markdown import parse_markdown
from rag.ingest.normalise import content_key, note_markdown, structure
from rag.ingest.zipimport import Collected, Limits, PageFile, collect
from rag.types import Note
from rag.util import write_bytes, write_text

MAX_TITLE_BYTES = 160
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")
PAGES_FILE = ".notion-pages.json"  # Notion page id → note name (hidden: never read as a note)
_PAGE_ID = re.compile(r"[\s_-]([0-9a-f]{32})$")
NO_DATE = "no session date (in the title, a 日付/Date property or the file name)"


@dataclass(frozen=True)
class Planned:
    """One page's outcome: added / changed / unchanged / skipped, with the note file it maps to."""

    source: str
    action: str
    name: str = ""
    why: str = ""
    date: dt.date | None = None
    topics: int = 0
    presenters: tuple[str, ...] = ()
    data: bytes = b""
    page_id: str = ""  # the Notion page id in the source's name
    replaces: str = ""  # the note this page was imported as before, under its old title

    def line(self) -> str:
        if self.action == "skipped":
            return f"  skipped    {_shown(self.source)}: {self.why}"
        when = self.date.isoformat() if self.date else "undated"
        who = "".join(f", @{p}" for p in self.presenters[:3]) + (" …" if len(self.presenters) > 3 else "")
        if self.replaces:
            who += f"; was {self.replaces}"
        return f"  {self.action:<10} {self.name}  ({when}, {self.topics} topic(s){who})"


def _shown(source: str) -> str:
    """A page's place as a person reads it: inside the innermost zip, without Notion ids."""
    inner = source.rsplit("!", 1)[-1]
    parts = [PurePosixPath(p) for p in inner.split("/")]
    return "/".join(f"{strip_notion_id(p.stem)}{p.suffix}" for p in parts)


@dataclass
class ImportReport:
    notes_dir: Path
    planned: list[Planned] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for p in self.planned if p.action == action)

    @property
    def changed_any(self) -> bool:
        return any(p.action in ("added", "changed") for p in self.planned)

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        head = (
            f"{verb} into {self.notes_dir}: {self.count('added')} added, {self.count('changed')} changed, "
            f"{self.count('unchanged')} unchanged, {self.count('skipped')} skipped."
        )
        pages = [p.line() for p in self.planned if p.action != "skipped" or not p.why.startswith(_BULK)]
        bulk: dict[str, int] = {}
        for p in self.planned:
            if p.action == "skipped" and p.why.startswith(_BULK):
                bulk[p.why] = bulk.get(p.why, 0) + 1
        pages += [f"  skipped    {n} × {why}" for why, n in bulk.items()]
        return "\n".join([head, *pages])


# Reasons listed as a count rather than file by file (a workspace has hundreds of images).
_BULK = ("attachment", "hidden", "database")


def note_file_name(note: Note, source: str) -> str:
    """``<date> <title>.md`` (``<title>.md`` when undated), the title cleaned for any file system."""
    title = unicodedata.normalize("NFKC", note.title or strip_notion_id(PurePosixPath(source).stem))
    title = _UNSAFE.sub(" ", strip_notion_id(title))
    title = re.sub(r"\s+", " ", title).strip(" .")
    # File systems count bytes (日本語: 3 a character); the date, a " (2)" and the atomic write's temporary
    # name (rag.util) must fit in 255 too.
    title = cut_bytes(title, MAX_TITLE_BYTES).strip(" .")
    if note.date is not None:
        iso = note.date.isoformat()
        title = title.removeprefix(iso).strip(" .-_")
        title = cut_bytes(title, MAX_NAME_BYTES - len(iso) - 4).strip(" .")  # file systems count bytes
        return f"{iso} {title}.md" if title else f"{iso}.md"
    title = cut_bytes(title, MAX_NAME_BYTES - 3).strip(" .")
    return f"{title or 'untitled'}.md"


def _normalised(note: Note, page: PageFile, text: str) -> bytes:
    """The note as normalised Markdown; the page's own text in the rare case that would not read back alike."""
    rendered = note_markdown(note)
    if structure(parse_markdown(rendered, note.name)) == structure(note) or page.path.lower().endswith(".html"):
        return rendered.encode("utf-8")
    return text.encode("utf-8")


def _page_name(path: str) -> str:
    """The page's file name without its Notion id, which the date-from-file-name rule reads."""
    base = PurePosixPath(path.rsplit("!", 1)[-1])
    return f"{strip_notion_id(base.stem)}{base.suffix.lower()}"


def page_id(path: str) -> str:
    """The Notion page id in a page's file name, or ""."""
    m = _PAGE_ID.search(PurePosixPath(path.rsplit("!", 1)[-1]).stem)
    return m.group(1) if m else ""


def imported_pages(notes_dir: Path) -> dict[str, str]:
    """Which note each Notion page was imported as (so a renamed page replaces its note)."""
    try:
        pages = json.loads((notes_dir / PAGES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in pages.items()} if isinstance(pages, dict) else {}


def plan_import(collected: Collected, notes_dir: Path, include_undated: bool = False) -> list[Planned]:
    """What importing the collected pages would do to ``notes_dir`` (nothing is written)."""
    planned = [Planned(path, "skipped", why=why) for path, why in collected.skipped]
    before = imported_pages(notes_dir)
    existing, _ = read_notes(notes_dir) if notes_dir.is_dir() else ([], [])
    by_content = {content_key(n): n.name for n in existing}
    taken: set[str] = set()
    for page in collected.pages:
        text, why = decode_note(page.data)
        if text is None or not text.strip():
            planned.append(Planned(page.path, "skipped", why="empty" if text is not None else why))
            continue
        note = parse_any(text, _page_name(page.path))
        if note.date is None and not include_undated:
            planned.append(Planned(page.path, "skipped", why=f"{NO_DATE}; --include-undated imports it undated"))
            continue
        name = note_file_name(note, page.path)
        stem = name.removesuffix(".md")
        n = 2
        while name in taken:
            name, n = f"{stem} ({n}).md", n + 1
        pid = page_id(page.path)
        old = before.get(pid, "") if pid else ""
        old = old if old and old != name and (notes_dir / old).is_file() else ""
        same = by_content.get(content_key(note))
        if same is not None and same not in (name, old):
            planned.append(Planned(page.path, "skipped", why=f"already in the notes as {same}"))
            continue
        taken.add(name)
        data = _normalised(note, page, text)
        target = notes_dir / name
        action = "changed" if old else "added"
        if target.is_symlink() and not inside(notes_dir, target):  # never read (or replace) a file elsewhere
            planned.append(Planned(page.path, "skipped", why=f"{name} in the notes {OUTSIDE.removeprefix('is ')}"))
            continue
        if target.exists():
            action = "unchanged" if target.read_bytes() == data and not old else "changed"
        planned.append(
            Planned(page.path, action, name, "", note.date, len(note.topics), note.presenters, data, pid, old)
        )
    return planned


def run_import(
    paths: list[Path], notes_dir: Path, limits: Limits, include_undated: bool = False, dry_run: bool = False
) -> ImportReport:
    """Read, check and plan everything, then write the added and changed notes (each atomically)."""
    report = ImportReport(notes_dir, plan_import(collect(paths, limits), notes_dir, include_undated), dry_run=dry_run)
    if dry_run:
        return report
    if report.changed_any:
        notes_dir.mkdir(parents=True, exist_ok=True)
        for p in report.planned:
            if p.action in ("added", "changed"):
                write_bytes(notes_dir / p.name, p.data, overwrite=p.action == "changed")
        names = {p.name for p in report.planned}
        for p in report.planned:
            if p.replaces and p.replaces not in names:
                (notes_dir / p.replaces).unlink(missing_ok=True)  # the page's note under its old title
        report.written = True
    pages = imported_pages(notes_dir)
    pages.update({p.page_id: p.name for p in report.planned if p.page_id and p.name})
    if notes_dir.is_dir() and pages != imported_pages(notes_dir):
        write_text(notes_dir / PAGES_FILE, json.dumps(pages, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return report
