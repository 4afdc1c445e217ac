"""Recall questions end to end with the real model: when / which / who / list, and 'not found'."""

from __future__ import annotations

import re

import pytest

from rag.retrieval.retriever import Retriever
from rag.types import Answer
from tests.helpers.pipelines import pipeline_of

pytestmark = pytest.mark.slow

DATE = re.compile(r"\[(\d{4}-\d{2}-\d{2})\]")


def ask(retriever: Retriever, q: str) -> Answer:
    return pipeline_of(retriever, retriever.settings).answer(q)


def test_which_sessions_covered_o1_lists_both(real_retriever: Retriever) -> None:
    answer = ask(real_retriever, "Which sessions covered OpenAI o1?")
    assert answer.found
    dates = DATE.findall(answer.text)
    assert {"2024-09-19", "2024-09-26"} <= set(dates)
    assert dates == sorted(dates)  # date-sorted list
    assert {c.date for c in answer.citations} >= {"2024-09-19", "2024-09-26"}


def test_list_of_a_presenters_topics_with_dates(real_retriever: Retriever) -> None:
    answer = ask(real_retriever, "Shun Itoさんが発表したトピックを一覧にして")
    lines = [ln for ln in answer.text.splitlines() if ln.startswith("- ")]
    assert len(lines) == 2
    assert lines[0].startswith("- 2024-05-16") and "CREPE" in lines[0] and lines[0].endswith("[2024-05-16]")
    assert lines[1].startswith("- 2024-09-26") and "名寄せ" in lines[1] and lines[1].endswith("[2024-09-26]")


def test_when_question_gives_the_date(real_retriever: Retriever) -> None:
    answer = ask(real_retriever, "名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?")
    assert DATE.findall(answer.text) == ["2024-09-26"]


def test_who_question_names_the_presenter_with_the_date(real_retriever: Retriever) -> None:
    answer = ask(real_retriever, "who presented CREPE?")
    first = answer.text.splitlines()[0]
    assert "Shun Ito" in first and "2024-05-16" in first


def test_a_date_without_a_session_is_said_plainly(real_retriever: Retriever) -> None:
    answer = ask(real_retriever, "2024-10-03の回では何を話した?")
    assert not answer.found and answer.citations == ()
    assert "2024-10-03の回はノートにありません" in answer.text and "2024-09-26" in answer.text  # the nearest


def test_out_of_notes_question_is_not_answered(real_retriever: Retriever) -> None:
    answer = ask(real_retriever, "Kubernetesのオートスケーリングの設定方法は?")
    assert not answer.found and answer.citations == ()


def test_who_question_leaves_out_talks_that_only_mention_the_topic(real_retriever: Retriever) -> None:
    # The 2024-09-19 ICDAR report mentions CREPE (its authors' talk) but did not present it.
    answer = ask(real_retriever, "who presented CREPE?")
    assert [c.date for c in answer.citations] == ["2024-05-16"]
    assert "2024-09-19" not in answer.text


@pytest.mark.parametrize(
    "question", ["Who talked about Mixture of Experts on 9/19?", "In the session before last, who talked about MoE?"]
)
def test_who_question_names_a_topic_of_several_chunks_once(real_retriever: Retriever, question: str) -> None:
    # "Mixture of Experts Explained" is two chunks of one talk: one line, one presenter, that session
    answer = ask(real_retriever, question)
    lines = [ln for ln in answer.text.splitlines() if ln.startswith("- ")]
    assert answer.text.splitlines()[0].startswith("MatsudaKazuki") and len(lines) == 1
    assert [c.date for c in answer.citations] == ["2024-09-19"]
