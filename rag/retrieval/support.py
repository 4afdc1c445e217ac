"""What the notes hold of a question's specific terms (rag.query.specific).

Two checks. A term the notes never mention — "o3" when they cover o1, Kubernetes next to a general
infrastructure talk, 量子コンピュータ when no note has 量子 — means the notes don't cover the question,
however similar its neighbours look to the embedding. And a distinctive term (a name that only a few
topics mention, like CREPE or DMOps) pins the answer to the topics that mention it; a term most topics
share (LLM, AI) pins nothing.

A Latin term is matched by a word of the text that is the same word (case, width, hyphens and dots
aside: GPT4o = GPT-4o), a part of one (o1 in o1-preview), its plural or another inflection of it (LLMs,
annotators ~ Annotator; not a derivation of its stem: Polars is not Polarity) or, for long words, a typo
away (Polers ~ Polars; in a name with a number, in its letters only: Detectoron2 ~ Detectron2, never
Qwen3 ~ Qwen2) — unless the word is itself the name of another model or product (Mixtral is not
Mistral: KNOWN_NAMES), a word a word list holds (Polaris is not Polars), or the notes hold the term as
written somewhere (Apple is then no typo of "apply"). A name with a
year (ICML 2024) needs that year with the name where the text writes the name with one (ICML2023), else
anywhere but in a date. A Japanese term is matched by the same
string (long-vowel marks aside); a compound the notes don't hold whole still counts as mentioned when
every word of it occurs in the notes (逐次検定: 逐次的…統計的検定), since Japanese says one thing in
several ways — but not when a word of it occurs nowhere (量子 in 量子コンピュータ).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence

import snowballstemmer

from rag.query.bridges import camel_initials
from rag.query.concepts import concept_named, is_concept, names_of, phrase_in
from rag.query.specific import KNOWN_NAMES, dictionary_word, edition_parts, is_identifier, is_strong
from rag.text import fold

_LATIN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.\-'_/][a-z0-9+#]+)*")
_SEPARATORS = re.compile(r"[.\-'_/]")
# A share as the notes write it: 25%, 13パーセント, 3割, 53/57.
_SHARE_FIGURE = re.compile(r"\d(?:[\d.,]*\d)?(?:%|パーセント|percent|割)|[一二三四五六七八九十]割|\d+/\d+(?![\d/])")
MAX_DISTINCTIVE_TOPICS = 3  # a term at most this many topics mention pins the answer to them


_local = threading.local()


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's stemmer: a Snowball stemmer keeps state while it stems, so threads answering
    questions at once (the UI, /v1) must not share one."""
    stemmer: snowballstemmer.stemmer | None = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word)) if word.isalpha() else word


