"""The "Add a session note" panel: a text, Markdown or HTML note, or a Notion export zip, previewed
(date, presenters, topics) before anything is saved; a note with no session date is refused, never
dated today (it would become the "newest session").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from rag.errors import NoteExistsError, NoteSaveError, RagError
from rag.ingest.add import check_chunks, note_text, safe_note_name, save_note
from rag.ingest.blocks import strip_notion_id
from rag.ingest.formats import HTML_SUFFIXES, is_markdown, parse_any
from rag.ingest.importer import ImportReport, note_file_name, run_import
from rag.ingest.normalise import note_markdown
from rag.ingest.zipimport import Limits
from rag.types import Note
from rag.ui.render import escape_md, render_error
from rag.ui.uploads import discard_upload

if TYPE_CHECKING:
    from rag.ui.chat import ChatUI

UPLOAD_TYPES = [".txt", ".md", ".markdown", ".html", ".htm", ".zip"]
NO_DATE = (
    "This note has no session date, so it is not saved (undated, it would never be found by date, and "
    "a note dated today would pose as the newest session). Add the date: as the first line "
    "(`2024-10-10 機械学習勉強会`), as a `日付: 2024年10月10日` line under the title, or in the file name "
    "(`2024-10-10.md`)."
)


@dataclass(frozen=True)
class Draft:
    """An uploaded or pasted note, parsed, with the name and text it would be saved as."""

    name: str
    text: str
    note: Note


def _limits(ui: ChatUI) -> Limits:
    s = ui.settings
    return Limits(s.import_max_bytes, s.import_max_files, s.max_note_bytes)


def _max_bytes(ui: ChatUI) -> int:
    """The largest note the panel adds: the index's note limit, or the upload limit if smaller."""
    return min(ui.settings.max_note_bytes, ui.settings.ui_max_upload_bytes)


def draft(upload: str | None, pasted: str, name: str, max_bytes: int) -> Draft:
    """Read and parse one note (not a zip) as it would be saved; raises ``NoteSaveError`` if unreadable."""
    if upload and pasted:
        raise NoteSaveError("Either upload a file or paste text, not both: clear one of them.")
    if not upload and not pasted:
        raise NoteSaveError("Upload a .txt/.md/.html file or a Notion export .zip, or paste the note's text first.")
    data = Path(upload).read_bytes() if upload else pasted.encode("utf-8")
    text = note_text(data, max_bytes)
    markdown = is_markdown(text)
    raw = Path(upload).name if upload else ("pasted.md" if markdown else "pasted.txt")
    source = f"{strip_notion_id(Path(raw).stem)}{Path(raw).suffix.lower()}"
    note = parse_any(text, source)
    if Path(source).suffix in HTML_SUFFIXES:  # kept as normalised Markdown, the form the notes folder reads
        text, markdown = note_markdown(note), True
        source = note_file_name(note, source)
    dated = f"{note.date.isoformat()}.{'md' if markdown else 'txt'}" if note.date else None
    if not upload:  # a pasted note is named after its session date, as before
        source = dated or f"undated.{'md' if markdown else 'txt'}"
    filename = safe_note_name(name or source, dated)  # dated: for a name with nothing readable (🙂🙂.md)
    if markdown and not filename.endswith((".md", ".markdown")):
        filename = filename.rsplit(".", 1)[0] + ".md"  # read by the Markdown reader, as previewed
    return Draft(filename, text, parse_any(text, filename))


def preview_markdown(d: Draft) -> str:
    """What the note will be indexed as: date, presenters, topics; or why it will not be saved."""
    note = d.note
    if note.date is None:
        return f"⚠️ **No session date found.** {NO_DATE}"
    lines = [f"**Preview** — will be saved as `{escape_md(d.name)}`", f"- **Date:** {note.date.isoformat()}"]
    who = ", ".join(f"@{escape_md(p)}" for p in note.presenters) or "none found (add `@Name` lines)"
    lines.append(f"- **Presenters:** {who}")
    lines.append(f"- **Topics ({len(note.topics)}):**")
    for t in note.topics:
        by = f" — @{escape_md(t.presenter)}" if t.presenter else ""
        lines.append(f"    - {escape_md(t.display_title)}{by}")
    return "\n".join(lines)


def _report_markdown(report: ImportReport) -> str:
    head, *rest = report.summary().splitlines()
    return "\n".join([f"**{escape_md(head)}**", *(f"- {escape_md(r.strip())}" for r in rest)])


class NotePanel:
    """Preview and save handlers for the panel (the page lays them out)."""

    def __init__(self, ui: ChatUI) -> None:
        self.ui = ui

    def preview(self, upload: str | None, pasted: str | None) -> str:
        """The parsed preview of what is uploaded or pasted (nothing is saved)."""
        pasted = (pasted or "").strip()
        if not upload and not pasted:
            return ""
        try:
            if upload and upload.lower().endswith(".zip") and not pasted:
                report = run_import([Path(upload)], self.ui.settings.notes_dir, _limits(self.ui), dry_run=True)
                return "**Preview of the import** (nothing saved yet)\n\n" + _report_markdown(report)
            return preview_markdown(draft(upload, pasted, "", _max_bytes(self.ui)))
        except RagError as exc:
            return render_error(str(exc))

    def add(self, upload: str | None, pasted: str | None, name: str | None, overwrite: bool) -> tuple[Any, ...]:
        """Save the note (or import the zip), then index it in the background."""
        try:
            message = self._add(upload, (pasted or "").strip(), (name or "").strip(), overwrite)
        except NoteExistsError as exc:  # the upload stays, to be added again with "overwrite" ticked
            return render_error(str(exc)), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        except RagError as exc:
            if upload and discard_upload(upload):  # a refused upload leaves Gradio's cache at once
                return render_error(f"{exc} (The uploaded file was discarded.)"), None, gr.skip(), gr.skip(), ""
            return render_error(str(exc)), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        if upload:
            discard_upload(upload)  # copied into the notes folder: the cached upload is not needed
        return message, None, "", False, ""

    def _add(self, upload: str | None, pasted: str, name: str, overwrite: bool) -> str:
        settings = self.ui.settings
        if upload and upload.lower().endswith(".zip") and not pasted:
            report = run_import([Path(upload)], settings.notes_dir, _limits(self.ui))
            if report.written:
                self.ui.jobs.request(f"Indexing {Path(upload).name}")
                return f"✓ {_report_markdown(report)}\n\nIndexing the new notes now (progress above)."
            return f"✓ {_report_markdown(report)}\n\nNothing new to index."
        d = draft(upload, pasted, name, _max_bytes(self.ui))
        if d.note.date is None:
            raise NoteSaveError(NO_DATE.replace("`", ""))
        check_chunks(d.note, settings)
        saved = save_note(settings.notes_dir, d.name, d.text, overwrite)
        if saved.unchanged:
            return f"✓ {escape_md(saved.describe())}"
        self.ui.jobs.request(f"Indexing {d.name}")
        return f"✓ {escape_md(saved.describe())} Indexing it now (progress above); then ask about it."
