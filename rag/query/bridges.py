"""The notes' own names for the concepts a question names, as search terms (rag.query.concepts).

"Which sessions talked about statistical testing?" is answered by a note that writes 統計的検定, and
「インコンテキスト学習について触れた回は?」 by one that writes "in-context learning": the question's words
and the notes' share nothing a lexical search could match. Each concept the question names — by its
English phrase or one of its Japanese names — brings the other names of it that the notes use, each of
their words paired with a word of the question's name, so that either counts as the same word.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rag.query.concepts import concepts_named_in, names_of
from rag.text import fold

if TYPE_CHECKING:
    from rag.store.lexical import Tokenizer


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
