"""Catalogue questions in phrasings the rules were not written from: the group itself as the subject
("when did the study group first meet?"), a topic named by two words of which one is in two sessions
("the session before the GPU Puzzles talk"), その次の回, a month beside "meetup", a bracketed tag counted
as "entries", a summary asked as a noun (要点まとめ), a presenter with -san, "top presenter" — each
against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-19", "Shinnosuke Hirano", "blog", "【Reflection70B】自らのミスを自動修正する技術"),
    ("2024-09-19", "Yosuke Yoshida", "slide", "自社開発した大規模言語モデル"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
    ("2024-09-26", "Yosuke Yoshida", "blog", "batching algorithms"),
]
CATALOGUE = catalogue_of(TOPICS)
WORDS = {"gpu", "puzzles", "polars", "crepe", "reflection70b", "group"}
plan = planner(CATALOGUE, WORDS)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        ("When did the study group first meet?", "first", "2024-04-11"),
        ("When did the study group last meet?", "latest", "2024-09-26"),
        ("the session before the GPU Puzzles talk — when was it?", "before", "2024-09-19"),
        ("Reflection70Bの話があった回のその次の回は?", "after", "2024-09-26"),
        ("CREPEの回のその前の回は?", "before", "2024-04-11"),
    ],
)
def test_a_session_by_its_place_keeps_no_topic_words(question: str, kind: str, session: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.filters.until, q.terms) == (kind, day(session), day(session), ())


@pytest.mark.parametrize(
    "question",
    [
        "What did the study group discuss about GPU?",  # the group is no topic, but GPU is
        "When was the GPU acceleration talk?",
    ],
)
def test_the_group_beside_a_topic_keeps_the_topic(question: str) -> None:
    assert "gpu" in plan(question).terms


@pytest.mark.parametrize(
    ("question", "kind", "tag", "since"),
    [
        ("how many [slide] entries are there altogether", "count", "slide", None),
        ("how many papers got presented in the april meetup", "count", "論文", dt.date(2024, 4, 1)),
        ("all the paper ([論文]) topics we've covered, please", "list", "論文", None),
    ],
)
def test_catalogue_nouns_in_new_phrasings(question: str, kind: str, tag: str, since: dt.date | None) -> None:
    q = plan(question)
    assert (q.kind, q.filters.tag, q.filters.since, q.terms) == (kind, tag, since, ())


def test_a_word_between_all_and_talks_is_the_topic() -> None:
    q = plan("all the GPU talks")  # not every talk: the ones about GPU
    assert "gpu" in q.terms and q.kind != "list"


def test_a_presenters_total_ignores_generic_verbs() -> None:
    q = plan("How many topics did Yoshida bring in total across all sessions?")
    assert (q.kind, q.filters.presenter, q.terms) == ("count", "Yosuke Yoshida", ())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("9月19日回の要点まとめ", "summary"),
        ("9/19の回のまとめお願い", "summary"),
        ("まとめ買いについて何か書いてある?", "fact"),  # まとめ inside another word is no summary
        ("Top presenter by number of topics in september?", "rank"),
        ("What are the top results on the benchmark?", "fact"),  # top of something else: no ranking
        ("トピック数ランキング教えて", "rank"),
        ("Rank the presenters by number of talks", "rank"),
        ("ランキング学習の手法は何?", "fact"),  # learning to rank is a method, not a ranking
    ],
)
def test_summary_and_rank_cues_against_look_alikes(question: str, kind: str) -> None:
    assert plan(question).kind == kind


@pytest.mark.parametrize(
    ("question", "presenter"),
    [("Hirano-san's talks - list them", "Shinnosuke Hirano"), ("Hirano's talks - list them", "Shinnosuke Hirano")],
)
def test_a_presenter_with_an_english_honorific(question: str, presenter: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.presenter, q.terms) == ("list", presenter, ())
