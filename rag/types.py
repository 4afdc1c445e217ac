"""The data that flows through the pipeline: notes → topics → chunks; a question → Query → Evidence → Answer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from rag.text import canonical_tag, presenter_matches


@dataclass(frozen=True)
class Topic:
    """One topic section of a session note: a title, its tag, its presenter and its lines."""

    title: str
    tag: str | None = None
    presenter: str | None = None
    lines: tuple[str, ...] = ()
    toc_only: bool = False  # listed in the table of contents but has no section in the body

    @property
    def display_title(self) -> str:
        return f"[{self.tag}] {self.title}" if self.tag else self.title


@dataclass(frozen=True)
class Note:
    """A parsed note file."""

    name: str  # file name relative to the notes folder
    sha256: str
    date: dt.date | None
    title: str
    topics: tuple[Topic, ...]
    warnings: tuple[str, ...] = ()

    @property
    def presenters(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for t in self.topics:
            if t.presenter:
                seen.setdefault(t.presenter, None)
        return tuple(seen)


# A rendered citation label (what citation_label makes), wherever it is found in text.
CITATION_LABEL = re.compile(r"\[(?:\d{4}-\d{2}-\d{2}|undated: [^\]\n]+)\]")


def citation_label(date: str | None, title: str) -> str:
    """The citation shown after a claim: ``[2024-09-26]``, or ``[undated: title]``."""
    if date:
        return f"[{date}]"
    short = title if len(title) <= 40 else title[:39] + "…"
    return f"[undated: {short}]"


@dataclass(frozen=True)
class Chunk:
    """A piece of one topic section, with the metadata it is searched and cited by."""

    id: str
    note: str
    date: str | None  # ISO date of the session, None for undated documents
    presenter: str | None
    tag: str | None
    title: str
    topic_index: int
    part: int
    parts: int
    text: str

    @property
    def display_title(self) -> str:
        return f"[{self.tag}] {self.title}" if self.tag else self.title

    @property
    def header(self) -> str:
        """The short context line embedded in front of the text."""
        bits = [self.date or "日付なし (undated)"]
        if self.presenter:
            bits.append(f"@{self.presenter}")
        bits.append(self.display_title)
        return " | ".join(bits)

    @property
    def embed_text(self) -> str:
        return f"{self.header}\n{self.text}" if self.text else self.header

    @property
    def topic_key(self) -> tuple[str, int]:
        """Which topic section the chunk belongs to (a long topic has several chunks)."""
        return (self.note, self.topic_index)

    @property
    def citation(self) -> str:
        return citation_label(self.date, self.title)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "note": self.note,
            "date": self.date,
            "presenter": self.presenter,
            "tag": self.tag,
            "title": self.title,
            "topic_index": self.topic_index,
            "part": self.part,
            "parts": self.parts,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chunk:
        return cls(
            id=str(d["id"]),
            note=str(d["note"]),
            date=d.get("date"),
            presenter=d.get("presenter"),
            tag=d.get("tag"),
            title=str(d["title"]),
            topic_index=int(d["topic_index"]),
            part=int(d["part"]),
            parts=int(d["parts"]),
            text=str(d["text"]),
        )


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk, its 1-based rank and the evidence behind it."""

    chunk: Chunk
    score: float  # what it was ranked by: fused score, cosine, or BM25 (by retrieval mode)
    rank: int
    dense: float | None = None  # cosine similarity to the question
    lexical: float = 0.0  # BM25 score
    coverage: float = 0.0  # share of the question's rare-word (idf) mass found in the chunk
    # How far the cosine stands above the question's similarity to random chunks, in standard
    # deviations; None when the index is too small to tell.
    relevance: float | None = None
    topic_relevance: float | None = None  # the best relevance of any chunk of this topic
    margin: float | None = None  # topic_relevance minus that of the best other topic

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "dense": None if self.dense is None else round(self.dense, 4),
            "lexical": round(self.lexical, 3),
            "coverage": round(self.coverage, 3),
            "relevance": None if self.relevance is None else round(self.relevance, 2),
            "topic_relevance": None if self.topic_relevance is None else round(self.topic_relevance, 2),
            "margin": None if self.margin is None else round(self.margin, 2),
            "citation": self.chunk.citation,
            **self.chunk.to_dict(),
        }


