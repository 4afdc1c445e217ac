"""A concept's other names as search terms and mentions (rag.query.bridges, rag.query.concepts)."""

from __future__ import annotations

import pytest

from rag.query.bridges import acronym_terms, camel_initials, concept_terms
from rag.query.concepts import concept_named, concepts_named_in
from rag.retrieval.support import Support, Text
from rag.store.lexical import get_tokenizer


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        ("インコンテキスト学習について触れた回は?", ["in-context learning"]),  # a Japanese name of it
        ("事前トレーニングの話が出た回", ["pre-training"]),
        ("Which sessions talked about statistical testing?", ["statistical testing"]),
        ("Where did majority voting come up?", ["majority voting"]),
        ("Do you recall the tests we ran?", []),  # everyday words alone are no concept
        ("学習の話", []),  # a word of a name is not the name
    ],
)
def test_a_question_names_a_concept_in_english_or_japanese(text: str, concepts: list[str]) -> None:
    assert concepts_named_in(text) == concepts


def test_a_japanese_name_is_its_concept() -> None:
    assert concept_named("インコンテキスト学習") == "in-context learning"
    assert concept_named("事前トレーニング") == concept_named("プレトレーニング") == "pre-training"
    assert concept_named("学習") is None


@pytest.mark.parametrize(
    ("note", "term", "named"),
    [
        ("Chain of Tableでは、in-context learningで渡す表形式を試した", "インコンテキスト学習", True),
        ("事前学習モデルを追加データで継続事前学習", "事前トレーニング", True),  # another Japanese name
        ("トレーニングの前に学習率を決める", "事前トレーニング", False),  # its words apart are not it
        ("多数決の形式をとった方が品質がよい", "majority voting", True),
        ("the majority party in the country", "majority voting", False),
    ],
)
def test_a_note_names_a_concept_by_any_of_its_names(note: str, term: str, named: bool) -> None:
    assert Text(note).mentions(term) is named


def test_the_notes_names_of_a_concept_are_paired_with_the_question_s_words() -> None:
    tokenizer = get_tokenizer("A")
    vocab = set(tokenizer.tokenize("名寄せの精度を統計的検定で評価"))

    def in_notes(word: str) -> bool:
        return all(t in vocab for t in tokenizer.tokenize(word))

    pairs = concept_terms("Which sessions talked about statistical testing?", tokenizer, in_notes)
    notes_terms = {kana for _, kana in pairs}
    assert set(tokenizer.tokenize("統計的検定")) <= notes_terms
    assert {term for term, _ in pairs} <= set(tokenizer.tokenize("statistical testing"))
    assert concept_terms("Which sessions talked about batching?", tokenizer, in_notes) == ()


@pytest.mark.parametrize(
    ("word", "short"),
    [("BigQuery", "BQ"), ("SageMaker", "SM"), ("OpenAI", None), ("Polars", None), ("GPT", None), ("bigquery", None)],
)
def test_a_name_of_capitalised_parts_is_shortened_to_its_capitals(word: str, short: str | None) -> None:
    assert camel_initials(word) == short


def test_a_name_the_notes_shorten_is_searched_by_its_capitals() -> None:
    tokenizer = get_tokenizer("A")
    in_notes = {"BQ"}.__contains__
    assert acronym_terms("What did they move off BigQuery to?", tokenizer, in_notes) == (
        (tokenizer.tokenize("BigQuery")[0], "bq"),
    )
    assert acronym_terms("What did they move off Polars to?", tokenizer, in_notes) == ()


def test_a_name_the_notes_shorten_is_not_absent() -> None:
    support = Support({("2024-09-26", 0): "BQで集計していたのをVertex AI Pipelinesに移行"}, list, lambda _: False)
    assert support.absent(["BigQuery"]) == []
    assert support.absent(["BigTable"]) == ["BigTable"]  # its capitals (BT) are nowhere either
