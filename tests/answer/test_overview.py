"""Answers from the catalogue (summaries, counts, rankings, sessions by their place), what the notes
lack said plainly, and near misses refused — over the bundled notes (real FAISS and BM25, fake embedder)."""

from __future__ import annotations

import re

import pytest

from rag.answer.route import Pipeline
from rag.config import Settings
from rag.retrieval.retriever import Retriever
from tests.helpers.pipelines import pipeline_of

CITE = re.compile(r"\[(\d{4}-\d{2}-\d{2})\]")
SESSIONS = ["2024-04-11", "2024-05-16", "2024-09-19", "2024-09-26"]


def cited(pipeline: Pipeline, question: str) -> tuple[str, list[str]]:
    answer = pipeline.answer(question)
    return answer.text, [c.date or "" for c in answer.citations]


@pytest.mark.parametrize("question", ["勉強会は全部で何回あった?", "How many sessions are in the notes?"])
def test_a_count_of_sessions_says_what_it_counted_and_cites_each(fake_pipeline: Pipeline, question: str) -> None:
    text, dates = cited(fake_pipeline, question)
    assert dates == SESSIONS  # the undated article is no session
    assert "4" in text.splitlines()[0] and all(d in text for d in SESSIONS)


def test_a_count_of_tagged_topics_under_a_month(fake_pipeline: Pipeline) -> None:
    text, dates = cited(fake_pipeline, "9月の[blog]は何件?")
    assert dates == ["2024-09-19", "2024-09-26"]
    per_session = {d: int(n) for d, n in re.findall(r"(\d{4}-\d{2}-\d{2}): (\d+)", text)}
    total = int(re.search(r"(\d+) 件", text).group(1))  # type: ignore[union-attr]
    assert total == sum(per_session.values()) and total >= 2


def test_who_presented_the_most_is_counted_from_the_catalogue(fake_pipeline: Pipeline) -> None:
    answer = fake_pipeline.answer("Who presented the most topics?")
    topics = fake_pipeline.index.catalogue.topics
    counts: dict[str, int] = {}
    for c in topics:
        if c.presenter and c.date:
            counts[c.presenter] = counts.get(c.presenter, 0) + 1
    top = max(counts, key=lambda p: counts[p])
    assert answer.found and top in answer.text.splitlines()[0] and f"({counts[top]} topics)" in answer.text


@pytest.mark.parametrize("question", ["2024-05-16の回をまとめて", "Summarize the May 16 session."])
def test_a_summary_lists_every_topic_of_the_session_with_its_presenter(fake_pipeline: Pipeline, question: str) -> None:
    text, dates = cited(fake_pipeline, question)
    assert dates == ["2024-05-16"]
    for c in fake_pipeline.index.catalogue.topics:
        if c.date == "2024-05-16":
            assert c.display_title in text
            assert not c.presenter or f"@{c.presenter}" in text


@pytest.mark.parametrize(
    ("question", "session"),
    [
        ("最新の回は?", "2024-09-26"),
        ("What was the first session?", "2024-04-11"),
        ("9/26の前の回は?", "2024-09-19"),
        ("What was the session after May 16?", "2024-09-19"),
    ],
)
def test_a_session_named_by_its_place_is_found_in_the_catalogue(
    fake_pipeline: Pipeline, question: str, session: str
) -> None:
    text, dates = cited(fake_pipeline, question)
    assert dates == [session] and session in text.splitlines()[0]


def test_no_session_after_the_latest_is_said(fake_pipeline: Pipeline) -> None:
    answer = fake_pipeline.answer("What was the session after 2024-09-26?")
    assert not answer.found and answer.citations == () and "2024-09-26" in answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("What did Tanaka present?", "No presenter named Tanaka"),
        ("田中さんの発表を一覧にして", "「田中」という発表者はいません"),
        ("2024-06-20の回では何を話した?", "2024-06-20の回はノートにありません。近い回: 2024-05-16, 2024-09-19"),
        ("What was discussed on 2024-10-03?", "nearest sessions are: 2024-09-26"),
        ("9月上旬の回は?", "2024-09-01〜2024-09-10の回はノートにありません。近い回: 2024-05-16, 2024-09-19"),
        ("early September session topics?", "No session between 2024-09-01 and 2024-09-10 in the notes."),
        ("[動画]の発表を一覧にして", "[動画] のタグが付いたトピックはありません"),
    ],
)
def test_names_dates_and_tags_the_notes_lack_are_answered_not_widened(
    fake_pipeline: Pipeline, question: str, says: str
) -> None:
    answer = fake_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
    assert says in answer.text


