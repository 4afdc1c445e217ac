"""The presenter and tag a question names, resolved against the catalogue — and the ones it names that
the notes don't have ("What did Tanaka present?", "[動画]の発表は?"), which are answers, not wildcards."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.text import TAG_ALIASES, canonical_tag, name_key
from rag.types import CITATION_LABEL

_BRACKET = re.compile(r"[\[［]([^\]］\n]{1,20})[\]］]")
# A name in the place of a presenter: "Xさんの発表", "did X present", "X's talk", "presented by X".
_NAME = r"([A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+)?|[一-龥ァ-ヶー]{1,8}|[a-z]{3,}(?=\s*(?:さん|氏|先生)))"
_PERSON_PATTERNS = tuple(
    re.compile(p)
    for p in (
        rf"[@＠]\s*{_NAME}",
        rf"{_NAME}\s*(?:さん|氏|先生|くん|君)",
        rf"{_NAME}-(?:san|sama|sensei|kun)\b",  # "Kato-san's slide"
        rf"\b(?:did|has|does|have)\s+{_NAME}\s+(?:present|talk|share|cover|introduce|give|bring|pick|explain|try)",
        rf"\bwhat\s+(?:did|has)\s+{_NAME}\s+",
        rf"{_NAME}'s\s+(?:talks?|presentations?|topics?|papers?|slides?|blogs?|sessions?|session|notes?)\b",
        rf"\b(?:presented|introduced|shared|given|covered)\s+by\s+{_NAME}",
        rf"\b{_NAME}\s+(?:presented|talked\s+about|introduced|shared)\b",
    )
)
_JAPANESE_NAME = re.compile(r"[一-龥ぁ-んァ-ヶー]{1,8}")
# Words in a name's place that are not names: question words, months, common capitalised words.
_NOT_NAMES = frozenset(
    "what who when which where why how did does do is are was were the a an this that it they we you i "
    "anyone someone everyone people and or but so then also any some all every list show tell give".split()
)


_KANA = dict(
    zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
        "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo "
        "ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po vu"
        "".split(),
        strict=True,
    )
)
_SMALL = {"ャ": "ya", "ュ": "yu", "ョ": "yo", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}


def romaji(kana: str) -> str:
    """A katakana reading in plain romaji (ヨシダ → yoshida, イトウ → ito), long vowels folded."""
    out = ""
    double = False
    for ch in kana:
        if ch == "ッ":
            double = True
            continue
        if ch in _SMALL and out:
            tail = _SMALL[ch]
            if tail[0] == "y" and out.endswith("i"):  # キュ kyu, シュ shu, ジョ jo
                base = out[:-1]
                out = base + (tail[1:] if base.endswith(("sh", "ch", "j")) else tail)
            else:  # ファ fa, ティ ti
                out = out[:-1] + tail
            continue
        syllable = _KANA.get(ch, "")
        if double and syllable:
            syllable = syllable[0] + syllable
        double = False
        out += syllable
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("ei", "e")):
        out = out.replace(long, short)
    return out


def _fold(name: str) -> str:
    """A romanised name with long vowels folded the same way (Itou = Ito, Ohno ≈ Ono)."""
    key = name_key(name)
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u"), ("oh", "o"), ("ei", "e")):
        key = key.replace(long, short)
    return key


def name_parts(name: str) -> list[str]:
    """A presenter's given and family names: split at spaces, or at the capitals of a name written as one
    word (MatsudaKazuki → Matsuda, Kazuki), so either one names them."""
    if " " in name.strip():
        return name.split()
    return re.findall(r"[A-Z][a-z]+", name) or [name]


def presenter_by_reading(name: str, presenters: Sequence[str], reading: Callable[[str], str]) -> str | None:
    """The presenter whose romanised given or family name sounds like ``name`` written in kanji or kana
    (島越 → Shimakoshi), if exactly one does."""
    sound = romaji(reading(name).translate(_HIRAGANA_TO_KATAKANA))
    if len(sound) < 2:
        return None
    matches = set()
    for p in presenters:
        for part in (*name_parts(p), p):
            target = _fold(part)
            limit = 2 if len(target) >= 8 else 1
            if target and (sound == target or (len(target) >= 4 and _distance(sound, target) <= limit)):
                matches.add(p)
    return matches.pop() if len(matches) == 1 else None


_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = row
    return previous[-1]


@dataclass(frozen=True)
class Names:
    presenter: str | None  # the one presenter the question names, as the catalogue spells it
    rest: str  # the text without that name
    unknown_presenter: str | None = None  # a name in a presenter's place that no presenter has


# さん, 氏, "-san": part of the name it follows, not a word of the question ("Hirano-san's talks").
_HONORIFIC = r"(?:\s*(?:さん|氏|先生|くん|君)|-(?:san|sama|sensei|kun)\b)?"
# "Kitaoka's topics": the possessive belongs to the name; left behind, its "s" reads as a topic word.
_POSSESSIVE = r"(?:['’]s\b)?"


def _spelled_any_way(name: str) -> str:
    """A pattern for a romanised name however its long vowels are written: Itou / Itoh / Ito, Yuuta / Yuta,
    Yousuke / Yosuke (Hepburn drops them, other romanisations keep them)."""
    out = []
    for char in name:
        out.append(re.escape(char))
        if char == "o":
            out.append("(?:u|o|h(?![aeiouy]))?")
        elif char == "u":
            out.append("u?")
    return "".join(out)


def read_presenter(
    text: str, presenters: Sequence[str], in_notes: Callable[[str], bool], reading: Callable[[str], str]
) -> Names:
    """The one presenter ``text`` names (full name, or a given/family name of 3+ letters, any case, with
    or without さん, or in kanji/kana as it sounds: ``reading`` gives a word's katakana reading); else a
    name it uses in a presenter's place that is neither a presenter nor a word of the notes (``in_notes``:
    "Sansanさんのブログ" names a company the notes talk about)."""
    norm = text.lower()
    found: dict[str, tuple[int, int]] = {}
    for name in presenters:
        for cand in (name, name.replace(" ", ""), *name_parts(name)):
            c = cand.lower()
            if len(c) < 3:
                continue
            m = re.search(rf"(?<![a-z]){_spelled_any_way(c)}(?![a-z]){_HONORIFIC}{_POSSESSIVE}", norm)
            if m:
                found.setdefault(name, (m.start(), m.end()))
                break
    if len(found) == 1:
        name, (start, end) = next(iter(found.items()))
        return Names(name, _without_reading_of(text[:start] + " " + text[end:], name, presenters, reading))
    if found:  # two presenters named: no single filter
        return Names(None, text)
    for pattern in _PERSON_PATTERNS:
        for m in pattern.finditer(text):
            who = m.group(1).strip()
            rest = text[: m.start(1)] + " " + text[m.end(1) :]
            if who.lower() in _NOT_NAMES or _is_known(who, presenters):
                continue
            if _JAPANESE_NAME.fullmatch(who):
                known = presenter_by_reading(who, presenters, reading)
                if known:
                    return Names(known, rest)
            if in_notes(who):
                continue
            return Names(None, rest, unknown_presenter=who)
    return Names(None, text)


def _without_reading_of(text: str, presenter: str, presenters: Sequence[str], reading: Callable[[str], str]) -> str:
    """``text`` without the presenter's name written in kanji or kana beside the Latin one
    (「深澤さん(Ryosuke Fukazawa)」): it is the name again, not a topic word."""
    for m in re.finditer(r"([一-龥ぁ-んァ-ヶー]{1,8})\s*(?:さん|氏|先生|くん|君)", text):
        if presenter_by_reading(m.group(1), presenters, reading) == presenter:
            return text[: m.start()] + " " + text[m.end() :]
    return text


def _is_known(who: str, presenters: Sequence[str]) -> bool:
    key = name_key(who)
    return any(key and (key in name_key(p) or name_key(p) in key) for p in presenters)


@dataclass(frozen=True)
class Tag:
    tag: str | None  # the catalogue's tag the question names
    unknown: str | None = None  # a bracketed tag no topic has
    untagged: bool = False  # the question asks for the topics with no tag at all
    worded: bool = False  # named by a word (paper, スライド), not in brackets: it may describe one topic


# "Which topics have no tag?": タグなし / タグが付いていない / untagged / without a tag / didn't have any tag.
UNTAGGED = re.compile(
    r"タグ(?:なし|無し|ナシ)|タグ(?:が|の|を)?(?:付いて|ついて|付けられて|つけられて|付けて|つけて)?(?:い)?ない"
    r"|\buntagged\b|\b(?:no|without(?:\s+(?:a|any))?)\s+tags?\b"
    r"|\b(?:didn't|don't|doesn't|did\s+not|do\s+not|does\s+not)\s+(?:have|get|carry)\s+(?:a|any)\s+tags?\b",
    re.I,
)


# Words for a tag that also mean any shared material: they name [blog] in a list, a count or a ranking of
# articles, but a summary of "the articles of 9/19" or a search of "the article about X" means them all.
LOOSE_TAG_WORDS = frozenset({"記事", "article", "articles"})


def read_tag(text: str, tags: Sequence[str], list_like: bool, loose: bool = True) -> Tag:
    """A tag named in brackets (``[論文]``, ``[slide]``), or a tag word (paper, ブログ, slide deck, 記事…) of a
    tag the catalogue has, in a question that asks for a list, a count or a ranking; or "no tag at all".
    A bracketed tag the notes don't use is reported; ``loose``: whether 記事 / article name [blog] here."""
    if list_like and UNTAGGED.search(text):
        return Tag(None, untagged=True)
    bracket = _BRACKET.search(text)
    if bracket and not CITATION_LABEL.fullmatch(bracket.group(0)):  # a citation label is not a tag
        wanted = canonical_tag(bracket.group(1))
        if wanted in tags or not tags:
            return Tag(wanted)
        if wanted in TAG_ALIASES.values() or len(wanted) <= 12:
            return Tag(None, unknown=bracket.group(1).strip())
    if list_like:
        named: dict[str, bool] = {}  # each tag the words name: whether only by a loose word
        for word, tag in TAG_ALIASES.items():
            if (tag in tags or not tags) and re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text, re.I):
                named[tag] = named.get(tag, True) and word in LOOSE_TAG_WORDS
        if len(named) == 1:  # "どんな記事やスライドが出た?" names two tags: no one tag filters it
            tag, only_loose = next(iter(named.items()))
            return Tag(tag, worded=True) if loose or not only_loose else Tag(None)
    return Tag(None)


def without_tag(text: str, tag: Tag) -> str:
    """The text without the words that named the tag (or asked for no tag)."""
    if tag.untagged:
        return UNTAGGED.sub(" ", text)
    if not tag.tag:
        return text
    words = [w for w, t in TAG_ALIASES.items() if t == tag.tag] + [tag.tag]
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.sub(rf"[\[［]?(?:{alternatives})s?[\]］]?(?:タグ|tag)?", " ", text, flags=re.I)
