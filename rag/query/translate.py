"""English questions searched in Japanese, the notes' language.

An English question still finds the right topic by meaning, but the evidence gate
(rag.retrieval.gate) wants the question's rare words in the chunk, and "model registry" is written
モデルレジストリ there. When an English question finds no evidence and an LLM is configured, the LLM
translates it (English technical terms kept) and retrieval runs once more with the translation's
words on the lexical side (rag.answer.route). The gate is unchanged and the dense side still embeds
the question itself, so an out-of-notes question stays refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.errors import LLMError
from rag.llm.base import reply_line
from rag.query.prompts import translate_messages
from rag.text import is_japanese

if TYPE_CHECKING:
    from rag.llm.base import ChatLLM

_MAX_CHARS = 200


def japanese_query(question: str, llm: ChatLLM) -> str | None:
    """The question in Japanese, or None when the LLM fails or replies with something else."""
    try:
        text = reply_line(llm.complete(translate_messages(question)))
    except LLMError:
        return None
    if not is_japanese(text) or len(text) > max(_MAX_CHARS, 2 * len(question)):
        return None
    return text
