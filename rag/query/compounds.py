"""Two-word English noun phrases that name one thing: "streaming engine", "prompt caching", "random forests".

A question whose topic is a compound of everyday words asks about that thing, not about either word: a
note about the Polars GPU engine does not cover "a streaming engine", nor one about the KV cache "prompt
caching", nor the talk on ランダムネス "random forests", though each shares a word with the question and the
embedding finds them close. The notes cover such a compound where they write it — its words in a row, in
English or in katakana (ランダムフォレスト), or one of its words joined to a Japanese word that may
translate the other (テキスト生成 for "text generation", 共有メモリ for "shared memory"); a topic that
holds one of its words but nowhere the compound is about something else. (Compounds that are terms of
the field, "speculative decoding", are in rag.query.concepts, with their Japanese names.)

Only a compound that is the question's whole topic is read so: two content words in a row, with no
content word next to them, and no other content word in the question — where the question says more
("mixing data from different domains"), its other words carry it and the gates judge them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.query.concepts import concepts_in
from rag.query.occurrence import is_said_word
from rag.query.specific import is_framing
from rag.store.lexical import topic_terms

if TYPE_CHECKING:
    from rag.store.lexical import Tokenizer

_WORD = re.compile(r"(?<![\w.\-])[A-Za-z][A-Za-z]*(?:-[A-Za-z]+)*(?![\w.\-])")


def _plain(word: str) -> bool:
    """A lowercase word, or an acronym (GPU pricing): not a name, which other rules read."""
    letters = word.replace("-", "")
    return word.islower() or (letters.isupper() and 2 <= len(letters) <= 5)


def _frame(word: str, tokenizer: Tokenizer) -> bool:
    """Whether a word only frames the question ("what did the notes say about …"): the words that say a
    subject came up, and the question's frame (rag.query.specific), are no part of its topic."""
    terms = topic_terms(tokenizer, word.lower())
    return bool(terms) and all(is_said_word(t) or is_framing(t) for t in terms)


def compound_topic(topic: str, tokenizer: Tokenizer) -> tuple[str, ...]:
    """The compound that is all of an English question's topic ("on prompt caching" → ("prompt caching",)),
    or () when the topic is not one (more content words, one word, a concept, a name)."""
    words = [m for m in _WORD.finditer(topic) if not _frame(m.group(), tokenizer)]
    content = [m for m in words if len(m.group()) >= 3 and topic_terms(tokenizer, m.group().lower())]
    if len(content) != 2 or not all(_plain(m.group()) for m in content):
        return ()
    first, second = content
    if topic[first.end() : second.start()] != " " or (first.group().isupper() and second.group().isupper()):
        return ()
    said = [t for t in topic_terms(tokenizer, topic) if not is_said_word(t) and not is_framing(t)]
    if len(said) != 2:  # a Japanese word or number beside them says more
        return ()
    phrase = f"{first.group().lower()} {second.group().lower()}"
    if concepts_in(phrase):
        return ()
    return (phrase,)
