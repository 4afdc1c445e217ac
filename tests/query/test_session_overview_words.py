"""Overview words (概要, 要点, ざっくり, ダイジェスト, the gist, walk me through, key points) ask a session's
summary when they are about a session — 「9/26の回の内容をざっくり全部教えて」, "the gist of the Sept 26
meeting" — and one topic's contents when they are about a topic (「RAGの概要」, "the gist of the RAG paper")."""

from __future__ import annotations

import pytest

from rag.query.kinds import read_kind
from tests.helpers.catalogues import catalogue_of, planner


@pytest.mark.parametrize(
    "question",
    [
        "9/26の回の内容をざっくり全部教えて",
        "2024年5月16日の勉強会について概要を教えてください",
        "最新回の要点を一通り教えて",
        "9/19回のダイジェストをお願いします",
        "Give me the gist of the Sept 26 meeting",
        "Can you walk me through everything from the May session?",
        "key points of the April 11 session?",
    ],
)
def test_an_overview_word_about_a_session_is_a_summary(question: str) -> None:
    assert read_kind(question) == "summary"


@pytest.mark.parametrize(
    "question",
    [
        "RAGの概要を教えて",
        "RAGサーベイの中身をざっくり全部教えて",
        "the gist of the RAG paper",
        "ざっくり言うとPolarsは何倍速い?",
        "what are the key points of the KPI post?",
    ],
)
def test_an_overview_word_about_a_topic_is_not(question: str) -> None:
    assert read_kind(question) != "summary"


def test_a_list_asked_of_a_session_stays_a_list() -> None:
    assert read_kind("9/26の回のトピックを全部教えて") == "list"
    assert read_kind("9/26の回の内容を一覧で") == "list"


TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-19", "Yosuke Yoshida", "slide", "自社開発した大規模言語モデル"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
]
CATALOGUE = catalogue_of(TOPICS)
plan = planner(CATALOGUE)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("2024年に勉強会は何回開かれた?", "count"),  # the meeting's own verb (開く) is no topic
        ("9月に何回開催された?", "count"),
        ("Between the two September meetings, which had more presenters?", "rank"),  # how many, not what about
        ("9月の2回のうち、発表者が多かったのはどっち?", "rank"),
    ],
)
def test_a_catalogue_question_keeps_no_words_of_the_meeting_itself(question: str, kind: str) -> None:
    q = plan(question)
    assert (q.kind, q.terms) == (kind, ())


@pytest.mark.parametrize(
    ("question", "kind", "counted"),
    [
        ("9/19に発表したのは何人?", "count", "presenters"),  # the ones who presented: the presenters
        ("9/19に登壇した人は何名?", "count", "presenters"),
        ("全セッションのトピック一覧", "list", None),  # 全 is "all", no topic
    ],
)
def test_presenters_named_by_their_verb_and_all_sessions(question: str, kind: str, counted: str | None) -> None:
    q = plan(question)
    assert (q.kind, q.counted, q.terms) == (kind, counted, ())


def test_a_number_of_people_inside_a_topic_stays_a_fact() -> None:
    assert read_kind("専門家は何人?") == "fact" and read_kind("アノテーターとして参加したのは何人?") == "fact"
