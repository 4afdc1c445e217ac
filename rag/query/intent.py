"""Question understanding for recall questions: what kind of answer, which filters, what topic.

"When / いつ / 何日" and "which sessions / どの回" want every matching session; "who / 誰" wants the
presenter; "list / 一覧" wants every topic under the filters. Dates, presenter names and tags
named in the question become filters, resolved against what the index actually holds.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rag.text import DATE_RE, TAG_ALIASES, calendar_date
from rag.types import CITATION_LABEL, Filters, Kind

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月|[-/](\d{1,2})(?![\d/-]))")
_MONTH_DAY_JA = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_DAY_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_DAY_EN = re.compile(rf"\b({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*((?:19|20)\d{{2}}))?", re.I)
_DAY_MONTH_EN = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_NAME})\b(?:,?\s*((?:19|20)\d{{2}}))?", re.I)
_MONTH_YEAR_EN = re.compile(rf"\b({_MONTH_NAME})\.?\s+((?:19|20)\d{{2}})\b", re.I)
_SINCE = re.compile(r"^\s*(以降|から|以後)|\b(since|after)\s*$", re.I)
_UNTIL = re.compile(r"^\s*(以前|まで|より前)|\b(before|until|till|up to)\s*$", re.I)

_WHO = re.compile(r"\bwho\b|誰|だれ|発表者|presenter|紹介者", re.I)
_WHEN = re.compile(r"\bwhen\b|what (?:date|day)|which (?:date|day)|いつ|何日|何月何日|日付|どの日", re.I)
_WHICH = re.compile(
    r"which (?:sessions?|weeks?|meetings?|times?)|what sessions|in which session|"
    r"どの回|どの週|どのセッション|何回|どれ",
    re.I,
)
_LIST = re.compile(
    r"一覧|(?<![ァ-ヶー])リスト|\blist\b|\ball (?:the )?(?:topics|talks|papers|presentations)\b|"
    r"what (?:did|has|have) .{1,40}? (?:present|talk about|cover|share)|何を(?:発表|紹介)|どんな(?:話|トピック|発表)",
    re.I,
)
# Phrases that only shape the question (Japanese question words are dropped term by term later,
# see rag.lexical.QUESTION_TERMS, so no word is cut in half here).
_QUESTION_WORDS = re.compile(r"[?？!！、。「」]|\b(?:when|who|what|which)\b", re.I)


@dataclass(frozen=True)
class Intent:
    """What the question asks for."""

    kind: Kind
    query: str  # the topic words left after dates, names, tags and question words are taken out
    filters: Filters


def _month_range(y: int, m: int) -> tuple[dt.date, dt.date] | None:
    if not 1 <= m <= 12:
        return None
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _dates(text: str, sessions: Sequence[dt.date]) -> tuple[dt.date | None, dt.date | None, str]:
    """Date range named in ``text`` and the text without it. A month/day without a year is
    resolved against the session dates the index holds."""
    spans: list[tuple[int, int, dt.date, dt.date]] = []

    def add(m: re.Match[str], lo: dt.date | None, hi: dt.date | None) -> None:
        if lo and hi and not any(s <= m.start() < e for s, e, _, _ in spans):
            spans.append((m.start(), m.end(), lo, hi))

    def by_month_day(m: re.Match[str], month: int, day: int, year: str | None) -> None:
        if year:
            d = calendar_date(year, month, day)
            add(m, d, d)
            return
        found = [s for s in sessions if (s.month, s.day) == (month, day)]
        if len(found) == 1:
            add(m, found[0], found[0])

    for m in DATE_RE.finditer(text):
        d = calendar_date(m.group(1), m.group(2), m.group(3))
        add(m, d, d)
    for m in _YEAR_MONTH.finditer(text):
        r = _month_range(int(m.group(1)), int(m.group(2) or m.group(3)))
        if r:
            add(m, *r)
    for m in _MONTH_DAY_EN.finditer(text):
        by_month_day(m, _MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3))
    for m in _DAY_MONTH_EN.finditer(text):
        by_month_day(m, _MONTHS[m.group(2).lower()], int(m.group(1)), m.group(3))
    for m in _MONTH_YEAR_EN.finditer(text):
        r = _month_range(int(m.group(2)), _MONTHS[m.group(1).lower()])
        if r:
            add(m, *r)
    for pattern in (_MONTH_DAY_JA, _MONTH_DAY_SLASH):
        for m in pattern.finditer(text):
            by_month_day(m, int(m.group(1)), int(m.group(2)), None)
    if not spans:
        return None, None, text
    start, end, lo, hi = min(spans)
    since: dt.date | None = lo
    until: dt.date | None = hi
    if _SINCE.search(text[end : end + 4]) or _SINCE.search(text[max(0, start - 8) : start]):
        until = None
    elif _UNTIL.search(text[end : end + 4]) or _UNTIL.search(text[max(0, start - 8) : start]):
        since = None
    return since, until, text[:start] + " " + text[end:]


def _presenter(text: str, presenters: Sequence[str]) -> tuple[str | None, str]:
    """The one presenter the question names (full name, or a given/family name of 3+ letters)."""
    norm = text.lower()
    found: dict[str, tuple[int, int]] = {}
    for name in presenters:
        candidates = [name, name.replace(" ", ""), *name.split()]
        for cand in candidates:
            c = cand.lower()
            if len(c) < 3:
                continue
            m = re.search(rf"(?<![a-z]){re.escape(c)}(?![a-z])(?:\s*さん)?", norm)
            if m:
                found.setdefault(name, (m.start(), m.end()))
                break
    if len(found) != 1:
        return None, text
    name, (start, end) = next(iter(found.items()))
    return name, text[:start] + " " + text[end:]


def _tag(text: str, list_like: bool) -> str | None:
    """A tag named in brackets, or a tag word in a list/which question."""
    bracket = re.search(r"[\[［]([^\]］]{1,20})[\]］]", text)
    if bracket and not CITATION_LABEL.fullmatch(bracket.group(0)):  # a citation label is not a tag
        return TAG_ALIASES.get(bracket.group(1).lower(), bracket.group(1).lower())
    if list_like:
        for word, tag in TAG_ALIASES.items():
            if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text, re.I):
                return tag
    return None


def understand(question: str, presenters: Sequence[str] = (), sessions: Sequence[dt.date] = ()) -> Intent:
    """Classify the question and pull out the filters it names."""
    text = unicodedata.normalize("NFKC", question)
    since, until, rest = _dates(text, sessions)
    presenter, rest = _presenter(rest, presenters)
    if _WHO.search(text):
        kind: Kind = "who"
    elif _LIST.search(text) or (presenter and not _WHEN.search(text) and re.search(r"present|発表", text, re.I)):
        kind = "list"
    elif _WHICH.search(text):
        kind = "which"
    elif _WHEN.search(text):
        kind = "when"
    else:
        kind = "what"
    tag = _tag(text, kind in ("list", "which"))
    query = _QUESTION_WORDS.sub(" ", rest)
    if tag:
        query = re.sub(
            rf"[\[［]?{re.escape(tag)}[\]］]?|papers?|slides?|blogs?|スライド|ブログ", " ", query, flags=re.I
        )
    query = " ".join(query.split())
    return Intent(kind=kind, query=query, filters=Filters(since=since, until=until, presenter=presenter, tag=tag))
