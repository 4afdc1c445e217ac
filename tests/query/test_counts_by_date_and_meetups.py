"""Counts of the catalogue said in new ways: a session's date as the counter's scope (「9/19は何人発表した?」
「9月26日は何人発表した?」「4/11って何件発表あった?」) and the sessions said as the group's meetings ("how many
meetups / study groups / gatherings") — each against its look-alike (a number inside a topic)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-19", "Hiroshi Nishijima", "slide", "遊戯王ニューロンにおける Amazon SageMaker の活用"),
    ("2024-09-26", "Yosuke Yoshida", None, "Performance of Human Annotators in Object Detection"),
]
CATALOGUE = catalogue_of(TOPICS)
WORDS = {"polars", "dmops", "annotators", "annotator", "sagemaker"}
plan = planner(CATALOGUE, WORDS)


@pytest.mark.parametrize(
    ("question", "counted", "session"),
    [
        ("9/19は何人発表した?", "presenters", "2024-09-19"),
        ("9月26日は何人発表した?", "presenters", "2024-09-26"),
        ("4/11って何件発表あった?", "topics", "2024-04-11"),
    ],
)
def test_a_date_before_the_counter_is_its_scope(question: str, counted: str, session: str) -> None:
    q = plan(question)
    day = dt.date.fromisoformat(session)
    assert (q.kind, q.counted, q.filters.since, q.filters.until) == ("count", counted, day, day)


@pytest.mark.parametrize(
    "question",
    ["How many meetups have we had?", "How many study groups were there?", "How many gatherings are in the notes?"],
)
def test_the_groups_meetings_counted_are_its_sessions(question: str) -> None:
    q = plan(question)
    assert (q.kind, q.counted, q.terms) == ("count", "sessions", ())


@pytest.mark.parametrize(
    "question", ["被験者は何人?", "How many groups were the annotators split into?", "DMOpsは全部で何ステップ?"]
)
def test_a_number_inside_a_topic_is_no_count(question: str) -> None:
    assert plan(question).kind == "fact"
