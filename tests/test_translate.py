"""English questions over Japanese notes: a Japanese translation is searched when the first search finds no evidence."""

from __future__ import annotations

import pytest

from rag.answer import answer_question
from rag.errors import LLMUnavailableError
from rag.prompt import TRANSLATE_PROMPT
from rag.retrieve import Retriever
from rag.translate import japanese_query
from tests.fakes import FakeLLM

ENGLISH = "How does alpha spending work in group sequential tests?"
JAPANESE = "Group Sequential Testのアルファ消費ってどういう仕組み?"


@pytest.fixture
def words_settings(fake_settings):
    """The gate by the question's rare words only (the fake embedder's similarities are not calibrated)."""
    return fake_settings.replace(min_score=0.0, min_relevance=99.0)


@pytest.fixture
def retriever(fake_retriever: Retriever, words_settings) -> Retriever:
    return Retriever(fake_retriever.index, fake_retriever.embedder, fake_retriever.tokenizer, words_settings)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (f"「{JAPANESE}」\n", JAPANESE),
        ("Sure! Here is the translation.", None),  # not Japanese: not a translation
        ("あ" * 500, None),  # a runaway reply
        ("", None),
        (LLMUnavailableError("down"), None),
    ],
)
def test_the_translation_is_the_first_japanese_line_or_nothing(reply, expected) -> None:
    llm = FakeLLM(reply)
    assert japanese_query(ENGLISH, llm) == expected
    messages = llm.calls[0][0]
    assert messages[0]["content"] == TRANSLATE_PROMPT and messages[-1]["content"] == ENGLISH


def test_an_english_question_is_answered_from_the_evidence_its_translation_finds(retriever, words_settings) -> None:
    llm = FakeLLM([JAPANESE, "アルファ消費関数で有意水準を配分する [S1]。"])
    answer = answer_question(ENGLISH, retriever, words_settings, llm=llm)
    assert answer.found and answer.mode == "llm"
    assert answer.question == ENGLISH
    assert [c.label for c in answer.citations] == ["[2024-09-26]"]
    assert "Group Sequential Test" in answer.citations[0].title
    assert len(llm.calls) == 2
    assert llm.calls[0][0][0]["content"] == TRANSLATE_PROMPT
    assert f"Question: {ENGLISH}" in llm.calls[1][0][-1]["content"]  # answered in the question's language


def test_without_evidence_in_either_language_the_model_is_not_asked_to_answer(retriever, words_settings) -> None:
    llm = FakeLLM(["とんこつラーメンの最高のレシピは?", "should not be used [S1]"])
    answer = answer_question("What is the best recipe for tonkotsu ramen?", retriever, words_settings, llm=llm)
    assert not answer.found and answer.citations == ()
    assert "don't seem to cover" in answer.text
    assert [call[0][0]["content"] for call in llm.calls] == [TRANSLATE_PROMPT]


@pytest.mark.parametrize(
    ("question", "translate"),
    [
        (ENGLISH, False),  # switched off
        ("量子コンピュータの話は出た?", True),  # a Japanese question is searched as it is
    ],
)
def test_no_translation_when_off_or_for_japanese_questions(retriever, words_settings, question, translate) -> None:
    llm = FakeLLM(JAPANESE)
    answer = answer_question(question, retriever, words_settings.replace(translate_questions=translate), llm=llm)
    assert not answer.found
    assert llm.calls == []
