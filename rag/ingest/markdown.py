"""Markdown notes (Notion's Markdown export) → ``Page``, read with markdown-it-py (CommonMark + tables).

A real CommonMark parser rather than line rules: nesting of lists, fenced code, tables, links and
emphasis, backslash escapes and inline HTML are what it gets right and hand-written rules get wrong.
Notion's specifics are handled on top: the ``# title`` and the ``Key: value`` property lines under
it, ``<aside>`` callouts, links to Notion pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from rag.ingest.blocks import Block, BlockKind, Page, clean_inline, page_note, split_properties, strip_icon
from rag.types import Note

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline(token: Token) -> list[str]:
    """An inline token's text as lines (soft and hard breaks split them); links keep their text."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content.lower().startswith("<br")
        ):
            parts.append("\n")
        # images, emphasis marks and other inline HTML carry no note text
    return [clean_inline(p) for p in "".join(parts).split("\n")]


def _html_lines(html: str) -> list[str]:
    """The text lines of an HTML block inside Markdown (Notion writes callouts as ``<aside>``)."""
    from rag.ingest.html import fragment_lines

    return fragment_lines(html)


class _Reader:
    def __init__(self) -> None:
        self.page = Page()
        self.lists: list[list[int]] = []  # open lists: [next number] for ordered ones, [] for bullets
        self.item_has_text: list[bool] = []
        self.callout = False
        self.cells: list[str] = []

    def add(self, kind: BlockKind, text: str, level: int = 0) -> None:
        if text:
            self.page.blocks.append(Block(kind, text, level))

    def paragraph(self, lines: list[str]) -> None:
        if self.lists:
            depth = len(self.lists) - 1
            for line in lines:
                text = line
                if not self.item_has_text[-1]:
                    counter = self.lists[-1]
                    if counter:  # an ordered list keeps its numbers, as the text export does
                        text = f"{counter[0]}. {line}"
                        counter[0] += 1
                    self.item_has_text[-1] = True
                self.add("item", text, depth)
            return
        if not self.page.blocks and not self.page.properties and self.page.title:
            rows = split_properties(lines)
            if rows:
                self.page.properties.extend(rows)
                return
        for text in lines:
            self.add("callout" if self.callout else "para", strip_icon(text) if self.callout else text)

    def html_block(self, html: str) -> None:
        lowered = html.lower()
        opens, closes = "<aside" in lowered, "</aside>" in lowered
        if opens:
            self.callout = True
        for text in _html_lines(html):
            self.add("callout" if self.callout else "para", strip_icon(text) if self.callout else text)
        if closes:
            self.callout = False

    def run(self, tokens: Sequence[Token]) -> Page:
        for i, tok in enumerate(tokens):
            t = tok.type
            if t == "heading_open":
                text = " ".join(_inline(tokens[i + 1])).strip()
                level = int(tok.tag[1])
                if level == 1 and not self.page.title and not self.page.blocks:
                    self.page.title = text
                else:
                    self.add("heading", text, level)
            elif t == "paragraph_open":
                self.paragraph([ln for ln in _inline(tokens[i + 1]) if ln])
            elif t in ("bullet_list_open", "ordered_list_open"):
                start = int(tok.attrGet("start") or 1) if t == "ordered_list_open" else 0
                self.lists.append([start] if start else [])
            elif t in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif t == "list_item_open":
                self.item_has_text.append(False)
            elif t == "list_item_close":
                self.item_has_text.pop()
            elif t in ("fence", "code_block"):
                for text in tok.content.splitlines():
                    self.add("code", text.strip())
            elif t == "html_block":
                self.html_block(tok.content)
            elif t == "tr_open":
                self.cells = []
            elif t == "inline" and i and tokens[i - 1].type in ("th_open", "td_open"):
                self.cells.append(" ".join(_inline(tok)))
            elif t == "tr_close":
                self.add("row", " | ".join(c for c in self.cells if c))
        return self.page


def read_markdown(text: str) -> Page:
    """The blocks of a Markdown page."""
    return _Reader().run(_MD.parse(text))


def parse_markdown(text: str, name: str, sha256: str = "") -> Note:
    """Parse a Markdown note (Notion's export or hand-written) into a ``Note``."""
    return page_note(read_markdown(text), name, sha256)
