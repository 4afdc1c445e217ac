"""Words that only say the answer comes from the notes ("according to the notes", 「ノートに残っている中で」)
change neither the kind nor the topic of a question; "which of the notes" and 「どのノート」 still ask for
sessions. Also the neighbour counted as 一個前 and a summary asked with おねがい."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.framing import without_source
from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-09-19", "Tomoaki Kitaoka", "blog", "Learning to Reason with LLMs"),
    ("2024-09-26", "Yuta Kamikawa", "slide", "ついに出た!OpenAIの最新モデル「o1」って何がすごいの?"),
]
CATALOGUE = catalogue_of(TOPICS)
WORDS = {"o1", "crepe"}
plan = planner(CATALOGUE, WORDS)


@pytest.mark.parametrize(
    ("framed", "plain"),
    [
        ("Per the notes, when was o1 discussed?", "When was o1 discussed?"),
        ("According to our notes, who presented CREPE?", "Who presented CREPE?"),
        ("When was o1 discussed in the notes?", "When was o1 discussed?"),
        ("ノートによると、CREPEを発表したのは誰?", "CREPEを発表したのは誰?"),
        ("ノートに書いてある中で、o1の話は何日?", "o1の話は何日?"),
        ("記録に残っている範囲で最初の回は?", "最初の回は?"),
    ],
)
def test_the_notes_as_the_source_change_nothing(framed: str, plain: str) -> None:
    a, b = plan(framed), plan(plain)
    assert (a.kind, a.filters, a.terms) == (b.kind, b.filters, b.terms)


@pytest.mark.parametrize(
    "question", ["Which of the notes discuss o1?", "どのノートでo1の話が出た?", "o1について書いてあるノートはどれ?"]
)
def test_asking_which_notes_keeps_its_words(question: str) -> None:
    assert without_source(question) == question


def test_the_oldest_session_in_the_notes_is_the_first() -> None:
    q = plan("ノートに残っている中で一番古い勉強会はいつ?")
    assert (q.kind, q.filters.since, q.terms) == ("first", dt.date(2024, 4, 11), ())


@pytest.mark.parametrize(
    "question", ["9/19の一個前の勉強会は何日でしたか?", "9/19の一つ前の回は何日?", "9/19の前の回は?"]
)
def test_one_before_counted_in_any_counter(question: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since) == ("before", dt.date(2024, 5, 16))


@pytest.mark.parametrize(
    "question", ["4月11日の回のまとめおねがい", "4/11の回のまとめください", "4月11日の回をまとめて"]
)
def test_a_summary_asked_with_any_request(question: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since) == ("summary", dt.date(2024, 4, 11))


def test_a_summary_word_inside_a_topic_is_no_request() -> None:
    # まとめ as a noun of the topic ("the summary section of the o1 slides") is no session summary
    assert plan("o1のスライドのまとめの部分には何が書いてあった?").kind != "summary"


@pytest.mark.parametrize(
    "question",
    ["Which topics across all sessions were tagged [slide]?", "Which talks were labelled as papers?"],
)
def test_topics_a_tag_marks_are_a_list(question: str) -> None:
    q = plan(question)
    assert (q.kind, q.terms) == ("list", ())


def test_a_thing_tagged_inside_a_topic_is_a_fact() -> None:
    # no topic noun is tagged: the question asks about something the o1 post calls the best
    assert plan("Which model was tagged as the best in the o1 post?").kind == "fact"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("o1の話があった日おしえて", "sessions"),
        ("o1の話があった日を知りたい", "sessions"),
        ("o1の日本語の性能を教えて", "fact"),
    ],
)
def test_the_session_a_clause_ends_in_asked_for_with_a_request(question: str, kind: str) -> None:
    assert plan(question).kind == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("CREPEの論文で評価に使ったデータセットを全部教えて", "fact"),  # the datasets one topic names
        ("o1の記事で挙げられていた課題を全部教えて", "fact"),
        ("Itoさんが発表したトピックを全部教えて", "list"),  # the topics themselves
        ("Kitaokaさんが話したものを全部教えて", "list"),
        ("9月に紹介された論文を全部教えて", "list"),
    ],
)
def test_every_thing_a_clause_describes_is_a_topic_only_when_it_is_one(question: str, kind: str) -> None:
    assert plan(question).kind == kind
