"""An English question that ends on what a pinned topic was applied to or measured on ("… for molecules",
"… on receipts"), with the real packaged model: where the notes write that noun nowhere — not in Latin
letters, nor in any katakana it spells as — the question is refused; a noun the notes write in katakana
(ベンチマーク), one they write as a Japanese compound (a nominalisation: 実行 for "execution"), or one they
write as it is, still answers."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline
from rag.retrieval.evidence import _unsaid_qualifier


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("What did we learn about graph neural networks for molecules?", "molecules"),  # the VRD graph paper
        ("What did we learn about active learning for speech?", "speech"),  # the CAL paper's domains
        ("Did anyone evaluate CREPE on receipts?", "receipts"),  # the CREPE topics
    ],
)
def test_a_qualifier_the_notes_never_write_is_refused(real_pipeline: Pipeline, question: str, word: str) -> None:
    query = real_pipeline.plan(question)
    assert _unsaid_qualifier(query, real_pipeline.retriever.support) == word
    answer = real_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
    assert word in answer.text


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("Which NVIDIA RAPIDS library does Polars run on for GPU execution?", "2024-09-19"),  # 実行: a nominalisation
        ("Which models did Reflection 70B outperform on benchmarks?", "2024-09-19"),  # ベンチマーク
        ("What Elo rating did o1 reach on Codeforces?", "2024-09-19"),  # written as it is
    ],
)
def test_a_qualifier_the_notes_write_answers(real_pipeline: Pipeline, question: str, date: str) -> None:
    assert _unsaid_qualifier(real_pipeline.plan(question), real_pipeline.retriever.support) is None
    answer = real_pipeline.answer(question)
    assert answer.found
    assert date in {c.date for c in answer.citations}


def test_no_pinned_topic_or_no_final_qualifier_is_left_to_the_other_gates(real_pipeline: Pipeline) -> None:
    support = real_pipeline.retriever.support
    # Nothing pins a topic: the content-word rule judges "molecules" alone.
    assert _unsaid_qualifier(real_pipeline.plan("What did we learn about molecules?"), support) is None
    # The unwritten word is not what the question ends on after "for" or "on".
    assert _unsaid_qualifier(real_pipeline.plan("Did CREPE handle receipts well?"), support) is None


@pytest.mark.parametrize(
    "question",
    [
        "In the annotators paper, how long had the experts been annotating on average?",  # 平均: how much
        "Which GPU libraries did the Polars post mention, for example?",
    ],
)
def test_an_adverbial_phrase_is_no_qualifier(real_pipeline: Pipeline, question: str) -> None:
    assert _unsaid_qualifier(real_pipeline.plan(question), real_pipeline.retriever.support) is None


def test_a_modified_noun_after_the_preposition_is_still_a_qualifier(real_pipeline: Pipeline) -> None:
    # "on average" is adverbial; "on average molecules" names what was measured
    query = real_pipeline.plan("Did anyone evaluate CREPE on average receipts?")
    assert _unsaid_qualifier(query, real_pipeline.retriever.support) == "receipts"
