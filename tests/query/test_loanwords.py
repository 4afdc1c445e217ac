"""English words → the katakana loanwords the notes use (real e2k model, real Sudachi tokenizer)."""

from __future__ import annotations

from rag.query.loanwords import acronym_spelled, english_terms, katakana, loanword_terms, spelled_in_english
from rag.store.lexical import get_tokenizer

NOTES = {"マルチモーダル", "モデル", "アノテーション", "ブログ", "テスト"}


def _in_notes(word: str) -> bool:
    return word in NOTES


def test_english_content_word_is_paired_with_the_loanword_the_notes_use() -> None:
    tokenizer = get_tokenizer("A")
    pairs = loanword_terms("multimodal models", tokenizer, _in_notes)
    assert ("multimod", "マルチモーダル") in pairs
    assert ("model", "モデル") in pairs  # spelled from the singular


def test_a_spelling_the_notes_never_use_is_no_term() -> None:
    tokenizer = get_tokenizer("A")
    assert loanword_terms("hallucination", tokenizer, _in_notes) == ()
    assert katakana("hallucination")  # e2k spells it; the notes just don't have it here


def test_function_words_and_document_kinds_are_not_bridged() -> None:
    tokenizer = get_tokenizer("A")
    # "which"/"about" carry no topic; a blog post is the kind of document, not what it is about.
    assert loanword_terms("which blog about annotation", tokenizer, _in_notes) == (("annot", "アノテーション"),)


def test_the_bare_verb_of_an_ing_word_is_tried() -> None:
    tokenizer = get_tokenizer("A")
    assert loanword_terms("testing", tokenizer, _in_notes) == (("test", "テスト"),)


def test_an_es_plural_is_spelled_from_its_singular() -> None:
    tokenizer = get_tokenizer("A")
    pairs = loanword_terms("three kinds of approaches", tokenizer, lambda w: w == "アプローチ")
    assert ("approach", "アプローチ") in pairs


def _spelled(word: str) -> list[str]:
    """The notes' English words by katakana, as rag.retrieval.variants reads them."""
    return {"ルッカー": ["Looker"], "セージメーカー": ["SageMaker"], "ラマハブ": ["llama hub"]}.get(word, [])


def test_katakana_the_notes_write_in_english_is_paired_with_the_notes_spelling() -> None:
    tokenizer = get_tokenizer("A")
    pairs = english_terms("ルッカーで運用していたときの課題", tokenizer, _in_notes, _spelled)
    assert pairs and all(english == "looker" for _, english in pairs)
    hub = english_terms("ラマハブから持ってきた手法", tokenizer, _in_notes, _spelled)
    assert {english for _, english in hub} == {"llama", "hub"}


def test_katakana_the_notes_write_as_it_is_is_not_respelled() -> None:
    tokenizer = get_tokenizer("A")
    # アノテーション is in the notes: it is found as written, whatever English word it may spell
    assert english_terms("アノテーションの品質", tokenizer, _in_notes, lambda _w: ["annotation"]) == ()
    assert english_terms("ブロックチェーンの話", tokenizer, _in_notes, _spelled) == ()


def test_a_specific_katakana_term_is_judged_by_the_notes_spelling() -> None:
    assert spelled_in_english(("セージメーカー", "MLOps"), _in_notes, _spelled) == ("SageMaker", "MLOps")
    assert spelled_in_english(("ブロックチェーン",), _in_notes, _spelled) == ("ブロックチェーン",)
    assert spelled_in_english(("マルチモーダル",), _in_notes, lambda _w: ["Multimodal"]) == ("マルチモーダル",)


def _acronym(text: str, word: str) -> str | None:
    return "IOI" if "Olympiad in Informatics" in text and word in ("Olympiad", "Informatics") else None


def test_words_the_notes_write_only_as_an_acronym_are_the_acronym() -> None:
    tokenizer = get_tokenizer("A")
    topic = "points o1 scored at the International Olympiad in Informatics"
    specific, pairs = acronym_spelled(topic, ("o1", "Olympiad", "Informatics"), tokenizer, _in_notes, _acronym)
    assert specific == ("o1", "IOI")
    assert {alt for _, alt in pairs} == {"ioi"}
    # a word the notes write (アノテーション here) or one no acronym stands for stays as it is
    assert acronym_spelled("the Olympics", ("Olympics",), tokenizer, _in_notes, _acronym) == (("Olympics",), ())
