"""Read study-group notes: session date, table of contents, presenters and topic sections.

A note is a plain-text export. Its structure is inferred from evidence in the text:

- the session date comes from the first line (``2024-09-26``, ``2024/09/26``, ``2024年9月26日``),
  else from the file name; a document without one is *undated*, never given an invented date;
- ``@Name`` lines name the presenter of the topics that follow;
- a topic starts at a tagged title (``[blog] …``, ``[論文] …``), at the first plain line after a
  presenter, or at a plain line that the ``今週のTOPIC`` table of contents lists (or that looks
  like a paper title: followed by a venue line, or a long English title);
- other plain lines (``概要``, ``実験``, ``Introduction``…) are sub-headings and stay in their topic;
- a table-of-contents entry with no section in the body becomes a topic of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rag.text import DATE, DATE_RE, first_date, normalise_tag
from rag.types import Note, Topic

_FILENAME_DATE = (
    DATE_RE,
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.](\d{2})[-_.](\d{2})(?!\d)"),
    re.compile(r"(?<![0-9a-fA-F])((?:19|20)\d{2})(\d{2})(\d{2})(?![0-9a-fA-F])"),
)
_DATE_PREFIX = re.compile(rf"^.*?{DATE}")  # the first line up to its date: what stays is the session's title
_TOC_RE = re.compile(r"^\s*今週の\s*(?:TOPIC|トピック|topic)s?\s*[:：]?\s*(.*)$", re.IGNORECASE)
_TAG_RE = re.compile(r"^[\[［]([^\[\]［］]{1,20})[\]］]\s*(.+)$")
_TOC_TAG_RE = re.compile(r"[\[［]([^\[\]［］]{1,20})[\]］]")
_PRESENTER_RE = re.compile(r"^[@＠]\s*(\S.{0,60})$")
_BULLET_RE = re.compile(r"^(?:[-−–—•‣◦▪●○・*＊■□►▶]|\d{1,3}[.)．]|[（(]\d{1,3}[)）])\s*")
_VENUE_RE = re.compile(
    r"^(?:ICML|ICLR|NeurIPS|NIPS|ACL|EMNLP|NAACL|COLING|CVPR|ICCV|ECCV|AAAI|IJCAI|KDD|ICDAR|WWW|"
    r"SIGIR|CIKM|WSDM|RecSys|CHI|Interspeech|ICASSP|arXiv|TACL|JMLR|TPAMI)\b.{0,40}\d{4}",
    re.IGNORECASE,
)
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_BOILERPLATE = ("※", "出典を")
# Sub-headings that are never topic titles even when the table of contents lists them.
_GENERIC_HEADINGS = {
    "概要",
    "背景",
    "目的",
    "手法",
    "提案手法",
    "関連研究",
    "実験",
    "実験条件",
    "実験結果",
    "結果",
    "考察",
    "感想",
    "所感",
    "まとめ",
    "ひとことまとめ",
    "結論",
    "参考",
    "参考文献",
    "課題",
    "今後",
    "今後の課題",
    "introduction",
    "related work",
    "method",
    "methods",
    "experiments",
    "results",
    "discussion",
    "conclusion",
    "summary",
    "abstract",
    "references",
    "appendix",
}
_GENERIC_KEYS = {re.sub(r"\s+", "", h) for h in _GENERIC_HEADINGS}
_MIN_TOC_TITLE_CHARS = 8
_MIN_ENGLISH_TITLE_WORDS = 5


def note_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _clean(line: str) -> str:
    """Normalise spacing: NBSP and ideographic spaces count as spaces; trailing space goes."""
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return line.strip().replace("\u3000", " ")


def parse_date(text: str) -> dt.date | None:
    """The first valid calendar date in ``text`` (``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY年M月D日``)."""
    return first_date(unicodedata.normalize("NFKC", text))


def date_from_filename(name: str) -> dt.date | None:
    """A date in a file name: as in text, or compact/underscored (``20241003``, ``2024_10_03``)."""
    return first_date(unicodedata.normalize("NFKC", Path(name).stem), _FILENAME_DATE)


def _strip_bullet(line: str) -> tuple[bool, str]:
    m = _BULLET_RE.match(line)
    if not m:
        return False, line
    rest = line[m.end() :].strip()
    # "1. Introduction" numbering is kept as text; symbol bullets are dropped.
    if line[0].isdigit() or line[0] in "(（":
        rest = line.strip()
    return True, rest


def _is_english_title(line: str) -> bool:
    """A long English line in title form: a paper or article title rather than a sub-heading."""
    if _CJK_RE.search(line) or line.endswith((".", "。", ":", "：")) or re.search(r"\([A-Z0-9-]+\)$", line):
        return False
    words = line.split()
    if len(words) < _MIN_ENGLISH_TITLE_WORDS or not words[0][:1].isupper():
        return False
    if line.count(",") >= 2 or (" and " in line and "," in line):  # author lists
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised / len(words) >= 0.5


@dataclass
class _Section:
    title: str
    tag: str | None
    presenter: str | None
    lines: list[str] = field(default_factory=list)
    toc_only: bool = False


@dataclass
class Line:
    """One line of a note as the parser sees it. ``kind`` carries what a structured format (Markdown,
    HTML) already knows: ``title`` (a heading at topic level: opens a topic), ``sub`` (a deeper
    heading or body text: never a topic); "" leaves it to the plain-text rules."""

    text: str
    bullet: bool
    indent: int = 0  # the raw line's leading whitespace (tabs as 4): how deep a bullet is nested
    kind: str = ""


def _norm_key(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).lower()


def is_generic_heading(text: str) -> bool:
    """概要, 実験, Introduction…: a sub-heading, never a topic title unless tagged."""
    return _norm_key(text) in _GENERIC_KEYS


def _split_tag(line: str) -> tuple[str | None, str]:
    m = _TAG_RE.match(line)
    if not m:
        return None, line
    return normalise_tag(m.group(1)), m.group(2).strip()


def _toc_entries(toc: str) -> list[tuple[str, str]]:
    """Split a run-together table of contents into ``(tag, text)`` pieces at each tag."""
    marks = list(_TOC_TAG_RE.finditer(toc))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(toc)
        out.append((normalise_tag(m.group(1)), toc[m.end() : end].strip()))
    return out


class _Parser:
    def __init__(self, lines: list[Line], toc: str) -> None:
        self.lines = lines
        self.toc_key = _norm_key(toc)
        self.sections: list[_Section] = []
        self.preamble: list[str] = []
        self.presenter: str | None = None
        # presenters announced without any topic of their own, with their position among sections
        self.empty_slots: list[tuple[int, str]] = []
        self._presenter_has_topic = True
        self._after_presenter = False
        self._previous_was_title = False
        self._levels: list[int] = []  # the indents of the open bullet levels of the current topic

    def _is_untagged_title(self, i: int) -> bool:
        text = self.lines[i].text
        if _norm_key(text) in _GENERIC_KEYS:
            return False
        if self._after_presenter:
            return True
        if self._previous_was_title or not (self.sections or self.presenter):
            # Right after a title come its venue and authors; before any presenter or tagged
            # topic the document has no topic structure to extend.
            return False
        key = _norm_key(text)
        if self.toc_key and len(key) >= _MIN_TOC_TITLE_CHARS and key in self.toc_key:
            return True
        following = [ln for ln in self.lines[i + 1 : i + 3] if not ln.bullet]
        if following and _VENUE_RE.match(following[0].text) and not _CJK_RE.search(text):
            return True
        return _is_english_title(text)

    def _open(self, title: str, tag: str | None) -> None:
        self.sections.append(_Section(title=title, tag=tag, presenter=self.presenter))
        self._presenter_has_topic = True
        self._after_presenter = False
        self._previous_was_title = True
        self._levels = []

    def _depth(self, indent: int) -> int:
        """How deep a bullet at ``indent`` is nested in its topic: the number of shallower open levels."""
        while self._levels and self._levels[-1] >= indent:
            self._levels.pop()
        self._levels.append(indent)
        return len(self._levels) - 1

    def run(self) -> None:
        for i, line in enumerate(self.lines):
            text = line.text
            if not line.bullet:
                presenter = _PRESENTER_RE.match(text)
                if presenter:
                    if not self._presenter_has_topic and self.presenter:
                        self.empty_slots.append((len(self.sections), self.presenter))
                    self.presenter = presenter.group(1).strip()
                    self._presenter_has_topic = False
                    self._after_presenter = True
                    continue
                tag, title = _split_tag(text)
                if tag is not None:
                    self._open(title, tag)
                    continue
                if line.kind == "title" and _norm_key(text) not in _GENERIC_KEYS:
                    self._open(text, None)
                    continue
                if not line.kind and self._is_untagged_title(i):
                    self._open(text, None)
                    continue
            elif self._after_presenter:
                # A presenter followed straight by bullets: their topic has no title line.
                self._open(text[:60], None)
            body = f"{'  ' * self._depth(line.indent)}- {text}" if line.bullet else text
            if self.sections:
                self.sections[-1].lines.append(body)
            elif not text.startswith(_BOILERPLATE):
                self.preamble.append(body)
            # A venue line ("ICML 2023") continues the title block: the author line after it is no title.
            self._previous_was_title = self._previous_was_title and not line.bullet and bool(_VENUE_RE.match(text))
        if not self._presenter_has_topic and self.presenter:
            self.empty_slots.append((len(self.sections), self.presenter))


def _merge_toc(sections: list[_Section], toc: str, empty_slots: list[tuple[int, str]]) -> list[_Section]:
    """Add table-of-contents entries that have no body section, in table-of-contents order.

    Such an entry goes after the body section listed before it, and is credited to a presenter
    only when exactly one presenter was announced there without a topic of their own.
    """
    keys = [_norm_key(s.title) for s in sections]
    inserts: dict[int, list[_Section]] = {}  # number of body sections before it -> TOC-only topics
    seen = 0
    for tag, text in _toc_entries(toc):
        key = _norm_key(text)
        if len(key) < 2:
            continue
        if any(len(k) >= 2 and (key.startswith(k) or k.startswith(key)) for k in keys):
            # The entry may run on into untagged titles: the last body title in it sets the place.
            seen = max(j + 1 for j, k in enumerate(keys) if len(k) >= 2 and (k in key or k.startswith(key)))
            continue
        # An entry can run into the untagged titles that follow it: cut where a body title starts.
        cut = min((key.find(k) for k in keys if len(k) >= 2 and key.find(k) > 0), default=len(key))
        title = text[: _raw_prefix_len(text, cut)].strip()
        slot = [name for idx, name in empty_slots if idx == seen]
        presenter = slot[0] if len(slot) == 1 else None
        inserts.setdefault(seen, []).append(_Section(title=title, tag=tag, presenter=presenter, toc_only=True))
    merged: list[_Section] = []
    for j in range(len(sections) + 1):
        merged.extend(inserts.get(j, []))
        if j < len(sections):
            merged.append(sections[j])
    return merged


def _raw_prefix_len(text: str, key_len: int) -> int:
    """Length of the prefix of ``text`` whose normalised key has ``key_len`` characters."""
    for n in range(len(text) + 1):
        if len(_norm_key(text[:n])) >= key_len:
            return n
    return len(text)


def read_lines(text: str) -> list[Line]:
    out = []
    for raw in text.splitlines():
        line = _clean(raw)
        if not line or line in {"‣", "•", "-", "・"}:
            continue
        bullet, rest = _strip_bullet(line)
        if rest:
            spaces = raw.replace("\u3000", "  ").expandtabs(4)
            out.append(Line(rest, bullet, len(spaces) - len(spaces.lstrip())))
    return out


def parse_note(text: str, name: str, sha256: str = "") -> Note:
    """Parse one note's text. Never raises on odd structure: it falls back to a single topic."""
    return parse_lines(read_lines(text), name, sha256)