def best_per_topic(hits: Iterable[Hit], within: Container[tuple[str, int]] | None = None) -> dict[tuple[str, int], Hit]:
    """Each topic's first hit (the best-ranked of its chunks), in rank order; only topics ``within`` when given."""
    best: dict[tuple[str, int], Hit] = {}
    for h in hits:
        if within is None or h.chunk.topic_key in within:
            best.setdefault(h.chunk.topic_key, h)
    return best


@dataclass(frozen=True)
class Citation:
    """A source an answer relies on."""

    label: str  # "[2024-09-26]" or "[undated: …]"
    date: str | None
    presenter: str | None
    title: str
    chunk_id: str

    @classmethod
    def of(cls, chunk: Chunk) -> Citation:
        return cls(label=chunk.citation, date=chunk.date, presenter=chunk.presenter, title=chunk.display_title,
                   chunk_id=chunk.id)  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "date": self.date,
            "presenter": self.presenter,
            "title": self.title,
            "chunk_id": self.chunk_id,
        }


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval by the notes' own structure; all given conditions must hold."""

    since: dt.date | None = None
    until: dt.date | None = None
    presenter: str | None = None
    tag: str | None = None
    untagged: bool = False  # only session topics without a tag ("which topics have no tag?")
    undated: bool = False  # only the documents without a session date (「日付のないノート」, "the undated note")

    @property
    def empty(self) -> bool:
        return (
            self.since is None
            and self.until is None
            and not self.presenter
            and not self.tag
            and not self.untagged
            and not self.undated
        )

    def describe(self) -> str:
        bits = []
        if self.since and self.since == self.until:
            bits.append(f"session {self.since}")
        elif self.since or self.until:
            bits.append(f"dates {self.since or '…'}–{self.until or '…'}")
        if self.presenter:
            bits.append(f"presenter {self.presenter}")
        if self.tag:
            bits.append(f"tag [{canonical_tag(self.tag)}]")
        if self.untagged:
            bits.append("no tag")
        if self.undated:
            bits.append("undated")
        return ", ".join(bits) or "none"

    def accepts(self, chunk: Chunk) -> bool:
        if self.since or self.until:
            if chunk.date is None:
                return False
            day = dt.date.fromisoformat(chunk.date)
            if (self.since and day < self.since) or (self.until and day > self.until):
                return False
        if self.presenter and not presenter_matches(self.presenter, chunk.presenter):
            return False
        if self.untagged and (chunk.tag or not chunk.date):  # an undated document is no session's topic
            return False
        if self.undated and chunk.date:
            return False
        return not self.tag or (chunk.tag is not None and canonical_tag(chunk.tag) == canonical_tag(self.tag))

    def merged(self, implied: Filters) -> Filters:
        """These filters (given explicitly) with the question's own filling in what they leave open."""
        return Filters(
            since=self.since or implied.since,
            until=self.until or implied.until,
            presenter=self.presenter or implied.presenter,
            tag=self.tag or implied.tag,
            untagged=self.untagged or implied.untagged,
            undated=self.undated or implied.undated,
        )


# What a question asks for: a fact from a topic, who presented it, every session that discussed it; or,
# from the index's catalogue alone, the topics under some filters, a session's summary, a count, a
# ranking, or a session found by its place in time.
Kind = Literal["fact", "who", "sessions", "list", "summary", "count", "rank", "latest", "first", "before", "after"]
SEARCHED_KINDS: tuple[Kind, ...] = ("fact", "who", "sessions")
Counted = Literal["sessions", "topics", "presenters"]


@dataclass(frozen=True)
class Unknown:
    """Something a question names that the notes don't have: a presenter, a session date, a tag. It is
    answered ("no presenter named X; presenters are …"), never dropped as if the question had not said it."""

    what: Literal["presenter", "date", "tag", "session", "talk"]
    text: str  # as the question wrote it (a date as YYYY-MM-DD, or YYYY-MM for a month; a session's ordinal)
    # a talk: (before | after, presenter, the date and title of their talk it is counted from)
    detail: tuple[str, ...] = ()


