"""A question's calendar words made plain before its time is read: era years as Western years (令和6年 →
2024年), a weekday written beside a date dropped (9月26日(木), Thursday, September 19: the date says it all and
the weekday is no topic), and misspelt place words and catalogue nouns spelt right (befor, aftr, previos,
Whcih, sesions, sumary).
"""

from __future__ import annotations

import calendar
import functools
import re

from rag.query.specific import dictionary_word

# Japanese eras still met in dates: the Western year of each era's first year.
_ERAS = {"令和": 2019, "平成": 1989}
_ERA_YEAR = re.compile(r"(令和|平成)\s*(元|\d{1,2})\s*年")

_DAY_JA = r"[月火水木金土日]"
_DAY_EN = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH_EN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = rf"(?:\d{{1,2}}\s*日|\d{{1,2}}/\d{{1,2}}|\d{{4}}-\d{{2}}-\d{{2}}|\b{_MONTH_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"
# A weekday right after a date: 9月26日(木), 9/26（木曜日）, 9/26 木曜日, Sep 26 (Thu).
_WEEKDAY_AFTER = re.compile(
    rf"({_DATE})(?:\s*[(（]\s*(?:{_DAY_JA}(?:曜日?)?|{_DAY_EN})\s*[)）]|\s*{_DAY_JA}曜日?)", re.I
)
# …or right before one: Thursday, September 19; Thu 9/19; 木曜日の9月19日.
_WEEKDAY_BEFORE = re.compile(
    rf"\b(?:{_DAY_EN})(?:\s*,\s*|\s+)(?:the\s+)?(?=\d|{_MONTH_EN}\s*\d)|{_DAY_JA}曜日?の?\s*(?=\d{{1,2}}\s*月|\d{{1,2}}/)",
    re.I,
)

# Place words and the catalogue's nouns as often misspelt: one letter missing or two swapped (never one
# letter changed, "alter" is a word of its own; nor one too many, "sessions" is no misspelt "session";
# nor a miss that is one of these words, "topic" of "topics").
_PLACE_WORDS = (
    *("before", "after", "previous", "which", "following", "preceding", "session", "sessions", "latest"),
    *("meeting", "meetings", "presenter", "presenters", "topic", "topics", "summary", "summarize", "summarise"),
)
_WORD = re.compile(r"[A-Za-z]{4,}")
# Month names as often misspelt (Septmber, Febuary, Agust); a miss that is a word of its own ("arch" of
# "march") is left alone.
_MONTH_NAMES = tuple(calendar.month_name[1:])


def _near_misses(word: str) -> set[str]:
    deletions = {word[:i] + word[i + 1 :] for i in range(len(word))}
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return {w for w in deletions | swaps if len(w) >= 4} - {word}


@functools.cache
def _misspelt() -> dict[str, str]:
    """Each near miss and the word it misses: built on first use, since the months' check of a miss against
    the word list loads wordfreq (work an import need not do)."""
    places = {miss: right for right in _PLACE_WORDS for miss in _near_misses(right) if miss not in _PLACE_WORDS}
    months = {
        miss: right.lower()
        for right in _MONTH_NAMES
        for miss in _near_misses(right.lower())
        if len(miss) >= 5 and not dictionary_word(miss)
    }
    return places | months


def _spelt(word: str) -> str:
    right = _misspelt().get(word.lower())
    if right is None:
        return word
    return right.capitalize() if word[0].isupper() else right


def plain_calendar(text: str) -> str:
    """``text`` (NFKC-normalised) with era years as Western years, weekdays beside dates dropped and
    misspelt place words spelt right."""

    def western(m: re.Match[str]) -> str:
        n = 1 if m.group(2) == "元" else int(m.group(2))
        return f"{_ERAS[m.group(1)] + n - 1}年"

    text = _ERA_YEAR.sub(western, text)
    text = _WEEKDAY_AFTER.sub(r"\1", text)
    text = _WEEKDAY_BEFORE.sub("", text)
    return _WORD.sub(lambda m: _spelt(m.group(0)), text)
