"""Answers to recall questions, built from the notes' metadata: which sessions, who presented, what topics."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rag.answer.lines import quoted_title, supporting_line
from rag.answer.notfound import not_found
from rag.answer.overview import TopicChunks
from rag.text import counted
from rag.types import Answer, Citation, Hit, Query, best_per_topic


def _line(hit: Hit, with_presenter: bool = True) -> str:
    c = hit.chunk
    who = f" — @{c.presenter}" if with_presenter and c.presenter else ""
    return f"- {c.date or 'undated'}{who} — {quoted_title(c)} {c.citation}"


def _by_date(hits: Sequence[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda h: (h.chunk.date or "9999-99-99", h.rank))


def _answer(query: Query, text: str, hits: Sequence[Hit]) -> Answer:
    citations: list[Citation] = []
    for h in hits:
        cite = Citation.of(h.chunk)
        if cite not in citations:
            citations.append(cite)
    return Answer(
        question=query.question,
        text=text,
        mode="extractive",
        found=True,
        citations=tuple(citations),
        hits=tuple(hits),
        query=query.rewritten,
    )


def sessions_answer(query: Query, hits: Sequence[Hit], chunks_of: TopicChunks) -> Answer:
    """Every matching session, oldest first: date, presenter, topic, and the line that supports it."""
    if not hits:
        return not_found(query)
    ordered = _by_date(hits)
    if query.occurrence:
        return _occurrence_answer(query, ordered, chunks_of)
    lines = [_sessions_head(query, ordered)]
    lines.extend(_supported(query, ordered, chunks_of))
    return _answer(query, "\n".join(lines), ordered)


def _supported(query: Query, hits: Sequence[Hit], chunks_of: TopicChunks) -> list[str]:
    """A line per topic, each followed by the line of the topic that supports it."""
    lines = []
    for h in hits:
        lines.append(_line(h))
        support = supporting_line(chunks_of(h.chunk.topic_key), query.specific, query.terms)
        if support:
            lines.append(f"  - {support}")
    return lines


def _occurrence_answer(query: Query, ordered: Sequence[Hit], chunks_of: TopicChunks) -> Answer:
    """The first (or latest) session a subject came up in, with its topics and supporting lines; the
    other sessions are named, uncited, so the reader knows it came up again."""
    dates = sorted({h.chunk.date for h in ordered if h.chunk.date})
    if not dates:  # only an undated document holds it: that is no session, and the list says so
        return sessions_answer(dataclasses.replace(query, occurrence=None), ordered, chunks_of)
    first = query.occurrence == "first"
    day = dates[0] if first else dates[-1]
    others = [d for d in dates if d != day]
    if query.japanese:
        head = f"ノートによると、この話題が{'最初' if first else '最後'}に出たのは {day} の回です"
        head += f"(ほかに {', '.join(others)} の回にも出ています):" if others else ":"
    else:
        head = f"According to the notes, it {'first' if first else 'last'} came up in the {day} session"
        head += f" (it also came up on {', '.join(others)}):" if others else ":"
    chosen = [h for h in ordered if h.chunk.date == day]
    lines = [head, *_supported(query, chosen, chunks_of)]
    return _answer(query, "\n".join(lines), chosen)


def _sessions_head(query: Query, hits: Sequence[Hit]) -> str:
    """How many sessions it came up in, and whether an undated document has it too (an undated document
    is no session: 「0 回です」 would say it never came up)."""
    dates = sorted({h.chunk.date for h in hits if h.chunk.date})
    undated = any(not h.chunk.date for h in hits)
    if query.japanese:
        if not dates:
            return "ノートによると、この話題が出たのは日付なしの文書です:"
        also = "。日付なしの文書にもあります" if undated else ""
        return f"ノートによると、この話題が出たのは {len(dates)} 回です ({', '.join(dates)}){also}:"
    if not dates:
        return "According to the notes, this came up in an undated document:"
    also = ", and in an undated document" if undated else ""
    return f"According to the notes, this came up in {counted(len(dates), 'session')} ({', '.join(dates)}){also}:"


def presenter_answer(query: Query, hits: Sequence[Hit]) -> Answer:
    """Who presented the best-matching topic (and any other close matches), with dates."""
    if not hits:
        return not_found(query)
    # one line per topic: two chunks of one topic ("Mixture of Experts Explained (1/2)", "(2/2)") are one talk
    hits = list(best_per_topic(hits).values())
    top = hits[0].chunk
    if top.presenter:
        head = (
            f"{top.presenter} さんが {top.date or '日付なしの文書で'} に発表しました。"
            if query.japanese
            else f"{top.presenter} presented it{f' on {top.date}' if top.date else ''}."
        )
    else:
        head = "ノートには発表者の記載がありません。" if query.japanese else "The notes don't name a presenter for it."
    return _answer(query, "\n".join([head, *(_line(h) for h in hits)]), hits)


def topics_answer(query: Query, hits: Sequence[Hit]) -> Answer:
    """All topics under the question's filters, oldest first."""
    ordered = _by_date(hits)
    what = query.filters.describe()
    if query.japanese:
        head = f"該当するトピックは {len(ordered)} 件です ({what}):"
    else:
        head = f"{counted(len(ordered), 'topic')} {'matches' if len(ordered) == 1 else 'match'} ({what}):"
    lines = (_line(h, not query.filters.presenter) for h in ordered)
    return _answer(query, "\n".join([head, *lines]), ordered)
