"""Who-questions about a whole session ("name every presenter of the Sept 19 meeting", 「発表した人を全員」)
keep no topic words; a presenter's latest or first *topic* is their latest or first talk; a ranking that
names the count's noun (トピック数が一番多かった回) is a ranking — each against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-09-19", "Tomoaki Kitaoka", "blog", "Learning to Reason with LLMs"),
    ("2024-09-19", "Yosuke Yoshida", "slide", "自社開発した大規模言語モデル"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
    ("2024-09-26", "Shun Ito", "blog", "名寄せの定量評価"),
]
CATALOGUE = catalogue_of(TOPICS)
plan = planner(CATALOGUE, {"crepe", "gpu"})


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Name every presenter of the Sept 19 meeting.", "2024-09-19"),
        ("9/26に発表した人を全員教えて", "2024-09-26"),
        ("Who were all the presenters on 5/16?", "2024-05-16"),
    ],
)
def test_everyone_who_presented_at_a_session_is_its_overview(question: str, day: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.terms) == ("summary", dt.date.fromisoformat(day), ())


def test_who_presented_a_topic_keeps_the_topic() -> None:
    q = plan("Who presented CREPE?")
    assert (q.kind, q.terms) == ("who", ("crepe",))


@pytest.mark.parametrize(
    ("question", "kind", "day"),
    [
        ("What was the latest topic Kitaoka presented?", "latest", "2024-09-26"),
        ("Kitaokaさんの最新の発表は?", "latest", "2024-09-26"),
        ("What was Shun Ito's first topic?", "first", "2024-05-16"),
        ("Itoさんの最初のトピックは?", "first", "2024-05-16"),
    ],
)
def test_a_presenters_latest_or_first_topic_is_their_own_session(question: str, kind: str, day: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.terms) == (kind, dt.date.fromisoformat(day), ())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("どの回が一番トピック数が多かった?", "rank"),
        ("トピック数はいくつ?", "count"),  # the number of topics, no ranking
    ],
)
def test_a_ranking_by_the_count_noun(question: str, kind: str) -> None:
    assert plan(question).kind == kind
