"""Sessions by their place and rankings, over the bundled notes (Kitaoka spoke on 9/19 and 9/26, Matsumura
on 5/16 and 9/26). A session counted from a presenter's talk when they spoke at several sessions: each of
their sessions' neighbours is named and cited ("the session before Kitaoka's talk": 5/16 before 9/19, 9/19
before 9/26), or the one there is ("after Kitaoka's talk": only 9/19 has a session after it) — not the
neighbour of the latest session alone. A talk named by a word as written, a place two sessions away said as
such, misspelt catalogue nouns, presenters ranked by their sessions."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline


def cited(pipeline: Pipeline, question: str) -> tuple[str, list[str]]:
    answer = pipeline.answer(question)
    return answer.text, sorted({c.date or "" for c in answer.citations})


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("Which session came before Kitaoka's talk?", ["2024-05-16", "2024-09-19"]),
        ("Matsumuraさんが発表した回の前の回はいつ?", ["2024-04-11", "2024-09-19"]),
    ],
)
def test_each_of_a_presenters_sessions_has_its_neighbour_named(
    fake_pipeline: Pipeline, question: str, days: list[str]
) -> None:
    text, dates = cited(fake_pipeline, question)
    assert dates == days
    assert all(d in text.splitlines()[0] for d in days)


@pytest.mark.parametrize("question", ["What was the session after Kitaoka's talk?", "Kitaokaさんの発表の次の回はいつ?"])
def test_the_one_neighbour_there_is_is_the_answer(fake_pipeline: Pipeline, question: str) -> None:
    text, dates = cited(fake_pipeline, question)
    assert dates == ["2024-09-26"] and "2024-09-19" in text.splitlines()[0]  # after his 9/19 talk


def test_a_presenter_named_with_the_anchor_topic_is_no_filter(fake_pipeline: Pipeline) -> None:
    text, dates = cited(fake_pipeline, "When was the meeting following the one where Shun Ito presented CREPE?")
    assert dates == ["2024-09-19"] and "2024-05-16" in text.splitlines()[0]


@pytest.mark.parametrize(
    "question", ["the session after Kamikawa's o1 slides?", "Kamikawaさんのo1のスライドの次の回は?"]
)
def test_no_session_after_the_talk_anchored_is_said(fake_pipeline: Pipeline, question: str) -> None:
    answer = fake_pipeline.answer(question)
    assert not answer.found and "2024-09-26" in answer.text


def test_a_presenter_filtering_the_place_stays_a_filter(fake_pipeline: Pipeline) -> None:
    answer = fake_pipeline.answer("What did Yoshida present in the session before last?")
    assert {c.date for c in answer.citations} == {"2024-09-19"} and "自社開発" in answer.text


@pytest.mark.parametrize(
    "question",
    ["Which session preceded Yoshida's batching talk?", "Which session came before Yoshida's batching talk?"],
)
def test_a_talk_named_by_a_word_as_written_anchors_its_session(fake_pipeline: Pipeline, question: str) -> None:
    # "batching" names the 9/26 batching talk (its stem "batch" is also in 4/11's "Batch Active Learning");
    # "preceded" puts the presenter in the anchor, so every topic of 9/19 is listed, not only Yoshida's
    text, dates = cited(fake_pipeline, question)
    assert dates == ["2024-09-19"] and "2024-09-26" in text.splitlines()[0] and "Polars" in text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("What was covered two sessions before the latest?", "The session two before 2024-09-26 was 2024-05-16."),
        ("9/26の2つ前の回は?", "2024-09-26の2つ前の回は 2024-05-16 です。"),
        ("What was covered in the session before the latest?", "The session before 2024-09-26 was 2024-09-19."),
    ],
)
def test_a_place_two_sessions_away_says_how_far(fake_pipeline: Pipeline, question: str, says: str) -> None:
    assert fake_pipeline.answer(question).text.splitlines()[0] == says


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("how many sesions were there", "4"),
        ("How many presenetrs were there on 9/19?", "8"),
        ("sumarize the april 11th sesion", "2024-04-11"),
    ],
)
def test_misspelt_catalogue_nouns_are_read(fake_pipeline: Pipeline, question: str, first: str) -> None:
    answer = fake_pipeline.answer(question)
    assert answer.found and first in answer.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "head"),
    [
        (
            "Which presenter has appeared in the most sessions?",
            "Naoto Shimakoshi presented at the most sessions (4 sessions).",
        ),
        ("一番多くの回に参加した発表者は誰?", "発表した回が一番多かったのは Naoto Shimakoshi さんです (4 回)。"),
        ("Who presented the most topics?", "Naoto Shimakoshi presented the most (11 topics)."),  # topics, not sessions
    ],
)
def test_presenters_ranked_by_their_sessions_say_so(fake_pipeline: Pipeline, question: str, head: str) -> None:
    assert fake_pipeline.answer(question).text.splitlines()[0] == head


@pytest.mark.parametrize(
    ("question", "head", "cited"),
    [
        (
            "Which month had the most topics?",
            "The month with the most topics: September 2024 (17 topics).",
            {"2024-09-19", "2024-09-26"},
        ),
        ("勉強会が一番多かった月は?", "勉強会が一番多かった月は 2024年9月 です (2 回)。", {"2024-09-19", "2024-09-26"}),
        (
            "Which tag is the most common?",
            "The tag with the most topics: [blog] (12 topics).",
            {"2024-05-16", "2024-09-19", "2024-09-26"},
        ),
        ("一番少ないタグは?", "トピックが一番少なかったタグは [やってみた] です (1 件)。", {"2024-05-16"}),
        # the place after the top one, not the top one again nor a tie of it
        (
            "Who presented the second most topics?",
            "Yosuke Yoshida presented the second most (5 topics).",
            {"2024-05-16", "2024-09-19", "2024-09-26"},
        ),
        ("発表者が2番目に多かった回は?", "発表者が2番目に多かったのは 2024-09-26 の回です (7 人)。", {"2024-09-26"}),
    ],
)
def test_months_tags_and_places_are_ranked_from_the_catalogue(
    fake_pipeline: Pipeline, question: str, head: str, cited: set[str]
) -> None:
    answer = fake_pipeline.answer(question)
    assert answer.text.splitlines()[0] == head
    assert {c.date for c in answer.citations} == cited


def test_a_place_past_the_distinct_counts_is_said_so(fake_pipeline: Pipeline) -> None:
    answer = fake_pipeline.answer("Which session had the fourth most topics?")
    assert answer.text.startswith("The counts take only 3 distinct values: there is no place 4.")
    assert not answer.citations
