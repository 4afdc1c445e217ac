"""Text rules every stage shares: the language of a text, tags, presenter names and date patterns."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana and kanji

# A calendar date as notes and questions write it: 2024-09-26, 2024/9/26, 2024.09.26, 2024年9月26日.
# Groups: year, month, day.
DATE = r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
DATE_RE = re.compile(rf"(?<!\d){DATE}")
ISO_DATE_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)")
# A date written as a citation: [2024-09-26] [2024/9/26] 【2024年9月26日】 (2024-09-26), or an undated
# label. One rule for both answer paths: the LLM verifier removes such a citation unless a retrieved
# source backs it; quoted note text never shows one (quote_labels). Groups: year, month, day.
DATE_CITATION = re.compile(rf"[\[【［(（]\s*{DATE}\s*[\]】］)）]|\[undated:[^\]\n]{{0,60}}\]")
QUOTED_LABEL = "〔{}〕"  # how quoted note text shows a date-like label it holds

# Words people use for the notes' tags, in either language (a longer wording before the shorter one in it,
# so that without_tag takes "slide deck" out whole).
TAG_ALIASES = {
    "paper": "論文",
    "papers": "論文",
    "論文紹介": "論文",
    "論文": "論文",
    "slide deck": "slide",
    "slide decks": "slide",
    "decks": "slide",
    "deck": "slide",
    "slide": "slide",
    "slides": "slide",
    "スライド資料": "slide",
    "スライド": "slide",
    "blog post": "blog",
    "blog posts": "blog",
    "blog": "blog",
    "blogs": "blog",
    "ブログ記事": "blog",
    "ブログ": "blog",
    "記事": "blog",
    "articles": "blog",
    "article": "blog",
    "やってみた": "やってみた",
    "試してみた": "やってみた",
    "tried": "やってみた",
    "hands-on": "やってみた",
    "ハンズオン": "やってみた",
}


def is_japanese(text: str) -> bool:
    """Whether the text holds any kana or kanji (questions and answers are Japanese or English)."""
    return bool(JAPANESE_CHAR.search(text))


def calendar_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    """The date, or None when it is no calendar date (2024-13-45)."""
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def quote_labels(text: str) -> str:
    """Note text as an answer quotes it: a citation-like date the note itself holds (``PWNED
    [1999-01-01]``) is shown as ``〔1999-01-01〕``, so only the answer's own labels look like citations."""
    return DATE_CITATION.sub(lambda m: QUOTED_LABEL.format(m.group(0)[1:-1].strip()), text)


def first_date(text: str, patterns: tuple[re.Pattern[str], ...] = (DATE_RE,)) -> dt.date | None:
    """The first valid calendar date the patterns (groups: year, month, day) find in ``text``."""
    for pattern in patterns:
        for m in pattern.finditer(text):
            day = calendar_date(m.group(1), m.group(2), m.group(3))
            if day is not None:
                return day
    return None


def normalise_tag(tag: str) -> str:
    """``[Slide]`` and ``[slide]`` are one tag; Japanese tags stay as written."""
    return unicodedata.normalize("NFKC", tag).strip().lower()


def canonical_tag(tag: str) -> str:
    """The tag a word or bracketed tag stands for: ``paper``, ``[論文]`` and ``Papers`` are all 論文."""
    t = normalise_tag(tag.strip("[]［］ "))
    return TAG_ALIASES.get(t, t)


def name_key(name: str) -> str:
    """A presenter name compared loosely: width, case, spaces and さん don't matter."""
    return unicodedata.normalize("NFKC", name).lower().replace(" ", "").removesuffix("さん")


def presenter_matches(wanted: str, presenter: str | None) -> bool:
    """``naoto``, ``Shimakoshi``, ``Naoto Shimakoshi`` and ``naotoさん`` all match Naoto Shimakoshi."""
    if not presenter:
        return False
    key = name_key(wanted)
    if not key:
        return False
    full = name_key(presenter)
    parts = [name_key(p) for p in presenter.split()]
    return key == full or key in parts or (len(key) >= 3 and key in full)


def fold(text: str) -> str:
    """Text compared loosely: width, case and long-vowel marks folded, whitespace removed (Japanese is
    written without it): ＧＰＵ = gpu, サーバー = サーバ."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower().replace("ー", ""))


def cut_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the (possibly overlapping) character spans replaced by one space each."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    return text


def counted(n: int, noun: str) -> str:
    """``n`` and an English noun in the number it takes: "1 topic", "9 topics", "2 sessions" (an answer's
    "9 topic(s)" reads badly and does not say "9 topics")."""
    return f"{n} {noun if n == 1 else noun + 's'}"
