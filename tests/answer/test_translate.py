"""English questions over Japanese notes: a Japanese translation is searched when the first search finds no
evidence, and a Japanese answer to an English question is put into English with its citations kept."""

from __future__ import annotations

import pytest

from rag.answer.prompts import ENGLISH_PROMPT
from rag.answer.translate import english_answer, mostly_japanese
from rag.config import Settings
from rag.errors import LLMUnavailableError
from rag.query.prompts import TRANSLATE_PROMPT
from rag.query.translate import japanese_query
from rag.retrieval.retriever import Retriever
from rag.types import Answer
from tests.helpers.fakes import FakeLLM
from tests.helpers.pipelines import pipeline_of

# Too few of its words are in the notes, in English or as katakana ("alpha" would be: アルファ), for the first
# search to find the topic: its translation does.
ENGLISH = "How does significance spending work in group sequential tests?"
JAPANESE = "Group Sequential Testのアルファ消費ってどういう仕組み?"


@pytest.fixture
def words_settings(fake_settings: Settings) -> Settings:
    """The gate by the question's rare words only (the fake embedder's similarities are not calibrated)."""
    return fake_settings.replace(min_score=0.0, min_relevance=99.0)


@pytest.fixture
def retriever(fake_retriever: Retriever, words_settings: Settings) -> Retriever:
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
def test_the_translation_is_the_first_japanese_line_or_nothing(reply: str | Exception, expected: str | None) -> None:
    llm = FakeLLM(reply)
    assert japanese_query(ENGLISH, llm) == expected
    messages = llm.calls[0][0]
    assert messages[0]["content"] == TRANSLATE_PROMPT and messages[-1]["content"] == ENGLISH


def test_an_english_question_is_answered_from_the_evidence_its_translation_finds(
    retriever: Retriever, words_settings: Settings
) -> None:
    llm = FakeLLM([JAPANESE, "Alpha spending functions allocate the significance level [S1]."])
    answer = pipeline_of(retriever, words_settings, llm).answer(ENGLISH)
    assert answer.found and answer.mode == "llm"
    assert answer.question == ENGLISH
    assert [c.label for c in answer.citations] == ["[2024-09-26]"]
    assert "Group Sequential Test" in answer.citations[0].title
    assert len(llm.calls) == 2
    assert llm.calls[0][0][0]["content"] == TRANSLATE_PROMPT
    assert f"Question: {ENGLISH}" in llm.calls[1][0][-1]["content"]  # answered in the question's language


def test_without_evidence_in_either_language_the_model_is_not_asked_to_answer(
    retriever: Retriever, words_settings: Settings
) -> None:
    llm = FakeLLM(["とんこつラーメンの最高のレシピは?", "should not be used [S1]"])
    answer = pipeline_of(retriever, words_settings, llm).answer("What is the best recipe for tonkotsu ramen?")
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
def test_no_translation_when_off_or_for_japanese_questions(
    retriever: Retriever, words_settings: Settings, question: str, translate: bool
) -> None:
    llm = FakeLLM(JAPANESE)
    answer = pipeline_of(retriever, words_settings.replace(translate_questions=translate), llm).answer(question)
    assert not answer.found
    assert llm.calls == []


LEVELS_JA = "Level 1: 明示的な事実に対するクエリ [S1]\nLevel 2: 暗黙的な事実に対するクエリ [S1]"
LEVELS_EN = "Level 1: queries about explicit facts [S1]\nLevel 2: queries about implicit facts [S1]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LEVELS_JA, True),
        ("アルファ消費関数で有意水準を配分する [S1]。", True),
        (LEVELS_EN, False),
        ("The talk 「KPIのモニタリング自動化」 moved the checks to Vertex AI Pipelines and Prophet [S1].", False),
        ("Prophet [S1] [2024-09-26]", False),
        ("", False),
    ],
)
def test_mostly_japanese_counts_letters_not_markers(text: str, expected: bool) -> None:
    assert mostly_japanese(text) is expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (LEVELS_EN, LEVELS_EN),
        (LEVELS_JA, None),  # still Japanese
        ("Level 1: queries about explicit facts [S1]\nLevel 2: implicit facts [S2]", None),  # cites another source
        ("Level 1: queries about explicit facts\nLevel 2: queries about implicit facts", None),  # lost its citations
        ("Level 1 " * 200 + "[S1]", None),  # a runaway reply
        ("NOT_IN_NOTES", None),
        (LLMUnavailableError("down"), None),
    ],
)
def test_an_english_answer_keeps_exactly_the_same_citations_or_is_nothing(
    reply: str | Exception, expected: str | None
) -> None:
    llm = FakeLLM(reply)
    assert english_answer(LEVELS_JA, llm) == expected
    messages = llm.calls[0][0]
    assert messages[0]["content"] == ENGLISH_PROMPT and messages[-1]["content"] == LEVELS_JA
    if expected is None and not isinstance(reply, Exception):
        assert len(llm.calls) == 2  # a second try, then nothing


def test_a_failed_translation_is_tried_once_more() -> None:
    llm = FakeLLM(["Level 1: queries about explicit facts", LEVELS_EN])  # the first lost its citations
    assert english_answer(LEVELS_JA, llm) == LEVELS_EN
    assert len(llm.calls) == 2


@pytest.mark.parametrize("stream", [True, False])
def test_a_japanese_answer_to_an_english_question_is_put_into_english(
    fake_retriever: Retriever, open_settings: Settings, stream: bool
) -> None:
    llm = FakeLLM([LEVELS_JA, LEVELS_EN])
    *pieces, answer = pipeline_of(fake_retriever, open_settings, llm).events(
        "What are the query levels?", stream=stream
    )
    assert isinstance(answer, Answer) and answer.mode == "llm" and answer.translated
    first = f"[{answer.hits[0].chunk.date}]"
    assert answer.text == LEVELS_EN.replace("[S1]", first)
    assert [c.label for c in answer.citations] == [first]
    assert "translation into English" in answer.notice
    assert [call[0][0]["content"] for call in llm.calls][1] == ENGLISH_PROMPT
    if stream:  # the Japanese draft was shown as it came; the final Answer replaces it
        assert "明示的" in "".join(str(p) for p in pieces)


def test_an_untranslatable_japanese_answer_is_kept_with_a_notice(
    fake_retriever: Retriever, open_settings: Settings
) -> None:
    llm = FakeLLM([LEVELS_JA, "Level 1: explicit facts"])  # the translation lost its citations
    answer = pipeline_of(fake_retriever, open_settings, llm).answer("What are the query levels?")
    assert answer.mode == "llm" and not answer.translated
    assert answer.text == LEVELS_JA.replace("[S1]", f"[{answer.hits[0].chunk.date}]")
    assert "translation into English failed" in answer.notice


@pytest.mark.parametrize(
    ("question", "reply", "translate"),
    [
        ("What are the query levels?", LEVELS_EN, True),  # already English
        ("What are the query levels?", LEVELS_JA, False),  # switched off
        ("クエリのレベルは?", LEVELS_JA, True),  # a Japanese question gets a Japanese answer
    ],
)
def test_no_answer_translation_when_not_needed(
    fake_retriever: Retriever, open_settings: Settings, question: str, reply: str, translate: bool
) -> None:
    llm = FakeLLM([reply, "should not be used [S1]"])
    settings = open_settings.replace(translate_answers=translate)
    answer = pipeline_of(fake_retriever, settings, llm).answer(question)
    assert answer.mode == "llm" and not answer.translated
    assert len(llm.calls) == 1
