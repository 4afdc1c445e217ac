"""English words of a question → the katakana loanwords the notes write them as.

The notes are Japanese with English terms, but many English terms are written as loanwords:
"multimodal" is マルチモーダル there, "annotation" アノテーション, "hallucination" ハルシネーション. An
English question's words then match nothing lexically in those topics, and a "which sessions" question
misses them. e2k (a small character-level RNN shipped in its wheel, trained on Wiktionary and JMdict)
spells an English word in katakana; a spelling counts only when the notes use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from rag.store.lexical import topic_terms

if TYPE_CHECKING:
    from rag.store.lexical import Tokenizer

_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{4,}(?![A-Za-z0-9])")
_MAX_WORDS = 8  # a question's content words; more would only slow planning
# What kind of document a topic is (a blog post, a slide deck) says nothing about what it is about.
_DOCUMENT_KINDS = frozenset("ブログ スライド ペーパー ポスト ノート トピック セッション ミーティング プレゼン".split())


class _Speller(Protocol):
    def __call__(self, word: str) -> str: ...


@functools.cache
def _speller() -> _Speller:
    from e2k import C2K

    speller: _Speller = C2K()
    return speller


@functools.lru_cache(maxsize=4096)
def katakana(word: str) -> tuple[str, ...]:
    """Katakana spellings of one English word: e2k's, and the same without a final long-vowel mark
    (インフラストラクチャー is often written インフラストラクチャ)."""
    spelled = _speller()(word.lower()).strip()
    if not spelled:
        return ()
    variants = [spelled]
    if spelled.endswith("ー") and len(spelled) > 3:
        variants.append(spelled[:-1])
    return tuple(variants)


def katakana_forms(word: str) -> tuple[str, ...]:
    """The katakana ``word`` may be written in, from each of its forms (``benchmarks``: ベンチマーク too)."""
    return tuple(dict.fromkeys(kana for form in _forms(word.lower()) for kana in katakana(form)))


def _forms(word: str) -> list[str]:
    """The word and its plain form: loanwords are written from the singular ("models" → モデル,
    "approaches" → アプローチ) and the bare verb ("testing" → テスト)."""
    forms = [word]
    if word.endswith(("ches", "shes", "xes", "sses")) and len(word) > 5:  # "approaches" → approach
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        forms.append(word[:-1])
    if word.endswith("ing") and len(word) > 6:
        forms.append(word[:-3])
    return forms


def loanword_terms(topic: str, tokenizer: Tokenizer, in_notes: Callable[[str], bool]) -> tuple[tuple[str, str], ...]:
    """(term, loanword term) for each of ``topic``'s English content words the notes write in katakana
    (function, question and framing words are no content, nor the kinds of document a topic is)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for word in _WORD.findall(topic)[:_MAX_WORDS]:
        lower = word.lower()
        own = topic_terms(tokenizer, lower)
        if lower in seen or len(own) != 1:
            continue
        seen.add(lower)
        spellings = [s for form in _forms(lower) for s in katakana(form)]
        known = next((s for s in spellings if in_notes(s)), None)
        kana = tokenizer.tokenize(known) if known is not None else []
        if len(kana) == 1 and kana[0] not in _DOCUMENT_KINDS:
            out.append((own[0], kana[0]))
    return tuple(out)


_KANA_WORD = re.compile(r"[ァ-ヴー][ァ-ヴー・]{2,29}")
_MIN_KANA_KEY = 3  # a shorter katakana word (ラマ, ハブ) spells too many English words to be read as one alone


def kana_words(topic: str, in_notes: Callable[[str], bool]) -> list[str]:
    """The katakana words of ``topic`` the notes don't write as they are (a run of them is one word:
    セージメーカー, スウィン・トランスフォーマー)."""
    runs = (m.group().strip("・") for m in _KANA_WORD.finditer(topic))
    return [r for r in runs if len(r.replace("ー", "").replace("・", "")) >= _MIN_KANA_KEY and not in_notes(r)]


def english_terms(
    topic: str, tokenizer: Tokenizer, in_notes: Callable[[str], bool], english_of: Callable[[str], Sequence[str]]
) -> tuple[tuple[str, str], ...]:
    """(katakana term, notes' term) for each katakana word of ``topic`` that spells an English word the
    notes write in Latin letters (「ルッカーで運用」: the notes say Looker; ``english_of`` reads the notes'
    spellings, rag.retrieval.variants) — the reverse of ``loanword_terms``."""
    out: list[tuple[str, str]] = []
    for word in kana_words(topic, in_notes):
        names = english_of(word)
        if not names:
            continue
        own = [t for t in tokenizer.tokenize(word) if t != "・"] or [word]
        for i, term in enumerate(tokenizer.tokenize(names[0])):
            pair = (own[min(i, len(own) - 1)], term)
            if pair not in out and term not in own:
                out.append(pair)
    return tuple(out)


def spelled_in_english(
    specific: Sequence[str], in_notes: Callable[[str], bool], english_of: Callable[[str], Sequence[str]]
) -> tuple[str, ...]:
    """The specific terms with each katakana one the notes write only in English as the notes write it
    (セージメーカー → SageMaker): the notes are then searched, and judged to mention it, by their spelling."""
    out: list[str] = []
    for term in specific:
        names = english_of(term) if kana_words(term, in_notes) == [term] else []
        out.append(names[0] if names else term)
    return tuple(dict.fromkeys(out))


def acronym_spelled(
    topic: str,
    specific: Sequence[str],
    tokenizer: Tokenizer,
    in_notes: Callable[[str], bool],
    acronym_of: Callable[[str, str], str | None],
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The specific terms with each English one the notes never write that is part of a run of the topic's
    words the notes write as an acronym as that acronym ("International Olympiad in Informatics": IOI
    there), and (term, acronym's term) pairs for each of the run's words that bridge it."""
    out: list[str] = []
    pairs: list[tuple[str, str]] = []
    for term in specific:
        short = acronym_of(topic, term) if term.isascii() and not in_notes(term) else None
        out.append(short or term)
        if short:
            alt = tokenizer.tokenize(short)
            pairs += [(own, alt[0]) for own in tokenizer.tokenize(term) if len(alt) == 1 and own != alt[0]]
    return tuple(dict.fromkeys(out)), tuple(dict.fromkeys(pairs))
