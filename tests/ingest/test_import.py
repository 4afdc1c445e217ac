"""`rag import` without the index: Notion export zips → one normalised note per session, idempotent, safe."""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from rag.errors import ImportRefusedError
from rag.ingest.formats import read_notes
from rag.ingest.importer import ImportReport, run_import
from rag.ingest.zipimport import Limits
from rag.types import Note
from tests.helpers.notion_export import FIXTURES, nested_export, sources
from tests.helpers.paths import NOTES

LIMITS = Limits(max_bytes=500_000_000, max_files=20_000, max_page_bytes=20_000_000)
SESSIONS = [
    "2024-04-11 機械学習勉強会.md",
    "2024-05-16 機械学習勉強会.md",
    "2024-09-19 機械学習勉強会.md",
    "2024-09-26 機械学習勉強会.md",
]


def _import(src: Path, notes: Path, **kwargs: bool) -> ImportReport:
    return run_import([src], notes, LIMITS, **kwargs)


def _content(note: Note) -> list[tuple[object, ...]]:
    """Topics with their line texts (Markdown cannot skip a nesting level as the text export can)."""
    return [(t.title, t.tag, t.presenter, t.toc_only, [ln.lstrip(" -") for ln in t.lines]) for t in note.topics]


def _snapshot(notes: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(notes.iterdir())}


def test_the_fixture_zips_are_what_the_generator_writes() -> None:
    """fixtures/ is generated (python -m tests.helpers.notion_export): a stale copy would test nothing new."""
    assert (FIXTURES / "notion-export.zip").read_bytes() == nested_export()
    assert (FIXTURES / "notion-export-edited.zip").read_bytes() == nested_export(edited=True)


def test_import_writes_one_note_per_session_with_the_text_exports_content(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    report = _import(FIXTURES / "notion-export.zip", notes)
    assert (report.count("added"), report.count("changed"), report.count("unchanged")) == (4, 0, 0)
    assert sorted(p.name for p in notes.iterdir()) == SESSIONS  # Notion ids dropped, no undated pages
    summary = report.summary()
    assert "4 added, 0 changed, 0 unchanged, 5 skipped" in summary
    assert "参考リンク集.md: no session date" in summary and "--include-undated" in summary
    assert "1 × attachment" in summary and "1 × database table (CSV)" in summary
    imported, problems = read_notes(notes)
    assert not problems
    expected = {s.note.date: _content(s.note) for s in sources() if s.note.date}
    assert {n.date: _content(n) for n in imported} == expected  # what the text export says, line for line


def test_reimport_changes_nothing_and_an_edited_export_changes_only_its_session(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    _import(FIXTURES / "notion-export.zip", notes)
    before = _snapshot(notes)
    again = _import(FIXTURES / "notion-export.zip", notes)
    assert (again.count("added"), again.count("changed"), again.count("unchanged")) == (0, 0, 4)
    assert not again.written and _snapshot(notes) == before
    edited = _import(FIXTURES / "notion-export-edited.zip", notes)
    assert [(p.action, p.name) for p in edited.planned if p.action in ("added", "changed")] == [
        ("changed", "2024-09-19 機械学習勉強会.md")
    ]
    after = _snapshot(notes)
    assert [n for n in after if after[n] != before[n]] == ["2024-09-19 機械学習勉強会.md"]
    assert "H100で確認" in after["2024-09-19 機械学習勉強会.md"][0].decode()


def test_include_undated_keeps_other_pages_as_undated_documents(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    report = _import(FIXTURES / "notion-export.zip", notes, include_undated=True)
    assert report.count("added") == 7
    undated = [n for n in read_notes(notes)[0] if n.date is None]
    assert sorted(n.name for n in undated) == sorted(
        [
            "参考リンク集.md",
            "勉強会ノート.md",
            "「より良い機械学習システムの構築 – 第3章 モデリング楽しみが始まります」.md",
        ]
    )


def test_sessions_already_in_the_notes_under_another_name_are_skipped(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    report = _import(FIXTURES / "notion-export.zip", notes)
    assert report.count("added") == 0 and not report.written
    assert "2024-09-26 機械学習勉強会.md: already in the notes as 000_54955243f04f1249.txt" in report.summary()


def test_a_folder_and_single_pages_import_too(tmp_path: Path) -> None:
    export = tmp_path / "export"
    with zipfile.ZipFile(FIXTURES / "notion-export.zip") as outer:
        inner = zipfile.ZipFile(io.BytesIO(outer.read(outer.namelist()[0])))
        inner.extractall(export)
    notes = tmp_path / "notes"
    assert _import(export, notes).count("added") == 4
    page = next(export.rglob("*.html"))
    single = _import(page, tmp_path / "single")
    assert single.count("added") == 1


def _zip(entries: dict[str, bytes], symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


PAGE = "# 2024-10-10 勉強会\n\n## @A\n\n### [blog] X\n\n- y\n".encode()


def _big_member() -> bytes:
    """A real zip whose one member unpacks to 1 GB of zeros (about 1 MB compressed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("2024-10-10 big.md", "w", force_zip64=True) as fh:
            block = bytes(1 << 20)
            for _ in range(1024):
                fh.write(block)
        zf.writestr("2024-10-11 ok.md", PAGE)
    return buf.getvalue()


def _many_files() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(100_000):
            zf.writestr(f"p/{i}.md", b"")
    return buf.getvalue()


def _deep() -> bytes:
    data = _zip({"2024-10-10 page.md": PAGE})
    for level in range(4):
        data = _zip({f"level{level}.zip": data})
    return data


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda: _zip({"ok/2024-10-10 a.md": PAGE, "../../evil.md": PAGE}), "points outside the export"),
        (lambda: _zip({"/etc/cron.d/evil.md": PAGE}), "has an absolute path"),
        (lambda: _zip({"C:/Users/evil.md": PAGE}), "has an absolute path"),
        (lambda: _zip({"..\\..\\evil.md": PAGE}), "points outside the export"),
        (lambda: _zip({"a.md": PAGE}, symlink="link.md"), "is a symbolic link"),
        (lambda: _zip({"inner.zip": _zip({"../evil.md": PAGE})}), "points outside the export"),
        (_big_member, "unpack to 1,074 MB, over the 500 MB limit"),
        (_many_files, "holds over 20,000 files"),
        (_deep, "nests zips more than 3 deep"),
        (lambda: b"PK\x03\x04 not really a zip", "is not a readable zip"),
    ],
    ids=["dotdot", "absolute", "drive", "backslash", "symlink", "nested-dotdot", "1GB", "100k-files", "deep", "bad"],
)
def test_unsafe_zips_are_refused_with_one_line_and_nothing_written(tmp_path: Path, make: object, why: str) -> None:
    assert callable(make)
    archive = tmp_path / "export.zip"
    archive.write_bytes(make())
    notes = tmp_path / "notes"
    with pytest.raises(ImportRefusedError) as caught:
        _import(archive, notes)
    message = str(caught.value)
    assert why in message and "\n" not in message and message.endswith("nothing was imported.")
    assert not notes.exists()


def test_a_missing_path_is_an_error_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ImportRefusedError, match=r"does not exist: give a Notion export \.zip"):
        _import(tmp_path / "nope.zip", tmp_path / "notes")
