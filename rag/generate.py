"""LLM answers from retrieved hits: grounded prompt → (streamed) reply → verified citations.

Any failure of the LLM (down, timeout, rate limit, malformed or uncited reply) ends in the
extractive answer with a one-line notice; the caller supplies that fallback.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rag.errors import LLMError
from rag.extractive import is_japanese
from rag.prompt import NOT_IN_SOURCES, Source, answer_messages, make_sources
from rag.translate import english_answer, mostly_japanese
from rag.types import Answer
from rag.verify import StreamRenderer, reply_text, verify_reply

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.llm import ChatLLM
    from rag.types import Hit


def answer_schema(sources: Sequence[Source]) -> dict[str, Any]:
    """JSON-schema output for endpoints that constrain it: short sentences, each citing given ids only."""
    return {
        "title": "grounded_answer",
        "type": "object",
        "properties": {
            "sentences": {
                "type": "array",
                "minItems": 1,
                "maxItems": 4,
                "items": {
                    "type": "object",
                    "properties": {
                        # Bounds the reply within RAG_LLM_MAX_TOKENS' default: a cut-off JSON is lost.
                        "text": {"type": "string", "maxLength": 120},
                        "sources": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 3,
                            "items": {"enum": [s.id for s in sources]},
                        },
                    },
                    "required": ["text", "sources"],
                },
            }
        },
        "required": ["sentences"],
    }


def _fallback_notice(question: str, why: str) -> str:
    if is_japanese(question):
        return f"LLM の回答を使えないため、ノートの抜粋を表示しています: {why}"
    return f"Showing quotes from the notes instead of an LLM answer: {why}"


def llm_answer_events(
    question: str,
    hits: Sequence[Hit],
    llm: ChatLLM,
    settings: Settings,
    fallback: Callable[[], Answer],
    *,
    stream: bool = True,
) -> Iterator[str | Answer]:
    """Text pieces as the model writes them (ids already rendered as dates), then the final Answer.

    ``hits`` are the relevant ones (non-empty); ``fallback`` builds the extractive answer. When the
    final Answer is not the LLM's, or is the LLM's Japanese reply to an English question put into
    English (``Answer.translated``), its text replaces whatever was streamed.
    """
    sources = make_sources(hits, settings.llm_sources, settings.llm_source_chars)
    messages = answer_messages(question, sources)
    try:
        if stream:
            renderer = StreamRenderer(sources, hold_prefix=NOT_IN_SOURCES)
            parts = []
            for delta in llm.stream(messages):
                parts.append(delta)
                shown = renderer.feed(delta)
                if shown:
                    yield shown
            tail = renderer.flush()
            if tail:
                yield tail
            reply = "".join(parts)
        elif settings.llm_json_schema == "off":
            reply = llm.complete(messages)
        else:
            reply = llm.complete(messages, json_schema=answer_schema(sources))
    except LLMError as exc:
        yield dataclasses.replace(fallback(), notice=_fallback_notice(question, str(exc)))
        return
    if NOT_IN_SOURCES in reply:
        # The retrieval gate found evidence but the model did not: show the evidence, uncited by the model.
        why = "the model found no direct answer in the retrieved notes"
        yield dataclasses.replace(fallback(), notice=_fallback_notice(question, why))
        return
    translated, language_notice = False, ""
    body = reply_text(reply)  # plain text with [S#] markers, whatever form the reply took
    if settings.translate_answers and not is_japanese(question) and mostly_japanese(body):
        english = english_answer(body, llm)
        if english is None:
            language_notice = "The model answered in Japanese and its translation into English failed."
        else:
            reply, translated = english, True
            language_notice = "The model answered in Japanese; this is its translation into English."
    verified = verify_reply(reply, sources, question)
    if not verified.citations:
        why = "the model's reply cited none of the retrieved notes"
        yield dataclasses.replace(fallback(), notice=_fallback_notice(question, why))
        return
    yield Answer(
        question=question,
        text=verified.text,
        mode="llm",
        found=True,
        citations=verified.citations,
        hits=tuple(hits),
        notice=" ".join(n for n in (language_notice, verified.notice(is_japanese(question))) if n),
        model=llm.model,
        translated=translated,
    )
