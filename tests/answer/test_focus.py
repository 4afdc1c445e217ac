"""Which lines answer a fact question: its rare words among the topic's lines, its asking clause, and the
kind of fact it wants."""

from __future__ import annotations

import pytest

from rag.answer.focus import asking_part, line_bonuses, want_scores, word_scores
from rag.answer.route import Pipeline
from rag.store.lexical import get_tokenizer

TITLE = "Information Extraction from Visually Rich Documents Using Directed Weighted Graph Neural Network"
LINES = [
    "VRDのEntity間の関係を捉えるために、重み付き有向グラフを用いた新しい手法の提案。",
    "本研究では、重み付き有向グラフを用いたGNNで高い性能を達成した。",
    "各エッジには重みが割り当てられる。これは2つのBBox間の角度とする。",
    "Node Classifier Module",
    "GCNを用いて単純にNode Classification",
]


@pytest.mark.parametrize(
    ("question", "asking"),
    [
        ("重み付き有向グラフの論文、エッジの重みには何を使ってる?", "エッジの重みには何を使ってる?"),
        ("In the group sequential test blog, what is used to set the rejection region?", "what is used to set"),
        ("What are A, B, and C?", None),  # the question word is in the first clause: it all asks
        ("GPU Puzzlesはどのライブラリを使うの?", None),  # one clause
        ("ZOZOの話で、", None),  # nothing asks after the comma
    ],
)
def test_the_asking_clause_is_the_one_after_a_clause_that_only_sets_the_topic(
    question: str, asking: str | None
) -> None:
    got = asking_part(question)
    assert (got is None) if asking is None else (got is not None and got.startswith(asking))


def test_the_words_of_the_asking_clause_pick_the_line_not_the_topics_description(fake_pipeline: Pipeline) -> None:
    tokenizer = get_tokenizer("A")
    q = fake_pipeline.plan("重み付き有向グラフでVRDから情報抽出する論文、エッジの重みには何を使ってる?")
    scores = word_scores(q, LINES, [TITLE] * len(LINES), [None] * len(LINES), tokenizer)
    assert int(scores.argmax()) == 2, scores  # エッジ: the line that answers, not the paper's description


def test_a_line_under_a_heading_holds_part_of_its_headings_words(fake_pipeline: Pipeline) -> None:
    tokenizer = get_tokenizer("A")
    q = fake_pipeline.plan("How does the Node Classifier Module classify nodes?")
    parents = [None, None, None, None, 3]
    scores = word_scores(q, LINES, [TITLE] * len(LINES), parents, tokenizer)
    alone = word_scores(q, LINES, [TITLE] * len(LINES), [None] * len(LINES), tokenizer)
    assert scores[4] > alone[4] and scores[4] > scores[0]


def test_a_line_of_another_topic_that_names_this_one_is_no_better_for_it(fake_pipeline: Pipeline) -> None:
    """The ICDAR report that names the CREPE paper is not the line that says CREPE's weak point."""
    tokenizer = get_tokenizer("A")
    q = fake_pipeline.plan("What's the weak point of CREPE?")
    texts = [
        "以前取り上げられていた CREPE の著者による参加レポート",
        "課題: bboxの境界の精度がやや低くなる",
        "画像をSwin Transformerでエンコード",
    ]
    titles = [
        "ICDAR'24参加速報",
        "CREPE: Coordinate-Aware End-to-End Document Parser",
        "CREPE: Coordinate-Aware End-to-End Document Parser",
    ]
    scores = word_scores(q, texts, titles, [None, None, None], tokenizer)
    assert scores[0] < 0.2, scores


def test_the_line_stating_the_kind_of_fact_asked_counts_more(fake_pipeline: Pipeline) -> None:
    texts = ["計算処理が最大13倍になるらしい", "大きいサイズほど恩恵が大きい"]
    amount = want_scores(fake_pipeline.plan("Polarsはどれくらい速くなる?"), texts)
    assert amount[0] > amount[1]
    why = want_scores(
        fake_pipeline.plan("Why did they use GST?"), ["サンプルサイズを抑えたいため", "GST: 逐次的に中間解析を行う"]
    )
    assert why[0] > why[1]
    plain = line_bonuses(fake_pipeline.plan("GSTとは"), texts, ["t", "t"], [None, None], get_tokenizer("A"))
    assert plain.shape == (2,)


def test_a_quoted_literal_is_held_by_the_line_that_writes_it(fake_pipeline: Pipeline) -> None:
    """「When?」 is all stopwords to the tokenizer; the line that writes it is the one that answers."""
    tokenizer = get_tokenizer("A")
    q = fake_pipeline.plan("WikiSQEの「When?」ってラベルは何に付くの?")
    texts = ["ラベルの例", "When? は時間に関する表現に付与される", "登場頻度の多い20ラベルに絞って二値分類"]
    scores = word_scores(q, texts, ["WikiSQE"] * 3, [None] * 3, tokenizer)
    assert int(scores.argmax()) == 1, scores


def test_a_word_most_lines_hold_adds_little(fake_pipeline: Pipeline) -> None:
    """MoE in every line says which topic; it must not outweigh the line that holds the rarer word."""
    tokenizer = get_tokenizer("A")
    q = fake_pipeline.plan("MoEのGating Networkの正規化には何を使う?")
    texts = [f"MoEの説明その{i}" for i in range(8)] + ["Gating NetworkではSoftmaxで正規化された重みづけを行う"]
    scores = word_scores(q, texts, ["Mixture of Experts Explained"] * len(texts), [None] * len(texts), tokenizer)
    assert int(scores.argmax()) == len(texts) - 1
    assert scores[0] < 0.05, scores
