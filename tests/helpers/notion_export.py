"""Realistic Notion exports (Markdown, HTML, "Markdown & CSV" zips, a zip inside a zip) written from the
bundled text notes, for the import tests and ``fixtures/``.

The text export is what the group had; Notion writes the same page as Markdown or HTML with its own
habits, and those are reproduced here: the page title as ``# …``/``h1.page-title``, property rows
(``日付``, ``Date``, ``作成日時`` in Japanese and English date formats), ``今週のTOPIC`` with a table of
contents, the hint as an ``<aside>``/``figure.callout``, presenters as mentions, topics as headings,
bullets nested by four spaces (``ul`` inside ``li`` in HTML, some as toggles), links, a bare Notion
link, page ids in file names, sub-pages in folders, attachments and a database CSV.

    .venv/bin/python -m tests.helpers.notion_export      # rewrites fixtures/notion-export*.zip
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from rag.ingest.parse import parse_note
from rag.types import Note, Topic

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "notes"
FIXTURES = ROOT / "fixtures"
WORKSPACE = "勉強会ノート"
_TOC_LINE = re.compile(r"^今週のTOPIC(.*)$", re.MULTILINE)
_TAG_START = re.compile(r"(?=[\[［][^\[\]［］]{1,20}[\]］])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!#])")


@dataclass(frozen=True)
class Source:
    """A bundled text note, parsed, with the raw table of contents it had."""

    name: str
    text: str
    note: Note
    toc: str


def sources() -> list[Source]:
    out = []
    for path in sorted(NOTES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        toc = "".join(m.group(1) for m in _TOC_LINE.finditer(text))
        out.append(Source(path.name, text, parse_note(text, path.name), toc))
    return out


def notion_id(seed: str) -> str:
    """A page id as Notion puts in names: 32 hex digits, stable for a seed."""
    return hashlib.md5(seed.encode()).hexdigest()  # an id, not a secret


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _date_property(day: dt.date, style: int) -> tuple[str, str]:
    """The session date as different Notion workspaces write it."""
    if style == 0:
        return "日付", f"{day.year}年{day.month}月{day.day}日"
    if style == 1:
        return "Date", f"{day:%B} {day.day}, {day.year}"
    if style == 2:
        return "作成日時", f"{day.year}年{day.month}月{day.day}日 19:00"
    return "Created", f"{day:%b} {day.day}, {day.year} 7:00 PM"


def _title(src: Source, style: int) -> str:
    """The page title: with the date in it (as the text export's first line) or without (style 1, 2)."""
    first = src.text.splitlines()[0].strip()
    if src.note.date is None:
        return first
    return src.note.title if style in (1, 2) else first


def _toc_entries(toc: str) -> list[str]:
    return [e.strip() for e in _TAG_START.split(toc) if e.strip()]


def _topic_lines(topic: Topic) -> list[tuple[int | None, str]]:
    """A topic's lines as (bullet depth, text); depth None for a plain line."""
    out: list[tuple[int | None, str]] = []
    for line in topic.lines:
        stripped = line.lstrip(" ")
        if stripped.startswith("- "):
            out.append(((len(line) - len(stripped)) // 2, stripped[2:]))
        else:
            out.append((None, line))
    return out


def _walk(src: Source) -> list[tuple[str | None, Topic]]:
    """Body topics in order with the presenter heading to write before each (None: same presenter)."""
    out: list[tuple[str | None, Topic]] = []
    current: str | None = None
    for topic in src.note.topics:
        if topic.toc_only:
            if topic.presenter and topic.presenter != current:
                out.append((topic.presenter, topic))
                current = topic.presenter
            continue
        announce = topic.presenter if topic.presenter != current else None
        current = topic.presenter
        out.append((announce, topic))
    return out


def _link(text: str, i: int) -> str:
    """A short first bullet becomes a link, as pasted sources are in Notion."""
    if len(text) <= 30 and i == 0:
        return f"[{_md(text)}](https://example.com/{notion_id(text)[:8]})"
    return _md(text)


def to_markdown(src: Source, style: int) -> str:
    """The note as Notion's Markdown export writes it."""
    note = src.note
    out = [f"# {_title(src, style)}", ""]
    if note.date is not None:
        key, value = _date_property(note.date, style)
        out += [f"{key}: {value}", f"タグ: {'勉強会' if style % 2 == 0 else 'study group'}", ""]
        out += ["## 今週のTOPIC", ""]
        out += [f"- [{_md(e)}](#{notion_id(e)[:8]})" for e in _toc_entries(src.toc)]
        out += ["", "<aside>", "💡 ※ [論文] [blog] など何に関するTOPICなのかパッと見で分かるようにしましょう。",
                "出典を埋め込みURLにしましょう。", "", "</aside>", ""]  # fmt: skip
    for announce, topic in _walk(src):
        if announce:
            out += [f"## @{announce}" if style != 3 else f"@{announce}", ""]
        if topic.toc_only:
            continue
        if note.date is not None:
            out += [f"### {_md(topic.display_title)}", ""]
        for i, (depth, text) in enumerate(_topic_lines(topic)):
            if depth is None:
                out += ["", f"**{_md(text)}**", ""]
            else:
                out.append("    " * depth + f"- {_link(text, i)}")
        out += ["", f"https://www.notion.so/{notion_id(topic.title)}", ""] if style == 0 else [""]
    return "\n".join(out).rstrip() + "\n"


def _html_list(items: list[tuple[int, str]], toggles: bool) -> str:
    """Nested ``ul``s as Notion writes them: one list per top-level bullet, children inside the item."""
    out: list[str] = []

    def render(start: int, depth: int) -> int:
        i = start
        while i < len(items) and items[i][0] >= depth:
            text = html.escape(items[i][1])
            j = i + 1
            children_end = j
            while children_end < len(items) and items[children_end][0] > depth:
                children_end += 1
            if toggles and children_end > j and depth == 0:
                out.append(f'<ul class="toggle"><li><details open=""><summary>{text}</summary>')
                render(j, depth + 1)
                out.append("</details></li></ul>")
            else:
                style = ("disc", "circle", "square")[depth % 3]
                out.append(f'<ul class="bulleted-list"><li style="list-style-type:{style}">{text}')
                render(j, depth + 1)
                out.append("</li></ul>")
            i = children_end
        return i

    render(0, 0)
    return "".join(out)


def to_html(src: Source, style: int) -> str:
    """The note as Notion's HTML export writes it."""
    note = src.note
    title = html.escape(_title(src, style))
    props = ""
    if note.date is not None:
        key, value = _date_property(note.date, style)
        cls = "created_time" if key in ("作成日時", "Created") else "date"
        props = (
            '<table class="properties"><tbody>'
            f'<tr class="property-row property-row-{cls}"><th><span class="icon property-icon"></span>{key}</th>'
            f"<td><time>@{html.escape(value)}</time></td></tr>"
            '<tr class="property-row property-row-multi_select"><th>タグ</th><td><span class="selected-value">'
            "勉強会</span></td></tr></tbody></table>"
        )
    body: list[str] = []
    if note.date is not None:
        body.append(f'<h2 id="{notion_id("toc")}" class="">今週のTOPIC</h2>')
        links = "".join(
            f'<div class="table_of_contents-item table_of_contents-indent-0"><a class="table_of_contents-link" '
            f'href="#{notion_id(e)[:8]}">{html.escape(e)}</a></div>'
            for e in _toc_entries(src.toc)
        )
        body.append(f'<nav class="block-color-gray table_of_contents">{links}</nav>')
        body.append(
            '<figure class="block-color-gray_background callout" style="white-space:pre-wrap;display:flex">'
            '<div style="font-size:1.5em"><span class="icon">💡</span></div><div style="width:100%">'
            "<p>※ [論文] [blog] など何に関するTOPICなのかパッと見で分かるようにしましょう。</p>"
            "<p>出典を埋め込みURLにしましょう。</p></div></figure>"
        )
    for announce, topic in _walk(src):
        if announce:
            user = f'<span class="user">@{html.escape(announce)}</span>'
            body.append(f"<h2>{user}</h2>" if style != 3 else f"<p>{user}</p>")
        if topic.toc_only:
            continue
        if note.date is not None:
            body.append(f'<h3 id="{notion_id(topic.title)[:8]}">{html.escape(topic.display_title)}</h3>')
        pending: list[tuple[int, str]] = []
        for depth, text in [*_topic_lines(topic), (None, "")]:
            if depth is None:
                if pending:
                    body.append(_html_list(pending, toggles=style == 1))
                    pending = []
                if text:
                    body.append(f'<p class=""><strong>{html.escape(text)}</strong></p>')
            else:
                pending.append((depth, text))
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>'
        f"<title>{title}</title><style>/* cspell:disable-file */ .page-title {{ font-size: 2.5rem; }}</style>"
        f'</head><body><article id="{notion_id(title)}" class="page sans"><header>'
        f'<h1 class="page-title">{title}</h1><p class="page-description"></p>{props}</header>'
        f'<div class="page-body">{"".join(body)}</div></article><span class="sans" style="font-size:14px;'
        'padding-top:2em"></span></body></html>'
    )


def export_files(edited: bool = False) -> dict[str, bytes]:
    """The files of a "Markdown & CSV" export of the workspace (three pages as Markdown, two as HTML)."""
    root = f"{WORKSPACE} {notion_id(WORKSPACE)}"
    files: dict[str, bytes] = {}
    index = [f"# {WORKSPACE}", "", "毎週木曜の機械学習勉強会のノート。", ""]
    for i, src in enumerate(sources()):
        style = i % 4
        title = _title(src, style)
        page = f"{title} {notion_id(src.name)}"
        text = to_html(src, style) if i in (1, 3) else to_markdown(src, style)
        if edited and i == 3:
            text = text.replace("計算処理が最大13倍になるらしい", "計算処理が最大13倍になるらしい (H100で確認)")
        suffix = ".html" if i in (1, 3) else ".md"
        files[f"{root}/{page}{suffix}"] = text.encode("utf-8")
        index.append(f"[{_md(title)}]({root}/{page}{suffix})")
        if i == 0:
            files[f"{root}/{page}/Untitled.png"] = b"\x89PNG\r\n\x1a\n" + bytes(64)
    files[f"{root} {notion_id('db')}.csv"] = "名前,日付\n2024-09-26 機械学習勉強会,2024年9月26日\n".encode()
    files[f"{root}/参考リンク集 {notion_id('links')}.md"] = (
        "# 参考リンク集\n\n- [ZOZO Techblog](https://techblog.zozo.com/)\n- [Polars](https://pola.rs/)\n"
    ).encode()
    files[f"{WORKSPACE} {notion_id(WORKSPACE)}.md"] = "\n".join(index).encode()
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 10, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def nested_export(edited: bool = False) -> bytes:
    """Notion's download of a large workspace: a zip holding the export's zip."""
    inner = zip_bytes(export_files(edited))
    return zip_bytes({f"Export-{notion_id('export')[:8]}-Part-1.zip": inner})


def main() -> None:
    FIXTURES.mkdir(exist_ok=True)
    (FIXTURES / "notion-export.zip").write_bytes(nested_export())
    (FIXTURES / "notion-export-edited.zip").write_bytes(nested_export(edited=True))
    print(f"wrote {FIXTURES}/notion-export.zip and notion-export-edited.zip")


if __name__ == "__main__":
    main()
