"""Sessions named by weeks from a day (前週, 翌週, 先々週, 2週間後, "two weeks before"), by two steps said
twice over (次の次の回, "the session after next", "two after"), with weekdays or era years beside the day
(9月26日(木), 令和6年, "Thursday, September 19") and misspelt place words (befor, aftr, Whcih) — each
against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.calendar_words import plain_calendar
from rag.query.dates import read_dates
from tests.query.test_session_neighbours import plan

SESSIONS = [dt.date(2024, 4, 11), dt.date(2024, 5, 16), dt.date(2024, 9, 19), dt.date(2024, 9, 26)]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("question", "kind", "session", "missing"),
    [
        ("9/26の前週の回は?", "before", "2024-09-19", ""),  # a session that very week
        ("9月19日の翌週の回は?", "after", "2024-09-26", ""),
        ("Was there a session the week after Sep 19?", "after", "2024-09-26", ""),
        ("9/26の先々週に勉強会はあった?", "before", "2024-09-19", "2024-09-12"),  # none: the nearest, said so
        ("Was there a session two weeks before September 26?", "before", "2024-09-19", "2024-09-12"),
        ("9月19日の2週間後の回は?", "after", "2024-09-26", "2024-10-03"),
        ("9/19の1週間前の回は?", "before", "2024-05-16", "2024-09-12"),  # on the side asked, not 9/26
        ("4/11の翌週に回はあった?", "after", "2024-05-16", "2024-04-18"),
    ],
)
def test_weeks_from_a_day_name_a_time_answered_with_the_nearest_session(
    question: str, kind: str, session: str, missing: str
) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.anchor_missing) == (kind, day(session), missing)


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        ("4月11日の次の次の回はいつ?", "after", "2024-09-19"),
        ("4月11日の次の回はいつ?", "after", "2024-05-16"),  # once: one step
        ("What was the session after next, counting from April 11?", "after", "2024-09-19"),
        ("What was the session after April 11?", "after", "2024-05-16"),
        ("the session two after April 11th?", "after", "2024-09-19"),
        ("9/26の前の前の回は?", "before", "2024-05-16"),
        ("9/26の前の回は?", "before", "2024-09-19"),
    ],
)
def test_two_steps_said_twice_over(question: str, kind: str, session: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since) == (kind, day(session))


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        ("9月26日(木)の前の回は?", "before", "2024-09-19"),
        ("5/16（木曜日）の次の回は?", "after", "2024-09-19"),
        ("令和6年9月19日の前の回はいつ?", "before", "2024-05-16"),
        ("Thursday, September 19 — which session followed it?", "after", "2024-09-26"),
        ("what was the session befor Sept 26?", "before", "2024-09-19"),
        ("whats the session aftr May 16", "after", "2024-09-19"),
        ("Whcih session came after April 11?", "after", "2024-05-16"),
        ("previos session to 9/19?", "before", "2024-05-16"),  # previous … to a day: before it
        ("What did the previous session cover?", "latest", "2024-09-26"),  # previous alone: the latest
    ],
)
def test_weekdays_eras_and_misspelt_place_words(question: str, kind: str, session: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.terms) == (kind, day(session), ())


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("9月26日(木)の回", "9月26日の回"),
        ("木曜日の回は?", "木曜日の回は?"),  # a weekday alone is the question's own
        ("月曜日に何", "月曜日に何"),
        ("令和元年5月", "2019年5月"),
        ("alter the sessions", "alter the sessions"),  # one letter changed, one too many: words of their own
        ("previos session", "previous session"),
        ("Thu 9/19", "9/19"),
    ],
)
def test_plain_calendar_words(text: str, plain: str) -> None:
    assert plain_calendar(text) == plain


def test_weeks_without_a_day_are_no_week_count() -> None:
    assert read_dates("2週間前の回", SESSIONS).position is None


@pytest.mark.parametrize(
    ("question", "anchor", "session"),
    [
        # a month of several sessions is left whole: before its first session, after its last
        ("9月の会の前の回はいつ?", "2024-09-19", "2024-05-16"),
        ("9月の2つ前の回", "2024-09-19", "2024-04-11"),
        ("9月の会の次の回は?", "2024-09-26", None),
        # …and its look-alikes: a month of one session is that session, a bound month is a range
        ("5月の次の回", "2024-05-16", "2024-09-19"),
        ("4月の前の回は?", "2024-04-11", None),
    ],
)
def test_before_or_after_a_month_of_several_sessions_counts_from_its_edge(
    question: str, anchor: str, session: str | None
) -> None:
    d = read_dates(question, SESSIONS)
    assert d.day == day(anchor)
    assert d.session == (day(session) if session else None)


def test_the_last_session_before_a_month_is_still_within_that_range() -> None:
    d = read_dates("9月より前の最後の回", SESSIONS)
    assert (d.position, d.session, d.until) == ("latest", day("2024-05-16"), day("2024-08-31"))
