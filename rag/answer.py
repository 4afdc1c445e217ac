"""Question → understood intent → retrieved hits → answer with cited session dates."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag.errors import NoMatchError
from rag.extractive import extractive_answer, is_japanese
from rag.followup import standalone_question
from rag.generate import llm_answer_events
from rag.intent import Intent, understand
from rag.recall import presenter_answer, sessions_answer, topics_answer
from rag.retrieve import Filters, clean_question, is_relevant
from rag.translate import japanese_query
from rag.types import Answer

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.followup import History
    from rag.llm import ChatLLM
    from rag.retrieve import Retriever
    from rag.types import Hit


def answer_events(
    question: str,
    retriever: Retriever,
    settings: Settings,
    k: int | None = None,
    filters: Filters | None = None,
    history: History = (),
    *,
    llm: ChatLLM | None = None,
    stream: bool = True,
) -> Iterator[str | Answer]:
    """The answer as it is produced: text pieces, then the final Answer (authoritative text and
    citations). Without an LLM, or for when/which/who/list questions (answered from the notes'
    metadata), the whole answer is one piece. ``history``: earlier (user, assistant) turns or chat
    messages; a follow-up is rewritten into a standalone question first."""
    q = clean_question(question)
    query = standalone_question(q, history, llm, retriever.sessions) if history else q
    try:
        for event in _events(query, retriever, settings, k, filters, llm, stream):
            if isinstance(event, Answer) and query != q:
                yield dataclasses.replace(event, question=q, query=query)
            else:
                yield event
    except NoMatchError as exc:
        if filters is not None and not filters.empty:
            raise
        # The question itself named a date/presenter/tag the notes don't have: say so.
        prefix = "ノートには該当する回がありません。" if is_japanese(q) else "The notes have nothing for that."
        answer = Answer(question=q, text=f"{prefix} {exc}", mode="extractive", found=False)
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
    question: str,
    retriever: Retriever,
    settings: Settings,
    k: int | None = None,
    filters: Filters | None = None,
    history: History = (),
    *,
    llm: ChatLLM | None = None,
) -> Answer:
    """Answer from the notes; raises NoMatchError only when explicit ``filters`` match nothing."""
    final = None
    for event in answer_events(question, retriever, settings, k, filters, history, llm=llm, stream=False):
        if isinstance(event, Answer):
            final = event
    assert final is not None  # answer_events always ends with the Answer
    return final


def _events(
    q: str,
    retriever: Retriever,
    settings: Settings,
    k: int | None,
    filters: Filters | None,
    llm: ChatLLM | None,
    stream: bool,
) -> Iterator[str | Answer]:
    intent = interpret(q, retriever, filters)
    has_topic = bool(retriever.content_terms(intent.query))
    # Recall questions are answered from the notes' metadata: every matching session, exactly.
    if intent.kind == "list" or (not has_topic and not intent.filters.empty):
        yield from _whole(topics_answer(q, retriever.list_topics(intent.filters), intent))
        return
    if intent.kind in ("when", "which"):
        yield from _whole(sessions_answer(q, retriever.matching_topics(q, intent.filters, intent.query)))
        return
    hits = retriever.search(q, k, intent.filters, lexical_query=intent.query)
    relevant = [h for h in hits if is_relevant(h, settings)]
    if not relevant and llm is not None and settings.translate_questions and not is_japanese(q):
        relevant = _relevant_in_japanese(q, retriever, settings, k, intent.filters, llm)
    if not relevant:
        # Nothing to ground an answer in: say so without asking the model; show what was closest.
        yield from _whole(dataclasses.replace(extractive_answer(q, [], retriever.embedder), hits=tuple(hits)))
        return
    if intent.kind == "who":
        yield from _whole(presenter_answer(q, _presented(relevant, retriever.content_terms(intent.query), retriever)))
        return

    def extractive() -> Answer:
        return extractive_answer(
            q, relevant, retriever.embedder, points=settings.extract_points, max_topics=settings.extract_topics
        )

    if llm is None:
        yield from _whole(extractive())
        return
    yield from llm_answer_events(q, relevant, llm, settings, extractive, stream=stream)


def _relevant_in_japanese(
    q: str, retriever: Retriever, settings: Settings, k: int | None, filters: Filters, llm: ChatLLM
) -> list[Hit]:
    """The evidence for an English question when its words are taken from its Japanese translation (the
    notes' language): BM25 and the gate's word coverage use the translation; the dense side still embeds
    the question itself, so a loose translation cannot make an unrelated chunk look similar."""
    translated = japanese_query(q, llm)
    if translated is None:
        return []
    words = understand(translated, retriever.presenters, retriever.sessions).query
    hits = retriever.search(q, k, filters, lexical_query=words)
    return [h for h in hits if is_relevant(h, settings)]


def _presented(hits: list[Hit], terms: list[str], retriever: Retriever) -> list[Hit]:
    """For "who presented X?": the topics whose titles name X best. A talk that only mentions X in
    passing (a conference report citing the paper) did not present it; without X in any title, all."""
    wanted = set(terms)
    named = [len(wanted & set(retriever.content_terms(h.chunk.title))) for h in hits]
    best = max(named, default=0)
    return [h for h, n in zip(hits, named, strict=True) if n == best] if best else hits


def _whole(answer: Answer) -> Iterator[str | Answer]:
    yield answer.text
    yield answer
