"""An English question over the bundled notes with the real packaged model: a topic that holds none of its
content words — in English, in the katakana the notes write them in, or by a concept's Japanese name — is
linked to it by the embedding alone and does not answer it; a topic that holds one of them (the rest said
in Japanese) still does."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline
from rag.retrieval.evidence import _content_words, _held_apart


@pytest.mark.parametrize(
    "question",
    [
        "When did we discuss blockchain?",  # an LLM infrastructure slide that only reads like it
        "What did the notes say about protein structure prediction?",  # the o1 post
        "When did we discuss weather forecasting?",  # four topics merely similar to it
    ],
)
def test_a_topic_holding_none_of_the_words_is_refused(real_pipeline: Pipeline, question: str) -> None:
    answer = real_pipeline.answer(question)
    assert not answer.found and answer.citations == ()


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("When did we discuss catastrophic forgetting?", "2024-04-11"),  # written in English there
        ("How many annotators took part in the solar panel annotation study?", "2024-09-26"),  # アノテーター
        ("What is a model registry used for?", "2024-05-16"),  # モデルレジストリ: the concept's Japanese name
        ("When did we discuss entity resolution?", "2024-09-26"),  # 名寄せ
        # The identifying part of a specific term: generative-AI is held where the notes write 生成AI.
        ("What directions for the future of search did the generative-AI search blog give?", "2024-05-16"),
    ],
)
def test_a_topic_holding_one_of_the_words_answers(real_pipeline: Pipeline, question: str, date: str) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert date in {c.date for c in answer.citations}


def test_the_frame_of_a_question_is_no_content_word(real_pipeline: Pipeline) -> None:
    words = _content_words(real_pipeline.plan("What did the notes say about protein structure prediction?"))
    assert "protein" in words
    assert not {"note", "notes", "what", "did"} & set(words)


def test_a_follow_up_whose_topics_the_conversation_chose_is_not_judged_by_its_words(real_pipeline: Pipeline) -> None:
    # "papers" is the [論文] tag, "his topics that day" the conversation's presenter and session: no topic
    # needs to write the words for the answer to be those topics.
    first = real_pipeline.answer("What did Naoto Shimakoshi present on 2024-04-11?")
    answer = real_pipeline.answer("Which of his topics that day were papers?", history=[(first.question, first.text)])
    assert answer.found
    assert {c.date for c in answer.citations} == {"2024-04-11"}


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Was Mixture of Experts applied to object detection in any talk?", "object detection"),
        ("How was continual learning used for KPI monitoring?", "continual learning"),
    ],
)
def test_two_names_no_topic_holds_together_are_refused(real_pipeline: Pipeline, question: str, words: str) -> None:
    # Each pins a topic of its own (the MoE blog, the annotator study; the KPI blog, the CAL paper): the
    # question joins what the notes keep apart.
    answer = real_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
    assert words in answer.text


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("What did the o1 post say about GPT-4o on MMLU?", "2024-09-19"),  # three names, one topic
        # LLM names most topics: it pins nothing, so it is not kept apart from prefill
        ("What is the difference between the prefill and decode phases in LLM serving?", "2024-09-26"),
    ],
)
def test_names_a_topic_holds_together_or_a_common_name_answer(
    real_pipeline: Pipeline, question: str, date: str
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert date in {c.date for c in answer.citations}


def test_a_name_is_held_where_the_notes_write_its_katakana(real_pipeline: Pipeline) -> None:
    # annotators is in English only in the annotator study's title; WikiSQE's topic writes アノテーション
    # (the plan's katakana for it), so the two are not apart.
    sup = real_pipeline.retriever.support
    assert _held_apart(real_pipeline.plan("Did the WikiSQE paper compare annotators?"), sup) is None
    pair = _held_apart(real_pipeline.plan("Did anyone use Mixture of Experts for KPI monitoring?"), sup)
    assert pair is not None and set(pair) == {"mixture of experts", "KPI"}
