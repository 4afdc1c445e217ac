"""LLM answers from the evidence: grounded prompt → (streamed) reply → verified citations.

Any failure of the LLM (down, timeout, rate limit, malformed or uncited reply) ends in a ``Declined``
with the reason; the route then shows the extractive answer with that notice.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answer.prompts import NOT_IN_SOURCES, answer_messages, answer_schema, make_sources
from rag.answer.translate import english_answer, mostly_japanese
from rag.answer.verify import StreamRenderer, reply_text, verify_reply
from rag.errors import LLMError
from rag.types import Answer

if TYPE_CHECKING:
    from rag.answer.prompts import Source
    from rag.config import Settings
    from rag.llm.base import ChatLLM, Message
    from rag.types import Hit, Query


@dataclass(frozen=True)
class Declined:
    """The LLM's answer cannot be used; ``notice`` says why, in the question's language."""

    notice: str


def _declined(query: Query, why: str) -> Declined:
    if query.japanese:
        return Declined(f"LLM の回答を使えないため、ノートの抜粋を表示しています: {why}")
    return Declined(f"Showing quotes from the notes instead of an LLM answer: {why}")


def llm_answer_events(
    query: Query,
    hits: Sequence[Hit],
    llm: ChatLLM,
    settings: Settings,
    *,
    stream: bool = True,
) -> Iterator[str | Answer | Declined]:
    """Text pieces as the model writes them (ids already rendered as dates), then the final Answer,
    or a Declined when the reply cannot be used.

    ``hits`` are the relevant ones (non-empty). When the final Answer is the LLM's Japanese reply to
    an English question put into English (``Answer.translated``), its text replaces what was streamed.
    """
    sources = make_sources(hits, settings.llm_sources, settings.llm_source_chars)
    messages = answer_messages(query.text, sources, query.japanese)
    try:
        if stream:
            reply = yield from _streamed(llm, messages, sources)
        elif settings.llm_json_schema == "off":
            reply = llm.complete(messages)
        else:
            reply = llm.complete(messages, json_schema=answer_schema(sources))
    except LLMError as exc:
        yield _declined(query, str(exc))
        return
    if NOT_IN_SOURCES in reply:
        # The retrieval gate found evidence but the model did not: show the evidence, uncited by the model.
        yield _declined(query, "the model found no direct answer in the retrieved notes")
        return
    translated, language_notice = False, ""
    body = reply_text(reply)  # plain text with [S#] markers, whatever form the reply took
    if settings.translate_answers and not query.japanese and mostly_japanese(body):
        english = english_answer(body, llm)
        if english is None:
            language_notice = "The model answered in Japanese and its translation into English failed."
        else:
            reply, translated = english, True
            language_notice = "The model answered in Japanese; this is its translation into English."
    verified = verify_reply(reply, sources, query.japanese)
    if not verified.citations:
        yield _declined(query, "the model's reply cited none of the retrieved notes")
        return
    yield Answer(
        question=query.question,
        text=verified.text,
        mode="llm",
        found=True,
        citations=verified.citations,
        hits=tuple(hits),
        notice=" ".join(n for n in (language_notice, verified.notice(query.japanese)) if n),
        model=llm.model,
        query=query.rewritten,
        translated=translated,
    )


def _streamed(llm: ChatLLM, messages: list[Message], sources: Sequence[Source]) -> Generator[str, None, str]:
    """Yield the reply rendered piece by piece; return it whole."""
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
    return "".join(parts)
