"""Answers from the index's catalogue, exact and cited: a session's overview (for a summary, or a session
named by its place in time), counts, and rankings. Each says what it counted and cites the sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rag.answer.lines import key_lines, quoted_title
from rag.query.dates import STEP_WORDS
from rag.query.tally import rank_of, tally
from rag.text import counted
from rag.types import Answer, Citation

if TYPE_CHECKING:
    from rag.types import Chunk, Hit, Query

TopicChunks = Callable[[tuple[str, int]], list["Chunk"]]  # a topic's chunks, from the index


def _answer(query: Query, text: str, hits: Sequence[Hit], cited: Sequence[Hit]) -> Answer:
    citations: list[Citation] = []
    for h in cited:
        c = Citation.of(h.chunk)
        if c.label not in {x.label for x in citations}:
            citations.append(c)
    return Answer(
        question=query.question,
        text=text,
        mode="extractive",
        found=True,
        citations=tuple(citations),
        hits=tuple(hits),
        query=query.rewritten,
    )


def _by_session(hits: Sequence[Hit]) -> dict[str | None, list[Hit]]:
    sessions: dict[str | None, list[Hit]] = {}
    for h in sorted(hits, key=lambda h: (h.chunk.date or "9999-99-99", h.rank)):
        sessions.setdefault(h.chunk.date, []).append(h)
    return sessions


def _topic_line(hit: Hit) -> str:
    c = hit.chunk
    who = f" — @{c.presenter}" if c.presenter else ""
    return f"- {quoted_title(c)}{who}"


_POSITION_JA = {"latest": "最新の回", "first": "最初の回", "before": "の前の回", "after": "の次の回"}
_POSITION_EN = {"latest": "The latest session", "first": "The first session", "before": "The session before",
                "after": "The session after"}  # fmt: skip


def session_answer(query: Query, topics: Sequence[Hit], chunks_of: TopicChunks) -> Answer | None:
    """Every topic of the session(s) the query names, with its presenter and one or two key lines; a
    session named by its place says which it is. None when there is no such session."""
    sessions = _by_session(topics)
    if query.both_ends:  # the first and the latest session only (an undated document is no session)
        dated = [d for d in sessions if d]
        sessions = {d: sessions[d] for d in dict.fromkeys(dated[:1] + dated[-1:])}
        topics = [h for hits in sessions.values() for h in hits]
    if not sessions:
        return None
    ja = query.japanese
    lines = [_place(query, next(iter(sessions)))] if query.kind in _POSITION_JA else []
    if query.neighbours:  # "the session before Kitaoka's talk": one place for each of their sessions
        lines = [_neighbours(query)]
    if query.both_ends:
        lines = [_ends(query, list(sessions))]
    for date, hits in sessions.items():
        label = hits[0].chunk.citation
        who = ", ".join(dict.fromkeys(h.chunk.presenter for h in hits if h.chunk.presenter))
        if ja:
            lines.append(f"{date or '日付なし'} の回: {len(hits)} トピック、発表者 {who or 'なし'} {label}")
        else:
            lines.append(
                f"Session {date or 'undated'}: {counted(len(hits), 'topic')}, presented by {who or 'nobody'} {label}"
            )
        for h in hits:
            lines.append(_topic_line(h))
            lines.extend(f"  - {line}" for line in key_lines(chunks_of(h.chunk.topic_key)))
    return _answer(query, "\n".join(lines), topics, topics)


def _place(query: Query, day: str | None) -> str:
    """Which session the question's place in time is: 「9/26の前の回は 2024-09-19 です。」"""
    around = query.kind in ("before", "after")
    anchor = query.anchor.isoformat() if query.anchor and around else ""
    who = query.filters.presenter
    if who and query.kind in ("latest", "first"):  # "Kamikawa's first talk": among his own sessions
        if query.japanese:
            return f"{who} さんの{'最初' if query.kind == 'first' else '最新'}の発表は {day} の回です。"
        return f"{who}'s {query.kind} talk was at the {day} session."
    tag = query.filters.tag
    if tag and query.kind in ("latest", "first"):  # "the first paper": among the tag's own sessions
        if query.japanese:
            return f"{'最初' if query.kind == 'first' else '最新'}の [{tag}] は {day} の回です。"
        return f"The {query.kind} [{tag}] topic was at the {day} session."
    if query.within is not None and query.kind in ("latest", "first") and not who:
        return _within(query, query.within, day)
    if around and query.anchor_missing:  # "the session after June 20": there was none that day; the nearest
        return _nearest(query, query.anchor_missing, day)
    if around and query.steps > 1:  # "two sessions before the latest": said as counted
        if query.japanese:
            return f"{anchor}の{query.steps}つ{'前' if query.kind == 'before' else '後'}の回は {day} です。"
        return f"The session {_STEPS_EN.get(query.steps, str(query.steps))} {query.kind} {anchor} was {day}."
    if query.japanese:
        return f"{anchor}{_POSITION_JA[query.kind]}は {day} です。"
    return f"{_POSITION_EN[query.kind]} {anchor}".rstrip() + f" was {day}."