def _near(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` and ``b`` are at most ``limit`` edits apart (insert, delete, substitute, swap)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    before: list[int] = []
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)
            row.append(value)
        before, previous = previous, row
        if min(row) > limit:
            return False
    return previous[-1] <= limit


# What an English word may end in beyond the stem it shares with another form of itself: a plural, a past,
# an -ing form (annotators ~ Annotator, evaluated ~ evaluate), not a derivation (Polars is not Polarity).
_INFLECTIONS = frozenset({"", "s", "es", "e", "ed", "d", "ing", "y", "ies", "ied", "'s"})


def _inflected(a: str, b: str) -> bool:
    """Whether two words that share a stem are inflections of one word: past the letters they share, each
    ends in nothing or an inflection."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a[common:] in _INFLECTIONS and b[common:] in _INFLECTIONS


# Where a word of a compound starts and ends: not inside a Latin word, nor at the tail of a katakana one
# (ラスト is not in トラスト); a katakana word may go on into another one (ランダムネス holds ランダム, the
# word, but not the compound "random forests").
_OPEN = r"(?<![a-z0-9ァ-ヴ])"
_CLOSE = r"(?![a-z0-9])"


@functools.lru_cache(maxsize=4096)
def _word_forms(word: str) -> tuple[str, ...]:
    """A compound's word as a text may write it, as regex alternatives: its English inflections (engine,
    engines; caching, cache) and their katakana (ストリーミング, キャッシュ), folded like ``Text.plain``."""
    from rag.query.loanwords import katakana

    w = word.lower()
    bare = {w}  # the dictionary forms: loanwords are written from the singular and the bare verb
    if w.endswith("s") and not w.endswith("ss") and len(w) > 4:
        bare.add(w[:-1])
    for cut in ("ing", "ed"):  # caching → cache, streaming → stream, shared → share
        stems = [w[: -len(cut)] + "e", w[: -len(cut)]] if w.endswith(cut) and len(w) > len(cut) + 3 else []
        bare.update([s for s in stems if dictionary_word(s)][:1])
    if w.endswith("ing") and dictionary_word(w[:-3] + "er"):  # routing → router, tracking → tracker
        bare.add(w[:-3] + "er")
    forms = bare | {b + "s" for b in bare} | {b + "es" for b in bare}
    if w.isalpha():
        forms.update(fold(k) for b in bare for k in katakana(b) if len(k) >= 3)
    return tuple(re.escape(f) for f in sorted(forms, key=len, reverse=True))


_BEFORE = re.compile(r"([a-z][a-z0-9]*)[ \-]$")
_AFTER = re.compile(r"^[ \-]([a-z][a-z0-9]*)")


def _beside_english_word(text: str, start: int, end: int) -> bool:
    """Whether the word at ``text[start:end]`` has another English word (no stopword) right next to it."""
    from rag.store.lexical import ENGLISH_STOPWORDS

    before, after = _BEFORE.search(text[max(0, start - 40) : start]), _AFTER.search(text[end : end + 40])
    return any(m is not None and m.group(1) not in ENGLISH_STOPWORDS for m in (before, after))


class Text:
    """A text (one topic, or all the notes), prepared once for matching terms."""

    def __init__(self, text: str) -> None:
        self.plain = fold(text)
        # folded like ``plain``, but with its spaces kept (one each), for phrases of English words
        self.plain_spaced = " ".join(unicodedata.normalize("NFKC", text).lower().replace("ー", "").split())
        self.spaced = " ".join(unicodedata.normalize("NFKC", text).split())
        words: set[str] = set()
        previous = ""
        for m in _LATIN.finditer(unicodedata.normalize("NFKC", text).lower()):
            token = m.group()
            words.add(_SEPARATORS.sub("", token))
            words.update(p for p in _SEPARATORS.split(token) if p)
            words.update(p for p in re.split(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", token) if len(p) > 1)  # ICDAR2024
            if re.fullmatch(r"\d+(?:\.\d+)*", token) and previous.isalpha():  # "Level 3", "Claude 3.5": one word
                words.add(previous + _SEPARATORS.sub("", token))
            if token.isalpha() and any(ch.isdigit() for ch in previous):  # "GPT-4o mini": one name
                words.add(_SEPARATORS.sub("", previous) + token)
            short_year = re.fullmatch(r"([a-z]+)'(\d{2})", token)
            if short_year:  # ICDAR'24 is ICDAR 2024
                words.add(f"{short_year[1]}20{short_year[2]}")
            previous = token
        self.words = words
        self.stems: dict[str, set[str]] = {}
        for w in words:
            self.stems.setdefault(_stem(w), set()).add(w)

    def mentions(self, term: str, typos: bool = True) -> bool:
        """Whether the text holds the term (see the module's docstring for what matches); ``typos``:
        a word a typo away counts too."""
        edition = edition_parts(term)
        if edition:  # "IOI 2024": the name, and that year (2024年国際情報オリンピック(IOI))
            name, year = edition
            return self._latin(term, typos) or (self._latin(name, typos) and self._edition_year(name, year))
        if is_concept(term):  # its English phrase, or one of its Japanese names or acronyms
            return any(self._concept_name(name, typos) for name in names_of(term))
        if term.isascii():
            return self._latin(term, typos)
        concept = concept_named(term)  # 事前トレーニング: 事前学習 or "pre-training" are the same thing
        if concept is not None:
            return any(self._concept_name(name, typos) for name in names_of(concept))
        return fold(term) in self.plain

    def _concept_name(self, name: str, typos: bool) -> bool:
        """Whether the text writes one name of a concept: its phrase, an acronym, a Japanese name."""
        if is_concept(name):
            return phrase_in(name, self.spaced)
        return self._latin(name, typos) if name.isascii() else fold(name) in self.plain

    def _edition_year(self, name: str, year: str) -> bool:
        """Whether the text gives the year of the named edition: the year written with the name when it
        writes the name with a year at all (ICML2023 says nothing of an ICML 2024, even in a topic of a
        2024 session), else the year anywhere that is not part of a date (2024年 beside IOI)."""
        with_year = rf"(?<![a-z0-9]){re.escape(fold(name))}(?:'(\d{{2}})|((?:19|20)\d{{2}}))(?!\d)"
        written = {f"20{m[1]}" if m[1] else m[2] for m in re.finditer(with_year, self.plain)}
        if written:
            return year in written
        return re.search(rf"(?<![\d/.]){year}(?![\d])(?![\-/.]\d)", self.plain) is not None

    def holds_compound(self, phrase: str, spelled: Sequence[Sequence[str]] = ((), ())) -> int:
        """How the text holds a two-word compound (rag.query.compounds): 2 where it writes the compound — its
        words in a row (any spacing, a hyphen, の between; in English or katakana), or one word joined to
        a Japanese word that may translate the other (テキスト生成, 共有メモリ, 異なるドメイン) — 1 where it
        holds one of its words, the other nowhere, and not the compound; 0 where it holds both words apart
        or neither (it may say the thing in Japanese: the gates judge). ``spelled``: for each word, katakana
        the question's plan found the notes write it in (expert: エキスパート), beside the speller's."""
        first, second = (
            (*_word_forms(w), *(re.escape(fold(k)) for k in kana))
            for w, kana in zip(phrase.split(), spelled, strict=True)
        )
        if not first or not second:
            return 0
        a, b = "|".join(first), "|".join(second)
        text = self.plain_spaced
        if re.search(rf"{_OPEN}(?:{a})[\s\-・]*(?:の)?(?:{b}){_CLOSE}", text):
            return 2
        held_a, held_b = (re.search(rf"{_OPEN}(?:{forms}){_CLOSE}", text) is not None for forms in (a, b))
        if held_a == held_b:  # both words, apart ("expert routing": Router … Expert), or neither: undecided
            return 0
        # One word, joined to a Japanese word that may translate the other, which the text does not write:
        # テキスト生成 (not a suffix: スパース性 is "sparsity"). An English word beside Japanese is just
        # unspaced writing (…のAttention), and a word joined to one of its own script is another compound.
        kana = "|".join(f for f in (first if held_a else second) if not f.isascii())
        joined = rf"{_OPEN}(?:{kana})(?=[一-龥々])(?![性的化])" if held_a else rf"(?<=[一-龥々なのるい])(?:{kana})"
        return 2 if kana and re.search(joined, text) else 1

    def in_other_names(self, phrase: str) -> bool:
        """Whether the text writes the words of a two-word compound (rag.query.compounds) only inside other
        English names: beside another English word that is no stopword, as in "Continuous batching" or
        "Batch Active Learning" for "static batching", "KV cache" for "prompt caching". Such a line names
        another kind of the thing, or a thing the word only describes, not the compound asked about; a word
        standing alone among Japanese (「tokenizerの適応」) or spelled in katakana may be it said in Japanese."""
        forms = "|".join(f for w in phrase.split() for f in _word_forms(w) if f.isascii())
        text = self.plain_spaced
        found = list(re.finditer(rf"{_OPEN}(?:{forms}){_CLOSE}", text)) if forms else []
        kana = [f for w in phrase.split() for f in _word_forms(w) if not f.isascii()]
        if not found or any(re.search(rf"(?<![ァ-ヴ]){k}", text) for k in kana):
            return False
        return all(_beside_english_word(text, m.start(), m.end()) for m in found)

    def mentions_all(self, terms: Sequence[str]) -> bool:
        """Whether the text holds every one of ``terms`` (as written: a line's words are too few to read a
        typo among)."""
        return all(self.mentions(t, typos=False) for t in terms)

    def _latin(self, term: str, typos: bool = True) -> bool:
        if " " in term.strip() and term.replace(" ", "").isalpha():  # a phrase ("Ground Truth"): its words in a row
            return " ".join(fold(term).split()) in " ".join(self.plain.split())
        compact = re.sub(r"\s+", "", _SEPARATORS.sub("", unicodedata.normalize("NFKC", term).lower()))
        if compact in self.words or compact + "s" in self.words:
            return True
        stem = _stem(compact)
        if stem == compact and stem in self.stems:  # a search term, stemmed as the index reads words
            return True
        if any(_inflected(compact, w) for w in self.stems.get(stem, ())):
            return True
        if compact.endswith("s") and len(compact) > 2 and compact[:-1] in self.words:
            return True  # a plural ("LLMs"); a letter and an s is an acronym (DS), not the plural of "D"
        letters = re.sub(r"\d", "", compact)
        if (
            typos
            and len(letters) >= 5
            and compact.isalnum()
            and compact not in KNOWN_NAMES
            and not dictionary_word(compact)
        ):
            # A name with a number is misspelt in its letters, never in its number: Detectoron2 is Detectron2,
            # but Qwen3 is not Qwen2.
            numbers = re.findall(r"\d+", compact)
            limit = 2 if len(letters) >= 9 else 1
            return any(
                len(w) >= 4 and re.findall(r"\d+", w) == numbers and _near(compact, w, limit) for w in self.words
            )
        return False


class Support:
    """The specific terms of questions against one index's notes."""

    def __init__(
        self, topics: dict[tuple[str, int], str], words_of: Callable[[str], list[str]], known: Callable[[str], bool]
    ) -> None:
        """``topics``: each topic's whole text; ``words_of`` splits a Japanese compound into its words;
        ``known`` says whether a word occurs anywhere in the notes."""
        self._texts = {key: Text(text) for key, text in topics.items()}
        self._all = Text("\n".join(topics.values()))
        self._words_of = words_of
        self._known = known
        self._topics_of: dict[str, frozenset[tuple[str, int]]] = {}

    def topics_mentioning(self, term: str) -> frozenset[tuple[str, int]]:
        if term not in self._topics_of:
            # A word the notes hold as it is written is no typo of another: Apple is not "apply".
            typos = not self._all.mentions(term, typos=False)
            found = (
                frozenset(k for k, t in self._texts.items() if t.mentions(term, typos))
                if self._all.mentions(term)
                else frozenset()
            )
            short = camel_initials(term) if not found else None
            if short is not None:  # a name the notes shorten to its capitals is mentioned there: BQ for BigQuery
                found = self.topics_mentioning(short)
            self._topics_of[term] = found
        return self._topics_of[term]

    def anywhere(self, term: str) -> bool:
        """Whether any of the notes mentions the term."""
        return self._all.mentions(term)

    def begins_word(self, katakana: str) -> bool:
        """Whether the notes write ``katakana`` where a katakana word begins: a loanword must be a word of
        its own, not the tail of another (ラスト, Rust, is not in トラスト, trust)."""
        folded = fold(katakana)
        return bool(folded) and re.search(rf"(?<![ァ-ヴ]){re.escape(folded)}", self._all.plain) is not None

    def absent(self, terms: Sequence[str]) -> list[str]:
        """The terms the notes never mention: Latin names, versions and acronyms no topic holds, and Japanese
        compounds that no topic holds whole and one of whose words occurs nowhere in the notes."""
        out = []
        for term in terms:
            if self.topics_mentioning(term):
                continue
            if is_concept(term):  # a phrase of everyday words: only the phrase or a name of it counts
                out.append(term)
                continue
            if not is_strong(term) and all(self._known(w) for w in self._words_of(term)):
                continue  # a compound of words the notes use: said another way there
            if term.isascii() and not is_identifier(term) and self._known(term):
                continue  # a name the notes write in another script or inflection
            short = camel_initials(term)
            if short is not None and self.topics_mentioning(short):
                continue  # a name the notes shorten to its capitals: BQ for BigQuery
            out.append(term)
        return out

    def distinctive(self, terms: Sequence[str], japanese_too: bool = False) -> list[str]:
        """The terms only a few topics mention: those pin an answer to the topics that do. Latin-script ones
        (names, versions); with ``japanese_too`` also Japanese ones the notes use as written — for "which
        sessions" questions, whose answer is the topics that mention them."""
        return [
            t
            for t in terms
            if (is_strong(t) or japanese_too)
            and not is_concept(t)
            and 0 < len(self.topics_mentioning(t)) <= MAX_DISTINCTIVE_TOPICS
        ]

    def gives_share(self, key: tuple[str, int]) -> bool:
        """Whether the topic writes a share (a percentage, 割, a fraction): what "by what percentage …?" needs."""
        text = self._texts.get(key)
        return text is not None and _SHARE_FIGURE.search(text.plain) is not None

    def holds_compound(self, key: tuple[str, int], phrase: str, spelled: Sequence[Sequence[str]] = ((), ())) -> int:
        """How the topic holds a compound of the question (``Text.holds_compound``): 2 whole, 1 a word of it
        only, 0 neither word or both apart."""
        text = self._texts.get(key)
        return text.holds_compound(phrase, spelled) if text is not None else 0

    def covers(self, key: tuple[str, int], terms: Sequence[str]) -> bool:
        """Whether the topic mentions every one of ``terms``."""
        return all(key in self.topics_mentioning(t) for t in terms)
