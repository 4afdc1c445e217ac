"""A question's way through the pipeline: plan (Query) → evidence (Evidence) → composed Answer.

``Pipeline`` is one loaded index with the models that answer from it. ``rag ask``, the chat UI and
``rag eval`` all answer through it, so they cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answer.extractive import extractive_answer
from rag.answer.generative import Declined, llm_answer_events
from rag.answer.notfound import not_found, unknown_answer, unsupported_answer
from rag.answer.overview import count_answer, no_session_answer, rank_answer, session_answer
from rag.answer.recall import presenter_answer, sessions_answer, topics_answer
from rag.errors import NoMatchError
from rag.query.alternatives import alternatives
from rag.query.llm_plan import propose
from rag.query.plan import plan_query, with_topic
from rag.query.translate import japanese_query
from rag.retrieval.either import gather_either, parts_of
from rag.retrieval.evidence import gather
from rag.retrieval.retriever import Retriever
from rag.types import Answer

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.embedding.base import Embedder
    from rag.llm.base import ChatLLM
    from rag.query.followup import History
    from rag.store.lexical import Tokenizer
    from rag.store.load import NoteIndex
    from rag.types import Evidence, Filters, Query

Event = str | Answer


@dataclass(frozen=True)
class Pipeline:
    """One loaded index and what answers from it: the embedder, the tokenizer, the LLM (None: answers
    are extractive) and the settings."""

    index: NoteIndex
    embedder: Embedder
    tokenizer: Tokenizer
    settings: Settings
    llm: ChatLLM | None = None

    @functools.cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.index, self.embedder, self.tokenizer, self.settings)

    def plan(self, question: str, filters: Filters | None = None, history: History = ()) -> Query:
        """The question understood against this index's catalogue (see ``rag.query.plan``)."""
        catalogue = self.index.catalogue
        query = plan_query(
            question,
            catalogue,
            self.tokenizer,
            filters,
            history,
            self.llm,
            in_notes=self._in_notes,
            english_of=self.retriever.variants.english_of,
            acronym_of=self.retriever.variants.acronym_of,
        )
        if self.llm is not None and self.settings.llm_plan == "on":
            query = propose(query, catalogue, self.tokenizer, self.llm)
        return query

    def _in_notes(self, word: str) -> bool:
        """Whether a word occurs in the notes (as one of their terms)."""
        terms = self.tokenizer.tokenize(word)
        return bool(terms) and all(t in self.index.lexical.vocab for t in terms)

    def evidence(self, query: Query, k: int | None = None) -> Evidence:
        """What retrieval finds for the query; an English question with no evidence is searched once
        more with its Japanese translation's words when an LLM is configured (``translate_questions``)."""
        evidence = gather(query, self.retriever, self.settings, k)
        topics = alternatives(query.topic) if query.kind == "sessions" and not evidence.relevant else ()
        if len(topics) > 1:  # 「量子化や蒸留の話があった日」, found for neither together: the sessions of either
            catalogue, tokenizer = self.index.catalogue, self.tokenizer
            parts = parts_of(query, topics, lambda q, topic: with_topic(q, topic, catalogue, tokenizer))
            return gather_either(evidence, parts, self.retriever, self.settings, k)
        if (
            not evidence.relevant
            and query.kind in ("who", "fact")
            and self.llm is not None
            and self.settings.translate_questions
            and not query.japanese
        ):
            translated = japanese_query(query.text, self.llm)
            if translated is not None:
                again = gather(with_topic(query, translated, self.index.catalogue, self.tokenizer), self.retriever,
                               self.settings, k)  # fmt: skip
                if again.relevant:
                    return dataclasses.replace(again, query=query)
        return evidence

    def events(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        history: History = (),
        *,
        stream: bool = True,
    ) -> Iterator[Event]:
        """The answer as it is produced: text pieces, then the final Answer (whose text and citations
        are the ones to show). Recall answers (when / which / who / list) and extractive ones come whole,
        in one piece. Raises NoMatchError only when explicit ``filters`` match nothing; filters the
        question itself implies that match nothing are answered as "not in the notes"."""
        query = self.plan(question, filters, history)
        try:
            evidence = self.evidence(query, k)
        except NoMatchError as exc:
            if filters is not None and not filters.empty:
                raise
            yield from _whole(not_found(query, reason=str(exc)))
            return
        yield from self.compose(evidence, stream=stream)

    def compose(self, evidence: Evidence, *, stream: bool = True) -> Iterator[Event]:
        """The answer the evidence supports, built the way its query's kind asks."""
        query, kind = evidence.query, evidence.query.kind
        catalogue = self.index.catalogue
        if query.unknown:
            yield from _whole(unknown_answer(query, catalogue))
        elif not query.searches:
            yield from _whole(self._from_catalogue(evidence))
        elif evidence.unsupported:
            yield from _whole(unsupported_answer(query, evidence.unsupported, evidence.hits))
        elif kind == "count":
            yield from _whole(count_answer(query, evidence.relevant) if evidence.relevant else not_found(query))
        elif kind == "rank":
            yield from _whole(rank_answer(query, evidence.relevant) if evidence.relevant else not_found(query))
        elif kind == "sessions":
            yield from _whole(sessions_answer(query, evidence.relevant, self.index.topic_chunks))
        elif not evidence.relevant:
            # Nothing to ground an answer in: say so without asking the model; show what was closest.
            yield from _whole(not_found(query, evidence.hits))
        elif kind == "who":
            yield from _whole(presenter_answer(query, evidence.relevant))
        elif self.llm is None:
            yield from _whole(self._extractive(evidence))
        else:
            for event in llm_answer_events(query, evidence.relevant, self.llm, self.settings, stream=stream):
                if isinstance(event, Declined):
                    yield dataclasses.replace(self._extractive(evidence), notice=event.notice)
                else:
                    yield event

    def _from_catalogue(self, evidence: Evidence) -> Answer:
        """Lists, summaries, counts, rankings and sessions by their place, from the catalogue alone."""
        query, listing = evidence.query, evidence.listing
        if query.kind == "list":
            return topics_answer(query, listing)
        if query.kind == "count":
            return count_answer(query, listing)
        if query.kind == "rank":
            return rank_answer(query, listing)
        answer = session_answer(query, listing, self.index.topic_chunks)
        if answer is not None:
            return answer
        return no_session_answer(query, [s.isoformat() for s in self.index.catalogue.sessions])

    def answer(
        self, question: str, k: int | None = None, filters: Filters | None = None, history: History = ()
    ) -> Answer:
        """The whole answer at once (an LLM endpoint that supports it gets a JSON-schema request)."""
        final = None
        for event in self.events(question, k, filters, history, stream=False):
            if isinstance(event, Answer):
                final = event
        assert final is not None  # events always end with the Answer
        return final

    def _extractive(self, evidence: Evidence) -> Answer:
        s = self.settings
        return extractive_answer(
            evidence.query,
            evidence.relevant,
            self.embedder,
            self.tokenizer,
            points=s.extract_points,
            max_topics=s.extract_topics,
            chunks_of=self.index.topic_chunks,
        )


def _whole(answer: Answer) -> Iterator[Event]:
    yield answer.text
    yield answer
