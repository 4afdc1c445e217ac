"""English words → the katakana loanwords the notes use (real e2k model, real Sudachi tokenizer)."""

from __future__ import annotations

from rag.query.loanwords import katakana, loanword_terms
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
