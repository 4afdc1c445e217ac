"""'Which sessions' answers over the bundled notes with the real packaged model: every session where the
thing came up, however the question spells it (an acronym's long form, katakana for an English name)."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        # The notes say RAG, defined once as "Retrieval Augmented Generation (RAG)"; the 05-16 talk says RAG.
        ("when did we talk abt retrieval augmented generation", {"2024-05-16", "2024-09-26"}),
        # OCR is never spelled out: the question's words' initials are the acronym the notes use.
        ("Which sessions mentioned optical character recognition?", {"2024-04-11", "2024-05-16", "2024-09-19"}),
        # OpenAI in Latin letters in three sessions (the o1 slide, Cursor's API key, the o1 blog post).
        ("オープンAIが話に出てきた回を全部教えてください", {"2024-05-16", "2024-09-19", "2024-09-26"}),
    ],
)
def test_every_session_that_mentions_it_in_another_spelling(
    real_pipeline: Pipeline, question: str, dates: set[str]
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == dates


def test_a_katakana_word_the_notes_use_is_not_widened_to_its_english_mentions(real_pipeline: Pipeline) -> None:
    answer = real_pipeline.answer("マルチモーダルなモデルの話が出てきたのはいつ?")
    assert answer.found and None not in {c.date for c in answer.citations}  # no undated essay on "models"