@dataclass(frozen=True)
class Query:
    """A question understood once: what was asked, what is searched, its kind, filters, topic and language."""

    question: str  # as asked (whitespace tidied)
    text: str  # what is searched: the question, or the standalone version of a follow-up
    kind: Kind
    filters: Filters
    topic: str  # the topic words left once dates, names, tags and question words are taken out
    terms: tuple[str, ...]  # the topic's content terms: what BM25 and the evidence gate look for
    japanese: bool  # the question's language, which the answer keeps
    specific: tuple[str, ...] = ()  # names, versions and rare words the evidence must contain
    # the two-word compound of everyday words that is all the topic of an English question ("prompt
    # caching"): a topic that holds one of its words but not the compound does not answer (rag.query.compounds)
    compound: tuple[str, ...] = ()
    unknown: tuple[Unknown, ...] = ()  # what the question names that the notes don't have
    anchor: dt.date | None = None  # the session a before/after question counts from
    # the day or month a before/after question names that no session was held in ("the session after June
    # 20"), as written; the answer says so before naming the nearest session ("" when the anchor is a session)
    anchor_missing: str = ""
    # a before/after place counted from each of a presenter's sessions ("the session before Kitaoka's talk"):
    # (their session, the one before/after it) for each that has one, when several do; else ()
    neighbours: tuple[tuple[dt.date, dt.date], ...] = ()
    anchored_by: str | None = None  # the presenter whose talks the neighbours are counted from
    steps: int = 1  # how many sessions before/after the anchor ("two sessions before the latest": 2)
    both_ends: bool = False  # the first and the latest session together ("最初と最後の回はいつ?")
    # the range a first/latest place is counted within ("the last session before July": None–2024-06-30)
    within: tuple[dt.date | None, dt.date | None] | None = None
    counted: Counted | None = None  # what a count or rank question counts
    fewest: bool = False  # a rank question asks for the fewest, not the most
    # what a rank tallies: for each session its topics or distinct presenters; for each presenter their
    # topics or their sessions ("who presented at the most sessions")
    measure: Counted = "topics"
    # what a rank groups the topics by, when not sessions or presenters: their month ("which month had the
    # most topics?") or their tag ("which tag is the most common?")
    rank_by: Literal["", "months", "tags"] = ""
    place: int = 1  # which place of a ranking is asked: 2 for "the second most", 「2番目に多い」
    per_presenter: bool = False  # a count broken down by presenter ("how many talks did each presenter give?")
    exclude: tuple[tuple[str, int], ...] = ()  # topics (Chunk.topic_key) an earlier answer already gave
    # (a question's term, the katakana loanword the notes write it as): both are in ``terms``, one word
    loanwords: tuple[tuple[str, str], ...] = ()
    prefer: tuple[tuple[str, int], ...] = ()  # topics the conversation is about: a fact is taken from them first
    # a sessions question about when it came up first or last ("When did we first talk about RAG?"): the
    # earliest or latest of the sessions that support it is the answer
    occurrence: Literal["first", "latest"] | None = None
    # the tag filter was named by a word beside the topic's own ("when was the graph neural net paper
    # discussed?"): it narrows the sessions only where a topic with that tag answers (rag.retrieval.evidence)
    tag_worded: bool = False

    @property
    def searches(self) -> bool:
        """Whether the answer needs retrieval over the notes' text (else the catalogue alone answers)."""
        return self.kind in SEARCHED_KINDS or (self.kind in ("count", "rank") and bool(self.terms))

    @property
    def rewritten(self) -> str | None:
        """The standalone question searched instead of a follow-up, if there was one."""
        return self.text if self.text != self.question else None


@dataclass(frozen=True)
class Evidence:
    """What retrieval found for a Query, for the answer to be built from."""

    query: Query
    hits: tuple[Hit, ...] = ()  # the ranked chunks (the closest ones are shown when none is relevant)
    relevant: tuple[Hit, ...] = ()  # the hits that pass the evidence gate: all an answer may cite
    listing: tuple[Hit, ...] = ()  # the catalogue's topics the query's filters select, in date order
    unsupported: tuple[str, ...] = ()  # the query's specific terms the closest topic lacks, when no topic has them


@dataclass(frozen=True)
class Answer:
    """What the assistant says, the sources it cites and the hits it looked at."""

    question: str
    text: str
    mode: Literal["extractive", "llm", "none"]
    found: bool
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = field(default=())
    notice: str = ""  # one line for the user, e.g. why the LLM was not used
    model: str | None = None  # the LLM that wrote the text; None for extractive answers
    query: str | None = None  # the standalone question searched, when a follow-up was rewritten
    translated: bool = False  # the LLM's Japanese reply put into English: replaces a streamed draft

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "mode": self.mode,
            "model": self.model,
            "notice": self.notice,
            "query": self.query,
            "translated": self.translated,
            "found": self.found,
            "citations": [c.to_dict() for c in self.citations],
            "sources": [h.to_dict() for h in self.hits],
        }
