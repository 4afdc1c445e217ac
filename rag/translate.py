"""Between the notes' language and the question's: English questions searched in Japanese, and
Japanese answers to English questions put into English.

The notes are mostly Japanese. An English question still finds the right topic by meaning, but
the evidence gate (rag.retrieve.is_relevant) wants the question's rare words in the chunk, and
"model registry" is written モデルレジストリ there. When an English question finds no evidence and
an LLM is configured, the LLM translates it (English technical terms kept) and retrieval runs once
more with the translation's words on the lexical side (rag.answer). The gate is unchanged and the
dense side still embeds the question itself, so an out-of-notes question stays refused.

The other way: a small model asked in English may still answer in Japanese, copying the notes'
lines (「Level 1: 明示的な事実に対するクエリ」). Such a reply is translated into English with its
source markers kept, before the citations are verified (rag.generate).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.errors import LLMError
from rag.extractive import JAPANESE_CHAR, is_japanese
from rag.prompt import NOT_IN_SOURCES, english_messages, reply_line, translate_messages
from rag.verify import cited_numbers

if TYPE_CHECKING:
    from rag.llm import ChatLLM

_MAX_CHARS = 200
_LATIN = re.compile(r"[A-Za-z]")
_BRACKETED = re.compile(r"[\[【［][^\]】］\n]{0,24}[\]】］]")
# A Japanese character carries about as much as a short English word, so a fifth of the letters
# being Japanese is already a mostly-Japanese text; an English answer naming a Japanese title stays under.
_JAPANESE_SHARE = 0.2


def japanese_query(question: str, llm: ChatLLM) -> str | None:
    """The question in Japanese, or None when the LLM fails or replies with something else."""
    try:
        text = reply_line(llm.complete(translate_messages(question)))
    except LLMError:
        return None
    if not is_japanese(text) or len(text) > max(_MAX_CHARS, 2 * len(question)):
        return None
    return text


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
