"""A presenter's next (or previous) talk counted from another of their own talks (「CREPEの発表のあと、伊藤さんが
次に発表したのは何?」): their own next topic in the notes' order, not the next session; none there is said so.
Look-alikes: the session after a presenter's talk, a topic of another presenter, no topic named."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.talks import talk_step
from rag.store.lexical import get_tokenizer
from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "Ferret-UI: Grounded Mobile UI Understanding"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-05-16", "Yosuke Yoshida", None, "Cursorはじめました"),
    ("2024-05-16", "Yosuke Yoshida", None, "Intro to MLOps: Data and Model Versioning"),
    ("2024-05-16", "Yuta Kamikawa", "やってみた", "Detectron2でDocument Layout Analysisの学習し&推論してみた"),
    ("2024-09-19", "Tomoaki Kitaoka", "blog", "Learning to Reason with LLMs"),
    ("2024-09-19", "Yuta Kamikawa", "blog", "AIエージェントキャッチアップ勉強会#1"),
    ("2024-09-19", "Yosuke Yoshida", "slide", "自社開発した大規模言語モデル"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
    ("2024-09-26", "Yuta Kamikawa", "slide", "ついに出た!OpenAIの最新モデル「o1」って何がすごいの?"),
    ("2024-09-26", "Shun Ito", "blog", "名寄せの定量評価とGroup Sequential Test"),
]
CATALOGUE = catalogue_of(TOPICS)
plan = planner(CATALOGUE, {"crepe", "cursor", "detectron2", "gpu", "puzzles", "o1", "mlops"})


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("question", "presenter", "session"),
    [
        ("CREPEの発表のあと、伊藤さんが次に発表したのは何?", "Shun Ito", "2024-09-26"),
        ("After his CREPE talk, what did Shun Ito present next?", "Shun Ito", "2024-09-26"),
        ("What did Kitaoka present after Learning to Reason with LLMs?", "Tomoaki Kitaoka", "2024-09-26"),
        ("北岡さんがGPU Puzzlesの前に発表したのは?", "Tomoaki Kitaoka", "2024-09-19"),
        ("上川さんがDetectron2の次に発表したのは何?", "Yuta Kamikawa", "2024-09-19"),
        ("What was Kamikawa's previous talk before the o1 slides?", "Yuta Kamikawa", "2024-09-19"),
    ],
)
def test_a_presenters_next_talk_is_their_own_next_topic(question: str, presenter: str, session: str) -> None:
    q = plan(question)
    assert q.kind == "list"
    assert (q.filters.presenter, q.filters.since, q.filters.until) == (presenter, day(session), day(session))
    assert not q.unknown


def test_a_next_talk_in_the_same_session_leaves_their_others_of_that_session_out() -> None:
    q = plan("What did Yoshida present after Cursor?")
    assert (q.kind, q.filters.since) == ("list", day("2024-05-16"))
    mlops = next(c for c in CATALOGUE.topics if c.title.startswith("Intro to MLOps"))
    cursor = next(c for c in CATALOGUE.topics if c.title.startswith("Cursor"))
    assert cursor.topic_key in q.exclude and mlops.topic_key not in q.exclude


@pytest.mark.parametrize(
    ("question", "step"),
    [
        ("名寄せの発表の次に伊藤さんが発表したのは?", "after"),
        ("What did Kitaoka present before Learning to Reason?", "before"),
    ],
)
def test_no_talk_there_is_said_so_with_the_talk_it_counts_from(question: str, step: str) -> None:
    q = plan(question)
    assert [u.what for u in q.unknown] == ["talk"]
    assert q.unknown[0].detail[0] == step


@pytest.mark.parametrize(
    "question",
    [
        "伊藤さんがCREPEを発表した回の次の回は?",  # a session asked: the session after it
        "What happened at the session after Ito presented CREPE?",
        "What did Ito present after the o1 talk?",  # o1 is not Ito's: no talk of his to count from
        "Who presented after Kitaoka?",  # no topic of his named
        "What did Kamikawa present?",  # no step
    ],
)
def test_look_alikes_are_not_a_presenters_next_talk(question: str) -> None:
    presenter = plan(question).filters.presenter
    assert talk_step(question, presenter or "Shun Ito", CATALOGUE, get_tokenizer("A")) is None
    assert not any(u.what == "talk" for u in plan(question).unknown)