def parse_lines(
    lines: list[Line], name: str, sha256: str = "", dates: tuple[dt.date | None, ...] = (), title: str = ""
) -> Note:
    """Parse a note's lines. The first line's date wins; then ``dates`` (a structured note's date
    properties, in order of trust), then the file name. ``title``: the page title when the format has one."""
    warnings: list[str] = []
    date: dt.date | None = None
    page_title, title = title, title or Path(name).stem
    if lines and not lines[0].bullet:
        first = lines[0].text
        date = parse_date(first)
        if date is not None:
            title = _DATE_PREFIX.sub("", unicodedata.normalize("NFKC", first)).strip() or title
            lines = lines[1:]
    date = date or next((d for d in dates if d is not None), None) or date_from_filename(name)
    toc_parts: list[str] = []
    body: list[Line] = []
    for line in lines:
        m = _TOC_RE.match(line.text) if not line.bullet else None
        if m:
            toc_parts.append(m.group(1))
        else:
            body.append(line)
    toc = "".join(toc_parts)
    parser = _Parser(body, toc)
    parser.run()
    sections = _merge_toc(parser.sections, toc, parser.empty_slots)
    if parser.preamble and sections:
        sections.insert(0, _Section(title="session notes", tag=None, presenter=None, lines=parser.preamble))
    if not sections:
        # No recognisable structure (e.g. a shared article): the whole document is one topic.
        doc_title = title
        doc_lines = [ln.text if not ln.bullet else f"- {ln.text}" for ln in body]
        if date is None and doc_lines and not page_title:
            doc_title, doc_lines = doc_lines[0], doc_lines[1:]
        if not doc_lines and not doc_title:
            warnings.append("no text")
        sections = [_Section(title=doc_title or Path(name).stem, tag=None, presenter=None, lines=doc_lines)]
    topics = tuple(
        Topic(title=s.title, tag=s.tag, presenter=s.presenter, lines=tuple(s.lines), toc_only=s.toc_only)
        for s in sections
    )
    if date is None:
        warnings.append("no session date found (first line or file name): indexed as undated")
    return Note(name=name, sha256=sha256, date=date, title=title, topics=topics, warnings=tuple(warnings))
