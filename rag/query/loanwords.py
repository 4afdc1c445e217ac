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
from collections.abc import Callable
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
