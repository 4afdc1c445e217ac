"""The time a question names, resolved against the sessions the index holds.

Explicit dates (2024-09-26, 9月26日, Sep 19), months (2024年5月, May 2024, 9月), bounds (以降, まで, since,
before), calendar-relative words (今年, 先月, last month: against today), and sessions found by their place
(最新の回 / 前回 / the latest session, 初回 / the first session, 9/26の前の回 / the session after May 16:
against the catalogue). A date or month the question names that no session has is reported, not dropped.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rag.text import DATE_RE, calendar_date, cut_spans

Position = Literal["latest", "first", "before", "after"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
} | {"sept": 9}  # fmt: skip
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月|[-/](\d{1,2})(?![\d/-]))")
_MONTH_DAY_JA = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH_DAY_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
# English dates read with ASCII word edges (re.A), so a Japanese particle after one ends it: 「Sept. 26の勉強会」;
# "September the 26th" says its day as an ordinal after "the".
_MONTH_DAY_EN = re.compile(
    rf"\b({_MONTH_NAME})\.?\s+(?:the\s+(?=\d{{1,2}}(?:st|nd|rd|th)))?(\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s*((?:19|20)\d{{2}}))?",
    re.I | re.A,
)
_DAY_MONTH_EN = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAME})\b(?:,?\s*((?:19|20)\d{{2}}))?", re.I | re.A
)
_MONTH_YEAR_EN = re.compile(rf"\b({_MONTH_NAME})\.?\s+(?:of\s+)?((?:19|20)\d{{2}})\b", re.I | re.A)
_DAY_JA = re.compile(r"(?<![\d月/年-])(\d{1,2})\s*日(?![間目前後付])(?=\s*(?:の|に|は|って|で|\s*[?？]))")
_MONTH_JA = re.compile(r"(?<![\d年])(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")
_MONTH_EN = re.compile(
    rf"\b(?:in|during|from|of|since|until|before|after|for)\s+({_MONTH_NAME})\b(?!\s*\d)"
    rf"|\b({_MONTH_NAME})(?=\s+(?:sessions?|meetings?|meetups?|gatherings?|get-togethers?|study\s+groups?|talks?|topics?"
    rf"|presentations?)\b)"
    rf"|(?<=\bthe\s)({_MONTH_NAME})(?=\s+one\b)"  # "the session after the April one"
    rf"|\b(?:early|mid|late)[-\s]+({_MONTH_NAME})\b(?!\s*\d)",
    re.I | re.A,
)
# A year as time ("2024年の", "in 2024"), not a year inside a name (ICDAR 2024, NLP2024).
_YEAR = re.compile(
    r"(?<![A-Za-z0-9])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)"
    r"|\b(?:in|during|since|from|before|after|until|of|for)\s+((?:19|20)\d{2})\b(?!\s*[-/])",
    re.I,
)
# The part of a month a question names: early / mid / late May, 5月上旬 / 中旬 / 下旬 / 末.
_PARTS = {
    "early": (1, 10), "beginning of": (1, 10), "上旬": (1, 10), "初旬": (1, 10), "初め": (1, 10),
    "mid": (11, 20), "middle of": (11, 20), "中旬": (11, 20),
    "late": (21, 31), "end of": (21, 31), "下旬": (21, 31), "末": (21, 31),
}  # fmt: skip
_PART_BEFORE = re.compile(r"\b(early|mid|late|beginning of|middle of|end of)(?:[-\s]+(?:the\s+)?)$", re.I)
_PART_AFTER = re.compile(r"\s*(上旬|初旬|初め|中旬|下旬|末)")
_RELATIVE = re.compile(r"今年|去年|昨年|今月|先月|this\s+year|last\s+year|this\s+month|last\s+month", re.I)
_SINCE = re.compile(r"^\s*(以降|から|以後|より後|の後)|\b(since|after)\s*(?:the\s+)?$", re.I)
# Bounds that leave the named time out: "before September" ends in August, "after May" starts in June.
_EXCLUSIVE = re.compile(r"^\s*(より後|の後|より前)|\b(after|before|prior\s+to)\s*(?:the\s+)?$", re.I)
_UNTIL = re.compile(
    r"^\s*(以前|まで|より前|の前(?!の回))|\b(before|prior\s+to|until|till|up\s+to|through|by)\s*(?:the\s+)?$", re.I
)

_BOUND_WORD = re.compile(r"\s*(?:以降|以後|より後|より前|以前|までに|まで|から|(?:の後|の前)(?!の回))")

# Both ends at once: 最初と最後の回, the first and last sessions, 一番古い勉強会と一番新しい勉強会.
_FIRST_WORD = r"(?:最初|初回|一番古い|最古|first|earliest|oldest)"
_LAST_WORD = r"(?:最後|最新|直近|一番新しい|last|latest|newest|most\s+recent)"
_END_NOUN = r"(?:の?\s*(?:回|勉強会|セッション)|\s+(?:sessions?|meetings?|ones?))?"
_AND = r"\s*(?:と|&|、|および|及び|\band\b|\bor\b)\s*(?:the\s+)?"
_END_AFTER = re.compile(
    r"\s*(?:の\s*)?(?:sessions?|meetings?|talks?|presentations?|ones?|回|勉強会|セッション|発表)", re.I
)
_ENDS = re.compile(rf"{_FIRST_WORD}{_END_NOUN}{_AND}{_LAST_WORD}|{_LAST_WORD}{_END_NOUN}{_AND}{_FIRST_WORD}", re.I)

# A session found by its place in time.
# Japanese questions also name the session in English or katakana: 「26 September の前の session」, 次のミーティング.
_SESSION_JA = r"(?:\s*(?:回|週|セッション|勉強会|ミーティング|MTG|session|meeting))"
# The session said as the group's meeting: "the first study group session", "the latest meetup", "our first
# gathering", "the last study group" (the group's own name for a session, not a topic word).
_MEET_EN = (
    r"(?:(?:study[\s-]+group\s+|group\s+|study\s+)?(?:session|meeting|meetup|meet-up|gathering|get-together)"
    r"|study[\s-]+group)"
)
_SESSION_EN = rf"(?:{_MEET_EN}|note|week)"
_CLOSE = r"(?:right\s+|just\s+|immediately\s+)?"
_NEIGHBOUR = rf"(?:{_MEET_EN}|one|week)s?\s+(?:(?:was|is|came|come|held|took\s+place)\s+)?{_CLOSE}"
_ONE = r"(?:すぐ)?(?:一つ|ひとつ|1つ|1個|一個|いっこ|1コ)?"  # 9/26の一つ前の回 = 9/26の一個前の回 = 9/26の前の回
# what came after …, what took place next after …
_CAME = rf"(?:came|comes|come|was|is|happened|held|took\s+place|takes\s+place)\s+(?:next\s+)?{_CLOSE}"
# A session named by what was in it, after "before"/"after": "after the CREPE session", "before the one where
# o1 was presented", "after Kitaoka's o1 talk" (not "after switching languages": a session word ends it).
_NAMED_ONE = r"(?:the|that|this|[A-Z][\w-]*'s)\s+(?:[^\s?？.,;]+\s+){0,5}?(?:session|meeting|one|talk|presentation)s?\b"
# The one before the latest: the penultimate session, the second to last, 最後から2番目の回.
_PENULTIMATE = (
    r"\bpenultimate\b|\b(?:2nd|second)[-\s]+(?:to[-\s]+)?(?:last|latest|most\s+recent)\b"
    r"|(?:最後|後ろ)から(?:2|二)番目|\b(?:session|meeting|one)\s+before\s+(?:the\s+)?last\b"
)
# A place before the latest that names the latest itself (the penultimate session, 前々回): its anchor is said,
# so no topic or presenter the question also names is what it counts from ("in the session before last, who
# talked about MoE?" asks about MoE in that session, not about the session before MoE's).
_SELF_ANCHORED = re.compile(rf"{_PENULTIMATE}|前々回|前々の", re.I)
# How many sessions back: "two sessions before the latest", 9/26の2つ前の回.
STEP_WORDS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4, "二": 2, "三": 3, "四": 4, "ふた": 2, "みっ": 3}
COUNT_WORD = r"(?:two|three|four|[234]|二|三|四|ふた|みっ)"
_STEPS = re.compile(
    rf"(?<![A-Za-z0-9]){COUNT_WORD}(?=\s*つ(?:前|次|後|あと)|\s+(?:session|meeting|one|week)s?\b|\s+(?:after|before)\b)",
    re.I,
)
# Two steps said twice over: 次の次の回, 前の前の回, "the session after next".
_TWICE = re.compile(r"次の次|前の前|\bafter\s+next\b", re.I)
# "When did we last meet?", 最後に集まったのは: the latest session, asked as the last time the group met; the
# passive only as a clause on the session noun (最後に開かれた勉強会), not of a named event (「AIエージェント勉強会が
# 最初に開かれたのは」 asks that event's date, written in a topic).
_LAST_MET = (
    r"\b(?:last|most\s+recently)\s+(?:met|meet|gathered|got\s+together|get\s+together|had\s+a\s+(?:session|meeting))\b"
    r"|\b(?:met|meet)\s+(?:for\s+the\s+)?(?:last|most\s+recently)\b|最後に(?:集まっ|会っ|開催し|開い|やっ)たの?|最後に(?:開かれ|開催され|行われ)た(?=回|勉強会|セッション)|最後に(?:集ま|会)"
)
# "When did the group first meet?", 初めて集まったのは: the first session, asked as the first time the group met.
_FIRST_MET = (
    r"\bfirst\s+(?:met|meet|gathered|got\s+together|get\s+together)\b|\b(?:met|meet)\s+for\s+the\s+first\s+time\b"
    r"|(?:初めて|はじめて|最初に)(?:集まっ|開催し|開い|やっ)た|(?:初めて|はじめて|最初に)(?:開かれ|開催され|行われ)た(?=回|勉強会|セッション)"
)
# A presenter's first or latest talk: 最初に発表した / 初めて紹介した / 最初の発表 / first presented / the first
# talk; 最後に発表した / latest talk / most recently presented. Only beside a presenter's name: "when was RAG
# first presented?" asks for every session, not the first one. A tag's first or latest topic likewise: the
# first paper, 最初の[論文], the latest blog post (only where the tag noun stands right after the word).
_TAG_NOUN = r"(?:\[[^\]]{1,12}\]|論文|ブログ|スライド|記事)"
_TAG_NOUN_EN = r"(?:papers?|blogs?(?:\s+posts?)?|slides?|slide\s+decks?|decks?|articles?)\b"
TAGGED_TALK = re.compile(
    rf"(?:最初|最新|最後|直近)の\s*{_TAG_NOUN}|\b(?:first|earliest|latest|last|newest)\s+{_TAG_NOUN_EN}", re.I
)
_TALK_FIRST = (
    r"(?:最初に|初めて|はじめて)の?(?:発表|紹介|登壇)|初(?:発表|登壇)|(?:一番)?最初の(?:発表|紹介|登壇)"
    rf"|\bfirst\s+(?:present(?:ed)?|talk|presentation|topic|spoke|gave)\b|\bearliest\s+(?:talk|presentation|topic)\b"
    rf"|最初の\s*(?:{_TAG_NOUN}|トピック)|\b(?:first|earliest)\s+{_TAG_NOUN_EN}"
)
_TALK_LATEST = (
    r"最後に(?:発表|紹介|登壇)|(?:最新|最後|直近)の(?:発表|トピック)|\b(?:latest|last|newest|most\s+recent)\s+(?:talk|presentation|topic)s?\b"
    r"|\b(?:most\s+recently|last)\s+present(?:ed)?\b|\bpresent(?:ed|s)?\s+most\s+recently\b"
    rf"|(?:最新|最後|直近)の\s*{_TAG_NOUN}|\b(?:latest|last|newest|most\s+recent)\s+{_TAG_NOUN_EN}"
)
_POSITIONS: tuple[tuple[Position, re.Pattern[str]], ...] = (
    (
        "before",
        re.compile(
            rf"{_PENULTIMATE}|の(?:その)?{_ONE}(?:直?前)の{_SESSION_JA}|の(?:その)?{_ONE}前回|\b(?:{_NEIGHBOUR}|{_CAME})(?:before|prior\s+to)\b"
            rf"|\b(?:previous|preceding)\s+(?:{_SESSION_EN}|one)\s+(?:to|before)\b|\bpreced(?:ed|es|ing)\b|\bbefore(?=\s+{_NAMED_ONE})|\bearlier\s+(?:{_SESSION_EN}s?\s+)?than\b"
            rf"|(?:一|1)週間?前の{_SESSION_JA}|\b(?:a|one)\s+week\s+(?:before|earlier)\b"
            rf"|(?<=回)の前(?=は|って|\s*[?？]|$)|前々回|前々の{_SESSION_JA}|の?{COUNT_WORD}つ前の{_SESSION_JA}|\b{COUNT_WORD}\s+{_NEIGHBOUR}before\b"
            rf"|\b(?:session|meeting|one)s?\s+{COUNT_WORD}\s+before\b|の前の前の{_SESSION_JA}",
            re.I,
        ),
    ),
    (
        "after",
        re.compile(
            rf"\b(?:session|meeting|one)\s+after\s+next\b"
            rf"|の(?:その)?{_ONE}(?:次|後|あと|直後)の{_SESSION_JA}|の(?:その)?{_ONE}次回|\b{_NEIGHBOUR}after\b|\b{_CAME}after\b"
            rf"|\bfollow(?:ed|s|ing)\b|\bafter(?=\s+{_NAMED_ONE})|\blater\s+(?:{_SESSION_EN}s?\s+)?than\b"
            rf"|(?:一|1)週間?後の{_SESSION_JA}|\b(?:a|one)\s+week\s+(?:after|later)\b"
            r"|の(?:後|あと)に(?:開かれた|あった|行われた|やった|開催された)(?:回|勉強会)"
            r"|次の次の(?:回|勉強会)"
            r"|\bnext\s+(?:session|meeting|time)\b|\b(?:met|meet)\s+next\b|次の(?:回|勉強会)|翌週|次回"
            r"|(?<=回)の(?:次|後|あと)(?=は|って|\s*[?？]|$)"
            rf"|の?{COUNT_WORD}つ(?:次|後)の{_SESSION_JA}|\b{COUNT_WORD}\s+{_NEIGHBOUR}after\b"
            rf"|\b(?:session|meeting|one)s?\s+{COUNT_WORD}\s+after\b",
            re.I,
        ),
    ),
    (
        "latest",
        re.compile(
            rf"最新|(?:一番)?最近の?{_SESSION_JA}|(?:一番)?新しい{_SESSION_JA}|直近|最後の{_SESSION_JA}|前回|先週|この前の(?:回|勉強会)|^\s*前の(?:回|勉強会)"
            rf"|\b(?:latest|newest|most\s+recent|last|recent)\s+(?:{_SESSION_EN}|one)\b"
            rf"|\bprevious\s+(?:{_SESSION_EN}|one)\b(?!\s+(?:to|before)\b)"
            r"|\blast\s+time\b"
            rf"|{_LAST_MET}",
            re.I,
        ),
    ),
    (
        "first",
        re.compile(
            rf"最初の?(?:{_SESSION_JA}|ノート)|初回|一番(?:古い|初め|はじめ)|(?:一番)?古い{_SESSION_JA}|最古"
            rf"|\b(?:first|earliest|oldest)\s+(?:{_SESSION_EN}|one)\b|{_FIRST_MET}",
            re.I,
        ),
    ),
)


# Sessions counted in the catalogue's order: the n-th (2回目の勉強会, 第3回, the third session) and the last or
# first few (直近2回, 最後の3回, the last two sessions, 最初の2回, the first two meetings).
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "一": 1, "二": 2, "三": 3, "四": 4,
                "五": 5, "六": 6, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}  # fmt: skip
_N = r"(\d{1,2}|[一二三四五六])"
_N_EN = r"(\d{1,2}|two|three|four|five|six)"
# Only the group's own: not another event's ("キャッチアップ勉強会の第1回", "言語処理学会第30回年次大会", "#1"), so
# not after の or a name, nor before a word that names the event.
_OWN = r"(?<![の#＃一-龥ァ-ヶーA-Za-z\d何])"
# …and followed by a session word or a particle: 2回目の勉強会, 第3回の内容, 2回目は — not 10回目の実験.
_SESSION_WORD = r"(?:勉強会|回|セッション|ミーティング|内容|発表|トピック|まとめ|要約)"
_OWN_AFTER = rf"(?=\s*(?:の\s*)?{_SESSION_WORD}|\s*(?:は|に|で|って|が|を|$|[?？、。]))"
_NTH = re.compile(
    rf"{_OWN}{_N}\s*回目{_OWN_AFTER}|{_OWN}第\s*{_N}\s*回(?!目){_OWN_AFTER}"
    r"|\b(second|third|fourth|fifth|sixth|\d{1,2}(?:nd|rd|th))\s+(?:study\s+)?(?:session|meeting|study\s+group)\b",
    re.I,
)
_LAST_N = re.compile(
    rf"(?:直近|最近|最後)の?\s*{_N}\s*回(?!目)"
    rf"|\b(?:the\s+)?(?:last|latest|past|most\s+recent|previous|recent)\s+{_N_EN}\s+(?:sessions|meetings|times)\b",
    re.I,
)
_FIRST_N = re.compile(
    rf"(?:最初|初め|はじめ)の\s*{_N}\s*回(?!目)|\b(?:the\s+)?(?:first|earliest)\s+{_N_EN}\s+(?:sessions|meetings)\b",
    re.I,
)


def _count(word: str) -> int:
    """A count or ordinal as written: 2, 二, two, second, 3rd."""
    w = word.lower()
    return _COUNT_WORDS.get(w) or int(re.sub(r"\D", "", w) or 0)


@dataclass(frozen=True)
class Dates:
    """What a question says about time."""

    since: dt.date | None = None
    until: dt.date | None = None
    rest: str = ""  # the text without the date expressions
    day: dt.date | None = None  # the single day it names (the anchor of "the session before/after …")
    position: Position | None = None  # a session named by its place in time
    session: dt.date | None = None  # that session, resolved against the catalogue (None: there is none)
    unknown: str | None = None  # a day or month it names that no session has: "2024-06-20", "2024-07"
    missing_ordinal: int | None = None  # the n-th session it names, when the notes hold fewer sessions
    steps: int = 1  # how many sessions before/after: "two sessions before the latest" is 2
    from_latest: bool = False  # before/after with no day named: counted from the latest session
    # before/after a day or month the notes hold no session in ("the session after June 20"): that time as
    # written, for the answer to say so before giving the nearest session; "" when the anchor is a session
    no_session_at: str = ""
    both_ends: bool = False  # the first and the latest session together ("最初と最後の回はいつ?")

    def counted_from(self, anchor: dt.date, sessions: Sequence[dt.date]) -> Dates:
        """This before/after place counted from ``anchor`` instead (the session of a topic the question
        names: "the session after the one about CREPE")."""
        assert self.position in ("before", "after")
        session = _session_at(self.position, anchor, sorted(set(sessions)), self.steps)
        return dataclasses.replace(self, day=anchor, session=session, from_latest=False, unknown=None, no_session_at="")


def _month_range(y: int, m: int) -> tuple[dt.date, dt.date] | None:
    if not 1 <= m <= 12:
        return None
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


@dataclass
class _Span:
    start: int
    end: int
    lo: dt.date
    hi: dt.date
    label: str  # how to name it when no session falls in it


class _Reader:
    def __init__(self, text: str, sessions: Sequence[dt.date], today: dt.date) -> None:
        self.text = text
        self.sessions = sorted(set(sessions))
        self.today = today
        self.spans: list[_Span] = []
        self.unresolved: list[tuple[int, int, str]] = []  # a month/day no session has (no year to guess)
        self.missing_ordinal: int | None = None

    def add(self, m: re.Match[str], lo: dt.date | None, hi: dt.date | None, label: str) -> None:
        """The date range of match ``m``, from its first group (a preposition before it is not part of it)."""
        start = min((m.start(g) for g in range(1, (m.re.groups or 0) + 1) if m.start(g) >= 0), default=m.start())
        if lo and hi and not self._taken(start):
            self.spans.append(_Span(start, m.end(), lo, hi, label))

    def _taken(self, at: int) -> bool:
        return any(s.start <= at < s.end for s in self.spans) or any(s <= at < e for s, e, _ in self.unresolved)

    def by_month_day(self, m: re.Match[str], month: int, day: int, year: str | None) -> None:
        if year:
            d = calendar_date(year, month, day)
            self.add(m, d, d, d.isoformat() if d else "")
            return
        found = [s for s in self.sessions if (s.month, s.day) == (month, day)]
        years = {s.year for s in self.sessions}
        if len(found) == 1:
            self.add(m, found[0], found[0], found[0].isoformat())
        elif not found and len(years) == 1 and calendar_date(years.pop(), month, day):
            # No session that day, but the sessions are all of one year: the day is of that year (a bound
            # of "between May 1 and Sep 20", or a day to report as having no session).
            d = calendar_date(self.sessions[0].year, month, day)
            self.add(m, d, d, f"{month:02d}-{day:02d}")  # reported as written: the year is the notes'
        elif not found and 1 <= month <= 12 and not self._taken(m.start()):
            self.unresolved.append((m.start(), m.end(), f"{month:02d}-{day:02d}"))

    def by_month(self, m: re.Match[str], month: int) -> None:
        """A month without a year: the year of the sessions held in that month, if that is one year."""
        years = sorted({s.year for s in self.sessions if s.month == month})
        if len(years) == 1:
            r = _month_range(years[0], month)
            if r:
                self.add(m, *r, f"{years[0]}-{month:02d}")
        elif not years and len({s.year for s in self.sessions}) == 1 and 1 <= month <= 12:
            # No session that month, but the sessions are all of one year: the month is of that year (an
            # anchor of "the session after June", or a month to report as having no session).
            r = _month_range(self.sessions[0].year, month)
            if r:
                self.add(m, *r, f"{month:02d}")  # reported as written: the year is the notes'
        elif not years and 1 <= month <= 12 and not self._taken(m.start()):
            self.unresolved.append((m.start(), m.end(), f"{month:02d}"))

    def by_order(self) -> None:
        """Sessions named by their order in the catalogue: the n-th one, the last or first n."""
        held = self.sessions
        for m in _NTH.finditer(self.text):
            n = _count(next(g for g in m.groups() if g))
            if 1 <= n <= len(held):
                self.spans.append(_Span(m.start(), m.end(), held[n - 1], held[n - 1], held[n - 1].isoformat()))
            elif held and n > len(held):
                self.missing_ordinal = n
                self.unresolved.append((m.start(), m.end(), ""))
        for pattern, last in ((_LAST_N, True), (_FIRST_N, False)):
            for m in pattern.finditer(self.text):
                n = _count(next(g for g in m.groups() if g))
                if n >= 1 and held and not self._taken(m.start()):
                    few = held[-n:] if last else held[:n]
                    self.spans.append(_Span(m.start(), m.end(), few[0], few[-1], f"{few[0]}..{few[-1]}"))

    def read(self) -> None:
        t = self.text
        self.by_order()
        for m in DATE_RE.finditer(t):
            d = calendar_date(m.group(1), m.group(2), m.group(3))
            self.add(m, d, d, d.isoformat() if d else "")
        for m in _YEAR_MONTH.finditer(t):
            month = int(m.group(2) or m.group(3))
            r = _month_range(int(m.group(1)), month)
            if r:
                self.add(m, *r, f"{m.group(1)}-{month:02d}")
        for m in _MONTH_DAY_EN.finditer(t):
            self.by_month_day(m, _MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3))
        for m in _DAY_MONTH_EN.finditer(t):
            self.by_month_day(m, _MONTHS[m.group(2).lower()], int(m.group(1)), m.group(3))
        for m in _MONTH_YEAR_EN.finditer(t):
            month = _MONTHS[m.group(1).lower()]
            r = _month_range(int(m.group(2)), month)
            if r:
                self.add(m, *r, f"{m.group(2)}-{month:02d}")
        for pattern in (_MONTH_DAY_JA, _MONTH_DAY_SLASH):
            for m in pattern.finditer(t):
                self.by_month_day(m, int(m.group(1)), int(m.group(2)), None)
        for m in _DAY_JA.finditer(t):  # 26日の回: the one session held on that day of a month
            found = [s for s in self.sessions if s.day == int(m.group(1))]
            if len(found) == 1:
                self.add(m, found[0], found[0], found[0].isoformat())
        for m in _MONTH_JA.finditer(t):
            self.by_month(m, int(m.group(1)))
        for m in _MONTH_EN.finditer(t):
            self.by_month(m, _MONTHS[next(g for g in m.groups() if g).lower()])
        for m in _YEAR.finditer(t):
            y = int(m.group(1) or m.group(2))
            self.add(m, dt.date(y, 1, 1), dt.date(y, 12, 31), str(y))
        for m in _RELATIVE.finditer(t):
            self.add(m, *self._relative(m.group(0).lower()))
        self.spans = [self._part_of_month(s) for s in self.spans]

    def _part_of_month(self, span: _Span) -> _Span:
        """A whole month narrowed to the part the words beside it name: early / mid / late May,
        5月上旬 / 中旬 / 下旬 (days 1-10, 11-20, 21-end)."""
        last = calendar.monthrange(span.lo.year, span.lo.month)[1]
        if span.lo.day != 1 or span.hi != span.lo.replace(day=last):
            return span
        start, end, part = span.start, span.end, None
        window = max(0, span.start - 16)
        before = _PART_BEFORE.search(self.text[window : span.start])
        after = _PART_AFTER.match(self.text, span.end)
        if before:
            start, part = window + before.start(), before.group(1)
        elif after:
            end, part = after.end(), after.group(1)
        if part is None:
            return span
        first, final = _PARTS[part.lower()]
        lo, hi = span.lo.replace(day=first), span.lo.replace(day=min(final, last))
        return _Span(start, end, lo, hi, f"{lo.isoformat()}..{hi.isoformat()}")

    def _relative(self, word: str) -> tuple[dt.date, dt.date, str]:
        year, month = self.today.year, self.today.month
        if word in ("今年", "this year"):
            return dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)
        if word in ("去年", "昨年") or word.replace(" ", "") == "lastyear":
            return dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31), str(year - 1)
        if word in ("先月",) or word.replace(" ", "") == "lastmonth":
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        lo, hi = _month_range(year, month) or (self.today, self.today)
        return lo, hi, f"{year}-{month:02d}"


# A span of weeks from a day: 9/26の前週 / 先々週 / 2週間後 / "two weeks before Sept 26" / "the week after".
# Sessions are not weekly, so it names a time, answered with the session nearest it.
_WEEK_COUNT = {"a": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "一": 1, "二": 2, "三": 3, "四": 4}
_WEEKS = re.compile(
    r"(?P<ja1>前|翌|次の|先)週(?!間)|(?P<ja2>先々|前々)週|(?P<nja>\d|[一二三四])\s*週間?\s*(?P<dja>前|後|あと)"
    r"|\b(?P<nen>a|one|two|three|four|\d|the)\s+weeks?\s+(?P<den>before|after|earlier|later|prior\s+to)\b",
    re.I,
)


def _weeks(text: str) -> tuple[int, re.Match[str]] | None:
    """The signed number of weeks a week phrase of ``text`` steps, and the phrase."""
    m = _WEEKS.search(text)
    if m is None:
        return None
    if m.group("ja1"):
        return (-1 if m.group("ja1") in ("前", "先") else 1), m
    if m.group("ja2"):
        return -2, m
    if m.group("nja"):
        n = _WEEK_COUNT.get(m.group("nja")) or int(m.group("nja"))
        return (-n if m.group("dja") == "前" else n), m
    n = _WEEK_COUNT.get(m.group("nen").lower()) or int(m.group("nen"))
    return (
        -n if m.group("den").lower() in ("before", "earlier") or m.group("den").lower().startswith("prior") else n
    ), m


def _weeks_from(text: str, reader: _Reader) -> Dates | None:
    """A time some weeks before/after the one day the question names: the session on that day if any, else
    the session nearest it on that side of the day, with the time for the answer to say it had none."""
    found = _weeks(text)
    days = [s for s in reader.spans if s.lo == s.hi]
    if found is None or len(days) != 1 or not reader.sessions:
        return None
    weeks, m = found
    anchor = days[0].lo
    target = anchor + dt.timedelta(weeks=weeks)
    position: Position = "before" if weeks < 0 else "after"
    # the sessions on the side of the day the question counts towards; the one nearest the time
    side = [s for s in reader.sessions if (s < anchor if weeks < 0 else s > anchor)]
    if not side:
        return Dates(rest=cut_spans(text, [(days[0].start, days[0].end), m.span()]), day=anchor, position=position)
    nearest = min(side, key=lambda s: abs((s - target).days))
    missing = "" if nearest == target else target.isoformat()
    rest = cut_spans(text, [(days[0].start, days[0].end), m.span()])
    return Dates(rest=rest, day=anchor, position=position, session=nearest, no_session_at=missing)


def read_dates(text: str, sessions: Sequence[dt.date], today: dt.date | None = None) -> Dates:
    """The time ``text`` names (see the module's docstring); ``text`` is NFKC-normalised already."""
    reader = _Reader(text, sessions, today or dt.date.today())
    reader.read()
    by_weeks = _weeks_from(text, reader)
    if by_weeks is not None:
        return by_weeks
    position, places = _position(text, [(s.start, s.end) for s in reader.spans])
    from_end = _counted_from_end(text, [(s.start, s.end) for s in reader.spans])
    if from_end is not None and reader.sessions and not reader.spans:
        # 「前回の前の回」, "the session after the first one": counted from the latest or the first session
        place, anchor = from_end[0], reader.sessions[-1] if from_end[1] == "latest" else reader.sessions[0]
        steps = _steps(text, places)
        session = _session_at(place, anchor, reader.sessions, steps)
        return Dates(rest=cut_spans(text, places), day=anchor, position=place, session=session, steps=steps)
    ends = _ENDS.search(text)
    if ends and (position in ("first", "latest") or _END_AFTER.match(text, ends.end())) and reader.sessions:
        # "the first and the last session", 最初と最後の回: both ends of the sessions held
        rest = cut_spans(text, [*places, ends.span()])
        held_all = reader.sessions
        return Dates(since=held_all[0], until=held_all[-1], rest=rest, position="first", both_ends=True)
    steps = _steps(text, places)
    spans = [(s.start, s.end) for s in reader.spans] + [(s, e) for s, e, _ in reader.unresolved] + places
    since, until, bound, label = _range(text, reader)
    if bound:  # the bound's own word is no topic: 「9月19日より後の回」
        end = min(reader.spans, key=lambda s: s.start).end
        word = _BOUND_WORD.match(text, end)
        spans += [word.span()] if word else []
    rest = cut_spans(text, spans)
    day = next((s.lo for s in sorted(reader.spans, key=lambda s: s.start) if s.lo == s.hi), None)
    held = [s for s in reader.sessions if (since is None or s >= since) and (until is None or s <= until)]
    if position is not None:
        first = min(reader.spans, key=lambda s: s.start) if reader.spans else None
        named = [s for s in reader.sessions if first and first.lo <= s <= first.hi]
        if position in ("before", "after") and first is not None and not named:
            # a day or month with no session: counted from its edge ("after June" = after June 30)
            edge = first.lo if position == "before" else first.hi
            session = _session_at(position, edge, reader.sessions, steps)
            written = first.label if len(first.label) >= 7 else f"{edge.year}-{first.label}"  # "06" → 2024-06
            return Dates(
                rest=rest, day=edge, position=position, session=session, steps=steps,
                unknown=None if session else written, no_session_at=written,
            )  # fmt: skip
        said = bool(_SELF_ANCHORED.search(text))
        if position in ("before", "after") and len(named) > 1 and not bound:
            # 「9月の会の前の回」, 「9月の次の回」: a month of several sessions is left whole — counted from its
            # first session (before) or its last (after), not from one inside it
            edge = named[0] if position == "before" else named[-1]
            return _placed(position, rest, edge, None, None, [], [edge], reader.sessions, steps, said)
        return _placed(position, rest, day, since, until, held, named, reader.sessions, steps, said)
    if reader.missing_ordinal is not None and not reader.spans:
        return Dates(rest=rest, missing_ordinal=reader.missing_ordinal)
    if reader.unresolved and not reader.spans:
        return Dates(rest=rest, unknown=reader.unresolved[0][2])
    unknown = None if held or bound or not reader.spans else label
    return Dates(since=since, until=until, rest=rest, day=day, unknown=unknown)


def _range(text: str, reader: _Reader) -> tuple[dt.date | None, dt.date | None, bool, str]:
    """The date range the first date expression names (with its bound: 以降, まで, since, before),
    or from it to a second one ("from May to September"); whether it is a bound; its label."""
    if not reader.spans:
        return None, None, False, ""
    first = min(reader.spans, key=lambda s: s.start)
    since: dt.date | None = first.lo
    until: dt.date | None = first.hi
    bound = False
    after, before = text[first.end : first.end + 4], text[max(0, first.start - 10) : first.start]
    exclusive = bool(_EXCLUSIVE.search(after) or _EXCLUSIVE.search(before))
    if _SINCE.search(after) or _SINCE.search(before):
        until, bound = None, True
        since = first.hi + dt.timedelta(days=1) if exclusive else first.lo
    elif _UNTIL.search(after) or _UNTIL.search(before):
        since, bound = None, True
        until = first.lo - dt.timedelta(days=1) if exclusive else first.hi
    if len(reader.spans) >= 2 and not bound:  # "from May to September", "5月から9月"
        second = sorted(reader.spans, key=lambda s: s.start)[1]
        if re.search(r"から|~|〜|-|–|\bto\b|\buntil\b|\bthrough\b|\band\b", text[first.end : second.start], re.I):
            since, until = first.lo, second.hi
    return since, until, bound, first.label


def _placed(
    position: Position,
    rest: str,
    day: dt.date | None,
    since: dt.date | None,
    until: dt.date | None,
    held: Sequence[dt.date],
    named: Sequence[dt.date],
    sessions: Sequence[dt.date],
    steps: int = 1,
    latest_said: bool = False,
) -> Dates:
    """A session named by its place: the latest/first one (within the range the question names: "the first
    session in September", "the last one before July"), or the one before/after a day or a session ("the
    session after the April one")."""
    ranged = since is not None or until is not None
    anchor = day if day in sessions else (named[0] if len(named) == 1 else day)
    if position in ("latest", "first") or (ranged and anchor is None):
        pool = held if ranged else sessions
        pick = "first" if position in ("first", "after") else "latest"
        session = (pool[0] if pick == "first" else pool[-1]) if pool else None
        # the range is kept for the answer to say what the place is counted within ("the last one before July")
        return Dates(since=since, until=until, rest=rest, day=day, position=position, session=session)
    session = _session_at(position, anchor, sessions, steps)
    unknown = None if session or anchor is None or anchor in sessions else anchor.isoformat()
    latest = anchor is None and bool(sessions)
    if latest:  # "the one before" / 前々回 without a day: counted from the latest session
        anchor = sessions[-1]
    return Dates(
        rest=rest, day=anchor, position=position, session=session, unknown=unknown, steps=steps,
        from_latest=latest and not latest_said,
    )  # fmt: skip


def step_count(text: str, start: int = 0, end: int | None = None) -> int:
    """The number of sessions a place phrase steps ("two sessions before", 2つ前の回): 1 unless it says."""
    end = len(text) if end is None else end
    m = _STEPS.search(text, start, end)
    return STEP_WORDS[m.group(0).lower()] if m else 2 if _TWICE.search(text, start, end) else 1


def _steps(text: str, places: Sequence[tuple[int, int]]) -> int:
    """How many sessions a before/after phrase steps: the number inside it ("two sessions before", 2つ前の回),
    else one."""
    return max((step_count(text, start, end) for start, end in places), default=1)


_TALKS: tuple[tuple[Position, re.Pattern[str]], ...] = (
    ("first", re.compile(_TALK_FIRST, re.I)),
    ("latest", re.compile(_TALK_LATEST, re.I)),
)


def talk_position(text: str) -> tuple[Position, str] | None:
    """A presenter's first or latest talk the text asks about, and the text without those words."""
    for position, pattern in _TALKS:
        m = pattern.search(text)
        if m:
            return position, cut_spans(text, [m.span()])
    return None


def _position(text: str, taken: Sequence[tuple[int, int]] = ()) -> tuple[Position | None, list[tuple[int, int]]]:
    """The first place-in-time phrase of ``text`` outside the ``taken`` spans (直近 in 直近2回 names two
    sessions, not the latest one), and the spans of all of them."""
    found = [
        (m.start(), m.end(), position)
        for position, p in _POSITIONS
        for m in p.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    return (min(found)[2] if found else None), [(s, e) for s, e, _ in found]


def _counted_from_end(text: str, taken: Sequence[tuple[int, int]] = ()) -> tuple[Position, Position] | None:
    """A before/after place counted from the latest or the first session the question also names (前回の前の回,
    "the one after the first session"): the place and that end; None unless both are there, apart."""
    found = [
        (m.start(), m.end(), position)
        for position, p in _POSITIONS
        for m in p.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    around = [f for f in found if f[2] in ("before", "after")]
    ends = [f for f in found if f[2] in ("latest", "first") and not any(a[0] < f[1] and f[0] < a[1] for a in around)]
    return (around[0][2], ends[0][2]) if around and ends else None


def _session_at(position: Position, day: dt.date | None, sessions: Sequence[dt.date], steps: int = 1) -> dt.date | None:
    """The session at ``position``: the latest or first one, or the one ``steps`` sessions before/after
    ``day`` (without a day, "the one before" means before the latest)."""
    if not sessions:
        return None
    if position == "latest":
        return sessions[-1]
    if position == "first":
        return sessions[0]
    anchor = day or sessions[-1]
    if position == "before":
        earlier = [s for s in sessions if s < anchor]
        return earlier[-steps] if len(earlier) >= steps else None
    later = [s for s in sessions if s > anchor]
    return later[steps - 1] if len(later) >= steps else None
