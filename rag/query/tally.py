"""Counting the catalogue: how many topics (or distinct presenters) each session, presenter, month or tag has. The
question stage uses it to find "the session with the most topics" a summary is asked of; the answer
stage to rank and break counts down — so both count the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rag.types import Chunk, Counted, Query

Group = Literal["sessions", "presenters", "months", "tags"]
# What key a topic is counted under in each grouping: a month is YYYY-MM; a topic without a tag has none.
_KEYS: dict[Group, Callable[[Chunk], str | None]] = {
    "sessions": lambda c: c.date,
    "presenters": lambda c: c.presenter,
    "months": lambda c: c.date[:7] if c.date else None,
    "tags": lambda c: c.tag,
}


def tally(topics: Iterable[Chunk], group: Group, measure: Counted = "topics") -> list[tuple[str, int]]:
    """Each session (dated ones only: an undated document is no session), presenter, month or tag with its
    number of dated topics — or, per session, of distinct presenters; per presenter or month, of sessions —
    most first; ties keep date / first-seen order."""
    key_of = _KEYS[group]
    seen: dict[str, set[str]] = {}
    days: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for c in sorted(topics, key=lambda c: c.date or "9999"):
        key = key_of(c)
        if not key or not c.date:
            continue
        counts[key] = counts.get(key, 0) + 1
        days.setdefault(key, set()).add(c.date)
        if c.presenter:
            seen.setdefault(key, set()).add(c.presenter)
    if measure == "presenters" and group == "sessions":
        counts = {k: len(seen.get(k, ())) for k in counts}
    if measure == "sessions" and group in ("presenters", "months"):
        counts = {k: len(days[k]) for k in counts}
    return sorted(counts.items(), key=lambda kv: -kv[1])


def extreme(counted: list[tuple[str, int]], fewest: bool, place: int = 1) -> list[str]:
    """The keys with the most (or the fewest) in a tally, all of them when tied — or, for a ``place`` past
    the first, those at that place of the distinct counts ("the second most": the count after the top
    one, however many share the top); none when the tally has fewer distinct counts."""
    levels = sorted({n for _, n in counted}, reverse=not fewest)
    if len(levels) < place:
        return []
    return [k for k, n in counted if n == levels[place - 1]]


def rank_of(
    query: Query, topics: Sequence[Chunk]
) -> tuple[list[tuple[str, int]], list[str], Callable[[Chunk], str | None]]:
    """A rank question's tally of ``topics`` (dated ones), in the order asked (fewest first for the
    fewest), the keys at the place it asks for, and what key each topic is counted under — so the answer
    and the evaluation's ranking pick the same winners."""
    group: Group = query.rank_by or ("sessions" if query.counted == "sessions" else "presenters")
    ranked = tally(topics, group, query.measure)
    if query.fewest:
        ranked.reverse()
    return ranked, extreme(ranked, query.fewest, query.place), _KEYS[group]
