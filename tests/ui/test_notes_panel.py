"""The "Add a session note" panel without a browser: previews, the no-date refusal, HTML and zip uploads."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from rag.ui.chat import ChatUI
from rag.ui.notes_panel import NotePanel
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.notion_export import FIXTURES, sources, to_html

MD_NOTE = "# 2024-10-10 機械学習勉強会\n\n## @Hanako Sato\n\n### [論文] Scaling Laws Revisited\n\n- 要点\n"
UNDATED = "機械学習勉強会\n@Hanako Sato\n[論文] Scaling Laws Revisited\n- 要点\n"


@pytest.fixture
def panel(fake_settings: Settings) -> NotePanel:
    return NotePanel(ChatUI(fake_settings, Assistant(fake_settings, log=lambda _m: None, embedder=FakeEmbedder())))


def test_a_pasted_markdown_note_is_previewed_then_saved_as_markdown(panel: NotePanel) -> None:
    preview = panel.preview(None, MD_NOTE)
    assert "2024-10-10.md" in preview and "**Date:** 2024-10-10" in preview
    assert "@Hanako Sato" in preview and "\\[論文\\] Scaling Laws Revisited — @Hanako Sato" in preview
    message, *_ = panel.add(None, MD_NOTE, "", False)
    assert "Saved 2024-10-10.md: session 2024-10-10, 1 topic(s), @Hanako Sato." in message
    assert (panel.ui.settings.notes_dir / "2024-10-10.md").read_text(encoding="utf-8") == MD_NOTE.strip()
    panel.ui.jobs.wait(60)


def test_a_note_without_a_date_is_refused_not_dated_today(panel: NotePanel) -> None:
    before = sorted(p.name for p in panel.ui.settings.notes_dir.iterdir())
    assert "No session date found" in panel.preview(None, UNDATED)
    message, *_ = panel.add(None, UNDATED, "", False)
    assert "no session date, so it is not saved" in message and "2024-10-10 機械学習勉強会" in message
    assert sorted(p.name for p in panel.ui.settings.notes_dir.iterdir()) == before


def test_an_uploaded_notion_html_page_is_saved_as_normalised_markdown(panel: NotePanel, tmp_path: Path) -> None:
    src = sources()[3]
    page = tmp_path / "機械学習勉強会 0123456789abcdef0123456789abcdef.html"
    page.write_text(to_html(src, 1), encoding="utf-8")  # a title without the date, a Date: property
    preview = panel.preview(str(page), "")
    assert "2024-09-19 機械学習勉強会.md" in preview and "**Topics (9):**" in preview
    message, *_ = panel.add(str(page), "", "", False)
    assert "Saved 2024-09-19 機械学習勉強会.md: session 2024-09-19, 9 topic(s)" in message
    panel.ui.jobs.wait(60)


def test_a_zip_upload_previews_the_import_then_imports_it(panel: NotePanel) -> None:
    notes = panel.ui.settings.notes_dir
    zip_path = str(FIXTURES / "notion-export.zip")
    preview = panel.preview(zip_path, "")
    assert "Preview of the import" in preview and "0 added" in preview  # the bundled notes hold these sessions
    assert "already in the notes as 000_54955243f04f1249.txt" in preview
    for p in notes.iterdir():
        p.unlink()
    assert "4 added" in panel.preview(zip_path, "")
    assert not list(notes.iterdir())  # a preview writes nothing
    message, *_ = panel.add(zip_path, "", "", False)
    assert "4 added" in message and "Indexing the new notes now" in message
    assert len(list(notes.iterdir())) == 4
    panel.ui.jobs.wait(60)