# the English step words the parser reads (dates.STEP_WORDS), to say a counted place back: {2: "two", …}
_STEPS_EN = {n: w for w, n in STEP_WORDS.items() if w.isascii() and w.isalpha()}


def _neighbours(query: Query) -> str:
    """Each of a presenter's sessions and its neighbour: 「Tomoaki Kitaoka さんは複数の回で発表しています:
    2024-09-19の前の回は 2024-05-16、2024-09-26の前の回は 2024-09-19 です。」"""
    who = query.anchored_by or ""
    if query.japanese:
        places = "、".join(f"{a}{_POSITION_JA[query.kind]}は {b}" for a, b in query.neighbours)
        return f"{who} さんは複数の回で発表しています: {places} です。"
    places = "; ".join(f"{_POSITION_EN[query.kind].lower()} {a} was {b}" for a, b in query.neighbours)
    return f"{who} presented at more than one session: {places}."


def _within(query: Query, within: tuple[dt.date | None, dt.date | None], day: str | None) -> str:
    """A first/latest place inside a range: 「2024-07-01 より前で最新の回は 2024-05-16 です。」"""
    since, until = (d.isoformat() if d else None for d in within)
    first = query.kind == "first"
    if query.japanese:
        span = f"{since}〜{until}" if since and until else (f"{since} 以降" if since else f"{until} まで")
        return f"{span}で{'最初' if first else '最新'}の回は {day} です。"
    span = f"between {since} and {until}" if since and until else (f"from {since} on" if since else f"up to {until}")
    return f"The {'first' if first else 'latest'} session {span} was {day}."


def _ends(query: Query, days: Sequence[str | None]) -> str:
    """Both ends at once: 「最初の回は 2024-04-11、最新の回は 2024-09-26 です。」"""
    first, latest = days[0], days[-1]
    who = query.filters.presenter
    if query.japanese:
        head = f"{who} さんの" if who else ""
        return f"{head}最初の回は {first}、最新の回は {latest} です。"
    if who:
        return f"{who}'s first talk was at the {first} session and the latest at the {latest} session."
    return f"The first session was {first} and the latest {latest}."


def _nearest(query: Query, missing: str, day: str | None) -> str:
    """The session nearest a day or month that had none: 「2024-06-20 には回がありません。その後の最初の回は …」"""
    after = query.kind == "after"
    # a time counted in weeks ("two weeks before 9/26" = 2024-09-12) may land nearest a session on its other side
    other_side = len(missing) == 10 and day is not None and (day < missing if after else day > missing)
    if query.japanese:
        side = "一番近い回" if other_side else "その後の最初の回" if after else "それより前の直近の回"
        return f"{missing} には回がありません。{side}は {day} です。"
    side = (
        "the nearest session" if other_side else "the first session after it" if after else "the last session before it"
    )
    return f"The notes have no session in {missing}; {side} was {day}."


