"""Other ways the notes write what a question names: its English words, acronyms and long forms.

A "which sessions" question must find every topic that mentions the thing, however the question spells
it. Three spellings the question's words miss lexically, each read from the notes themselves:

- katakana for an English word the notes write in Latin letters: トランスフォーマー is Transformer there,
  オープンAI is OpenAI, グラフニューラルネットワーク is "graph neural network" (the reverse of
  rag.query.loanwords: the notes' English words are spelled in katakana with e2k and looked up);
- an acronym for the words it stands for: "optical character recognition" is OCR in the notes, and
  "graph neural network" GNN (the initials of a run of the question's words, when the notes use them
  as an acronym);
- a definition the notes give: "Retrieval Augmented Generation (RAG)", 「破滅的忘却」 after "catastrophic
  forgetting": one side in the question, the other is also what the notes may say.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence

from rag.query.loanwords import katakana
from rag.text import fold

_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]{0,29}(?![A-Za-z0-9])")  # a word, not a run of junk
_CAMEL_PART = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]{0,2}[A-Z][A-Za-z]{0,3})(?![A-Za-z0-9])")
_KANA_RUN = re.compile(r"[ァ-ヴー]{2,30}(?:[A-Za-z][A-Za-z0-9]{0,29})?")
# Katakana spells one English sound several ways: a long vowel or a doubled consonant marked or not
# (ルッカー, ルーカー: Looker), ウィ or イ (スウィン, スイン: Swin), ヴ or a バ-row kana, a ・ between words.
_KANA_SOUNDS = (
    ("ウィ", "イ"),
    ("ウェ", "エ"),
    ("ウォ", "オ"),
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヴェ", "ベ"),
    ("ヴォ", "ボ"),
    ("ヴ", "ブ"),
)
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z\-]{0,29}(?:\s+[A-Za-z][A-Za-z\-]{0,29})+")
_DEFINED = re.compile(
    r"(?<![A-Za-z0-9\-])([A-Za-z][A-Za-z\-]{0,29}(?:\s+[A-Za-z][A-Za-z\-]{0,29}){1,6})\s*[(（]\s*([A-Za-z][A-Za-z0-9\-]{1,9})\s*[)）]"
    r"|(?<![A-Za-z0-9\-])([A-Za-z][A-Za-z0-9\-]{1,9})\s*[(（]\s*([A-Za-z][A-Za-z\-]{0,29}(?:\s+[A-Za-z][A-Za-z\-]{0,29}){1,6})\s*[)）]"
)
_TRANSLATED = re.compile(
    r"(?<![A-Za-z0-9\-])([A-Za-z][A-Za-z\-]{0,29}(?:\s+[A-Za-z][A-Za-z\-]{0,29}){0,4})\s*[(（]([一-龥ぁ-んァ-ヴー]{2,12})[)）]"
    r"|([一-龥ァ-ヴー]{2,12})\s*[(（]([A-Za-z][A-Za-z\-]{0,29}(?:\s+[A-Za-z][A-Za-z\-]{0,29}){0,4})[)）]"
)
_PHRASE = re.compile(r"[A-Za-z0-9]+(?:[\s\-]+[A-Za-z0-9]+)*")  # English words in a row
_MINOR = frozenset("of and for the in on to a an with by".split())
_MIN_KANA = 3  # shorter katakana runs (ラマ) are too often another word
_MAX_SPELLED = 20  # longer words are no loanwords
_MIN_KEY = 3  # a two-letter acronym (AL, IE, FN) is too often part of something else (オープンAI)


def initials(words: Sequence[str]) -> str:
    """The acronym a run of words would have: the first letter of each, minor words skipped (graph
    neural network → GNN, Mixture of Experts → ME; the notes' own acronyms are matched loosely)."""
    return "".join(w[0] for w in words if w.lower() not in _MINOR).upper()


def _acronym_of(acronym: str, words: Sequence[str]) -> bool:
    """Whether ``acronym`` (RAG, MoE, DMOps) stands for ``words``: its capitals are their initials."""
    capitals = "".join(c for c in acronym if c.isupper())
    return len(capitals) >= 2 and capitals == initials(words)


class Variants:
    """The notes' spellings of English words in katakana, their acronyms and their definitions."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._words: set[str] = set()
        self._acronyms: set[str] = set()
        self._pairs: dict[str, set[str]] = {}
        for text in texts:
            self._read(text)

    @functools.cached_property
    def _by_kana(self) -> dict[str, set[str]]:
        """The notes' English words by their katakana spellings: built on the first question that needs
        it (a katakana word the notes don't write), since spelling every word takes a while (~2 ms each)."""
        out: dict[str, set[str]] = {}
        for word in self._words:
            for key in self._spellings(word):
                out.setdefault(kana_key(key), set()).add(word)
        return out

    def _read(self, text: str) -> None:
        # Words of letters: a name with digits (GPT4o, Topic12) is no loanword anyone writes in katakana.
        self._words.update(w for w in _LATIN_WORD.findall(text) if 3 <= len(w) <= _MAX_SPELLED and w.isalpha())
        self._acronyms.update(m for m in _ACRONYM.findall(text) if sum(c.isupper() for c in m) >= 2)
        for m in _DEFINED.finditer(text):
            long, short = (m[1], m[2]) if m[1] else (m[4], m[3])
            if _acronym_of(short, long.split()):
                self._pair(long, short)
        for m in _TRANSLATED.finditer(text):
            english, japanese = (m[1], m[2]) if m[1] else (m[4], m[3])
            if not _acronym_of(english, [japanese]):
                self._pair(english, japanese)

    def _pair(self, a: str, b: str) -> None:
        a, b = " ".join(a.split()), " ".join(b.split())
        self._pairs.setdefault(_loose(a), set()).add(b)
        self._pairs.setdefault(_loose(b), set()).add(a)

    @staticmethod
    def _spellings(word: str) -> list[str]:
        """Katakana keys of one of the notes' words: the whole word, and for a compound (OpenAI, SageMaker)
        its parts spelled one by one, with its acronym parts left in Latin (オープンai)."""
        keys = [fold(k) for k in katakana(word.lower())]
        parts = _CAMEL_PART.findall(word)
        if len(parts) > 1:
            spelled = [p.lower() if p.isupper() or p.isdigit() else "".join(katakana(p.lower())[:1]) for p in parts]
            if all(spelled):
                keys.append(fold("".join(spelled)))
        return keys

    def _acronyms_for(self, words: Sequence[str]) -> list[str]:
        """The notes' acronyms that runs of ``words`` stand for (OCR, ER for experience replay)."""
        out = []
        for i in range(len(words)):
            for j in range(i + 2, min(len(words), i + 5) + 1):
                acronym = initials(words[i:j])
                if len(acronym) >= 2:
                    out += [a for a in self._acronyms if "".join(c for c in a if c.isupper()) == acronym]
        return out

    def _english(self, kana: str) -> list[str]:
        """The notes' English words a katakana run spells, whole or as a run of words (グラフニューラル
        ネットワーク → graph neural network)."""
        key = kana_key(kana)
        if len(key) < 2:
            return []
        if key in self._by_kana:
            return sorted(self._by_kana[key])
        best: list[list[str] | None] = [None] * (len(key) + 1)
        best[0] = []
        for end in range(1, len(key) + 1):
            for start in range(max(0, end - 12), end - 1):
                head, piece = best[start], key[start:end]
                if head is not None and piece in self._by_kana and best[end] is None:
                    best[end] = [*head, min(self._by_kana[piece], key=len)]
        words = best[-1]
        return [" ".join(w.lower() for w in words)] if words and len(words) > 1 else []

    def english_of(self, kana: str) -> list[str]:
        """The notes' English spelling of a katakana word or run of words (セージメーカー → SageMaker,
        ルッカー → Looker, ラマハブ → llama hub); none when the notes write no such English word."""
        return self._english(kana)

    def acronym_of(self, text: str, word: str) -> str | None:
        """The acronym of three capitals or more the notes write for a run of ``text``'s words that holds
        ``word`` ("the International Olympiad in Informatics" → IOI, "named entity recognition" → NER), the
        longest such run first; None when the notes write none. The run is one phrase spelled out: English
        words in a row (nothing but spaces or hyphens between them), none of them an acronym itself, all
        lowercase or all capitalised (minor words aside) — "GPU Puzzlesの…tritonで" is no GPT."""
        first = next((w for w in re.split(r"[^A-Za-z0-9]+", word) if w), "").lower()
        written = {a for a in self._acronyms if a.isupper() and len(a) >= _MIN_KEY}
        for phrase in _PHRASE.findall(text):
            words = [w for w in re.split(r"[\s\-]+", phrase) if w]
            for size in range(min(len(words), 5), 1, -1):
                for i in range(len(words) - size + 1):
                    run = words[i : i + size]
                    if first in (w.lower() for w in run) and _spelled_out(run) and initials(run) in written:
                        return initials(run)
        return None

    def of(
        self,
        question: str,
        in_notes: Callable[[str], bool] = lambda _: False,
        content: Callable[[str], bool] = lambda _: True,
        common: Callable[[str], bool] = lambda _: False,
    ) -> list[str]:
        """The other spellings the notes use for what ``question`` names (none of them in it). A katakana
        word the notes write as it is (``in_notes``: マルチモーダル) is found as it is: its English
        spelling there (Multimodal in a cited title) is no other way to find it. Acronyms are read from
        runs of the question's ``content`` words only ("our sessions" is no OS). A definition is not
        followed from a word of the question most topics use (``common``: LLM, defined once as
        大規模言語モデル, names no particular thing in 「LLMの推論能力」)."""
        found: list[str] = []
        phrases: list[str] = []
        for run in _KANA_RUN.findall(question):
            if len(run) >= _MIN_KANA and not in_notes(run):
                english = self._english(run)
                found += english
                phrases += [e for e in english if " " in e]
        phrases += [m.group() for m in _ENGLISH_RUN.finditer(question)]
        for phrase in phrases:
            for words in _content_runs([w for w in re.split(r"[\s\-]+", phrase) if w], content):
                found += self._acronyms_for(words)
        loose = _loose(question)
        for key, others in self._pairs.items():
            named = key in loose if not key.isascii() else _has_word(loose, question, key)
            if len(key) >= _MIN_KEY and named and not common(key):
                found += sorted(others)
        return [
            v
            for v in dict.fromkeys(found)
            if not (_has_word(loose, question, _loose(v)) if v.isascii() else _loose(v) in loose)
        ]


def _spelled_out(run: Sequence[str]) -> bool:
    """Whether a run of words reads as an acronym spelled out: it begins and ends with a content word, has
    no acronym or name with digits in it, and is all lowercase or all capitalised (minor words aside)."""
    if run[0].lower() in _MINOR or run[-1].lower() in _MINOR:
        return False
    content = [w for w in run if w.lower() not in _MINOR]
    if any(not w.isalpha() or sum(c.isupper() for c in w) > 1 for w in content):
        return False
    return all(w.islower() for w in content) or all(w[0].isupper() for w in content)


def kana_key(kana: str) -> str:
    """A katakana spelling compared by its sounds (see ``_KANA_SOUNDS``): ルッカー and ルーカー are one key."""
    key = fold(kana).replace("ッ", "").replace("・", "")
    for spelled, sound in _KANA_SOUNDS:
        key = key.replace(spelled, sound)
    return key


def _content_runs(words: Sequence[str], content: Callable[[str], bool]) -> list[list[str]]:
    """The runs of content words in ``words`` (minor words inside a run kept: Mixture of Experts)."""
    runs: list[list[str]] = [[]]
    for w in words:
        if (w.lower() in _MINOR and runs[-1]) or content(w):
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _loose(text: str) -> str:
    """Text compared loosely, hyphens aside too (retrieval-augmented = Retrieval Augmented)."""
    return fold(text).replace("-", "")


def _has_word(loose: str, question: str, key: str) -> bool:
    """Whether the question holds the English ``key`` as whole words: a short one (RAG, AL) not inside
    another word."""
    if len(key) <= 4:
        return any(_loose(w) == key for w in _LATIN_WORD.findall(question))
    return key in loose
