"""Names as evidence, over the bundled notes with the real packaged model: a name only a few topics have
pins the answer to them; a name the notes write in no script, or an edition they never name, is refused."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("What did HyperWrite release?", "2024-09-19"),  # one topic names HyperWrite; its words are Japanese
        ("How did Sansan evaluate name matching?", "2024-09-26"),
        ("IOI 2024でo1は何点取った?", "2024-09-19"),  # 2024年国際情報オリンピック(IOI): name and year apart
    ],
)
def test_a_topic_that_names_the_question_answers_it(real_pipeline: Pipeline, question: str, date: str) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert date in {c.date for c in answer.citations}


@pytest.mark.parametrize(
    ("question", "term"),
    [
        # The KPI talk is found, but the notes hold Grafana neither in English nor as グラファナ.
        ("Did the KPI monitoring talk use Grafana dashboards?", "Grafana"),
        ("o1の記事にAIME 2025の結果は載ってた?", "AIME 2025"),  # the notes name AIME, not its 2025 edition
    ],
)
def test_a_name_or_edition_the_notes_lack_is_refused(real_pipeline: Pipeline, question: str, term: str) -> None:
    answer = real_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
    assert term in answer.text
