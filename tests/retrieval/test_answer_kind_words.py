"""With the real packaged model: a specific term that only qualifies the kind of thing an English question
asks for ("What Python library …", "Which AWS service …") need not be in the topic that the question's
other names pin; a hyphenated name the notes write word by word (AI-agent: AIエージェント) is not absent.
Where the qualifier is all that names a topic, or it is a version, the question is judged as before."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline
from rag.query.specific import answer_kind_terms


@pytest.mark.parametrize(
    ("question", "specific", "typed"),
    [
        ("What Python library does the GPU puzzle notebook teach CUDA with?", ("Python", "GPU", "CUDA"), ("Python",)),
        ("Which AWS service was the Yu-Gi-Oh platform built on?", ("AWS", "Yu-Gi-Oh"), ("AWS",)),
        # the noun of the kind is never a qualifier, nor a term after the verb, nor a version or metric
        ("Which Looker was replaced?", ("Looker",), ()),
        ("What did the KPI talk use Python for?", ("KPI", "Python"), ()),
        ("Which GPT-5 feature did the o1 post discuss?", ("GPT-5", "o1"), ()),
        ("What F1 score did the GNN get on FUNSD?", ("F1", "GNN", "FUNSD"), ()),
        # a lowercase technique is what is asked for, and must be in the notes
        ("What reranking model did the RAG survey recommend?", ("reranking", "RAG"), ()),
        # a phrase set off by a comma may open the question; the kind's qualifier still follows what/which
        ("Before the KPI monitoring rework, what BI tool were they running it on?", ("KPI", "BI"), ("BI",)),
        ("In the Yu-Gi-Oh talk, which AWS service was it built on?", ("Yu-Gi-Oh", "AWS"), ("AWS",)),
        ("In the KPI post, what did they use Python for?", ("KPI", "Python"), ()),  # after the verb: asked about
        ("KPI, BI and what else did they talk about?", ("KPI", "BI"), ()),  # no kind asked for
    ],
)
def test_the_qualifier_of_the_kind_asked_for(question: str, specific: tuple[str, ...], typed: tuple[str, ...]) -> None:
    assert answer_kind_terms(question, specific) == typed


@pytest.mark.parametrize(
    ("question", "date", "fact"),
    [
        ("What Python library does the GPU puzzle notebook teach CUDA with?", "2024-09-26", "NUMBA"),
        ("Which AWS service was the Yu-Gi-Oh Neuron MLOps platform built around?", "2024-09-19", "SageMaker"),
        ("Which framework did the AI-agent catch-up meetup try out first?", "2024-09-19", "AutoGen"),
    ],
)
def test_a_qualifier_or_a_name_written_apart_does_not_refuse(
    real_pipeline: Pipeline, question: str, date: str, fact: str
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == {date}
    assert fact in answer.text


def test_a_qualifier_after_a_setting_phrase_does_not_refuse(real_pipeline: Pipeline) -> None:
    # BI only qualifies the tool asked for, after the comma that sets the topic: the KPI blog answers
    answer = real_pipeline.answer("before the KPI monitoring rework, what BI tool were they running it on?")
    assert answer.found
    assert {c.date for c in answer.citations} == {"2024-09-26"}


@pytest.mark.parametrize(
    "question",
    [
        "What GPU instance types did they use to serve the in-house LLM?",  # no topic writes both
        "Which AWS services came up?",  # nothing but the qualifier names a topic
        "o1のSWE-benchのスコアは何%だった?",  # SWE is written nowhere: SWE-bench stays absent
        "Did the Detectron2 hands-on use Mask R-CNN?",
    ],
)
def test_look_alikes_are_still_refused(real_pipeline: Pipeline, question: str) -> None:
    answer = real_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
