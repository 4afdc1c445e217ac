"""What the API and the MCP tools send and take: filters, an answer's sources, search hits, sessions,
and OpenAI's error shape. One definition each, so /v1 and the MCP tools describe a source alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse

from rag.errors import FilterError
from rag.types import Answer, Chunk, Citation, Filters, Hit

SNIPPET_CHARS = 300


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """A chunk's text on one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# The filters as parameters: fields of FilterArgs, and arguments of the MCP tools.
Since = Annotated[dt.date | None, Field(description="Only sessions on or after YYYY-MM-DD. / この日以降の回")]
Until = Annotated[dt.date | None, Field(description="Only sessions on or before YYYY-MM-DD. / この日までの回")]
Presenter = Annotated[
    str | None, Field(description="Only topics by this presenter (full, given or family name) / 発表者")
]
Tag = Annotated[str | None, Field(description="Only topics with this tag: 論文 (paper), blog, slide… / タグ")]


class FilterArgs(BaseModel):
    """Filters by the notes' own structure; every given one must hold."""

    model_config = ConfigDict(extra="forbid")

    since: Since = None
    until: Until = None
    presenter: Presenter = None
    tag: Tag = None

    def filters(self) -> Filters:
        if self.since and self.until and self.since > self.until:
            raise FilterError(f"since {self.since} is after until {self.until}: swap them.")
        return Filters(
            since=self.since,
            until=self.until,
            presenter=(self.presenter or "").strip() or None,
            tag=(self.tag or "").strip() or None,
        )


class Source(BaseModel):
    """A session note an answer cites: its citation label as it stands in the text, and where it is from."""

    label: str = Field(description="The citation as written in the answer, e.g. [2024-09-26].")
    date: str | None = Field(description="The session's date (YYYY-MM-DD); null for an undated document.")
    presenter: str | None
    tag: str | None
    title: str
    snippet: str = Field(description="The start of the cited chunk's text.")
    chunk_id: str

    @classmethod
    def of(cls, citation: Citation, chunk: Chunk | None) -> Source:
        return cls(
            label=citation.label,
            date=citation.date,
            presenter=citation.presenter,
            tag=chunk.tag if chunk else None,
            title=chunk.title if chunk else citation.title,
            snippet=snippet(chunk.text) if chunk else "",
            chunk_id=citation.chunk_id,
        )


def answer_sources(answer: Answer) -> list[Source]:
    """The sources an answer cites, in citation order."""
    chunks = {h.chunk.id: h.chunk for h in answer.hits}
    return [Source.of(c, chunks.get(c.chunk_id)) for c in answer.citations]


class AnswerInfo(BaseModel):
    """How an answer was made."""

    mode: Literal["extractive", "llm", "none"] = Field(description="extractive quotes, an LLM's answer, or none found")
    found: bool = Field(description="False: the notes do not cover the question.")
    notice: str = Field(description="One line for the user, e.g. why the LLM was not used; empty when none.")
    query: str | None = Field(description="The standalone question searched, when a follow-up was rewritten.")
    model: str | None = Field(description="The LLM that wrote the text; null for answers quoted from the notes.")

    @classmethod
    def of(cls, answer: Answer) -> AnswerInfo:
        return cls(mode=answer.mode, found=answer.found, notice=answer.notice, query=answer.query, model=answer.model)


class AskResult(BaseModel):
    """An answer from the notes: its text with [YYYY-MM-DD] citations, and the sources behind them."""

    answer: str = Field(description="The answer, each claim followed by the date of the session it is from.")
    sources: list[Source]
    answer_info: AnswerInfo

    @classmethod
    def of(cls, answer: Answer) -> AskResult:
        return cls(answer=answer.text, sources=answer_sources(answer), answer_info=AnswerInfo.of(answer))


class SearchHit(BaseModel):
    """A chunk of a session note that matches a search."""

    rank: int
    score: float
    citation: str = Field(description="How an answer would cite it, e.g. [2024-09-26].")
    date: str | None
    presenter: str | None
    tag: str | None
    title: str
    snippet: str
    chunk_id: str

    @classmethod
    def of(cls, hit: Hit) -> SearchHit:
        c = hit.chunk
        return cls(rank=hit.rank, score=round(hit.score, 4), citation=c.citation, date=c.date, presenter=c.presenter,
                   tag=c.tag, title=c.title, snippet=snippet(c.text), chunk_id=c.id)  # fmt: skip


class SearchResult(BaseModel):
    hits: list[SearchHit]


class Topic(BaseModel):
    title: str
    tag: str | None
    presenter: str | None


class Session(BaseModel):
    """One study-group session: its date, presenters and topics, and the resource holding its note."""

    date: str
    uri: str = Field(description="The session note as an MCP resource, e.g. notes://2024-09-26.")
    presenters: list[str]
    topics: list[Topic]


class SessionsResult(BaseModel):
    sessions: list[Session] = Field(description="Every session, oldest first.")
    undated: list[Topic] = Field(description="Topics of documents without a session date.")


def note_uri(date: str) -> str:
    return f"notes://{date}"


def sessions_of(topics: Sequence[Chunk]) -> SessionsResult:
    """Sessions from an index's topics (its catalogue: the first chunk of every topic, oldest first)."""
    by_date: dict[str, list[Chunk]] = {}
    undated: list[Topic] = []
    for chunk in topics:
        if chunk.date:
            by_date.setdefault(chunk.date, []).append(chunk)
        else:
            undated.append(Topic(title=chunk.title, tag=chunk.tag, presenter=chunk.presenter))
    sessions = [
        Session(
            date=date,
            uri=note_uri(date),
            presenters=list(dict.fromkeys(c.presenter for c in chunks if c.presenter)),
            topics=[Topic(title=c.title, tag=c.tag, presenter=c.presenter) for c in chunks],
        )
        for date, chunks in sorted(by_date.items())
    ]
    return SessionsResult(sessions=sessions, undated=undated)


ErrorType = Literal["invalid_request_error", "authentication_error", "not_found_error", "server_error"]


def error_response(
    status: int, message: str, kind: ErrorType, code: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}``."""
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))
