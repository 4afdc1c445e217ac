"""An English date inside Japanese (「Sept. 26の勉強会」: ASCII word edges end it at the particle), "September
the 26th", and a presenter whose name the notes write as one word (MatsudaKazuki): either part names them,
in Latin letters or as it sounds (松田さん) — each against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.names import name_parts
from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-05-16", "Yuya Matsumura", "blog", "これまでの検索と生成AI時代の検索"),
    ("2024-09-19", "MatsudaKazuki", "blog", "Mixture of Experts Explained"),
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
]
CATALOGUE = catalogue_of(TOPICS)
WORDS = {"gpu", "puzzles", "polars", "moe", "mixture", "experts"}
plan = planner(CATALOGUE, WORDS)


@pytest.mark.parametrize(
    "question",
    [
        "Sept. 26の勉強会で何が話された?",
        "Sep 26の回の要約",
        "summary of September the 26th",
        "Give me a rundown of the study group on September the 26th",
    ],
)
def test_an_english_date_is_read_inside_japanese_and_with_the(question: str) -> None:
    q = plan(question)
    day = dt.date(2024, 9, 26)
    assert (q.kind, q.filters.since, q.filters.until, q.terms) == ("summary", day, day, ())


def test_the_with_a_plain_number_after_a_month_is_no_day() -> None:
    q = plan("In September, the 2 sessions had how many topics?")
    assert (q.filters.since, q.filters.until) == (dt.date(2024, 9, 1), dt.date(2024, 9, 30))


@pytest.mark.parametrize("question", ["What did Matsuda present?", "Kazukiさんの発表は?", "松田さんの発表は?"])
def test_a_part_of_a_name_written_as_one_word_names_the_presenter(question: str) -> None:
    assert plan(question).filters.presenter == "MatsudaKazuki"


def test_a_look_alike_family_name_names_its_own_presenter() -> None:
    assert plan("What did Matsumura present?").filters.presenter == "Yuya Matsumura"
    assert plan("What did Tanaka present?").unknown  # no such presenter: said so, not every topic


def test_name_parts() -> None:
    assert name_parts("MatsudaKazuki") == ["Matsuda", "Kazuki"]
    assert name_parts("Naoto Shimakoshi") == ["Naoto", "Shimakoshi"]
    assert name_parts("nishijima") == ["nishijima"]
