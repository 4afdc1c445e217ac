"""A question about a compound of everyday words, over the bundled notes with the real packaged model: a
topic that shares one of its words is no answer; a topic that writes it (in English, in katakana, or one
word joined to the Japanese for the other) is, and so is one that holds both its words, or one whose line
holding one word is about the question (the other said in Japanese there)."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline


@pytest.mark.parametrize(
    ("question", "compound"),
    [
        ("Which session covered a streaming engine?", "streaming engine"),  # the Polars GPU engine
        ("What did we learn about random forests?", "random forests"),  # the talk on ランダムネス
        ("What did we learn about query rewriting?", "query rewriting"),  # the RAG survey's queries
        ("What did we learn about card fraud?", "card fraud"),  # the Yu-Gi-Oh card detector
        # a sibling of what the notes name: they write Continuous batching and Batch Active Learning
        ("What did the notes say about static batching?", "static batching"),
    ],
)
def test_a_topic_sharing_one_word_of_the_compound_is_refused(
    real_pipeline: Pipeline, question: str, compound: str
) -> None:
    answer = real_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
    assert compound in answer.text


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("What did we learn about continuous batching?", "2024-09-26"),  # its words in a row
        ("What did we learn about expert routing?", "2024-09-19"),  # Router … Experts: both words, apart
        ("What did we learn about reasoning models?", "2024-09-19"),  # Learning to Reason … モデル
        ("What did we learn about sentence quality?", "2024-04-11"),  # WikiSQE: Sentence Quality Estimation
        ("What did the notes say about commit messages?", "2024-05-16"),  # コミットメッセージ
        # One word of it, and a line with that word about the question: the other said in Japanese.
        ("What did we learn about card detection?", "2024-09-19"),  # カードを…同時に検出する機能
        ("What did we learn about tokenizer adaptation?", "2024-04-11"),  # tokenizerの適応
        ("What did we learn about expert annotators?", "2024-09-26"),  # アノテーションの専門家
        # A word of it that names a few topics pins the answer: CREPE's own topic says what it outputs (出力).
        ("What does CREPE output?", "2024-05-16"),
    ],
)
def test_a_topic_that_writes_the_compound_or_both_its_words_answers(
    real_pipeline: Pipeline, question: str, date: str
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert date in {c.date for c in answer.citations}


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Polarsのストリーミングエンジンってどのくらい速い?", "ストリーミングエンジン"),  # Polars pins the topic
        ("Polarsのストリーミング処理について教えて", "ストリーミング処理"),
    ],
)
def test_a_japanese_compound_with_a_loanword_the_notes_never_write_is_refused(
    real_pipeline: Pipeline, question: str, word: str
) -> None:
    # ストリーミング is in the notes neither in katakana nor as "streaming": the Polars GPU post, found by
    # its name, does not cover what is asked about it.
    answer = real_pipeline.answer(question)
    assert not answer.found and answer.citations == ()
    assert word in answer.text


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("MoEのゲーティングネットワークって何をするの?", "2024-09-19"),  # the notes write Gating Network
        ("KPIのダッシュボードアラートはどう運用した?", "2024-09-26"),  # both katakana words are in the notes
        ("Continuous batchingのKVキャッシュって何?", "2024-09-26"),  # キャッシュ is cache there
        # no name pins a topic: a katakana spelling of the notes' own name is left to retrieval to judge
        ("ディテクトロン2って何のフレームワーク?", "2024-05-16"),
    ],
)
def test_a_japanese_compound_of_loanwords_the_notes_write_answers(
    real_pipeline: Pipeline, question: str, date: str
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert date in {c.date for c in answer.citations}
