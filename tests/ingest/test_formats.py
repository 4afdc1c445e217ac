"""Markdown and HTML notes read like the text export: the same topics, presenters, tags and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.ingest.blocks import property_date, strip_notion_id
from rag.ingest.formats import parse_any
from rag.ingest.html import parse_html
from rag.ingest.markdown import parse_markdown
from rag.types import Note
from tests.helpers.notion_export import Source, sources, to_html, to_markdown

SOURCES = sources()


def _structure(note: Note) -> tuple[dt.date | None, list[tuple[str, str | None, str | None, bool]]]:
    return note.date, [(t.title, t.tag, t.presenter, t.toc_only) for t in note.topics]


def _texts(note: Note) -> list[list[str]]:
    """Each topic's line texts, bullets and nesting aside (Markdown cannot skip a nesting level)."""
    return [[line.lstrip(" ").removeprefix("- ") for line in t.lines] for t in note.topics]


@pytest.mark.parametrize("style", range(4))
@pytest.mark.parametrize("src", SOURCES, ids=[s.name[:3] for s in SOURCES])
def test_bundled_notes_as_notion_markdown_and_html_parse_like_the_text_export(src: Source, style: int) -> None:
    assert len(SOURCES) == 5
    for text, parse in ((to_markdown(src, style), parse_markdown), (to_html(src, style), parse_html)):
        note = parse(text, "page.x")
        assert _structure(note) == _structure(src.note)
        assert _texts(note) == _texts(src.note)
        assert note.presenters == src.note.presenters


def test_every_bundled_session_has_topics_presenters_and_tags() -> None:
    dated = [s.note for s in SOURCES if s.note.date]
    assert len(dated) == 4
    assert all(len(n.topics) >= 7 and n.presenters and any(t.tag for t in n.topics) for n in dated)


NOTION_MD = """\
# 機械学習勉強会 第42回

日付: 2024年10月10日
作成日時: 2024年10月11日 9:12
タグ: 勉強会

## 今週のTOPIC

- [[論文] Scaling Laws Revisited](#a1b2)
- [[blog] 推論サーバの話](#c3d4)

<aside>
💡 ※ [論文] [blog] など何に関するTOPICなのかパッと見で分かるようにしましょう。

</aside>

## @Hanako Sato

### [論文] Scaling Laws Revisited

- 要点は [Chinchilla](https://arxiv.org/abs/2203.15556) の再検証
    - データ量を 2 倍に
        1. first
        2. second
- 詳細は https://www.notion.so/team/Scaling-0123456789abcdef0123456789abcdef

**実験**

| model | loss |
| --- | --- |
| 1B | 2.1 |

### 推論サーバの話

- vLLM
"""


def test_notion_markdown_topics_presenters_dates_and_inline_text() -> None:
    note = parse_markdown(NOTION_MD, "機械学習勉強会 第42回 0123456789abcdef0123456789abcdef.md")
    assert note.date == dt.date(2024, 10, 10)  # the 日付 property, not the creation time
    assert [(t.tag, t.title, t.presenter) for t in note.topics] == [
        ("論文", "Scaling Laws Revisited", "Hanako Sato"),
        (None, "推論サーバの話", "Hanako Sato"),
    ]
    lines = note.topics[0].lines
    assert lines[:4] == ("- 要点は Chinchilla の再検証", "  - データ量を 2 倍に", "    - 1. first", "    - 2. second")
    assert "- 詳細は" in lines  # the bare Notion link is dropped, its sentence kept
    assert "実験" in lines and "model | loss" in lines and "1B | 2.1" in lines  # sub-heading and table stay


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024年10月10日", dt.date(2024, 10, 10)),
        ("@2024/10/10 19:00", dt.date(2024, 10, 10)),
        ("October 10, 2024", dt.date(2024, 10, 10)),
        ("Oct 10, 2024 7:00 PM", dt.date(2024, 10, 10)),
        ("10 October 2024", dt.date(2024, 10, 10)),
        ("10/03/2024", dt.date(2024, 10, 3)),
        ("2024年10月10日 → 2024年10月11日", dt.date(2024, 10, 10)),
        ("来週", None),
    ],
)
def test_property_dates_in_notions_formats(value: str, day: dt.date | None) -> None:
    assert property_date(value) == day


