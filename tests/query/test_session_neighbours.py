"""Sessions named relative to others: an anchor by a day in any format, by a month or day that had no
session (counted from its edge, said so), by a topic in English word order ("after the CREPE session"),
の前回 / の次回 after an anchor, a session noun in English inside Japanese; a presenter's 初めての発表;
follow-ups stepping from the session the conversation cited (その一つ前, "previous one", 次は?, 直後,
"what else was discussed then?") — each against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.plan import plan_query
from rag.store.lexical import get_tokenizer
from rag.types import Query
from tests.helpers.catalogues import catalogue_of

TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "Ferret-UI: Grounded Mobile UI Understanding"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-05-16", "Yosuke Yoshida", None, "Cursorはじめました"),
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-19", "Yosuke Yoshida", "slide", "自社開発した大規模言語モデル"),
    ("2024-09-19", "Shinnosuke Hirano", "blog", "【Reflection70B】自らのミスを自動修正する技術"),
    ("2024-09-26", "Tomoaki Kitaoka", None, "GPU Puzzles"),
    ("2024-09-26", "Shun Ito", "blog", "名寄せの定量評価とGroup Sequential Test"),
]
CATALOGUE = catalogue_of(TOPICS)
WORDS = {"gpu", "puzzles", "polars", "crepe", "ferret-ui", "cursor"}


def plan(question: str, history: tuple[tuple[str, str], ...] = ()) -> Query:
    messages = [{"role": r, "content": c} for u, a in history for r, c in (("user", u), ("assistant", a))]
    return plan_query(
        question,
        CATALOGUE,
        get_tokenizer("A"),
        history=messages,
        in_notes=lambda w: w.lower() in WORDS,
        today=dt.date(2026, 12, 1),
    )


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        ("9/26の前回は?", "before", "2024-09-19"),
        ("5/16の次回は?", "after", "2024-09-19"),
        ("26 September の前の session はいつ?", "before", "2024-09-19"),
        ("2024/05/16の次のミーティングは?", "after", "2024-09-19"),
        ("名寄せの話があった回の前回って何を話してた?", "before", "2024-09-19"),
        ("After the CREPE session, what did we discuss next?", "after", "2024-09-19"),
        ("What happened at the meeting before the Ferret-UI talk?", "before", None),
        ("Ferret-UIの回の次の回で発表したのは誰ですか?", "after", "2024-05-16"),
        ("9月19日の直後の回は何を扱った?", "after", "2024-09-26"),
        ("先週の勉強会は何を話した?", "latest", "2024-09-26"),
    ],
)
def test_a_session_counted_from_an_anchor(question: str, kind: str, session: str | None) -> None:
    q = plan(question)
    expected = day(session) if session else None
    assert (q.kind, q.filters.since, q.filters.until) == (kind, expected, expected)


@pytest.mark.parametrize(
    "question",
    [
        "Ferret-UIの回の次の回で発表したのは誰ですか?",
        "9月19日の直後の回は何を扱った?",
        "the session after Kitaoka's GPU Puzzles talk",
    ],
)
def test_what_cutting_the_place_out_leaves_is_no_topic(question: str) -> None:
    assert plan(question).terms == ()


@pytest.mark.parametrize(
    ("question", "kind", "session", "missing"),
    [
        ("6月20日の次の回はいつ?", "after", "2024-09-19", "2024-06-20"),
        ("6月の回の前の回は?", "before", "2024-05-16", "2024-06"),
        ("the session after June?", "after", "2024-09-19", "2024-06"),
        ("5/16の次の回は?", "after", "2024-09-19", ""),  # a session: nothing missing
    ],
)
def test_a_time_without_a_session_is_counted_from_its_edge(
    question: str, kind: str, session: str, missing: str
) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.anchor_missing) == (kind, day(session), missing)


def test_a_month_without_a_session_is_still_reported_when_asked_about_itself() -> None:
    q = plan("6月の勉強会の内容は?")
    assert [u.what for u in q.unknown] == ["date"]


@pytest.mark.parametrize(
    ("question", "session"),
    [("Yoshidaさんの初めての発表はいつ?", "2024-05-16"), ("Yosuke Yoshidaさんの初登壇はいつ?", "2024-05-16")],
)
def test_a_presenters_first_talk_as_a_noun(question: str, session: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.filters.presenter) == ("first", day(session), "Yosuke Yoshida")


def test_switching_words_after_after_are_no_session() -> None:
    q = plan("What changed after switching the tokenizer?")
    assert q.anchor is None and q.kind not in ("after", "before")


GPU_TALK = ("When was the GPU Puzzles talk?", "At the 2024-09-26 session, by Tomoaki Kitaoka [2024-09-26].")
FIRST = ("What was the first session?", "The first session was on 2024-04-11 [2024-04-11].")
CREPE = ("CREPEの話はいつ?", "2024-05-16の回でShun Itoさんが紹介しています [2024-05-16]。")


@pytest.mark.parametrize(
    ("question", "turn", "session"),
    [
        ("その一つ前は?", GPU_TALK, "2024-09-19"),
        ("previous one?", GPU_TALK, "2024-09-19"),
        ("what came before it?", GPU_TALK, "2024-09-19"),
        ("その2つ前の回は?", GPU_TALK, "2024-05-16"),
        ("次は?", FIRST, "2024-05-16"),
        ("what came next?", FIRST, "2024-05-16"),
        ("その直後の回は?", CREPE, "2024-09-19"),
        ("what else was discussed then?", FIRST, "2024-04-11"),
        ("その時ほかに何が発表された?", CREPE, "2024-05-16"),
    ],
)
def test_a_follow_up_steps_from_the_cited_session(question: str, turn: tuple[str, str], session: str) -> None:
    q = plan(question, (turn,))
    assert (q.filters.since, q.filters.until) == (day(session), day(session))


def test_then_opening_or_meaning_in_that_case_is_no_session() -> None:
    q = plan("what should I read then?", (FIRST,))
    assert q.filters.since is None


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        ("Which session came later than May 16?", "after", "2024-09-19"),
        ("an earlier session than 9/19?", "before", "2024-05-16"),
        ("9/19の1週間後の回は?", "after", "2024-09-26"),
        ("the penultimate session?", "before", "2024-09-19"),
        ("Tell me about the 2nd-to-last session", "before", "2024-09-19"),
        ("最後から2番目の回は?", "before", "2024-09-19"),
        ("the session before last?", "before", "2024-09-19"),
    ],
)
def test_comparatives_and_the_penultimate_session(question: str, kind: str, session: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.terms) == (kind, day(session), ())


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        # a place that names the latest itself: the topic is asked about in that session, not counted from
        ("In the session before last, who talked about Polars?", "who", "2024-09-19"),
        ("前々回でPolarsを紹介したのは誰?", "who", "2024-09-19"),
        ("What did the penultimate session say about Polars?", "fact", "2024-09-19"),
        # …while an open place is counted from the topic's session
        ("What was the session before the Polars talk?", "before", "2024-05-16"),
        ("Polarsの回の前の回は?", "before", "2024-05-16"),
    ],
)
def test_a_place_that_names_the_latest_is_not_counted_from_a_topic(question: str, kind: str, session: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.filters.until) == (kind, day(session), day(session))


def test_a_bounds_own_word_is_no_topic() -> None:
    q = plan("9月19日より後の回は?")
    assert (q.filters.since, q.terms) == (day("2024-09-20"), ())


@pytest.mark.parametrize(
    ("question", "kind", "session", "tag"),
    [
        ("What was the first paper presented?", "first", "2024-04-11", "論文"),
        ("最初の[論文]はいつ?", "first", "2024-04-11", "論文"),
        ("What was the latest blog post?", "latest", "2024-09-26", "blog"),
        ("Shun Itoさんの一番最初の発表はどれ?", "first", "2024-05-16", None),
    ],
)
def test_the_first_or_latest_of_a_tag_or_presenter(question: str, kind: str, session: str, tag: str | None) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.filters.tag) == (kind, day(session), tag)


def test_first_beside_a_topic_is_no_tagged_talk() -> None:
    assert plan("When was CREPE first presented?").kind == "sessions"


@pytest.mark.parametrize(
    ("question", "session", "presenter"),
    [
        ("Shinnosuke Hiranoさんが発表した回の前の回はいつ?", "2024-05-16", None),
        ("Hiranoさんの発表の次の回では何が発表された?", "2024-09-26", None),
        ("Hiranoさんの発表があった回の次の回は何日?", "2024-09-26", None),  # 発表があった回: the talk's session
        ("Hiranoさんの話があった回の前の回は?", "2024-05-16", None),
        ("What was the session after the one where Shinnosuke Hirano presented?", "2024-09-26", None),
        # the presenter before the place filters it: their talk in the session before the latest
        ("What did Hirano present in the session before last?", "2024-09-19", "Shinnosuke Hirano"),
    ],
)
def test_a_presenters_one_session_as_the_anchor(question: str, session: str, presenter: str | None) -> None:
    q = plan(question)
    assert (q.filters.since, q.filters.presenter) == (day(session), presenter)


@pytest.mark.parametrize(
    ("question", "presenter"),
    [
        ("最初と最後の回はいつ?", None),
        ("ノートの中で一番古い勉強会と一番新しい勉強会の日付は?", None),
        ("What were the first and last sessions?", None),
        ("When were the earliest and the latest meetings?", None),
        ("Yoshidaさんの最初と最後の発表は?", "Yosuke Yoshida"),
    ],
)
def test_both_ends_at_once(question: str, presenter: str | None) -> None:
    q = plan(question)
    assert (q.kind, q.both_ends, q.filters.presenter, q.terms) == ("first", True, presenter, ())


@pytest.mark.parametrize("question", ["最初の回はいつ?", "What is the difference between the first and last layers?"])
def test_one_end_or_no_session_is_not_both_ends(question: str) -> None:
    assert not plan(question).both_ends


LATEST = ("What was the latest session?", "The latest session was 2024-09-26 [2024-09-26].")
UNLABELLED = ("9/19の回で何があった?", "9月19日の回では9件のトピックが発表されました。")


@pytest.mark.parametrize(
    ("question", "turn", "session"),
    [
        ("その回の発表者は?", UNLABELLED, "2024-09-19"),  # a day in another format, no [label]
        ("その次の回は?", UNLABELLED, "2024-09-26"),
        ("who presented?", LATEST, "2024-09-26"),  # names nothing of its own: that session
        ("誰が発表した?", LATEST, "2024-09-26"),
        ("How many presenters were there?", LATEST, "2024-09-26"),
    ],
)
def test_a_follow_up_about_the_session_just_named(question: str, turn: tuple[str, str], session: str) -> None:
    q = plan(question, (turn,))
    assert (q.filters.since, q.filters.until) == (day(session), day(session))


@pytest.mark.parametrize(
    "question",
    ["How many sessions were there?", "who presented the most?", "Who presented in total?", "Who presented CREPE?"],
)
def test_a_follow_up_with_its_own_scope_keeps_it(question: str) -> None:
    assert plan(question, (LATEST,)).filters.since is None


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        ("前回の前の回は?", "before", "2024-09-19"),
        ("前回の次は?", "after", None),  # after the latest: none
        ("the session after the first one?", "after", "2024-05-16"),
        ("最初の回の次の回は?", "after", "2024-05-16"),
        ("the meeting before the most recent one", "before", "2024-09-19"),
        ("26日の回の前の回は?", "before", "2024-09-19"),  # a day of the month only: the one session that day
        ("whats the next meeting after sept 19", "after", "2024-09-26"),
        ("what was the meeting before the GPU Puzzles talk about?", "before", "2024-09-19"),
        ("Cursorの回の次の回でYoshidaさんは何を発表した?", "list", "2024-09-19"),
    ],
)
def test_counted_from_an_end_a_day_or_a_described_topic(question: str, kind: str, session: str | None) -> None:
    q = plan(question)
    expected = day(session) if session else None
    assert (q.kind, q.filters.since, q.terms) == (kind, expected, ())


def test_a_day_several_sessions_share_names_none() -> None:
    assert plan("16日の回は?").filters.since == day("2024-05-16")
    assert plan("3日で学ぶ機械学習").filters.since is None
