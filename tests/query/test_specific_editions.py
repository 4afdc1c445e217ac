"""A name with a year is an edition the notes must name (AIME 2025 is not AIME 2024); a date is not."""

from __future__ import annotations

import pytest

from rag.query.specific import specific_terms
from rag.store.lexical import get_tokenizer


@pytest.mark.parametrize(
    ("question", "edition", "specific"),
    [
        ("What was o1's score on the AIME 2025 exam?", "AIME 2025", True),
        ("ICDAR 2024で発表された論文は?", "ICDAR 2024", True),  # the year right before Japanese
        ("What happened in September 2024?", "September 2024", False),  # a month: a date, not an edition
        ("Plans for summer 2024?", "summer 2024", False),
        ("2024年のICMLで何があった?", "ICML", True),  # 2024年 is a date; the bare name stays specific
    ],
)
def test_a_name_with_a_year_is_an_edition(question: str, edition: str, specific: bool) -> None:
    assert (edition in specific_terms(question, get_tokenizer("A"), question)) is specific
