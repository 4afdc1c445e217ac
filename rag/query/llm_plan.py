"""A question plan proposed by the LLM (``RAG_LLM_PLAN=on``), checked against the catalogue.

The model fills a JSON schema whose choices are the catalogue's own (kinds, presenters, tags, session
dates); the code then takes its kind and topic, and the filters the parser left open, only where they
hold: a presenter or tag that is not the catalogue's, a date range no session falls in, or a malformed
reply leaves the parser's plan as it is. What the parser found the notes lack (unknown names and dates) always stands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any, get_args

from rag.errors import LLMError
from rag.store.lexical import question_terms
from rag.types import Filters, Kind, Query

if TYPE_CHECKING:
    from rag.llm.base import ChatLLM, Message
    from rag.store.catalogue import Catalogue
    from rag.store.lexical import Tokenizer

KINDS: tuple[str, ...] = get_args(Kind)

PLAN_PROMPT = """\
You read questions about a study group's session notes and say what they ask, as JSON.
kind: fact (a fact from a topic), who (who presented a topic), sessions (every session where something came up),
list (the topics under some condition), summary (one session's topics), count (how many sessions/topics/
presenters), rank (who presented the most / which session had the most), latest/first (the newest or oldest
session), before/after (the session before or after a date).
since/until: the session dates the question limits itself to (YYYY-MM-DD, or null).
presenter and tag: only when the question names them; topic: the words of what it is about (may be empty)."""


def plan_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The reply's JSON schema, its choices taken from the catalogue."""
    return {
        "title": "question_plan",
        "type": "object",
        "properties": {
            "kind": {"enum": list(KINDS)},
            "since": {"type": ["string", "null"]},
            "until": {"type": ["string", "null"]},
            "presenter": {"enum": [*catalogue.presenters, None]},
            "tag": {"enum": [*catalogue.tags, None]},
            "topic": {"type": "string", "maxLength": 200},
        },
        "required": ["kind", "since", "until", "presenter", "tag", "topic"],
    }


def plan_messages(question: str, catalogue: Catalogue) -> list[Message]:
    sessions = ", ".join(d.isoformat() for d in catalogue.sessions)
    user = f"Sessions: {sessions}\nPresenters: {', '.join(catalogue.presenters)}\nQuestion: {question}"
    return [{"role": "system", "content": PLAN_PROMPT}, {"role": "user", "content": user}]


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    return dt.date.fromisoformat(str(value))  # ValueError: not a date


def propose(query: Query, catalogue: Catalogue, tokenizer: Tokenizer, llm: ChatLLM) -> Query:
    """The parser's ``query`` with the LLM's kind, filters and topic where they check out."""
    if query.unknown or query.rewritten:  # what the notes lack, or a resolved follow-up: the parser's stands
        return query
    try:
        reply = json.loads(llm.complete(plan_messages(query.text, catalogue), json_schema=plan_schema(catalogue)))
        kind, since, until = str(reply["kind"]), _day(reply.get("since")), _day(reply.get("until"))
        presenter, tag, topic = reply.get("presenter"), reply.get("tag"), str(reply.get("topic") or "")
    except (LLMError, ValueError, KeyError, TypeError, AttributeError):
        return query
    held = [s for s in catalogue.sessions if (since is None or s >= since) and (until is None or s <= until)]
    if (
        kind not in KINDS
        or (presenter is not None and presenter not in catalogue.presenters)
        or (tag is not None and tag not in catalogue.tags)
        or (since and until and since > until)
        or not held
    ):
        return query
    filters = query.filters.merged(Filters(since=since, until=until, presenter=presenter, tag=tag))
    terms = tuple(question_terms(tokenizer, topic)) if topic else query.terms
    return dataclasses.replace(query, kind=kind, filters=filters, topic=topic or query.topic, terms=terms)  # type: ignore[arg-type]
