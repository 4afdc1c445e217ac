"""Catalogue questions a member writes without the rules' words: a presenter's name romanised with its
long vowels (Itou, Yuuta) or with a possessive ("Kitaoka's topics across all sessions"), the notes'
own record as the subject (記録上, 何回分記録されてる), a ranking said by its size ("the largest number
of presenters") — each against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.types import Filters
from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-05-16", "Yuta Kamikawa", "やってみた", "Detectron2でDocument Layout Analysis"),
    ("2024-09-19", "Tomoaki Kitaoka", "blog", "Learning to Reason with LLMs"),
    ("2024-09-19", "Yosuke Yoshida", "slide", "自社開発した大規模言語モデル"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
    ("2024-09-26", "Shun Ito", "blog", "名寄せの定量評価"),
]
CATALOGUE = catalogue_of(TOPICS)
WORDS = {"gpu", "puzzles", "crepe", "reason", "itoh"}
plan = planner(CATALOGUE, WORDS)


@pytest.mark.parametrize(
    ("question", "presenter"),
    [
        ("Shun Itouさんが発表したトピックを全部教えて", "Shun Ito"),
        ("What did Itoh present?", "Shun Ito"),
        ("What did Yuuta Kamikawa present?", "Yuta Kamikawa"),
        ("Yousuke Yoshidaさんの発表一覧", "Yosuke Yoshida"),
        ("What did Shun Ito present?", "Shun Ito"),  # written as the notes write it
    ],
)
def test_a_name_is_read_however_its_long_vowels_are_written(question: str, presenter: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.presenter, q.terms) == ("list", presenter, ())


def test_a_longer_word_that_starts_like_a_name_is_no_name() -> None:
    # "Itomaki" is not Ito: the name must end where the word ends, long vowel or not
    assert plan("What did Itomaki present?").filters.presenter is None


@pytest.mark.parametrize(
    "question",
    ["List Kitaoka's topics across all sessions.", "List Tomoaki Kitaoka’s topics", "Kitaoka's talks, all of them"],
)
def test_a_possessive_stays_with_the_name(question: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.presenter, q.terms) == ("list", "Tomoaki Kitaoka", ())


def test_a_possessive_leaves_the_topic_after_it() -> None:
    q = plan("Kitaoka's GPU talk: when?")
    assert (q.kind, q.filters.presenter, "gpu" in q.terms) == ("sessions", "Tomoaki Kitaoka", True)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("記録上いちばん最初の勉強会はいつ?", "first"),
        ("記録に残っている最新の回はいつ?", "latest"),
        ("What is the earliest session on record?", "first"),
    ],
)
def test_the_notes_own_record_is_no_topic(question: str, kind: str) -> None:
    q = plan(question)
    assert (q.kind, q.terms) == (kind, ())


def test_a_count_of_recorded_sessions_counts_sessions() -> None:
    q = plan("日付のある勉強会の回は全部で何回分記録されてる?")
    assert (q.kind, q.counted, q.terms) == ("count", "sessions", ())


def test_a_record_of_something_is_still_a_topic() -> None:
    # 実験の記録 is what a topic is about, not the notes' own record
    assert "記録" in plan("実験の記録はどのツールで管理する?").terms


@pytest.mark.parametrize(
    ("question", "fewest"),
    [
        ("Which session had the largest number of presenters?", False),
        ("Which session had the highest count of topics?", False),
        ("Which session had the smallest number of presenters?", True),
    ],
)
def test_a_ranking_said_by_its_size(question: str, fewest: bool) -> None:
    q = plan(question)
    assert (q.kind, q.counted, q.fewest) == ("rank", "sessions", fewest)


def test_the_number_of_presenters_without_a_superlative_is_a_count() -> None:
    q = plan("What was the number of presenters at the 2024-09-26 session?")
    assert (q.kind, q.counted) == ("count", "presenters")


def test_one_session_is_described_as_a_session() -> None:
    day = dt.date(2024, 9, 19)
    assert Filters(since=day, until=day).describe() == "session 2024-09-19"
    assert Filters(since=day).describe() == "dates 2024-09-19–…"
