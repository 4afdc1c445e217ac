"""`rag import` end to end: a Notion export zip into an empty notes folder, asked with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rag.cli import cli
from rag.config import Settings
from tests.helpers.notion_export import FIXTURES

pytestmark = pytest.mark.slow


def test_import_ask_reimport_and_edited_export(real_settings: Settings, tmp_path: Path) -> None:
    env = {
        "RAG_NOTES_DIR": str(tmp_path / "notes"),
        "RAG_INDEX_DIR": str(tmp_path / "index"),
        "RAG_CACHE_DIR": str(real_settings.cache_dir),
    }

    def rag(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result

    first = rag("import", str(FIXTURES / "notion-export.zip"))
    assert "4 added, 0 changed, 0 unchanged, 5 skipped." in first.stdout
    assert "4 new, 0 changed, 0 removed" in first.stderr  # the index update ran
    for question, date, fact in [
        ("GPU Puzzlesを紹介したのは誰?", "2024-09-26", "Tomoaki Kitaoka"),  # a presenter
        ("Polarsを GPU で動かす話は何日?", "2024-09-19", "Polars"),  # a topic's date
        ("2024-04-11の勉強会ってどんな話?", "2024-04-11", "DMOps"),  # a date
    ]:
        answer = rag("ask", question).stdout.split("\nSources:")[0]
        assert f"[{date}]" in answer and fact in answer, answer

    again = rag("import", str(FIXTURES / "notion-export.zip"))
    assert "0 added, 0 changed, 4 unchanged, 5 skipped." in again.stdout
    assert "Nothing changed in the notes; the index is left as it is." in again.stderr

    edited = rag("import", str(FIXTURES / "notion-export-edited.zip"))
    assert "0 added, 1 changed, 3 unchanged, 5 skipped." in edited.stdout
    assert "changed    2024-09-19 機械学習勉強会.md" in edited.stdout
    assert "0 new, 1 changed, 0 removed, 3 unchanged notes" in edited.stderr
    hit = rag("search", "-k", "1", "H100で確認").stdout
    assert "2024-09-19" in hit and "Polars" in hit


def test_a_refused_zip_is_one_line_exit_code_1(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../etc/evil.md", "# 2024-10-10 x\n")
    result = CliRunner().invoke(cli, ["import", str(archive), "--notes", str(tmp_path / "notes")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: evil.zip was refused: entry '../../etc/evil.md' points outside the export (../); nothing was imported."
    ]
    assert not (tmp_path / "notes").exists()
