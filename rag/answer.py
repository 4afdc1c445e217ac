"""Question → understood intent → retrieved hits → answer with cited session dates."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from rag.errors import NoMatchError
from rag.extractive import extractive_answer, is_japanese
from rag.intent import Intent, understand
from rag.recall import presenter_answer, sessions_answer, topics_answer
from rag.retrieve import Filters, clean_question, is_relevant
from rag.types import Answer

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.llm import Message
    from rag.retrieve import Retriever


def answer_events(
    question: str,
    retriever: Retriever,
    settings: Settings,
    k: int | None = None,
    filters: Filters | None = None,
    history: Sequence[Message] = (),
) -> Iterator[str | Answer]:
    """The answer as it is produced: text pieces, then the final Answer (authoritative text and
    citations). Without an LLM the whole extractive answer is one piece."""
    answer = answer_question(question, retriever, settings, k, filters)
    yield answer.text
    yield answer


def merge_filters(explicit: Filters | None, implied: Filters) -> Filters:
    """Filters given explicitly win; the question's own fill in the rest."""
    if explicit is None:
        return implied
    return Filters(
        since=explicit.since or implied.since,
        until=explicit.until or implied.until,
        presenter=explicit.presenter or implied.presenter,
        tag=explicit.tag or implied.tag,
    )


def interpret(question: str, retriever: Retriever, filters: Filters | None = None) -> Intent:
    """The question's intent, with explicit filters merged in."""
    intent = understand(clean_question(question), retriever.presenters, retriever.sessions)
    return dataclasses.replace(intent, filters=merge_filters(filters, intent.filters))


def answer_question(
    question: str, retriever: Retriever, settings: Settings, k: int | None = None, filters: Filters | None = None
) -> Answer:
    """Answer from the notes; raises NoMatchError only when explicit ``filters`` match nothing."""
    q = clean_question(question)
    intent = interpret(q, retriever, filters)
    try:
        return _answer(q, intent, retriever, settings, k)
    except NoMatchError as exc:
        if filters is not None and not filters.empty:
            raise
        # The question itself named a date/presenter/tag the notes don't have: say so.
        prefix = "ノートには該当する回がありません。" if is_japanese(q) else "The notes have nothing for that."
        return Answer(question=q, text=f"{prefix} {exc}", mode="extractive", found=False)


def _answer(q: str, intent: Intent, retriever: Retriever, settings: Settings, k: int | None) -> Answer:
    has_topic = bool(retriever.content_terms(intent.query))
    if intent.kind == "list" or (not has_topic and not intent.filters.empty):
        return topics_answer(q, retriever.list_topics(intent.filters), intent)
    if intent.kind in ("when", "which"):
        return sessions_answer(q, retriever.matching_topics(q, intent.filters, intent.query))
    hits = retriever.search(q, k, intent.filters, lexical_query=intent.query)
    relevant = [h for h in hits if is_relevant(h, settings)]
    if intent.kind == "who":
        answer = presenter_answer(q, relevant)
    else:
        answer = extractive_answer(
            q, relevant, retriever.embedder, points=settings.extract_points, max_topics=settings.extract_topics
        )
    if not answer.found:
        # Show what was closest anyway, so users can judge; nothing is cited.
        return dataclasses.replace(answer, hits=tuple(hits))
    return answer