def test_an_unknown_presenter_lists_the_presenters_there_are(fake_pipeline: Pipeline) -> None:
    text = fake_pipeline.answer("What did Tanaka present?").text
    assert all(p in text for p in fake_pipeline.index.catalogue.presenters)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("How did o3 do compared with o1?", "o3"),
        ("Reflection 405Bの性能は?", "405B"),
        ("Can Polars' GPU engine run on TPUs?", "TPUs"),
        ("量子コンピュータの話はあった?", "量子コンピュータ"),
    ],
)
def test_near_misses_are_refused_naming_what_the_notes_lack(fake_pipeline: Pipeline, question: str, term: str) -> None:
    answer = fake_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
    assert term in answer.text.splitlines()[0]


def test_which_sessions_lists_a_mention_inside_another_topic_with_its_line(
    fake_retriever: Retriever, open_settings: Settings
) -> None:
    # Every hit passes the gate (the fake embedder is not calibrated): the distinctive term decides.
    answer = pipeline_of(fake_retriever, open_settings).answer("Which sessions discussed CREPE?")
    assert sorted({c.date or "" for c in answer.citations}) == ["2024-05-16", "2024-09-19"]
    assert "ICDAR" in answer.text  # the conference report that mentions CREPE, with the line that does


def test_the_other_topics_of_that_session(fake_retriever: Retriever, open_settings: Settings) -> None:
    pipeline = pipeline_of(fake_retriever, open_settings)
    first = pipeline.answer("who presented CREPE?")
    assert [c.date for c in first.citations] == ["2024-05-16"]
    answer = pipeline.answer("その回で他にどんな話があった?", history=[("who presented CREPE?", first.text)])
    titles = [c.title for c in answer.citations]
    assert {c.date for c in answer.citations} == {"2024-05-16"}
    assert not any("CREPE" in t for t in titles) and len(titles) >= 3


def test_a_count_of_a_tag_named_in_other_words_says_what_it_counted(fake_pipeline: Pipeline) -> None:
    text, dates = cited(fake_pipeline, "スライド資料の紹介は何件あった?")
    slides = [c for c in fake_pipeline.index.catalogue.topics if c.tag == "slide"]
    assert f"{len(slides)} 件" in text.splitlines()[0] and "[slide]" in text.splitlines()[0]
    assert dates == sorted({c.date or "" for c in slides})


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many topics were presented at the 2024-09-19 session?", "topics"),
        ("How many presenters did the 2024-09-19 session have?", "presenters"),
    ],
)
def test_an_english_count_says_its_noun_in_the_plural(fake_pipeline: Pipeline, question: str, noun: str) -> None:
    text, dates = cited(fake_pipeline, question)
    held = [c for c in fake_pipeline.index.catalogue.topics if c.date == "2024-09-19"]
    n = len(held) if noun == "topics" else len({c.presenter for c in held if c.presenter})
    assert dates == ["2024-09-19"] and text.startswith(f"{n} {noun}") and "(s)" not in text
    assert "(session 2024-09-19)" in text.splitlines()[0]


def test_untagged_topics_are_session_topics_without_a_tag(fake_pipeline: Pipeline) -> None:
    answer = fake_pipeline.answer("Which topics have no tag at all?")
    untagged = [c for c in fake_pipeline.index.catalogue.topics if not c.tag and c.date]
    assert answer.found and f"{len(untagged)} topics" in answer.text and "no tag" in answer.text
    assert all(c.title[:20] in answer.text for c in untagged)
    assert "より良い機械学習システム" not in answer.text  # the undated article is no session's topic


