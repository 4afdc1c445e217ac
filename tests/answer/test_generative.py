"""LLM answers through the project's ChatLLM protocol: verified citations, and fallbacks that never raise."""

from __future__ import annotations

import re

import pytest

from rag.answer.prompts import NOT_IN_SOURCES
from rag.config import Settings
from rag.errors import LLMError, LLMRateLimitError, LLMResponseError, LLMUnavailableError
from rag.llm.base import ChatLLM
from rag.llm.openai_compat import OpenAICompatibleLLM
from rag.llm.server import free_port
from rag.query.followup import History
from rag.retrieval.retriever import Retriever
from rag.types import Answer
from tests.helpers.fakes import FakeLLM
from tests.helpers.pipelines import pipeline_of

QUESTION = "Group Sequential Testのアルファ消費ってどういう仕組み?"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def run(
    question: str, retriever: Retriever, settings: Settings, llm: ChatLLM, stream: bool = True, history: History = ()
) -> tuple[list[str], Answer]:
    events = list(pipeline_of(retriever, settings, llm).events(question, history=history, stream=stream))
    *pieces, final = events
    assert isinstance(final, Answer)
    assert all(isinstance(p, str) for p in pieces)
    return [p for p in pieces if isinstance(p, str)], final


def shown_dates_are_retrieved(answer: Answer) -> None:
    retrieved = {h.chunk.date for h in answer.hits}
    assert set(ISO.findall(answer.text)) <= retrieved, answer.text
    assert {c.date for c in answer.citations} <= retrieved


@pytest.mark.parametrize("stream", [True, False])
def test_the_llm_answer_cites_retrieved_dates_only(
    fake_retriever: Retriever, open_settings: Settings, stream: bool
) -> None:
    llm = FakeLLM("アルファ消費関数で有意水準を配分する [S1]。HACKED [1999-01-01] [S9]。")
    pieces, answer = run(QUESTION, fake_retriever, open_settings, llm, stream)
    assert answer.mode == "llm" and answer.found and answer.model == "fake-llm"
    assert "[2024-09-26]" in answer.text and "1999" not in answer.text and "[S" not in answer.text
    assert "削除" in answer.notice
    shown_dates_are_retrieved(answer)
    if stream:
        assert len(pieces) > 1 and "1999" not in "".join(pieces)
    else:
        schema = llm.calls[0][1]
        assert schema is not None
        assert schema["properties"]["sentences"]["items"]["properties"]["sources"]["items"]["enum"][0] == "S1"
    # The model saw the sources as data blocks with ids, and the question last.
    user = llm.calls[0][0][-1]["content"]
    assert '<source id="S1" date="2024-09-26"' in user and user.index("Question:") > user.index("</source>")


def test_json_sentences_from_the_schema_are_rendered(fake_retriever: Retriever, open_settings: Settings) -> None:
    llm = FakeLLM('{"sentences": [{"text": "アルファ消費関数で配分する。", "sources": ["S1"]}]}')
    answer = pipeline_of(fake_retriever, open_settings, llm).answer(QUESTION)
    assert answer.mode == "llm"
    assert answer.text == "アルファ消費関数で配分する [2024-09-26]。"


@pytest.mark.parametrize(
    "error",
    [
        LLMUnavailableError("The LLM endpoint cannot be reached."),
        LLMRateLimitError("HTTP 429."),
        LLMResponseError("malformed JSON."),
    ],
)
@pytest.mark.parametrize("stream", [True, False])
def test_llm_failures_fall_back_to_the_extractive_answer_with_a_notice(
    fake_retriever: Retriever, open_settings: Settings, error: LLMError, stream: bool
) -> None:
    _, answer = run(QUESTION, fake_retriever, open_settings, FakeLLM(error), stream)
    assert answer.mode == "extractive" and answer.found
    assert str(error) in answer.notice and "\n" not in answer.notice
    assert answer.citations[0].label == "[2024-09-26]"


def test_a_stream_that_breaks_midway_ends_in_the_fallback(fake_retriever: Retriever, open_settings: Settings) -> None:
    llm = FakeLLM(LLMUnavailableError("did not answer within 60 s."), fail_after=2)
    pieces, answer = run(QUESTION, fake_retriever, open_settings, llm)
    assert pieces  # some text was streamed before the failure …
    assert answer.mode == "extractive" and "60 s" in answer.notice  # … and the final Answer replaces it


@pytest.mark.parametrize("reply", [NOT_IN_SOURCES, "I think it is about statistics."])
def test_a_reply_without_grounding_falls_back(fake_retriever: Retriever, open_settings: Settings, reply: str) -> None:
    pieces, answer = run(QUESTION, fake_retriever, open_settings, FakeLLM(reply))
    assert answer.mode == "extractive" and answer.found and answer.notice
    assert NOT_IN_SOURCES not in "".join(pieces)


def test_nothing_relevant_means_not_in_the_notes_without_calling_the_model(
    fake_retriever: Retriever, fake_settings: Settings
) -> None:
    llm = FakeLLM("should not be used [S1]")
    _, answer = run("とんこつラーメンの一番のレシピは?", fake_retriever, fake_settings, llm)
    assert not answer.found and answer.citations == ()
    assert "見つかりませんでした" in answer.text
    assert llm.calls == []  # (an English question may first be translated: tests/test_translate.py)


def test_recall_questions_keep_their_metadata_answers(fake_retriever: Retriever, open_settings: Settings) -> None:
    llm = FakeLLM("should not be used [S1]")
    retriever = Retriever(fake_retriever.index, fake_retriever.embedder, fake_retriever.tokenizer, open_settings)
    _, answer = run("名寄せの評価で逐次検定の話は何日?", retriever, open_settings, llm)
    assert answer.mode == "extractive" and "2024-09-26" in answer.text
    assert llm.calls == []


def test_an_unreachable_real_endpoint_falls_back_quickly(fake_retriever: Retriever, open_settings: Settings) -> None:
    dead = OpenAICompatibleLLM(model="m", base_url=f"http://127.0.0.1:{free_port()}/v1", timeout=5, max_retries=0)
    for stream in (True, False):
        _, answer = run(QUESTION, fake_retriever, open_settings, dead, stream)
        assert answer.mode == "extractive" and answer.found
        assert "cannot be reached" in answer.notice
