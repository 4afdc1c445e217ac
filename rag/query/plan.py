"""A question (and the conversation before it) → its Query: decided once, then passed down the pipeline."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rag.errors import QuestionError
from rag.query.followup import standalone_question
from rag.query.intent import understand
from rag.store.lexical import question_terms
from rag.text import is_japanese
from rag.types import Filters, Query

if TYPE_CHECKING:
    from rag.llm.base import ChatLLM
    from rag.query.followup import History
    from rag.store.catalogue import Catalogue
    from rag.store.lexical import Tokenizer

MAX_QUESTION_CHARS = 2000  # the model reads ~512 tokens; the rest would only slow tokenising


def clean_question(question: str) -> str:
    """The question with surrounding space removed; raises if there is nothing to search for."""
    q = " ".join(question.split())
    if not q:
        raise QuestionError("The question is empty: type what you want to know about the notes.")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("The question has no words to search for (only symbols or emoji): add a few words.")
    return q[:MAX_QUESTION_CHARS]


def plan_query(
    question: str,
    catalogue: Catalogue,
    tokenizer: Tokenizer,
    filters: Filters | None = None,
    history: History = (),
    llm: ChatLLM | None = None,
) -> Query:
    """What the question asks, resolved against what the index holds: a follow-up is made standalone
    first (``history``: earlier turns); the dates, presenter and tag it names become filters, with
    ``filters`` given explicitly winning over them."""
    q = clean_question(question)
    text = standalone_question(q, history, llm, catalogue.sessions) if history else q
    intent = understand(text, catalogue.presenters, catalogue.sessions)
    return Query(
        question=q,
        text=text,
        kind=intent.kind,
        filters=filters.merged(intent.filters) if filters is not None else intent.filters,
        topic=intent.query,
        terms=tuple(question_terms(tokenizer, intent.query)),
        japanese=is_japanese(q),
    )


def with_topic(query: Query, topic: str, catalogue: Catalogue, tokenizer: Tokenizer) -> Query:
    """The query searched with another wording of its topic (e.g. its Japanese translation): the topic
    words of ``topic``, as the question stage reads them; everything else stays."""
    words = understand(topic, catalogue.presenters, catalogue.sessions).query
    return dataclasses.replace(query, topic=words, terms=tuple(question_terms(tokenizer, words)))
