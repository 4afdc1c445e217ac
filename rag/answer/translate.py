"""Japanese answers to English questions, put into English.

A small model asked in English may still answer in Japanese, copying the notes' lines
(「Level 1: 明示的な事実に対するクエリ」). Such a reply is translated into English with its source
markers kept, before the citations are verified (rag.answer.generative).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.answer.prompts import NOT_IN_SOURCES, english_messages
from rag.answer.verify import cited_numbers
from rag.errors import LLMError
from rag.text import JAPANESE_CHAR

if TYPE_CHECKING:
    from rag.llm.base import ChatLLM

_LATIN = re.compile(r"[A-Za-z]")
_BRACKETED = re.compile(r"[\[【［][^\]】］\n]{0,24}[\]】］]")
# A Japanese character carries about as much as a short English word, so a fifth of the letters
# being Japanese is already a mostly-Japanese text; an English answer naming a Japanese title stays under.
_JAPANESE_SHARE = 0.2


def mostly_japanese(text: str) -> bool:
    """Whether Japanese characters make up at least a fifth of the text's letters (markers aside)."""
    body = _BRACKETED.sub("", text)
    ja = len(JAPANESE_CHAR.findall(body))
    return ja > 0 and ja >= _JAPANESE_SHARE * (ja + len(_LATIN.findall(body)))


def english_answer(reply: str, llm: ChatLLM, attempts: int = 2) -> str | None:
    """``reply`` (text with [S#] markers) in English, citing exactly the same sources; None when the
    LLM fails, or each of its ``attempts`` is still mostly Japanese, cites other sources, or runs away
    (a sampled second try often passes where the first did not)."""
    for _ in range(attempts):
        try:
            text = llm.complete(english_messages(reply)).strip()
        except LLMError:
            return None
        if (
            text
            and NOT_IN_SOURCES not in text
            and not mostly_japanese(text)
            and cited_numbers(text) == cited_numbers(reply)
            and len(text) <= 3 * len(reply) + 200
        ):
            return text
    return None