def no_session_answer(query: Query, sessions: Sequence[str]) -> Answer:
    """There is no session at the place the question names (before the first, after the latest; or more
    sessions away than the notes hold on that side: 「9/19の次の次の回」 — then the ones there are).
    ``sessions``: the catalogue's session dates, oldest first."""
    first, latest = (sessions[0], sessions[-1]) if sessions else (None, None)
    anchor = query.anchor.isoformat() if query.anchor else (latest or "")
    before = query.kind == "before"
    side = [s for s in sessions if (s < anchor if before else s > anchor)]
    if query.steps > 1 and side:
        held = ", ".join(side)
        if query.japanese:
            where = "前" if before else "後"
            text = f"{anchor} の{query.steps}つ{where}の回はノートにありません"
            text += f" ({anchor} より{where}の回は {held} だけです)。"
        else:
            where = "before" if before else "after"
            text = f"There is no session {query.steps} sessions {where} {anchor} in the notes;"
            text += f" {where} it they hold only {held}."
    elif query.japanese:
        if before:
            text = f"{anchor} より前の回はノートにありません (最初の回は {first})。"
        else:
            text = f"{anchor} より後の回はノートにありません (最新の回は {latest})。"
    elif before:
        text = f"The notes have no session before {anchor} (the first one was {first})."
    else:
        text = f"The notes have no session after {anchor} (the latest one was {latest})."
    return Answer(question=query.question, text=text, mode="extractive", found=False, query=query.rewritten)


def count_answer(query: Query, topics: Sequence[Hit]) -> Answer:
    """How many sessions, topics or presenters the query's filters (or its evidence) hold, and which.
    Only session notes count: an undated document (a shared article) is no session."""
    ja = query.japanese
    topics = [h for h in topics if h.chunk.date]
    sessions = _by_session(topics)
    dated = [d for d in sessions if d]
    what = query.filters.describe()
    scope = "" if query.filters.empty else (f" ({what})")
    if query.counted == "presenters":
        names = sorted({h.chunk.presenter for h in topics if h.chunk.presenter})
        head = f"発表者は {len(names)} 人です{scope}: {', '.join(names)}" if ja else \
            f"{counted(len(names), 'presenter')}{scope}: {', '.join(names)}."  # fmt: skip
    elif query.counted == "sessions":
        head = f"{len(dated)} 回です{scope}: {', '.join(dated)}" if ja else \
            f"{counted(len(dated), 'session')}{scope}: {', '.join(dated)}."  # fmt: skip
    else:
        head = f"該当するトピックは {len(topics)} 件です{scope}。" if ja else f"{counted(len(topics), 'topic')}{scope}."
    lines = [head]

    def amount(n: int, noun: str, counter: str) -> str:
        return f"{n}{counter}" if ja else counted(n, noun)

    if query.per_presenter:  # "how many talks did each presenter give?": one line per presenter
        for name, n in tally((h.chunk for h in topics), "presenters"):
            days = sorted({h.chunk.date for h in topics if h.chunk.presenter == name and h.chunk.date})
            lines.append(f"- {name}: {amount(n, 'topic', '件')} {' '.join(f'[{d}]' for d in days)}")
        return _answer(query, "\n".join(lines), topics, topics)
    for date, hits in sessions.items():
        label = hits[0].chunk.citation
        said = amount(len(hits), "topic", "件")
        if query.counted == "presenters":  # what was counted, per session: its distinct presenters
            said = amount(len({h.chunk.presenter for h in hits if h.chunk.presenter}), "presenter", "人")
        lines.append(f"- {date or ('日付なし' if ja else 'undated')}: {said} {label}")
    return _answer(query, "\n".join(lines), topics, topics)


