"""Structured notes (Markdown, HTML) → the plain-text parser's lines, so every format reads alike.

The Markdown and HTML readers each turn a page into a ``Page``: its title, its property rows and its
blocks (headings with their level, paragraphs, list items with their depth, table rows, callouts,
table-of-contents entries). ``page_note`` then decides what the format tells that plain text cannot —
which headings are topics, which are sub-headings — and hands the lines to ``parse_lines``: topics,
presenters, tags and the table of contents follow the same rules as the text export.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from rag.ingest.parse import Line, is_generic_heading, parse_date, parse_lines, read_lines
from rag.text import calendar_date
from rag.types import Note

BlockKind = Literal["heading", "para", "item", "row", "code", "callout", "toc"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # a heading's level (1–6); a list item's depth (0 = top level)


@dataclass
class Page:
    """What a structured reader found: the page title, its property rows and its blocks in order."""

    title: str = ""
    properties: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


# Property names whose value is the session's date, most trusted first; then when the page was made.
SESSION_DATE_KEYS = ("日付", "date", "開催日", "開催日時", "日時", "session date", "event date")
CREATED_KEYS = ("作成日時", "作成日", "created", "created time", "created at")
_PROPERTY_RE = re.compile(r"^([^:：\s][^:：]{0,29})[:：]\s*(\S.*)$")
_NOTION_ID_RE = re.compile(r"[\s_-]+[0-9a-f]{32}$|[\s_-]+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_NOTION_URL_RE = re.compile(r"<?https?://(?:www\.)?notion\.(?:so|site)/\S*>?|<?https?://\S+\.notion\.site/\S*>?")
_MONTH_NAMES = (
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
    "sep sept september", "oct october", "nov november", "dec december",
)  # fmt: skip
_MONTHS = {m: i + 1 for i, names in enumerate(_MONTH_NAMES) for m in names.split()}
_EN_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})\b")
_EN_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d{2})\b")
_US_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?!\d)")
_PRESENTER_HEADING = re.compile(r"^[@＠]\s*\S")
_TAGGED = re.compile(r"^[\[［][^\[\]［］]{1,20}[\]］]\s*\S")
_TOC_LABEL = re.compile(r"^\s*今週の\s*(?:TOPIC|トピック|topic)s?\s*[:：]?\s*", re.IGNORECASE)


def strip_notion_id(stem: str) -> str:
    """A Notion export's file or folder name without its page id: ``Title 1a2b…(32 hex)`` → ``Title``."""
    return _NOTION_ID_RE.sub("", stem).strip() or stem


def clean_inline(text: str) -> str:
    """Inline text as notes keep it: bare Notion links dropped, spacing collapsed."""
    return re.sub(r"[ \t\u00a0]+", " ", _NOTION_URL_RE.sub("", text)).strip()


def strip_icon(text: str) -> str:
    """A callout's text without its leading emoji icon (💡 ※… → ※…)."""
    text = text.lstrip()
    while text and (unicodedata.category(text[0]) in ("So", "Sk") or text[0] in "\ufe0f\u200d"):
        text = text[1:].lstrip()
    return text


def property_date(value: str) -> dt.date | None:
    """A date as Notion writes it in a property: ``2024年10月10日``, ``@2024/10/10 19:00``,
    ``October 10, 2024``, ``10 Oct 2024``, ``10/10/2024`` (month first, Notion's US format)."""
    value = unicodedata.normalize("NFKC", value).lstrip("@ ")
    day = parse_date(value)
    if day is not None:
        return day
    m = _EN_MDY.search(value)
    if m and m.group(1).lower() in _MONTHS:
        return calendar_date(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))
    m = _EN_DMY.search(value)
    if m and m.group(2).lower() in _MONTHS:
        return calendar_date(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))
    m = _US_NUMERIC.search(value)
    return calendar_date(m.group(3), m.group(1), m.group(2)) if m else None


def split_properties(lines: list[str]) -> list[tuple[str, str]] | None:
    """``Key: value`` lines as property rows, or None unless every line is one."""
    rows = [_PROPERTY_RE.match(unicodedata.normalize("NFKC", ln).strip()) for ln in lines if ln.strip()]
    if not rows or not all(rows):
        return None
    return [(m.group(1).strip(), m.group(2).strip()) for m in rows if m]


def page_dates(properties: list[tuple[str, str]]) -> tuple[dt.date | None, dt.date | None]:
    """(the session date property's date, the creation date property's date)."""

    def find(keys: tuple[str, ...]) -> dt.date | None:
        for key in keys:
            for name, value in properties:
                if unicodedata.normalize("NFKC", name).strip().lower() == key:
                    day = property_date(value)
                    if day is not None:
                        return day
        return None

    return find(SESSION_DATE_KEYS), find(CREATED_KEYS)


def _topic_level(blocks: list[Block]) -> int | None:
    """The heading level topics are written at: that of tagged headings, else one below presenters'."""
    headings = [b for b in blocks if b.kind == "heading"]
    tagged = [b.level for b in headings if _TAGGED.match(b.text)]
    if tagged:
        return min(tagged)
    presenters = [b.level for b in headings if _PRESENTER_HEADING.match(b.text)]
    if presenters:
        return min(presenters) + 1
    # Neither: topics are the page's top content headings (generic ones like 概要 stay sub-headings).
    plain = [b.level for b in headings if not _TOC_LABEL.match(b.text) and not is_generic_heading(b.text)]
    return min(plain) if plain else None


def page_lines(page: Page) -> list[Line]:
    """The parser's lines for a page's blocks (the title line not included)."""
    level = _topic_level(page.blocks)
    lines: list[Line] = []
    toc: list[str] | None = None  # the entries of an open table of contents
    toc_at = 0  # where its line is
    for block in page.blocks:
        text = block.text.strip()
        if not text:
            continue
        label = _TOC_LABEL.match(text) if block.kind in ("heading", "para") else None
        if label or (block.kind == "toc" and toc is None):
            # Entries are joined as the text export runs them together: the parser splits them at tags.
            toc, toc_at = [text[label.end() :]] if label else [text], len(lines)
            lines.append(Line("今週のTOPIC" + "".join(toc), False))
            continue
        if toc is not None and block.kind in ("toc", "item"):
            toc.append(text)
            lines[toc_at] = Line("今週のTOPIC" + "".join(toc), False)
            continue
        toc = None
        if block.kind == "heading":
            if _PRESENTER_HEADING.match(text) or _TAGGED.match(text) or level is None:
                lines.append(Line(text, False))
            else:
                lines.append(Line(text, False, kind="title" if block.level <= level else "sub"))
        elif block.kind == "item":
            lines.append(Line(text, True, indent=4 * block.level))
        elif block.kind == "para":
            lines.extend(read_lines(text))  # "• point" and "@Name" paragraphs read as in plain text
        else:  # table rows, code, callouts: text of the topic they are in, never a title
            lines.append(Line(text, False, kind="sub"))
    return lines


def page_note(page: Page, name: str, sha256: str = "") -> Note:
    """Parse a structured page as a note: the title's date first, then the date property, the file
    name, and the page's creation date."""
    session, created = page_dates(page.properties)
    title = clean_inline(page.title)
    lines = page_lines(page)
    if title and parse_date(title) is not None:
        lines.insert(0, Line(title, False))
        title = ""
    note = parse_lines(lines, name, sha256, dates=(session,), title=title)
    if note.date is None and created is not None:
        note = parse_lines(lines, name, sha256, dates=(created,), title=title)
    return note
