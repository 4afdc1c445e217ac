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


@pytest.mark.parametrize(
    ("question", "term", "specific"),
    [
        ("Claude 4とも比べてた?", "Claude 4", True),  # a particle right after the version
        ("Claude 3.5と比較した?", "Claude 3.5", True),
        ("Level 3の自動運転", "Level 3", True),
        ("Llama 3 人で発表した", "Llama 3", False),  # a count, not a version
    ],
)
def test_a_version_before_japanese_is_read_with_its_name(question: str, term: str, specific: bool) -> None:
    assert (term in specific_terms(question, get_tokenizer("A"), question)) is specific


@pytest.mark.parametrize(
    ("question", "term", "specific"),
    [
        ("How did the clip-japanese-large model score?", "clip-japanese-large", True),
        ("Is CREPE an end-to-end parser?", "end-to-end", False),  # a hyphenated phrase with a function word
        ("Was it state-of-the-art?", "state-of-the-art", False),
        ("Is it a zero-shot model?", "zero-shot", False),  # two everyday parts
    ],
)
def test_a_hub_style_package_name_is_specific(question: str, term: str, specific: bool) -> None:
    assert (term in specific_terms(question, get_tokenizer("A"), question)) is specific


@pytest.mark.parametrize(
    ("question", "term", "specific"),
    [
        ("GPT-4o miniの性能は?", "GPT-4o mini", True),  # a tier names another model of the family
        ("How did o1 mini do?", "o1 mini", True),
        ("Was GPT-4 Turbo used?", "GPT-4 Turbo", True),
        ("Is GPT-4o better?", "GPT-4o", True),
        ("Reflection 70B plus a tool?", "70B plus", False),  # "plus" after a size is a conjunction
        ("the top 5 max", "5 max", False),
    ],
)
def test_a_tier_after_a_versioned_name_is_part_of_it(question: str, term: str, specific: bool) -> None:
    assert (term in specific_terms(question, get_tokenizer("A"), question)) is specific


@pytest.mark.parametrize(
    ("question", "edition"),
    [
        ("What did o1 score on the 2023 AIME?", "AIME 2023"),  # the year before the name
        ("2025年のIOIでの成績は?", "IOI 2025"),
        ("2025年AIMEの結果は?", "AIME 2025"),
    ],
)
def test_a_year_before_a_name_is_an_edition(question: str, edition: str) -> None:
    assert edition in specific_terms(question, get_tokenizer("A"), question)


@pytest.mark.parametrize(
    ("question", "term", "specific"),
    [
        ("GPU Puzzlesってtritonで書くやつ?", "triton", True),  # a product, lowercase in a Japanese question
        ("Polarsはpandasより速い?", "pandas", True),
        ("Is Polars faster than pandas?", "pandas", True),  # a rare word in English too
        ("Did they deploy it on kubernetes?", "kubernetes", True),
        ("Did the talk spark any discussion?", "spark", False),  # an everyday English word in an English one
    ],
)
def test_a_known_product_name_is_specific_in_lowercase(question: str, term: str, specific: bool) -> None:
    assert (term in specific_terms(question, get_tokenizer("A"), question)) is specific
