"""HTML notes (Notion's HTML export) → ``Page``, read with selectolax (the Lexbor HTML5 parser).

Notion writes a page as ``h1.page-title``, a ``table.properties`` of rows (``<time>`` dates), then
``div.page-body``: headings, ``ul``/``ol`` lists nested inside their items, ``details/summary``
toggles, ``figure.callout`` callouts, ``nav.table_of_contents``, tables, ``span.user`` mentions.
selectolax over BeautifulSoup+lxml: an HTML5 parser (the tree a browser builds), typed, and ~30× faster
on the fixtures' 20 pages (12 ms vs 364 ms, ``bench/html_parsers.py``) — a workspace export has thousands.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from rag.ingest.blocks import Block, Page, clean_inline, page_note, strip_icon
from rag.types import Note

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that hold blocks of their own: their text is not part of the surrounding line.
_CONTAINERS = {"p", "blockquote", "div", "figure", "section", "article", "main", "body", "aside"}
_BLOCKS = {"ul", "ol", "details", "table", "nav", "pre", "hr", *_CONTAINERS, *_HEADINGS}
_SKIP = {"script", "style", "template", "img", "svg", "head", "header", "noscript"}


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _inline_text(node: LexborNode) -> list[str]:
    """A node's own text as lines, without its block children; ``<br>`` breaks lines."""
    parts: list[str] = []

    def walk(n: LexborNode) -> None:
        for child in n.iter(include_text=True):
            tag = child.tag or ""
            if child.is_text_node:
                parts.append(child.text_content or "")
            elif tag == "br":
                parts.append("\n")
            elif tag in _SKIP or tag in _BLOCKS or tag in ("summary", "li"):
                continue
            else:
                walk(child)

    walk(node)
    return [t for t in (clean_inline(p) for p in "".join(parts).split("\n")) if t]


class _Reader:
    def __init__(self) -> None:
        self.page = Page()

    def add(self, block: Block) -> None:
        if block.text:
            self.page.blocks.append(block)

    def lines(self, node: LexborNode, depth: int | None, callout: bool = False) -> None:
        """Paragraph-like text: list items inside a list or a toggle, else paragraphs."""
        for text in _inline_text(node):
            if callout:
                self.add(Block("callout", strip_icon(text)))
            elif depth is None:
                self.add(Block("para", text))
            else:
                self.add(Block("item", text, depth))

    def list_items(self, node: LexborNode, depth: int) -> None:
        number = int(node.attributes.get("start") or 1)
        for li in node.iter():
            if li.tag != "li":
                continue
            first = len(self.page.blocks)
            self.lines(li, depth)
            if node.tag == "ol" and len(self.page.blocks) > first:
                b = self.page.blocks[first]
                self.page.blocks[first] = Block("item", f"{number}. {b.text}", depth)
            number += 1
            for child in li.iter():
                if (child.tag or "") in _BLOCKS:  # a toggle item's details hold its own text: same depth
                    self.block(child, depth if child.tag == "details" and len(self.page.blocks) == first else depth + 1)

    def children(self, node: LexborNode, depth: int | None, own_text: bool = True, callout: bool = False) -> None:
        """The blocks under ``node``; ``depth``: the list depth its loose text belongs at (None: outside lists)."""
        if own_text:
            self.lines(node, depth, callout)
        for child in node.iter():
            if (child.tag or "") in _BLOCKS:  # inline children are in the node's own text already
                self.block(child, depth, callout)

    def block(self, node: LexborNode, depth: int | None, callout: bool = False) -> None:
        tag = node.tag or ""
        classes = _classes(node)
        if tag in _SKIP or "properties" in classes:
            return
        if tag in _HEADINGS:
            self.add(Block("heading", " ".join(_inline_text(node)), _HEADINGS[tag]))
        elif tag in ("ul", "ol"):
            self.list_items(node, 0 if depth is None else depth)
        elif tag == "details":
            summary = node.css_first("summary")
            inner: int | None = depth
            heading = summary.css_first("h1, h2, h3, h4, h5, h6") if summary is not None else None
            if heading is not None:  # a toggle heading is a heading
                self.block(heading, depth)
            elif summary is not None:  # a toggle list item: its content is nested under it
                self.lines(summary, depth or 0)
                inner = (depth or 0) + 1
            for child in node.iter():
                if child.tag != "summary" and (child.tag or "") in _BLOCKS:
                    self.block(child, inner, callout)
        elif tag == "nav" and "table_of_contents" in classes:
            for link in node.css("a"):
                self.add(Block("toc", " ".join(_inline_text(link))))
        elif tag == "table":
            for row in node.css("tr"):
                cells = [" ".join(_inline_text(c)) for c in row.iter() if c.tag in ("td", "th")]
                self.add(Block("row", " | ".join(c for c in cells if c)))
        elif tag == "pre":
            for text in (node.text(deep=True) or "").splitlines():
                self.add(Block("code", text.strip()))
        elif (tag == "figure" and "callout" in classes) or tag == "aside":
            self.children(node, None, own_text=True, callout=True)
        elif tag in _CONTAINERS:
            self.children(node, depth, own_text=True, callout=callout)

    def run(self, tree: LexborHTMLParser) -> Page:
        title = tree.css_first("h1.page-title") or tree.css_first("title")
        self.page.title = " ".join(_inline_text(title)) if title is not None else ""
        for row in tree.css("table.properties tr"):
            key, value = row.css_first("th"), row.css_first("td")
            if key is not None and value is not None:
                self.page.properties.append((key.text(deep=True).strip(), value.text(deep=True).strip()))
        body = tree.css_first("div.page-body") or tree.body
        if body is not None:
            skip = title.mem_id if title is not None else None
            for child in body.iter():
                if child.mem_id != skip:
                    self.block(child, None)
        return self.page


def read_html(html: str) -> Page:
    """The blocks of an HTML page."""
    return _Reader().run(LexborHTMLParser(html))


def fragment_lines(html: str) -> list[str]:
    """The text lines of an HTML fragment (an HTML block inside Markdown)."""
    tree = LexborHTMLParser(html)
    body = tree.body
    if body is None:
        return []
    reader = _Reader()
    reader.children(body, None)
    return [b.text for b in reader.page.blocks]


def parse_html(html: str, name: str, sha256: str = "") -> Note:
    """Parse an HTML note (Notion's export or any HTML page) into a ``Note``."""
    return page_note(read_html(html), name, sha256)
