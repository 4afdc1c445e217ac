"""The session named by the group's own words for it — "the very first study group session", "the latest
study group meeting", "the last study group", "the most recent meetup", "our first gathering", "the meetup
right after 5/16", 最後に開かれた勉強会 — placed like "the first session", each against its look-alike (a
named event's own first meeting, "presented first", "the first step", a topic of the study group)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-09-19", "Yuta Kamikawa", "blog", "AIエージェントキャッチアップ勉強会#1"),
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
]
CATALOGUE = catalogue_of(TOPICS)
WORDS = {"gpu", "puzzles", "polars", "crepe", "dmops", "ai", "agent"}
plan = planner(CATALOGUE, WORDS)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        ("What was the very first study group session in the notes?", "first", "2024-04-11"),
        ("What was the first meetup?", "first", "2024-04-11"),
        ("When was our first gathering?", "first", "2024-04-11"),
        ("When was the last study group?", "latest", "2024-09-26"),
        ("When was the latest study group meeting?", "latest", "2024-09-26"),
        ("What did we cover at the most recent meetup?", "latest", "2024-09-26"),
        ("the meetup right after 5/16", "after", "2024-09-19"),
        ("Which study group session came before Sept. 26?", "before", "2024-09-19"),
        ("最後に開かれた勉強会は?", "latest", "2024-09-26"),
        ("最初に開催された回はいつ?", "first", "2024-04-11"),
    ],
)
def test_the_groups_own_word_for_a_session_places_it(question: str, kind: str, session: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.filters.until, q.terms) == (kind, day(session), day(session), ())


@pytest.mark.parametrize(
    "question",
    [
        # a named event's own first meeting is in a topic, not the group's first session
        "AIエージェントキャッチアップ勉強会が最初に開かれたのはいつ?",
        "What happened at the first AI agent catch-up study group?",
        # first / last beside something else
        "Who presented first at the study group?",
        "What was the first step of DMOps in the study group session?",
        "When was CREPE first presented?",
    ],
)
def test_first_or_last_beside_another_word_places_no_session(question: str) -> None:
    q = plan(question)
    assert q.kind not in ("first", "latest") and q.filters.since is None
