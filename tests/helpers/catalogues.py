"""A plan test's catalogue: topics as (date, presenter, tag, title) rows, and questions planned against it
as the pipeline plans them (with the words the notes are said to hold)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence

from rag.query.plan import plan_query
from rag.store.catalogue import Catalogue
from rag.store.lexical import get_tokenizer
from rag.types import Chunk, Query

TODAY = dt.date(2026, 12, 1)
Topic = tuple[str | None, str | None, str | None, str]


def catalogue_of(topics: Sequence[Topic]) -> Catalogue:
    """A catalogue of one chunk per topic, in the order given."""
    return Catalogue.of(
        [Chunk(f"c{i}", f"{d}.txt", d, who, tag, title, i, 0, 1, "") for i, (d, who, tag, title) in enumerate(topics)]
    )


def planner(catalogue: Catalogue, words: Collection[str] = ()) -> Callable[[str], Query]:
    """``plan(question)`` against ``catalogue``, where a word occurs in the notes if it is one of ``words``
    (lowercase), on ``TODAY``."""
    tokenizer = get_tokenizer("A")

    def plan(question: str) -> Query:
        return plan_query(question, catalogue, tokenizer, in_notes=lambda w: w.lower() in words, today=TODAY)

    return plan
