"""Parsing the five real notes and the date/structure rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rag.ingest.files import NoteFile
from rag.ingest.formats import read_note, read_notes
from rag.ingest.parse import date_from_filename, parse_date, parse_note
from rag.types import Note
from tests.helpers.paths import NOTES


@pytest.fixture(scope="module")
def notes() -> dict[str, Note]:
    notes, problems = read_notes(NOTES)
    assert [str(p) for p in problems] == [
        "004_605995d6210c6df2.txt: no session date found (first line or file name): indexed as undated"
    ]
    return {n.name[:3]: n for n in notes}


# name prefix -> (date, number of topics, presenters in order of first appearance)
EXPECTED = {
    "000": (
        dt.date(2024, 9, 26),
        8,
        [
            "Naoto Shimakoshi",
            "Yuya Matsumura",
            "Tomoaki Kitaoka",
            "Yuta Kamikawa",
            "Shun Ito",
            "Ryosuke Fukazawa",
            "Yosuke Yoshida",
        ],
    ),
    "001": (
        dt.date(2024, 5, 16),
        7,
        ["Naoto Shimakoshi", "Yuya Matsumura", "Yuta Kamikawa", "Shun Ito", "Yosuke Yoshida"],
    ),
    "002": (dt.date(2024, 4, 11), 7, ["Naoto Shimakoshi"]),
    "003": (
        dt.date(2024, 9, 19),
        9,
        [
            "Naoto Shimakoshi",
            "Tomoaki Kitaoka",
            "Yuta Kamikawa",
            "Ryosuke Fukazawa",
            "Yosuke Yoshida",
            "MatsudaKazuki",
            "Shinnosuke Hirano",
            "Hiroshi Nishijima",
        ],
    ),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_real_session_notes(notes: dict[str, Note], prefix: str) -> None:
    date, n_topics, presenters = EXPECTED[prefix]
    note = notes[prefix]
    assert note.date == date
    assert len(note.topics) == n_topics
    assert list(note.presenters) == presenters
    assert note.title == "機械学習勉強会"
    assert not note.warnings


def test_undated_article_is_one_topic_without_date(notes: dict[str, Note]) -> None:
    note = notes["004"]
    assert note.date is None
    assert len(note.topics) == 1
    assert note.topics[0].title.startswith("「より良い機械学習システムの構築")
    assert note.topics[0].presenter is None
    assert any("undated" in w for w in note.warnings)
    # its sub-headings stay inside the one topic
    assert "実験トラッキング" in note.topics[0].lines


def test_topic_titles_tags_and_presenters_of_2024_09_26(notes: dict[str, Note]) -> None:
    topics = notes["000"].topics
    assert [(t.tag, t.presenter) for t in topics] == [
        ("blog", "Naoto Shimakoshi"),
        ("slide", "Yuya Matsumura"),
        (None, "Tomoaki Kitaoka"),
        ("slide", "Yuta Kamikawa"),
        ("blog", "Shun Ito"),
        ("論文", "Ryosuke Fukazawa"),
        ("blog", "Yosuke Yoshida"),
        (None, "Yosuke Yoshida"),
    ]
    assert topics[2].title == "GPU Puzzles"
    assert topics[7].title.startswith("Performance of Human Annotators")


def test_topic_listed_only_in_table_of_contents_is_kept(notes: dict[str, Note]) -> None:
    o1 = notes["000"].topics[3]
    assert o1.toc_only
    assert "o1" in o1.title and o1.title.startswith("ついに出た")
    assert o1.lines == ()
    # credited to the presenter announced at that place without a topic of their own
    assert o1.presenter == "Yuta Kamikawa"


def test_sub_headings_stay_inside_their_topic(notes: dict[str, Note]) -> None:
    annotators = notes["000"].topics[7]
    for heading in ("概要", "関連研究", "実験", "実験条件", "結果", "考察"):
        assert heading in annotators.lines
    active = notes["002"].topics[6]
    assert active.title == "Accelerating Batch Active Learning Using Continual Learning Techniques"
    for heading in ("ICML 2023", "概要", "Introduction", "Continual Learning", "Scaled Distillation (CAL-SD)"):
        assert heading in active.lines
    graph = notes["003"].topics[8]
    assert graph.title.startswith("Information Extraction from Visually Rich Documents")
    assert "- 1. Introduction" in graph.lines  # numbered lines are kept with their number


def test_untagged_titles_and_tag_case(notes: dict[str, Note]) -> None:
    titles = [t.title for t in notes["001"].topics]
    assert titles[5:] == ["Cursorはじめました", "Intro to MLOps: Data and Model Versioning"]
    s002 = notes["002"].topics
    assert s002[1].tag == "slide"  # written [Slide]
    assert s002[2].title == "Tenkys The Data-Centric Approach to Computer Vision"
    assert notes["001"].topics[3].tag == "やってみた"


def test_bullets_are_normalised(notes: dict[str, Note]) -> None:
    kpi = notes["000"].topics[0].lines
    assert kpi[0] == "- ZOZO Techblog"
    clip = notes["001"].topics[0].lines
    assert all(line.startswith("- ") for line in clip)  # "•" bullets with varying indentation
    assert not any(line.lstrip().startswith("•") for t in notes["003"].topics for line in t.lines)
    polars = notes["003"].topics[0].lines
    assert polars[0].startswith("- polarsでGPU") and polars[1] == "  - 計算処理が最大13倍になるらしい"  # nested: kept


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("2024-09-26 機械学習勉強会", dt.date(2024, 9, 26)),
        ("2024/10/03 機械学習勉強会", dt.date(2024, 10, 3)),
        ("2024年10月3日 機械学習勉強会", dt.date(2024, 10, 3)),
        ("２０２４－１０－０３ 勉強会", dt.date(2024, 10, 3)),
        ("2024-13-45 勉強会", None),
        ("機械学習勉強会", None),
    ],
)
def test_parse_date_formats(first_line: str, expected: dt.date | None) -> None:
    assert parse_date(first_line) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-10-03.txt", dt.date(2024, 10, 3)),
        ("20241003_勉強会.md", dt.date(2024, 10, 3)),
        ("session_2024_10_03.txt", dt.date(2024, 10, 3)),
        ("000_54955243f04f1249.txt", None),
        ("notes-20241399.txt", None),
    ],
)
def test_date_from_filename(name: str, expected: dt.date | None) -> None:
    assert date_from_filename(name) == expected


def test_first_line_date_wins_over_file_name() -> None:
    note = parse_note("2024/10/03 機械学習勉強会\n@A\n[blog] X\n- y\n", "2023-01-01.txt")
    assert note.date == dt.date(2024, 10, 3)


def test_date_from_file_name_when_text_has_none() -> None:
    note = parse_note("今週のTOPIC\n@Alice\n[論文] Something\n- a point\n", "2024-10-10.md")
    assert note.date == dt.date(2024, 10, 10)
    assert [(t.tag, t.title, t.presenter) for t in note.topics] == [("論文", "Something", "Alice")]


def test_document_without_structure_or_date_is_undated_single_topic() -> None:
    note = parse_note("Shared article title\n\nFirst paragraph.\nSecond paragraph.\n", "article.txt")
    assert note.date is None
    assert [t.title for t in note.topics] == ["Shared article title"]
    assert note.topics[0].lines == ("First paragraph.", "Second paragraph.")


def test_presenter_followed_by_bullets_gets_a_topic() -> None:
    note = parse_note("2024-10-10 勉強会\n@Bob\n- only bullets here\n- more\n", "x.txt")
    assert len(note.topics) == 1
    assert note.topics[0].presenter == "Bob"
    assert note.topics[0].lines[-1] == "- more"


def test_empty_and_odd_text_never_crash() -> None:
    for text in ("", "   \n\n", "@", "[blog]", "今週のTOPIC[blog]", "- - -", "\x00\x01"):
        note = parse_note(text, "odd.txt")
        assert note.topics


def test_read_note_hashes_content(tmp_path: Path) -> None:
    p = tmp_path / "n.txt"
    p.write_text("2024-10-10 勉強会\n@A\n[blog] T\n- x\n", encoding="utf-8")
    a, _ = read_note(NoteFile("n.txt", p, ""))
    p.write_text("2024-10-10 勉強会\n@A\n[blog] T\n- y\n", encoding="utf-8")
    b, _ = read_note(NoteFile("n.txt", p, ""))
    assert a and b and a.sha256 != b.sha256
