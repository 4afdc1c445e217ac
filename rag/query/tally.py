"""Counting the catalogue: how many topics (or distinct presenters) each session or presenter has. The
question stage uses it to find "the session with the most topics" a summary is asked of; the answer
stage to rank and break counts down — so both count the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rag.types import Chunk, Counted

Group = Literal["sessions", "presenters"]


def tally(topics: Iterable[Chunk], group: Group, measure: Counted = "topics") -> list[tuple[str, int]]:
    """Each session (dated ones only: an undated document is no session) or presenter with its number of
    topics — or, per session, of distinct presenters; per presenter, of sessions — most first; ties keep
    date / first-seen order."""
    seen: dict[str, set[str]] = {}
    days: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for c in sorted(topics, key=lambda c: c.date or "9999"):
        key = c.date if group == "sessions" else c.presenter
        if not key or not c.date:
            continue
        counts[key] = counts.get(key, 0) + 1
        days.setdefault(key, set()).add(c.date)
        if c.presenter:
            seen.setdefault(key, set()).add(c.presenter)
    if measure == "presenters" and group == "sessions":
        counts = {k: len(seen.get(k, ())) for k in counts}
    if measure == "sessions" and group == "presenters":
        counts = {k: len(days[k]) for k in counts}
    return sorted(counts.items(), key=lambda kv: -kv[1])


def extreme(counted: list[tuple[str, int]], fewest: bool) -> list[str]:
    """The keys with the most (or the fewest) in a tally, all of them when tied."""
    if not counted:
        return []
    target = min(n for _, n in counted) if fewest else max(n for _, n in counted)
    return [k for k, n in counted if n == target]
