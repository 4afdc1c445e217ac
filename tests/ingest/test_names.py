"""Note file names are limited in bytes, not characters, and keep a readable stem."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import NoteSaveError
from rag.ingest.add import MAX_NAME_BYTES, safe_note_name, save_note

NOTE = "2024-10-03 機械学習勉強会\n@山田 太郎\n[論文] 長い名前のノート\n- 本文\n"


@pytest.mark.parametrize("stem", ["勉強会" * 60, "🙂勉強会のメモ" * 40, "ａ" * 300, "x" * 400, "é" * 200])
def test_a_long_multibyte_name_is_cut_to_the_byte_limit_and_saves(tmp_path: Path, stem: str) -> None:
    name = safe_note_name(f"{stem}.md")
    assert name.endswith(".md") and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.removesuffix(".md")  # a readable stem is left
    saved = save_note(tmp_path / "notes", name, NOTE)  # was OSError: [Errno 36] File name too long
    assert (tmp_path / "notes" / saved.name).read_text(encoding="utf-8") == NOTE


def test_the_cut_keeps_whole_characters_and_the_start_of_the_name() -> None:
    name = safe_note_name("機械学習勉強会" * 30 + ".txt")
    stem = name.removesuffix(".txt")
    assert set(stem) <= set("機械学習勉強会") and stem.startswith("機械学習勉強会機械")
    assert len(name.encode("utf-8")) > MAX_NAME_BYTES - 3 - 4  # no more cut than a character's worth


def test_an_emoji_only_name_takes_a_sensible_name_and_keeps_its_suffix() -> None:
    fallback = "2024-10-03.txt"  # the note panel's fallback: the session date
    assert safe_note_name("🙂🙂🙂.md", fallback) == "2024-10-03.md"  # was md.txt
    assert safe_note_name("🙂🙂🙂", fallback) == "2024-10-03.txt"
    assert safe_note_name("🎉.MD", fallback) == "2024-10-03.md"
    assert safe_note_name("🙂 勉強会メモ.md") == "勉強会メモ.md"  # the readable part is kept
    with pytest.raises(NoteSaveError, match="cannot be used as a file name"):
        safe_note_name("🙂🙂.md")  # no fallback: a clear error, not md.txt


def test_an_imported_page_with_a_long_japanese_title_gets_a_name_within_the_byte_limit() -> None:
    from rag.ingest.importer import note_file_name
    from rag.ingest.parse import parse_note

    note = parse_note("2024-10-03 " + "継続事前学習の勉強会メモ" * 10 + "\n@A B\n[blog] T\n- x\n", "page.md")
    name = note_file_name(note, "page.md")
    assert name.startswith("2024-10-03 継続事前学習") and name.endswith(".md")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES  # 80 characters of Japanese were 254 bytes
