"""Catalogue questions planned as a kind, not a phrasing: tag words in both languages, untagged topics,
date ranges, sessions by their order (the n-th, the last two), a presenter's own first or latest talk,
rankings by topics or presenters and fewest or most, a ranking nested in a summary, per-presenter counts —
each trigger against its look-alike."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.dates import read_dates
from tests.query.test_plan import SESSIONS, plan


@pytest.mark.parametrize(
    ("question", "tag"),
    [
        ("スライド資料の紹介は何件あった?", "slide"),
        ("Slide decks presented in September?", "slide"),
        ("How many decks were shown?", "slide"),
        ("ブログ記事の紹介は全部で何件?", "blog"),
        ("List the blog posts from September.", "blog"),
        ("紹介された論文は何本?", "論文"),
        ("How many people spoke about papers in April?", "論文"),
        ("What hands-on posts were presented?", "やってみた"),
    ],
)
def test_tag_words_in_either_language_filter_a_catalogue_question(question: str, tag: str) -> None:
    q = plan(question)
    assert q.filters.tag == tag and q.kind in ("count", "list") and not q.terms


@pytest.mark.parametrize(
    "question",
    [
        "What did the slides say about randomness in research?",  # a fact from the slides, not a list of them
        "ブログで紹介されたPolarsは何倍速くなった?",
    ],
)
def test_a_tag_word_beside_a_topic_stays_a_fact_question(question: str) -> None:
    q = plan(question)
    assert q.kind == "fact" and q.filters.tag is None


@pytest.mark.parametrize(
    "question",
    [
        "Which topics on 2024-04-11 have no tag at all?",
        "what topics on 9/26 didn't have any tag?",
        "タグなしのトピックを全部教えて",
        "9月19日の回でタグが付いていない発表は?",
        "List the untagged topics from the May session.",
    ],
)
def test_topics_without_a_tag_are_a_filter(question: str) -> None:
    q = plan(question)
    assert q.kind == "list" and q.filters.untagged and q.filters.tag is None


@pytest.mark.parametrize("question", ["[slide]タグのトピックは?", "Which tag did the CREPE talk have?"])
def test_a_tag_named_or_asked_for_is_no_untagged_filter(question: str) -> None:
    assert not plan(question).filters.untagged


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("Slide decks presented between 2024-09-01 and 2024-09-30?", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),
        ("Blog posts between May 1 and September 20?", dt.date(2024, 5, 1), dt.date(2024, 9, 20)),
        ("2024年4月〜5月の論文タグの発表は?", dt.date(2024, 4, 1), dt.date(2024, 5, 31)),
        ("9月中の[slide]の発表は?", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),
        # the last or first few sessions
        ("直近2回で発表した人は何人?", dt.date(2024, 9, 19), dt.date(2024, 9, 26)),
        ("the last two sessions — what slides were shown?", dt.date(2024, 9, 19), dt.date(2024, 9, 26)),
        ("最初の2回のトピックは何件?", dt.date(2024, 4, 11), dt.date(2024, 5, 16)),
        ("How many topics did the first two sessions have?", dt.date(2024, 4, 11), dt.date(2024, 5, 16)),
    ],
)
def test_date_ranges_in_either_language(question: str, since: dt.date, until: dt.date) -> None:
    q = plan(question)
    assert (q.filters.since, q.filters.until) == (since, until) and not q.unknown and q.kind in ("count", "list")


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("2回目の勉強会では何が発表された?", dt.date(2024, 5, 16)),
        ("第3回の内容をまとめて", dt.date(2024, 9, 19)),
        ("What was covered in the third session?", dt.date(2024, 9, 19)),
        ("Summarise the 4th meeting.", dt.date(2024, 9, 26)),
    ],
)
def test_the_nth_session(question: str, day: dt.date) -> None:
    q = plan(question)
    assert (q.filters.since, q.filters.until) == (day, day) and q.kind == "summary"


def test_an_nth_session_the_notes_lack_is_answered_as_such() -> None:
    q = plan("第7回の内容をまとめて")
    assert [(u.what, u.text) for u in q.unknown] == [("session", "7")]


@pytest.mark.parametrize("question", ["何回目の勉強会でo1の話が出た?", "9月の2回のうち、トピックが多かったのはどっち?"])
def test_which_number_or_a_count_of_sessions_is_no_nth_session(question: str) -> None:
    d = read_dates(question, SESSIONS)
    assert d.missing_ordinal is None and (d.since is None or d.since != d.until)


def test_the_latest_session_is_still_one_session() -> None:
    q = plan("直近の回をまとめて")
    assert q.kind == "latest" and q.filters.since == q.filters.until == dt.date(2024, 9, 26)


@pytest.mark.parametrize(
    ("question", "kind", "day"),
    [
        ("Kamikawaさんが最初に発表したのは何?", "first", dt.date(2024, 5, 16)),
        ("When did Shun Ito first present, and on what?", "first", dt.date(2024, 5, 16)),
        ("What was Naoto Shimakoshi's latest talk?", "latest", dt.date(2024, 9, 19)),
        ("Which talk did Shun Ito present most recently?", "latest", dt.date(2024, 9, 26)),
    ],
)
def test_a_presenters_first_or_latest_talk_is_among_their_own_sessions(question: str, kind: str, day: dt.date) -> None:
    q = plan(question)
    assert q.kind in (kind, "list") and q.filters.since == q.filters.until == day and q.filters.presenter


@pytest.mark.parametrize(
    "question", ["When was continual pre-training first presented?", "RAGが最初に紹介されたのはいつ?"]
)
def test_when_a_topic_was_first_presented_is_no_first_talk(question: str) -> None:
    q = plan(question)  # every session that discussed it is searched, not the first session alone
    assert q.filters.since is None and q.filters.presenter is None and q.kind == "sessions"


@pytest.mark.parametrize(
    ("question", "counted", "measure", "fewest"),
    [
        ("Which meeting had the most different presenters?", "sessions", "presenters", False),
        ("Which session had the fewest presenters?", "sessions", "presenters", True),
        ("発表者が一番少なかった回はどれ?", "sessions", "presenters", True),
        ("9月の回で発表者が一番多かったのはいつ?", "sessions", "presenters", False),
        ("Which session had the most topics?", "sessions", "topics", False),
        ("Who gave the fewest talks?", "presenters", "topics", True),
        ("一番多く発表した人は誰ですか?", "presenters", "topics", False),
        ("一番発表者が多かった回はいつ?", "sessions", "presenters", False),
        ("Which one of the September sessions had fewer topics?", "sessions", "topics", True),
        ("At the 9/26 session, who presented the most topics?", "presenters", "topics", False),
        # 回 as what is tallied (the subject of 多い), a person asked: presenters by their sessions
        ("発表した回が一番多いのは誰?", "presenters", "sessions", False),
        ("参加した回数が最も少ない人は?", "presenters", "sessions", True),
        ("Who presented at the most sessions?", "presenters", "sessions", False),
        # …and its look-alikes: 回 ranked by its presenters, the date of the top session asked
        ("一番発表者が多かった回の日付は?", "sessions", "presenters", False),
        ("発表した人が一番多い回は?", "sessions", "presenters", False),
    ],
)
def test_rankings_by_topics_or_presenters_most_or_fewest(
    question: str, counted: str, measure: str, fewest: bool
) -> None:
    q = plan(question)
    assert (q.kind, q.counted, q.measure, q.fewest) == ("rank", counted, measure, fewest)


@pytest.mark.parametrize(
    "question", ["What did the paper say at least one annotator should do?", "最少のサンプル数で済んだ理由は何?"]
)
def test_at_least_and_a_minimum_inside_a_fact_are_no_ranking(question: str) -> None:
    assert plan(question).kind != "rank" or "最少" in question


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("一番トピックが多かった回の内容を要約して", dt.date(2024, 5, 16)),  # the test catalogue: 5/16 and 9/19 tie
        ("Summarise the session with the most topics.", dt.date(2024, 5, 16)),
        ("発表者が一番少なかった回をまとめて", dt.date(2024, 4, 11)),
    ],
)
def test_a_ranking_nested_in_a_summary_picks_the_session(question: str, day: dt.date) -> None:
    q = plan(question)
    assert q.kind == "summary" and q.filters.since == q.filters.until == day and q.filters.tag is None


@pytest.mark.parametrize(
    ("question", "day"),
    [
        # the tallied noun is the one called the most (トピック), not 発表者, which asks who presented there
        ("トピックが一番多かった回の発表者は誰?", dt.date(2024, 5, 16)),
        ("Who presented at the session with the most topics?", dt.date(2024, 5, 16)),
        ("発表者が一番少なかった回で発表したのは誰?", dt.date(2024, 4, 11)),
    ],
)
def test_who_presented_at_the_top_session_lists_that_session(question: str, day: dt.date) -> None:
    q = plan(question)
    assert q.kind in ("list", "summary") and q.filters.since == q.filters.until == day and not q.filters.presenter


@pytest.mark.parametrize(
    ("question", "per_presenter"),
    [
        ("How many talks did each presenter give?", True),
        ("発表者ごとの発表件数は?", True),
        ("How many talks did Shun Ito give?", False),
        ("各回の発表は何件?", False),
        ("回ごとの発表者数は?", False),
    ],
)
def test_counts_broken_down_by_presenter(question: str, per_presenter: bool) -> None:
    q = plan(question)
    assert q.kind == "count" and q.per_presenter == per_presenter and not q.terms


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many papers were presented?", "count"),
        ("How much faster is Polars on the GPU?", "fact"),
        ("[論文]は何件?", "count"),
        ("論文では何が提案された?", "fact"),
        ("最新の勉強会っていつ?", "latest"),
        ("What did the group discuss in the most recent session?", "latest"),
        ("Which session had the most topics, the most recent one?", "rank"),
        ("OpenAIの最新モデルは何がすごいの?", "fact"),
        ("各回のトピック数は?", "count"),
        ("o1のパラメータ数は?", "fact"),
        ("5月の回って何トピックあったっけ", "count"),
        ("Number of blog posts per session?", "count"),
        ("What number of parameters does the model have?", "fact"),
        ("一番精度が高かった手法は?", "fact"),
        ("What's the latest model OpenAI released, according to the notes?", "fact"),
    ],
)
def test_catalogue_triggers_against_their_look_alikes(question: str, kind: str) -> None:
    assert plan(question).kind == kind


@pytest.mark.parametrize(
    "question",
    [
        "AIエージェントキャッチアップ勉強会の第1回はいつ開催された?",  # another event's first meeting
        "言語処理学会第30回年次大会で発表された論文は?",
        "10回目の実験で精度はどうなった?",
    ],
)
def test_another_events_ordinal_is_no_session_of_the_notes(question: str) -> None:
    q = plan(question)
    assert not q.unknown and q.filters.since is None


@pytest.mark.parametrize(
    "question", ["一番エラーが少ない手法はどれ?", "Which method needs the least labelled data?", "最少のサンプル数は?"]
)
def test_a_fewest_that_is_no_catalogue_noun_is_no_ranking(question: str) -> None:
    assert plan(question).kind != "rank"


@pytest.mark.parametrize(
    ("question", "tag"),
    [
        ("9/26の回で紹介された記事やスライドは?", None),  # two tags: no one tag filters it
        ("9/19の記事をまとめて", None),  # a summary of a session's "articles" is of all its material
        ("9/19の記事を一覧で", "blog"),
        ("9/19のブログをまとめて", "blog"),
    ],
)
def test_loose_and_several_tag_words(question: str, tag: str | None) -> None:
    assert plan(question).filters.tag == tag


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("9月の勉強会をまとめて", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),  # both September sessions
        ("9月の2回をまとめて", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),
        ("Summarize both September sessions", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),
        ("Summarise Shun Ito's talks", None, None),
        ("Summarise the notes", dt.date(2024, 9, 26), dt.date(2024, 9, 26)),  # no filter: the latest session
    ],
)
def test_a_summary_over_several_sessions_or_none(question: str, since: dt.date | None, until: dt.date | None) -> None:
    q = plan(question)
    assert q.kind in ("summary", "latest") and (q.filters.since, q.filters.until) == (since, until)


@pytest.mark.parametrize(
    ("question", "rank_by", "measure", "fewest"),
    [
        ("Which month had the most topics?", "months", "topics", False),
        ("トピックが一番多かった月は?", "months", "topics", False),
        ("Which month had the most sessions?", "months", "sessions", False),
        ("勉強会が一番多かった月は?", "months", "sessions", False),
        ("Which tag is the most common?", "tags", "topics", False),
        ("一番多いタグは何?", "tags", "topics", False),
        ("一番少ないタグは?", "tags", "topics", True),
        # …and their look-alikes: a month named by its number is a date, タグなし is no tag, a session ranking
        ("9月の回で発表者が一番多かったのはいつ?", "", "presenters", False),
        ("タグなしのトピックを一番多く発表したのは誰?", "", "topics", False),
        ("Which session had the most topics?", "", "topics", False),
    ],
)
def test_rankings_by_month_or_tag(question: str, rank_by: str, measure: str, fewest: bool) -> None:
    q = plan(question)
    assert (q.kind, q.rank_by, q.measure, q.fewest, q.terms) == ("rank", rank_by, measure, fewest, ())


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Who presented the second most topics?", 2),
        ("2番目に多く発表したのは誰?", 2),
        ("発表者が2番目に多かった回は?", 2),
        ("Which session had the third-most presenters?", 3),
        ("Who presented the most topics?", 1),
    ],
)
def test_a_ranking_asks_its_place(question: str, place: int) -> None:
    q = plan(question)
    assert (q.kind, q.place, q.terms) == ("rank", place, ())


@pytest.mark.parametrize(
    "question",
    ["What is the most common error of CREPE?", "What was the second most accurate model in the CREPE paper?"],
)
def test_a_most_common_or_second_best_inside_a_topic_is_no_ranking(question: str) -> None:
    assert plan(question).kind != "rank"


def test_a_second_most_inside_a_topic_in_japanese_is_no_ranking() -> None:
    assert plan("CREPEの論文で2番目に多いエラーは何?").kind != "rank"


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("CREPEが紹介された回の内容をまとめて", dt.date(2024, 5, 16)),
        ("Polarsの回をまとめて", dt.date(2024, 9, 19)),
        ("Summarize the session where Polars was presented.", dt.date(2024, 9, 19)),
        ("Summarise the meeting about CREPE", dt.date(2024, 5, 16)),
    ],
)
def test_a_summary_of_the_session_a_topic_names_is_that_session_whole(question: str, day: dt.date) -> None:
    q = plan(question)
    assert (q.kind, q.filters.since, q.filters.until, q.terms) == ("summary", day, day, ())


@pytest.mark.parametrize(
    "question",
    # …and its look-alikes: a topic summarised (or its gist asked) is that topic, not its session
    ["CREPEをまとめて", "Summarise the CREPE paper", "CREPEの要点は?"],
)
def test_a_summary_of_a_topic_or_of_a_name_of_several_sessions_is_no_one_session(question: str) -> None:
    q = plan(question)
    assert q.filters.since is None or q.kind != "summary"
