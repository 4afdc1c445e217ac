"""Uploads: size and chunk budgets, and Gradio's cached copy removed as soon as the note is added or refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from rag.ui.chat import ChatUI
from rag.ui.notes_panel import NotePanel
from rag.ui.uploads import discard_upload
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.giant import giant_note

NOTE = "2031-04-01 機械学習勉強会\n@Upload Tester\n[blog] Uploaded topic zzupqq\n- a line\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Gradio's upload cache for this test (GRADIO_TEMP_DIR is where gradio keeps uploads)."""
    d = tmp_path / "gradio-cache"
    d.mkdir()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(d))
    return d


@pytest.fixture
def ui(fake_settings: Settings) -> ChatUI:
    settings = fake_settings.replace(ui_max_upload_bytes=50_000, max_note_chunks=200)
    return ChatUI(settings, Assistant(settings, log=lambda _m: None, embedder=FakeEmbedder()))


@pytest.fixture
def panel(ui: ChatUI) -> NotePanel:
    """The "Add a session note" panel, whose add is the page's /add_note."""
    return NotePanel(ui)


def upload(cache: Path, name: str, data: bytes) -> str:
    """A file as gradio stores an upload: in a folder of its own inside the cache."""
    folder = cache / "0f3a9c"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    return str(folder / name)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"x" * 60_000, "The note is 60 kB, over the 50 kB limit"),  # over RAG_UI_MAX_UPLOAD_BYTES (50 kB)
        (bytes(range(256)) * 8, "binary"),
        (b"   \n", "empty"),
        (giant_note(300).encode(), "over the budget of 200 per note (RAG_MAX_NOTE_CHUNKS)"),
    ],
)
def test_a_refused_upload_is_removed_from_the_cache_at_once(
    ui: ChatUI, panel: NotePanel, cache: Path, data: bytes, why: str
) -> None:
    path = upload(cache, "bad.txt", data)
    message, cleared, *_ = panel.add(path, "", "", False)
    assert why in message and "discarded" in message, message
    assert cleared is None and not Path(path).exists() and not any(cache.iterdir())
    assert not (ui.settings.notes_dir / "bad.txt").exists()


def test_an_added_upload_is_removed_from_the_cache_once_saved(ui: ChatUI, panel: NotePanel, cache: Path) -> None:
    path = upload(cache, "2031-04-01.md", NOTE.encode())
    message, *_ = panel.add(path, "", "", False)
    assert message.startswith("✓") and not any(cache.iterdir()), message
    assert (ui.settings.notes_dir / "2031-04-01.md").read_text(encoding="utf-8") == NOTE
    ui.jobs.wait(timeout=60)


def test_an_upload_refused_only_for_its_name_stays_to_be_added_with_overwrite(
    ui: ChatUI, panel: NotePanel, cache: Path
) -> None:
    (ui.settings.notes_dir / "taken.txt").write_text("2031-04-02 勉強会\n[blog] Other\n- x\n", encoding="utf-8")
    path = upload(cache, "taken.txt", NOTE.encode())
    message, *_ = panel.add(path, "", "", False)
    assert "overwrite" in message and Path(path).exists()
    message, *_ = panel.add(path, "", "", True)
    assert message.startswith("✓") and not Path(path).exists(), message
    ui.jobs.wait(timeout=60)


def test_only_files_inside_the_cache_are_ever_removed(cache: Path, tmp_path: Path) -> None:
    outside = tmp_path / "keep.txt"
    outside.write_text("keep", encoding="utf-8")
    assert not discard_upload(outside) and outside.exists()
    assert not discard_upload(cache / ".." / "keep.txt") and outside.exists()
    assert not discard_upload(cache) and cache.is_dir()


def test_an_emoji_only_or_long_upload_name_is_saved_under_a_sensible_name(panel: NotePanel, cache: Path) -> None:
    message, *_ = panel.add(upload(cache, "🙂🙂.md", NOTE.encode()), "", "", False)
    assert "Saved 2031-04-01.md" in message, message  # was md.txt
    long_note = NOTE.replace("2031-04-01", "2031-04-02")
    long_name = "勉強会のメモ" * 30 + ".md"  # typed into the name box (a cached file could not be this long)
    message, *_ = panel.add(upload(cache, "n.md", long_note.encode()), "", long_name, False)
    assert message.startswith("✓") and "勉強会のメモ勉強会のメモ" in message, message  # was Errno 36
    assert all(len(p.name.encode()) <= 200 for p in panel.ui.settings.notes_dir.iterdir())
    panel.ui.jobs.wait(timeout=60)