@pytest.mark.parametrize(
    ("question", "day", "words"),
    [
        ("Which session had the fewest presenters?", "2024-04-11", "fewest presenters"),
        ("Which meeting had the most different presenters?", "2024-09-19", "most presenters"),
        ("発表者が一番少なかった回はどれ?", "2024-04-11", "発表者が一番少なかった"),
    ],
)
def test_sessions_ranked_by_their_presenters(fake_pipeline: Pipeline, question: str, day: str, words: str) -> None:
    text, dates = cited(fake_pipeline, question)
    assert day in text.splitlines()[0] and words in text.splitlines()[0] and dates == [day]


@pytest.mark.parametrize(
    "question", ["一番トピックが多かった回の内容を要約して", "Summarise the session with the most topics."]
)
def test_a_summary_of_the_session_a_ranking_picks_lists_every_topic(fake_pipeline: Pipeline, question: str) -> None:
    text, dates = cited(fake_pipeline, question)
    topics = [c for c in fake_pipeline.index.catalogue.topics if c.date == "2024-09-19"]
    assert dates == ["2024-09-19"] and all(f"@{c.presenter}" in text for c in topics if c.presenter)
    assert sum(line.startswith("- ") for line in text.splitlines()) == len(topics)


def test_a_count_per_presenter_has_a_line_for_each(fake_pipeline: Pipeline) -> None:
    text, dates = cited(fake_pipeline, "How many talks did each presenter give?")
    presenters = {c.presenter for c in fake_pipeline.index.catalogue.topics if c.presenter and c.date}
    assert all(f"- {p}: " in text for p in presenters) and dates == SESSIONS


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("Tanakaさんの最初の発表は?", "Tanaka"),
        ("How many talks did Tanaka give?", "Tanaka"),
        ("第7回の内容をまとめて", "2024-09-26"),
        ("[動画]タグの発表は何件?", "動画"),
    ],
)
def test_what_the_notes_lack_is_said_on_the_new_routes(fake_pipeline: Pipeline, question: str, says: str) -> None:
    answer = fake_pipeline.answer(question)
    assert not answer.found and says in answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("9月19日の次の次の回は?", "2024-09-19 より後の回は 2024-09-26 だけです"),
        ("the session two before May 16?", "before it they hold only 2024-04-11"),
    ],
)
def test_more_sessions_away_than_the_notes_hold_says_the_ones_there_are(
    fake_pipeline: Pipeline, question: str, says: str
) -> None:
    answer = fake_pipeline.answer(question)  # not "no session after 9/19": there is one, only not two
    assert not answer.found and answer.citations == () and says in answer.text


def test_a_presenters_first_talk_says_whose_it_is(fake_pipeline: Pipeline) -> None:
    text, dates = cited(fake_pipeline, "When did Shun Ito first present, and on what?")
    assert dates == ["2024-05-16"] and "Shun Ito's first talk" in text and "CREPE" in text


@pytest.mark.parametrize(
    ("question", "says", "session"),
    [
        ("6月20日の次の回はいつ?", "2024-06-20 には回がありません。その後の最初の回は 2024-09-19 です。", "2024-09-19"),
        (
            "the session before June?",
            "The notes have no session in 2024-06; the last session before it was",
            "2024-05-16",
        ),
    ],
)
def test_before_or_after_a_time_without_a_session_says_so_and_gives_the_nearest(
    fake_pipeline: Pipeline, question: str, says: str, session: str
) -> None:
    text, dates = cited(fake_pipeline, question)
    assert dates == [session] and text.splitlines()[0].startswith(says)


def test_both_ends_cite_the_first_and_the_latest_session_only(fake_pipeline: Pipeline) -> None:
    text, dates = cited(fake_pipeline, "最初と最後の回はいつ?")
    assert len(dates) == 2 and text.splitlines()[0] == f"最初の回は {dates[0]}、最新の回は {dates[1]} です。"


@pytest.mark.parametrize(
    ("question", "says"),
    [("What was the last session before September?", "The latest session up to 2024-08-31 was 2024-05-16.")],
)
def test_a_place_within_a_range_says_the_range(fake_pipeline: Pipeline, question: str, says: str) -> None:
    text, dates = cited(fake_pipeline, question)
    assert dates == ["2024-05-16"] and text.splitlines()[0] == says
