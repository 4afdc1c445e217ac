"""Bad input never stops indexing: each bad file gets a clear warning, every good note is indexed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.config import Settings
from rag.errors import QuestionError
from rag.retrieval.retriever import Retriever
from rag.store.load import load_index
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.pipelines import pipeline_of

GOOD = "2024-10-03 機械学習勉強会\n今週のTOPIC\n@山田 太郎\n[論文] {title}\n- {body}\n"


def note(title: str, body: str = "ポイントの説明") -> str:
    return GOOD.format(title=title, body=body)


@pytest.fixture
def messy(tmp_path: Path) -> Settings:
    """A notes folder with every kind of bad file next to good ones."""
    d = tmp_path / "notes"
    d.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (d / "good.txt").write_text(note("Good note about ScaNN"), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.md").write_text("   \n\n\t \u3000\n", encoding="utf-8")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "sjis.txt").write_bytes(
        note("シフトJISのノート", "継続事前学習のデータリプレイ").replace("2024-10-03", "2024-10-10").encode("cp932")
    )
    (d / "eucjp.txt").write_bytes(
        note("EUC-JPのノート", "異常検知の閾値").replace("2024-10-03", "2024-10-17").encode("euc_jp")
    )
    (d / "latin1.txt").write_bytes("caf\xe9 cr\xe8me \xff\xfe".encode("latin-1") * 50 + bytes([0x80, 0x81]) * 40)
    (d / "huge.txt").write_text(note("Huge note") + "- filler line\n" * 8000, encoding="utf-8")  # ~110 KB
    (d / "toolarge.txt").write_text("x" * 600_000, encoding="utf-8")
    (d / "undated.md").write_text("共有記事のタイトル\n\n本文です。Undated article body.\n", encoding="utf-8")
    (d / "same-date-a.txt").write_text(note("Same day topic A", "alpha content"), encoding="utf-8")
    (d / "same-date-b.txt").write_text(note("Same day topic B", "beta content"), encoding="utf-8")
    (d / "copy-of-good.txt").write_text(note("Good note about ScaNN"), encoding="utf-8")
    (d / "malformed.txt").write_text(
        "2024-10-24\n[[[blog]]]\n@\n[論文]\n今週のTOPIC[\n- - -\n••• \n@@x\n[", encoding="utf-8"
    )
    (d / "link.txt").symlink_to(outside / "target.txt")
    (outside / "target.txt").write_text(note("Linked note from elsewhere", "linked body"), encoding="utf-8")
    (d / "dangling.txt").symlink_to(d / "missing.txt")
    (d / "folder-link").symlink_to(outside, target_is_directory=True)
    for junk in (".hidden.txt", "good.txt~", ".good.txt.swp", "#good.txt#", "notes.tmp"):
        (d / junk).write_text(note("JUNK SHOULD NOT BE INDEXED"), encoding="utf-8")
    (d / "image.png").write_bytes(b"\x89PNG\r\n")
    return Settings(notes_dir=d, index_dir=tmp_path / "index", embedding_model="fake-bigram", max_note_bytes=500_000)


def test_bad_files_are_skipped_with_warnings_and_good_ones_indexed(
    messy: Settings, fake_embedder: FakeEmbedder
) -> None:
    messages: list[str] = []
    report = update_index(messy, fake_embedder, log=messages.append)
    index = load_index(messy)
    notes = index.manifest.notes
    assert set(notes) == {
        "copy-of-good.txt", "sjis.txt", "eucjp.txt", "huge.txt", "undated.md", "same-date-a.txt", "same-date-b.txt",
        "malformed.txt",
    }  # fmt: skip
    warned = "\n".join(report.problems)
    for expected in (
        "empty.txt: is empty; skipped",
        "blank.md: is empty; skipped",
        "binary.txt: looks like a binary file, not text; skipped",
        "latin1.txt: is neither UTF-8 nor Shift_JIS/CP932 nor EUC-JP text (re-save it as UTF-8); skipped",
        "toolarge.txt: is 0.6 MB, over the 0 MB limit; skipped",
        "good.txt: is identical to copy-of-good.txt; skipped",  # the first by name is kept
        "dangling.txt: cannot be read",
        "folder-link: is a link to a folder; not followed",
        "link.txt: is a link to a file outside the notes folder; skipped",
        "sjis.txt: decoded as CP932",
        "eucjp.txt: decoded as EUC_JP",
        "undated.md: no session date found",
    ):
        assert expected in warned, expected
    assert all(m.startswith("warning: ") for m in messages if "skipped" in m)
    assert "JUNK" not in "".join(c.title for c in index.chunks)
    assert not any(name.startswith((".", "#")) or name.endswith("~") for name in notes)


def test_decoded_notes_are_searchable_in_japanese(messy: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(messy, fake_embedder)
    chunks = load_index(messy).chunks
    sjis = [c for c in chunks if c.note == "sjis.txt"]
    assert sjis[0].title == "シフトJISのノート" and "データリプレイ" in sjis[0].text and sjis[0].date == "2024-10-10"
    euc = [c for c in chunks if c.note == "eucjp.txt"]
    assert euc[0].title == "EUC-JPのノート" and "異常検知" in euc[0].text


def test_same_date_notes_are_both_kept_and_distinguishable(messy: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(messy, fake_embedder)
    chunks = load_index(messy).chunks
    a = [c for c in chunks if c.note == "same-date-a.txt"]
    b = [c for c in chunks if c.note == "same-date-b.txt"]
    assert a and b and a[0].date == b[0].date == "2024-10-03"
    assert a[0].title != b[0].title and a[0].id != b[0].id


def test_undated_note_is_cited_by_title(messy: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(messy, fake_embedder)
    undated = next(c for c in load_index(messy).chunks if c.note == "undated.md")
    assert undated.date is None and undated.citation == "[undated: 共有記事のタイトル]"


def test_a_note_of_megabytes_is_indexed(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    d = tmp_path / "notes"
    d.mkdir()
    body = "".join(f"- 項目{i}: 長いノートの行 with English words {i}\n" for i in range(20_000))
    (d / "big.txt").write_text(note("Very long session") + body, encoding="utf-8")
    assert (d / "big.txt").stat().st_size > 1_000_000
    budget = 100_000  # within the chunk budgets (see tests/store/test_budget.py for a note over them)
    settings = Settings(
        notes_dir=d, index_dir=tmp_path / "i", embedding_model="fake-bigram", max_note_chunks=budget,
        max_update_chunks=budget,
    )  # fmt: skip
    report = update_index(settings, fake_embedder)
    chunks = load_index(settings).chunks
    assert report.chunks == len(chunks) > 500 and all(c.title == "Very long session" for c in chunks)
    assert any("項目19999:" in c.text for c in chunks)


def test_a_bad_note_later_fixed_is_picked_up(messy: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(messy, fake_embedder)
    (messy.notes_dir / "empty.txt").write_text(note("Now it has content"), encoding="utf-8")
    report = update_index(messy, fake_embedder)
    assert "empty.txt" in report.added
    assert "empty.txt" in load_index(messy).manifest.notes


def test_only_bad_files_is_a_clear_error(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    d = tmp_path / "notes"
    d.mkdir()
    (d / "a.txt").write_bytes(b"")
    (d / "b.txt").write_bytes(b"\x00\x01\x02" * 100)
    from rag.errors import NotesError

    with pytest.raises(NotesError, match=r"No readable notes .*a\.txt: is empty"):
        update_index(Settings(notes_dir=d, index_dir=tmp_path / "i", embedding_model="fake-bigram"), fake_embedder)


@pytest.mark.parametrize(
    "question",
    [
        "x" * 10_000,
        "GPUの話 " * 2000,
        "Polars と GPU と 名寄せ と Группа и 中文 mixed スクリプト?",
        "ＧＰＵ　ｐｏｌａｒｓ",  # full-width letters and spaces
        "a",
    ],
)
def test_odd_but_real_questions_get_a_normal_answer(fake_retriever: Retriever, question: str) -> None:
    answer = pipeline_of(fake_retriever, fake_retriever.settings).answer(question)
    assert isinstance(answer.text, str) and answer.text
    for c in answer.citations:
        assert any(h.chunk.id == c.chunk_id for h in answer.hits)


@pytest.mark.parametrize("question", ["", " \n\t ", "🙂🙂🙂", "？？！！…", "\u200b\u200b"])
def test_questions_with_nothing_to_search_get_a_clear_message(fake_retriever: Retriever, question: str) -> None:
    with pytest.raises(QuestionError, match="question"):
        pipeline_of(fake_retriever, fake_retriever.settings).answer(question)


def test_the_index_never_reads_outside_files_through_folder_links(messy: Settings, fake_embedder: FakeEmbedder) -> None:
    (messy.notes_dir / "folder-link" / "inside-link.txt").write_text(note("Behind a folder link"), encoding="utf-8")
    update_index(messy, fake_embedder)
    assert not any("folder-link" in n for n in load_index(messy).manifest.notes)
    assert os.path.islink(messy.notes_dir / "folder-link")
