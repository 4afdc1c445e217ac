"""The notes' own names for the concepts a question names, as search terms (rag.query.concepts).

"Which sessions talked about statistical testing?" is answered by a note that writes 統計的検定, and
「インコンテキスト学習について触れた回は?」 by one that writes "in-context learning": the question's words
and the notes' share nothing a lexical search could match. Each concept the question names — by its
English phrase or one of its Japanese names — brings the other names of it that the notes use, each of
their words paired with a word of the question's name, so that either counts as the same word.

A product name written in capitalised parts is often shortened to their capitals: the notes' "BQ" is
the question's BigQuery (``camel_initials``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from rag.query.concepts import concepts_named_in, names_of
from rag.text import fold

if TYPE_CHECKING:
    from rag.store.lexical import Tokenizer


_CAMEL = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z][a-z]+){2,3}(?![A-Za-z0-9])")
_PART = re.compile(r"[A-Z][a-z]+")


def camel_initials(word: str) -> str | None:
    """The capitals of a name written in two or three capitalised parts (BigQuery → BQ, SageMaker → SM);
    None for any other word (OpenAI, Polars, GPT)."""
    if not _CAMEL.fullmatch(word):
        return None
    return "".join(p[0] for p in _PART.findall(word))


def acronym_terms(text: str, tokenizer: Tokenizer, in_notes: Callable[[str], bool]) -> tuple[tuple[str, str], ...]:
    """(name's term, acronym's term) for each capitalised-parts name of ``text`` whose capitals the notes
    write as a word (BigQuery → BQ) and whose own spelling they don't."""
    out: list[tuple[str, str]] = []
    for name in _CAMEL.findall(text):
        short = camel_initials(name)
        own, alt = tokenizer.tokenize(name), tokenizer.tokenize(short or "")
        if short and len(own) == 1 and len(alt) == 1 and in_notes(short) and not in_notes(name):
            out.append((own[0], alt[0]))
    return tuple(out)


def concept_terms(text: str, tokenizer: Tokenizer, in_notes: Callable[[str], bool]) -> tuple[tuple[str, str], ...]:
    """(question term, notes' term) pairs for the other names the notes use of each concept ``text`` names
    (``in_notes``: whether the notes hold a name's words)."""
    out: list[tuple[str, str]] = []
    folded = fold(text)
    for concept in concepts_named_in(text):
        names = names_of(concept)
        written = [n for n in names if fold(n) in folded or (n == concept)]
        own = [t for n in written for t in tokenizer.tokenize(n) if t in tokenizer.tokenize(text)]
        if not own:
            continue
        for name in names:
            if fold(name) in folded or not in_notes(name):
                continue
            for i, term in enumerate(tokenizer.tokenize(name)):
                pair = (own[min(i, len(own) - 1)], term)
                if term not in own and pair not in out:
                    out.append(pair)
    return tuple(out)
