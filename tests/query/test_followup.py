"""Follow-up questions become standalone queries before retrieval."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.config import Settings
from rag.errors import LLMUnavailableError
from rag.query.followup import (
    as_turns,
    mentioned,
    names_own_topic,
    needs_context,
    resolve_followup,
    standalone_question,
)
from rag.retrieval.retriever import Retriever
from tests.helpers.fakes import FakeLLM
from tests.helpers.pipelines import pipeline_of

SESSIONS = [dt.date(2024, 4, 11), dt.date(2024, 5, 16), dt.date(2024, 9, 19), dt.date(2024, 9, 26)]
O1_TURN = ("o1の話って何日だった?", "ノートによると … - 2024-09-19 — Learning to Reason with LLMs [2024-09-19]")


def test_history_as_messages_or_pairs() -> None:
    messages = [
        {"role": "user", "content": "q1"},
        {"role": "assistant", "content": "a1"},
        {"role": "user", "content": "q2"},
    ]
    assert as_turns(messages) == [("q1", "a1")]
    assert as_turns([("q1", "a1"), ["q2", "a2"]]) == [("q1", "a1"), ("q2", "a2")]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("その論文の著者は?", True),
        ("and the week after?", True),
        ("What did they use it for?", True),
        ("ZOZOのKPI監視で異常検知はどう実現した?", False),
        ("What are the four levels of queries in the RAG survey?", False),
    ],
)
def test_which_questions_need_the_conversation(question: str, expected: bool) -> None:
    assert needs_context(question) is expected


def test_a_standalone_question_is_left_alone_and_the_llm_not_called() -> None:
    llm = FakeLLM("rewritten")
    q = "ZOZOのKPI監視で異常検知はどう実現した?"
    assert standalone_question(q, [O1_TURN], llm, SESSIONS) == q
    assert llm.calls == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("and the week after?", "What was presented on 2024-09-26?"),
        ("what about the week before?", "What was presented on 2024-05-16?"),
        ("その次の回は?", "2024-09-26の回で発表されたトピックは?"),
    ],
)
def test_relative_weeks_resolve_from_the_cited_date_and_the_sessions(question: str, expected: str) -> None:
    llm = FakeLLM("not needed")
    assert standalone_question(question, [O1_TURN], llm, SESSIONS) == expected
    assert llm.calls == []


def test_the_llm_rewrites_a_follow_up_and_sees_the_history() -> None:
    llm = FakeLLM("CREPEの論文の著者は?\n(extra line the model added)")
    turns = [("CREPEって何?", "Documentの画像から… [2024-05-16]")]
    assert standalone_question("その論文の著者は?", turns, llm, SESSIONS) == "CREPEの論文の著者は?"
    prompt = llm.calls[0][0][-1]["content"]
    assert "CREPEって何?" in prompt and "その論文の著者は?" in prompt


def test_the_rewrite_request_has_examples_and_no_citation_labels() -> None:
    llm = FakeLLM("CREPEの論文の著者は?")
    standalone_question("その論文の著者は?", [("CREPEって何?", "Documentの画像から… [2024-05-16]")], llm, SESSIONS)
    messages = llm.calls[0][0]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert "[2024-05-16]" not in messages[-1]["content"] and "Documentの画像から" in messages[-1]["content"]


@pytest.mark.parametrize(
    "reply",
    [
        "What does the model output?",  # the reference was not resolved: nothing of the conversation in it
        "CREPE " * 40,  # far longer than the two questions: the model answered instead
        "",
    ],
)
def test_a_rewrite_that_does_not_resolve_the_reference_is_not_used(reply: str) -> None:
    turns = [("who presented CREPE?", "Shun Ito presented it on 2024-05-16. … CREPE: … [2024-05-16]")]
    q = standalone_question("What does that model output?", turns, FakeLLM(reply), SESSIONS)
    assert q == "CREPE — What does that model output?"  # the topic, not "who presented", carried over


def test_citation_labels_are_taken_out_of_a_rewrite() -> None:
    turns = [("ZOZOのKPI監視で異常検知はどう実現した?", "prophetで動的な閾値を設定 [2024-09-26]。")]
    llm = FakeLLM("ZOZOのKPI監視のアラートの閾値 [2024-09-26] はどう決めた?")
    rewritten = standalone_question("その閾値はどう決めた?", turns, llm, SESSIONS)
    assert rewritten == "ZOZOのKPI監視のアラートの閾値 はどう決めた?"


@pytest.mark.parametrize("llm", [None, FakeLLM(LLMUnavailableError("down"))])
def test_without_a_working_llm_the_previous_question_carries_the_topic(llm: FakeLLM | None) -> None:
    turns = [("CREPEって何?", "Documentの画像から… [2024-05-16]")]
    q = standalone_question("その論文の発表者は?", turns, llm, SESSIONS)
    assert "CREPE" in q and "その論文の発表者は?" in q


def test_answers_to_a_follow_up_search_the_standalone_question(
    fake_retriever: Retriever, fake_settings: Settings
) -> None:
    answer = pipeline_of(fake_retriever, fake_settings).answer("and the week after?", history=[O1_TURN])
    assert answer.question == "and the week after?"
    assert answer.query == "What was presented on 2024-09-26?"
    assert answer.found and {c.date for c in answer.citations} == {"2024-09-26"}


CREPE_TURN = ("Who presented CREPE?", "Shun Ito presented it on 2024-05-16.\n- 2024-05-16 — @Shun Ito — "
              "CREPE [2024-05-16]")  # fmt: skip


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("And the session after that?", "What was presented on 2024-09-19?"),
        ("What about the one before that?", "What was presented on 2024-04-11?"),
        ("Who presented in the session after that?", "Who presented on 2024-09-19?"),
        ("two sessions after that?", "What was presented on 2024-09-26?"),
        ("その次の回の発表者は誰?", "2024-09-19の回の発表者は誰?"),
        ("さらにその前は?", "2024-04-11の回で発表されたトピックは?"),
    ],
)
def test_the_one_after_that_counts_from_the_cited_session(question: str, expected: str) -> None:
    assert standalone_question(question, [CREPE_TURN], None, SESSIONS) == expected


def test_before_that_steps_twice_from_the_cited_session() -> None:
    turn = ("最新の回は?", "最新の回は 2024-09-26 です。 [2024-09-26]")
    assert standalone_question("前々回は?", [turn], None, SESSIONS) == "2024-05-16の回で発表されたトピックは?"


@pytest.mark.parametrize(
    "question",
    [
        "How much data should be replayed after switching languages?",  # "after" in a clause
        "What happened after that talk?",  # after a talk, not the session after
    ],
)
def test_after_in_a_clause_is_no_relative_session(question: str) -> None:
    assert standalone_question(question, [CREPE_TURN], None, SESSIONS) != "What was presented on 2024-09-19?"


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("What is the Group Sequential Test and why is it used?", True),  # "it" is the test it names
        ("Detectron2では何を学習したの?", True),
        ("What did they use it for?", False),
        ("その論文の著者は?", False),
        ("I wonder what it does?", False),  # "I" is no name
    ],
)
def test_a_pronoun_in_a_question_that_names_its_own_topic_points_inside_it(question: str, own: bool) -> None:
    assert names_own_topic(question) is own
    assert (standalone_question(question, [CREPE_TURN], None, SESSIONS) == question) is own


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("DMOps: Data Management Operations and Recipes", "e.g. DMOps, Tenkys and WikiSQE", True),
        ("【Reflection70B】GPT-4oやClaude 3.5超えの最強LLM?", "Reflection70Bの話です", True),
        ("GPU Puzzles", "Who presented GPU Puzzles?", True),
        ("GPU Puzzles", "GPU acceleration with Polars", False),  # a shared word is no name
        ("o1: a model", "o1 came up", False),  # too short a head to tell
    ],
)
def test_a_topic_is_mentioned_by_its_title_or_the_name_it_opens_with(title: str, text: str, expected: bool) -> None:
    assert mentioned(title, text) is expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("その2つ後の回は?", "2024-09-19の回で発表されたトピックは?"),
        ("その次の回は?", "2024-05-16の回で発表されたトピックは?"),
        ("two sessions after that?", "What was presented on 2024-09-19?"),
    ],
)
def test_steps_of_more_than_one_count_from_the_cited_session(question: str, expected: str) -> None:
    turn = ("最初の回はいつ?", "最初の回は 2024-04-11 です。 [2024-04-11]")
    assert standalone_question(question, [turn], None, SESSIONS) == expected


CLIP_TURN = (
    "Who presented clip-japanese-base?",
    "Naoto Shimakoshi presented it on 2024-05-16.\n- 2024-05-16 — @Naoto Shimakoshi — clip-japanese-base [2024-05-16]",
)


@pytest.mark.parametrize(
    ("question", "session"),
    [
        ("What else did he present that day?", dt.date(2024, 5, 16)),  # that presenter, in that session
        ("その人はその回で他に何を発表した?", dt.date(2024, 5, 16)),
        ("What else did he present?", None),  # that presenter, any session
        ("その人は他に何を発表した?", None),
    ],
)
def test_that_presenter_in_that_session(question: str, session: dt.date | None) -> None:
    resolved = resolve_followup(question, [CLIP_TURN], None, SESSIONS, ["Naoto Shimakoshi", "Shun Ito"])
    assert (resolved.presenter, resolved.session) == ("Naoto Shimakoshi", session)


@pytest.mark.parametrize(
    ("question", "presenter"),
    [
        ("What else did they present?", "Naoto Shimakoshi"),  # a singular "they" where it presents
        ("Did they give any other talks?", "Naoto Shimakoshi"),
        ("Show me their other talks", "Naoto Shimakoshi"),
        ("What did they say about the training data?", None),  # "they" of the authors: no presenter
        ("How did they filter the image-text pairs?", None),
    ],
)
def test_a_singular_they_is_the_presenter_only_where_it_presents(question: str, presenter: str | None) -> None:
    resolved = resolve_followup(question, [CLIP_TURN], None, SESSIONS, ["Naoto Shimakoshi", "Shun Ito"])
    assert resolved.presenter == presenter