def rank_answer(query: Query, topics: Sequence[Hit]) -> Answer:
    """Who presented the most (or fewest) topics, which session had the most (or fewest) topics or
    distinct presenters, or which month or tag had the most topics — at the place asked ("the second
    most") — with the counts behind it, citing the sessions of the winners' topics."""
    ja = query.japanese
    topics = [h for h in topics if h.chunk.date]  # only session notes: an undated document is no session
    by_session = query.counted == "sessions"
    ranked, top, key = rank_of(query, [h.chunk for h in topics])
    if not ranked:
        return _answer(query, "該当するトピックがありません。" if ja else "No topics to rank.", topics, ())
    if not top:  # "the third most" of a tally with two distinct counts: said so, with the counts
        levels = len({n for _, n in ranked})
        head = (
            f"件数は {levels} 通りしかないため、{query.place}番目はありません。"
            if ja
            else f"The counts take only {levels} distinct value{'s' if levels != 1 else ''}: "
            f"there is no place {query.place}."
        )
        lines = [head, *(f"- {_rank_label(query, k)}: {n}" for k, n in ranked[:6])]
        return _answer(query, "\n".join(lines), topics, ())
    n = dict(ranked)[top[0]]
    head = _rank_head(query, [_rank_label(query, k) for k in top], n, by_session)
    winners = sorted((h for h in topics if key(h.chunk) in top), key=lambda h: h.chunk.date or "9999")
    lines = [head, *(f"- {_rank_label(query, k)}: {n}" for k, n in ranked[:6])]
    lines.append(" ".join(dict.fromkeys(h.chunk.citation for h in winners)))
    return _answer(query, "\n".join(lines), topics, winners)


_MONTHS_EN = "January February March April May June July August September October November December".split()


def _rank_label(query: Query, key: str) -> str:
    """A ranked key as the answer says it: a month in words (2024年9月, September 2024), a tag in brackets."""
    if query.rank_by == "months":
        year, month = key.split("-")
        return f"{year}年{int(month)}月" if query.japanese else f"{_MONTHS_EN[int(month) - 1]} {year}"
    return f"[{key}]" if query.rank_by == "tags" else key


# A ranking's answer, by language and by what it ranks: presenters, sessions by topics or by presenters,
# months and tags by topics.
_RANK_HEADS = {
    (True, "presenters"): "発表が{most}のは {names} さんです ({n} 件){scope}。",
    (True, "presenters-sessions"): "発表した回が{most}のは {names} さんです ({n} 回){scope}。",
    (False, "presenters-sessions"): "{names} presented at the {most} sessions ({n} session{s}){scope}.",
    (True, "sessions-presenters"): "発表者が{most}のは {names} の回です ({n} 人){scope}。",
    (True, "sessions-topics"): "トピックが{most}のは {names} の回です ({n} 件){scope}。",
    (False, "presenters"): "{names} presented the {most} ({n} topic{s}){scope}.",
    (False, "sessions-presenters"): "The session with the {most} presenters: {names} ({n} presenter{s}){scope}.",
    (False, "sessions-topics"): "The session with the {most} topics: {names} ({n} topic{s}){scope}.",
    (True, "months-topics"): "トピックが{most}月は {names} です ({n} 件){scope}。",
    (True, "months-sessions"): "勉強会が{most}月は {names} です ({n} 回){scope}。",
    (False, "months-topics"): "The month with the {most} topics: {names} ({n} topic{s}){scope}.",
    (False, "months-sessions"): "The month with the {most} sessions: {names} ({n} session{s}){scope}.",
    (True, "tags-topics"): "トピックが{most}タグは {names} です ({n} 件){scope}。",
    (False, "tags-topics"): "The tag with the {most} topics: {names} ({n} topic{s}){scope}.",
}
_PLACES_EN = {2: "second", 3: "third", 4: "fourth"}


def _rank_head(query: Query, top: Sequence[str], n: int, by_session: bool) -> str:
    """The ranking's answer in one sentence, saying what was counted (and at which place)."""
    ja = query.japanese
    place = query.place
    if ja:
        most = f"{place}番目に" if place > 1 else "一番"
        most += "少なかった" if query.fewest else "多かった"
    else:
        most = f"{_PLACES_EN.get(place, str(place))} " if place > 1 else ""
        most += "fewest" if query.fewest else "most"
    if query.rank_by:
        ranks = (
            f"{query.rank_by}-{'sessions' if query.rank_by == 'months' and query.measure == 'sessions' else 'topics'}"
        )
    else:
        ranks = (
            f"sessions-{query.measure}"
            if by_session
            else "presenters-sessions"
            if query.measure == "sessions"
            else "presenters"
        )
    scope = "" if query.filters.empty else f" ({query.filters.describe()})"  # what was ranked: [blog] only…
    return _RANK_HEADS[(ja, ranks)].format(most=most, names=", ".join(top), n=n, s="" if n == 1 else "s", scope=scope)
