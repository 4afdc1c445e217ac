"""Two-word compounds of everyday words that are all of an English question's topic (rag.query.compounds),
and how a note holds one (rag.retrieval.support.Text.holds_compound)."""

from __future__ import annotations

import pytest

from rag.query.compounds import compound_topic
from rag.retrieval.support import Text
from rag.store.lexical import get_tokenizer


@pytest.mark.parametrize(
    ("topic", "compound"),
    [
        ("covered a streaming engine", ("streaming engine",)),  # the question's framing verb is no content
        ("on prompt caching", ("prompt caching",)),
        ("did we learn about random forests", ("random forests",)),
        # "say" and "tell" only frame the question, like "learn": the compound is still all of its topic
        ("did the notes say about static batching", ("static batching",)),
        ("do the notes tell us about prompt caching", ("prompt caching",)),
        ("did the notes say about batching for text generation", ()),  # more content words still count
        ("the GPU pricing", ("gpu pricing",)),  # an acronym may be one of its words
        ("about speculative decoding", ()),  # a concept of the field: rag.query.concepts reads it
        ("about mixing data from different domains", ()),  # more content words: they carry the question
        ("about continuous batching for text generation servers", ()),
        ("about batching", ()),  # one word
        ("about the GPU and pricing", ()),  # not in a row
        ("about Apache Spark", ()),  # names are read by other rules
    ],
)
def test_a_compound_is_two_content_words_that_are_the_whole_topic(topic: str, compound: tuple[str, ...]) -> None:
    assert compound_topic(topic, get_tokenizer("A")) == compound


@pytest.mark.parametrize(
    ("note", "compound", "held"),
    [
        ("Continuous batching では KV cache を更新", "continuous batching", 2),  # its words in a row
        ("ランダムフォレストで分類した", "random forests", 2),  # in katakana, plural aside
        ("KPIのモニタリング自動化", "kpi monitoring", 2),  # の between its words
        ("テキスト生成APIサーバ", "text generation", 2),  # one word joined to a Japanese one
        ("GPUの共有メモリを使う", "shared memory", 2),
        ("異なるドメインのデータを混合", "different domains", 2),
        ("KV cache を保存してキューに追加", "prompt caching", 1),  # one word, the other nowhere
        ("エンジンをGPUに移行する", "streaming engine", 1),
        ("研究の進め方 ランダムネスとの付き合い方", "random forests", 1),  # ランダム only begins another word
        ("スパース性により計算量の削減", "sparse attention", 1),  # 性 makes "sparsity", not a compound
        ("…それぞれのAttentionを計算", "self attention", 1),  # an English word beside Japanese: no compound
        ("Gating Network(Routerとも呼ばれる)とN Experts", "expert routing", 0),  # both words apart
        ("動的な閾値を設定", "dynamic thresholds", 0),  # neither word: said in Japanese, the gates judge
    ],
)
def test_a_note_holds_a_compound_whole_in_part_or_not_at_all(note: str, compound: str, held: int) -> None:
    assert Text(note).holds_compound(compound) == held
