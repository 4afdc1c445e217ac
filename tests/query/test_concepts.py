"""Concepts named by phrases of everyday words (rag.query.concepts) as specific terms of a question."""

from __future__ import annotations

import pytest

from rag.query.concepts import concepts_in, concepts_named_in
from rag.query.specific import specific_terms
from rag.retrieval.support import Text
from rag.store.lexical import get_tokenizer


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        ("Did the post explain speculative decoding?", ["speculative decoding"]),
        ("Was there a talk on Knowledge Graphs?", ["knowledge graph"]),  # any case, a plural
        ("Any object-tracking demos?", ["object tracking"]),  # a hyphen between its words
        ("Which graph neural networks were used?", ["graph neural network"]),
        ("How fast is decoding in the batching post?", []),  # one of its words alone is no concept
        ("a speculative idea about decoding", []),  # nor its words apart
        ("When did significance testing come up?", ["significance test"]),  # a verb's -ing form at its end
        ("Which sessions covered statistical testing?", ["statistical testing"]),  # the phrase listed as written
        ("Any talks on test data?", []),
    ],
)
def test_a_concept_is_its_words_in_a_row(text: str, concepts: list[str]) -> None:
    assert concepts_in(text) == concepts


def test_an_english_question_s_concept_is_a_specific_term() -> None:
    assert "speculative decoding" in specific_terms(
        "explain speculative decoding", get_tokenizer("A"), "Did the batching post explain speculative decoding?"
    )


@pytest.mark.parametrize(
    ("note", "term", "named"),
    [
        ("航空写真の物体追跡を評価", "object tracking", True),  # a Japanese name of it
        ("実験トラッキングとオブジェクトファイル", "object tracking", False),  # its words, not it
        ("Knowledge  Graph を構築", "knowledge graph", True),
        ("GNNを用いたノード分類", "graph neural network", True),  # an acronym of it
        ("KV cache を更新して decode する", "speculative decoding", False),
    ],
)
def test_a_note_names_a_concept_by_its_phrase_or_its_names(note: str, term: str, named: bool) -> None:
    assert Text(note).mentions(term) is named


@pytest.mark.parametrize(
    ("text", "concepts"),
    [
        # The field's general words that the notes write in katakana or kanji: one concept in either script.
        ("When did crowdsourcing come up?", ["crowdsourcing"]),
        ("クラウドソーシングが出てきたのはいつ?", ["crowdsourcing"]),
        ("Which sessions covered image segmentation?", ["image segmentation"]),
        ("Which sessions mentioned data-centric AI?", ["data-centric"]),
        ("When did we discuss multimodal LLMs?", ["multimodal"]),
        ("アノテーションの話をした回は?", ["annotation"]),
        ("When did knowledge distillation come up?", ["knowledge distillation"]),
        ("Which sessions covered semantic segmentation?", ["semantic segmentation"]),  # the longer phrase
        ("When did we talk about autonomous driving?", ["autonomous driving"]),  # a field no note names
        ("Which sessions discussed the data?", []),  # look-alikes: everyday words alone
        ("Did anyone mention the center of the image?", []),
    ],
)
def test_general_vocabulary_is_a_concept_in_either_script(text: str, concepts: list[str]) -> None:
    assert concepts_named_in(text) == concepts


@pytest.mark.parametrize(
    ("note", "term", "named"),
    [
        ("クラウドソーシングによるアノテーション", "crowdsourcing", True),  # the katakana the notes write
        ("Distillationベースのアプローチ", "knowledge distillation", True),  # its short English name
        ("蒸留項が含まれると良い性能", "knowledge distillation", True),  # its short Japanese name
        ("Data Centricコンペで獲得した知見", "data-centric", True),
        ("データ中心のAIという新しいトレンド", "data-centric", True),
        ("マルチモーダル大規模言語モデル(MLLM)", "multimodal", True),
        ("物体検出やセグメンテーションで解くタスク", "image segmentation", True),
        ("医療画像、計算生物学など", "medical imaging", True),
        ("画像分類器を作成する", "medical imaging", False),  # 画像 alone is no medical imaging
        ("データの抽出や集計", "information extraction", False),  # nor 抽出 alone information extraction
        ("トレンドを考慮した異常検知", "autonomous driving", False),
    ],
)
def test_a_note_names_general_vocabulary_in_its_own_script(note: str, term: str, named: bool) -> None:
    assert Text(note).mentions(term) is named
