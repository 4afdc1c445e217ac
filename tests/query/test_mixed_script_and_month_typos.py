"""An English cue inside Japanese (「4/11のsessionのsummary」) has its word edges; a misspelt month
(Septmber, Febuary) is read as the month, while a word that is a month a letter away ("arch") is not;
"the agenda" / "lineup" of a session is its summary — each against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.calendar_words import plain_calendar
from rag.query.kinds import read_kind
from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
]
CATALOGUE = catalogue_of(TOPICS)
plan = planner(CATALOGUE)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("4/11のsessionのsummary", "summary"),
        ("9/26のrecapちょうだい", "summary"),
        ("CREPEのpresenterは?", "who"),
        ("summaryという単語の意味は?", "fact"),  # no session beside it: the word is asked about, not a summary
    ],
)
def test_an_english_cue_inside_japanese(question: str, kind: str) -> None:
    assert plan(question).kind == kind


def test_the_kind_reader_sees_english_word_edges_inside_japanese() -> None:
    assert read_kind("4/11のsessionのsummary") == "summary"
    assert read_kind("summaryzationの話") != "summary"  # no word ends after "summary" there


@pytest.mark.parametrize(
    ("question", "day"),
    [("Give me the highlights from Septmber 26", "2024-09-26"), ("Recap the Spetember 26 meeting", "2024-09-26")],
)
def test_a_misspelt_month_is_the_month(question: str, day: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since) == ("summary", dt.date.fromisoformat(day))


@pytest.mark.parametrize(("text", "plain"), [("Febuary", "february"), ("Agust 2024", "august 2024")])
def test_misspelt_months_are_spelt_right(text: str, plain: str) -> None:
    assert plain_calendar(text).lower() == plain


@pytest.mark.parametrize("text", ["an arch model", "Marching cubes", "the septum"])
def test_words_a_letter_away_from_a_month_stay(text: str) -> None:
    assert plain_calendar(text) == text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What was on the agenda for May 16th?", "summary"),
        ("What was the lineup on 5/16?", "summary"),
        ("What is on the agenda of the CREPE paper?", "fact"),  # no session named: one topic's contents
    ],
)
def test_a_sessions_agenda_is_its_summary(question: str, kind: str) -> None:
    assert plan(question).kind == kind
