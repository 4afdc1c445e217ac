"""Japanese-aware terms and BM25: English inside Japanese, case, persistence, the formula."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from rag.store.lexical import BM25, Tokenizer, document_terms, get_tokenizer, question_terms


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return get_tokenizer("A")


def test_english_words_inside_japanese_are_whole_and_lower_case(tok: Tokenizer) -> None:
    terms = tok.tokenize("PolarsでGPUを使うとcollectが13倍速い")
    assert {"polar", "gpu", "collect", "13"} <= set(terms)  # English words by their stem
    assert "を" not in terms and "で" not in terms  # particles dropped


def test_names_with_digits_and_hyphens_stay_whole(tok: Tokenizer) -> None:
    assert "o1" in tok.tokenize("OpenAIの最新モデル「o1」")
    assert {"gpt-4o", "gpt", "4o"} <= set(tok.tokenize("GPT-4oを上回る"))
    assert "clip-japanese-base" in tok.tokenize("「clip-japanese-base」を公開")


def test_a_possessive_is_the_word_itself_with_either_apostrophe(tok: Tokenizer) -> None:
    assert tok.tokenize("OpenAI's o1 model") == tok.tokenize("OpenAI o1 model") == ["openai", "o1", "model"]
    assert tok.tokenize("OpenAI\u2019s o1") == ["openai", "o1"]  # a typographic apostrophe: no stray "s"
    assert tok.tokenize("the annotators' work") == tok.tokenize("the annotators work")


def test_english_words_match_whatever_their_inflection(tok: Tokenizer) -> None:
    question = question_terms(tok, "Who talked about the quality of human annotation?")
    title = tok.tokenize("Performance of Human Annotators in Object Detection")
    assert {"human", "annot"} <= set(question) & set(title)
    assert tok.tokenize("batching") == tok.tokenize("batched") == ["batch"]


def test_english_stopwords_and_question_words_are_dropped(tok: Tokenizer) -> None:
    assert tok.tokenize("the talk about the GPU") == ["talk", "gpu"]
    assert question_terms(tok, "o1の話って何日だった?") == ["o1"]
    assert question_terms(tok, "When did we talk about Polars?") == ["polar"]
    # Question words are dropped as written: "learning" is a topic even though "learn" is not.
    assert question_terms(tok, "What did we learn about reinforcement learning?") == ["reinforc", "learn"]
    # Question framing in Japanese as in English: について (about), 話した (talked), 違い (difference).
    assert question_terms(tok, "o1について話したのはいつ?") == ["o1"]
    assert question_terms(tok, "prefillとdecodeの違いは?") == ["prefil", "decod"]
    assert question_terms(tok, "What is the difference between prefill and decode?") == ["prefil", "decod"]


def test_search_is_case_insensitive_across_scripts(tok: Tokenizer) -> None:
    docs = [tok.tokenize(t) for t in ("PolarsでGPUを使う", "LLMの評価", "名寄せの定量評価")]
    bm25 = BM25.build(docs)
    for q in ("polars", "POLARS", "Polars gpu"):
        scores = bm25.scores(bm25.query(tok.tokenize(q)))
        assert int(np.argmax(scores)) == 0 and scores[1] == scores[2] == 0


def test_bm25_matches_the_lucene_formula() -> None:
    docs = [["a", "b", "b"], ["b", "c"], ["c", "c", "c", "d"]]
    bm25 = BM25.build(docs, k1=1.2, b=0.75)
    avgdl = 3.0
    n = 3

    def expected(term: str, doc: list[str]) -> float:
        df = sum(term in d for d in docs)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        tf = doc.count(term)
        return idf * tf / (tf + 1.2 * (1 - 0.75 + 0.75 * len(doc) / avgdl)) if tf else 0.0

    scores = bm25.scores(bm25.query(["b", "c"]))
    for i, doc in enumerate(docs):
        assert scores[i] == pytest.approx(expected("b", doc) + expected("c", doc), rel=1e-5)


def test_unknown_terms_lower_coverage() -> None:
    bm25 = BM25.build([["kpi", "監視"], ["gpu", "polars"]])
    q = bm25.query(["kpi", "kubernetes"])
    assert 0 < q.known_share < 1
    cov = bm25.coverage(q)
    assert 0 < cov[0] < 1 and cov[1] == 0
    assert bm25.coverage(bm25.query(["gpu", "polars"]))[1] == pytest.approx(1.0)


def test_a_term_and_its_loanword_count_as_one_word_to_coverage() -> None:
    bm25 = BM25.build([["マルチモーダル", "モデル"], ["multimod", "model"], ["gpu", "polars"]])
    pairs = [("multimod", "マルチモーダル"), ("model", "モデル")]
    q = bm25.query(["multimod", "model", "マルチモーダル", "モデル"], pairs)
    cov = bm25.coverage(q)
    assert cov[0] == pytest.approx(1.0) and cov[1] == pytest.approx(1.0) and cov[2] == 0
    assert q.known_share == pytest.approx(1.0)
    # Without the pairs the four terms are four words: each spelling covers half.
    assert bm25.coverage(bm25.query(["multimod", "model", "マルチモーダル", "モデル"]))[0] < 0.75


def test_a_loanword_the_notes_use_stands_in_for_an_english_word_they_lack() -> None:
    bm25 = BM25.build([["アノテーション", "品質"], ["gpu", "polars"]])
    q = bm25.query(["annot", "アノテーション"], [("annot", "アノテーション")])
    assert q.missing_idf == 0 and bm25.coverage(q)[0] == pytest.approx(1.0)
    assert bm25.query(["annot"]).missing_idf > 0


def test_save_and_load_round_trip(tmp_path: Path, tok: Tokenizer) -> None:
    docs = [document_terms(tok, "2024-09-19 | [blog] Polars", "GPUで速い"), tok.tokenize("名寄せの評価")]
    bm25 = BM25.build(docs)
    bm25.save(tmp_path)
    again = BM25.load(tmp_path)
    q = again.query(tok.tokenize("polars 評価"))
    assert np.allclose(again.scores(q), bm25.scores(bm25.query(tok.tokenize("polars 評価"))))
    assert again.vocab == bm25.vocab


def test_title_terms_count_double(tok: Tokenizer) -> None:
    terms = document_terms(tok, "[blog] Polars", "GPU")
    assert terms.count("polar") == 2 and terms.count("gpu") == 1