def test_created_property_dates_a_page_only_without_another_date() -> None:
    md = "# 勉強会\n\nCreated: September 5, 2024 6:30 PM\n\n## @A\n\n### [blog] X\n\n- y\n"
    assert parse_markdown(md, "勉強会.md").date == dt.date(2024, 9, 5)
    assert parse_markdown(md, "2024-09-04 勉強会.md").date == dt.date(2024, 9, 4)  # the file name first


def test_undated_markdown_page_stays_undated() -> None:
    note = parse_markdown("# 参考リンク集\n\n- [a](https://a.example)\n", "参考リンク集.md")
    assert note.date is None and note.topics[0].title == "参考リンク集"


def test_notion_html_with_toggles_mentions_time_and_numbered_lists() -> None:
    page = """<html><body><article class="page"><header><h1 class="page-title">勉強会</h1>
    <table class="properties"><tr><th>Date</th><td><time>@October 17, 2024</time></td></tr></table></header>
    <div class="page-body"><p><span class="user">@Taro Yamada</span></p>
    <h3>[slide] 新しい評価指標 &lt;BLEU&gt;</h3>
    <ul class="toggle"><li><details open=""><summary>背景</summary>
    <p>人手評価が高い</p><ul class="bulleted-list"><li>コスト</li></ul></details></li></ul>
    <ol type="1" class="numbered-list" start="3"><li>三番目<a href="https://www.notion.so/x">https://www.notion.so/x</a></li></ol>
    <script>alert(1)</script></div></article></body></html>"""
    note = parse_html(page, "勉強会 0123456789abcdef0123456789abcdef.html")
    assert note.date == dt.date(2024, 10, 17)
    assert [(t.tag, t.title, t.presenter) for t in note.topics] == [("slide", "新しい評価指標 <BLEU>", "Taro Yamada")]
    assert note.topics[0].lines == ("- 背景", "  - 人手評価が高い", "  - コスト", "- 3. 三番目")


def test_a_md_file_without_markdown_headings_is_read_as_a_text_export() -> None:
    text = "2024-10-10 勉強会\n@Alice\n[論文] Something\n  • a point\n"
    note = parse_any(text, "2024-10-10.md")
    assert [(t.tag, t.title, t.presenter, t.lines) for t in note.topics] == [
        ("論文", "Something", "Alice", ("- a point",))
    ]


def test_notion_ids_are_dropped_from_names() -> None:
    assert strip_notion_id("2024-10-10 勉強会 0123456789abcdef0123456789abcdef") == "2024-10-10 勉強会"
    assert strip_notion_id("Page 01234567-89ab-cdef-0123-456789abcdef") == "Page"
    assert strip_notion_id("0123456789abcdef0123456789abcdef") == "0123456789abcdef0123456789abcdef"


def test_untagged_topic_headings_under_presenter_lines_are_topics() -> None:
    md = (
        "# 2024-10-24 勉強会\n\n@Jiro Suzuki\n\n## 分散学習の落とし穴\n\n- 通信がボトルネック\n\n"
        "### 概要\n\n- 細かい話\n\n"
        "## 評価データの作り方\n\n- 人手で 200 件\n\n@Saburo Tanaka\n\n## ベクトル検索の今\n\n- HNSW\n"
    )
    note = parse_markdown(md, "n.md")
    assert [(t.title, t.presenter) for t in note.topics] == [
        ("分散学習の落とし穴", "Jiro Suzuki"),
        ("評価データの作り方", "Jiro Suzuki"),
        ("ベクトル検索の今", "Saburo Tanaka"),
    ]
    assert note.topics[0].lines == ("- 通信がボトルネック", "概要", "- 細かい話")
