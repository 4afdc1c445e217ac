"""A Query → its Evidence: retrieval the way the query's route needs it, the gate applied once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.retrieval.gate import is_relevant
from rag.store.lexical import question_terms
from rag.types import Evidence

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.retrieval.retriever import Mode, Retriever
    from rag.types import Hit, Query


def gather(query: Query, retriever: Retriever, settings: Settings, k: int | None = None) -> Evidence:
    """List questions get every topic under their filters; when/which questions every topic with
    evidence; others the top ``k`` hits and those of them that pass the gate (for who-questions,
    the topics whose titles name the subject). Raises NoMatchError when the filters match nothing."""
    route = query.route
    if route == "list":
        return Evidence(query, listing=tuple(retriever.list_topics(query.filters)))
    if route == "sessions":
        topics = tuple(retriever.matching_topics(query.text, query.filters, query.terms))
        return Evidence(query, hits=topics, relevant=topics)
    hits = retriever.search(query.text, k, query.filters, terms=query.terms)
    relevant = [h for h in hits if is_relevant(h, settings)]
    if route == "who":
        relevant = _presented(relevant, query, retriever)
    return Evidence(query, hits=tuple(hits), relevant=tuple(relevant))


def ranked(query: Query, retriever: Retriever, depth: int, mode: Mode | None = None) -> list[Hit]:
    """What retrieval ranks for the query, as its answer sees it (filters applied): for evaluation."""
    if query.route == "list":
        return retriever.list_topics(query.filters)[:depth]
    return retriever.search(query.text, depth, query.filters, mode, query.terms)


def _presented(hits: list[Hit], query: Query, retriever: Retriever) -> list[Hit]:
    """For "who presented X?": the topics whose titles name X best. A talk that only mentions X in
    passing (a conference report citing the paper) did not present it; without X in any title, all."""
    wanted = set(query.terms)
    named = [len(wanted & set(question_terms(retriever.tokenizer, h.chunk.title))) for h in hits]
    best = max(named, default=0)
    return [h for h, n in zip(hits, named, strict=True) if n == best] if best else hits
