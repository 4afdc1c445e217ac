"""What counts as the notes mentioning a question's specific term (rag.retrieval.support.Text)."""

from __future__ import annotations

import pytest

from rag.retrieval.support import Support, Text

NOTE = "- 評価には Ground  Truth のラベルを使った\n- Claude 3.5 Sonnet と比較\n- Level 3 の自動運転"


@pytest.mark.parametrize(
    ("term", "mentioned"),
    [
        ("Ground Truth", True),  # a phrase: its words in a row, spacing and case aside
        ("ground truth", True),
        ("Truth Ground", False),  # the same words in another order are another thing
        ("Feature Store", False),
        ("Claude 3", False),  # a version is not a phrase: Claude 3.5 is not Claude 3
        ("Level 3", True),
        ("Sonnet", True),
    ],
)
def test_a_phrase_is_mentioned_only_with_its_words_in_a_row(term: str, mentioned: bool) -> None:
    assert Text(NOTE).mentions(term) is mentioned


@pytest.mark.parametrize(
    ("text", "term", "mentioned"),
    [
        ("2024年国際情報オリンピック(IOI)において213ポイント", "IOI 2024", True),  # name and year apart
        ("ICDAR'24参加速報", "ICDAR 2024", True),  # a year written short
        ("ICDAR2024採択", "ICDAR 2024", True),
        ("米国数学オリンピック(AIME)予選 2024", "AIME 2025", False),  # another edition
        ("ICML 2023でworkshopを開催", "ICML 2024", False),
        ("- Coding\n- 2024年国際情報オリンピック(IOI)", "IOI 2024", True),  # a bullet's dash before the year
        ("2024-04-11 勉強会\n[論文] DMOps, ICML2023", "ICML 2024", False),  # a session date is no edition
        ("ICML2023の論文。2024年に読んだ", "ICML 2024", False),  # the name has its year: that one only
        ("2024-04-11 勉強会 AIMEでトップ500", "AIME 2024", False),
    ],
)
def test_a_name_with_a_year_needs_that_year(text: str, term: str, mentioned: bool) -> None:
    assert Text(text).mentions(term) is mentioned


@pytest.mark.parametrize(
    ("term", "mentioned"),
    [
        ("Claude 3.5", True),  # a name with a dotted version is one word of the note, as "Level 3" is
        ("Claude 3", False),
        ("Claude 4", False),
        ("Level 3", True),
    ],
)
def test_a_dotted_version_is_read_with_its_name(term: str, mentioned: bool) -> None:
    assert Text(NOTE).mentions(term) is mentioned


MOE_NOTE = "MoEという言葉自体は1991年にすでにあったっぽいですが、Mistralが使っていることやMoE-LLaVA。Polarsで計算"


@pytest.mark.parametrize(
    ("term", "mentioned"),
    [
        ("Polers", True),  # a typo of a word of the note
        ("Mistrall", True),
        ("Mixtral", False),  # one edit from Mistral, but the name of another model
        ("Llama", False),  # LLaVA is not Llama, nor Llama LLaVA
        ("LLaVA", True),
    ],
)
def test_a_known_name_is_not_a_typo_of_another(term: str, mentioned: bool) -> None:
    assert Text(MOE_NOTE).mentions(term) is mentioned


@pytest.mark.parametrize(
    ("term", "mentioned"),
    [
        ("clip-japanese-base", True),
        ("clip-japanese-large", False),  # a sibling model: one part differs
    ],
)
def test_a_package_name_is_matched_whole(term: str, mentioned: bool) -> None:
    assert Text("日本語マルチモーダル基盤モデル「clip-japanese-base」を公開").mentions(term) is mentioned


@pytest.mark.parametrize(
    ("katakana", "written"),
    [
        ("ラスト", False),  # Rust: only inside トラスト (trust)
        ("トラスト", True),
        ("グラファナ", True),  # a loanword where a word begins
        ("ダッシュボード", True),
        ("ボード", False),  # the tail of ダッシュボード
    ],
)
def test_a_loanword_is_written_only_where_a_word_begins(katakana: str, written: bool) -> None:
    support = Support(
        {("a.txt", 0): "トラストを築く。グラファナのダッシュボードで監視"}, lambda w: [w], lambda w: False
    )
    assert support.begins_word(katakana) is written


@pytest.mark.parametrize(
    ("text", "term", "mentioned"),
    [
        ("GPT-4oに対しては全てのベンチマークで上回る", "GPT-4o mini", False),  # GPT-4o is not GPT-4o mini
        ("GPT-4o miniと比較", "GPT-4o mini", True),
        ("GPT-4o miniと比較", "GPT-4o", True),
    ],
)
def test_a_tiered_name_needs_its_tier(text: str, term: str, mentioned: bool) -> None:
    assert Text(text).mentions(term) is mentioned


@pytest.mark.parametrize(
    ("term", "mentioned"),
    [
        ("Polers", True),  # a typo of the note's Polars
        ("Poalrs", True),
        ("Polaris", False),  # a word of its own a typo away (the star, the product): another thing
        ("Polar", True),  # the singular
    ],
)
def test_a_dictionary_word_is_no_typo_of_a_name(term: str, mentioned: bool) -> None:
    assert Text("PolarsをGPUで計算").mentions(term) is mentioned


@pytest.mark.parametrize(
    ("term", "mentioned"),
    [
        ("Detectoron2", True),  # a typo in the letters of a name with a number
        ("Detectorn2", True),
        ("Detectron2", True),
        ("Detectron3", False),  # another number is another version, however close
        ("Detectoron3", False),
    ],
)
def test_a_name_with_a_number_is_misspelt_only_in_its_letters(term: str, mentioned: bool) -> None:
    assert Text("Detectron2でDocument Layout Analysisの学習").mentions(term) is mentioned


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("基本5%、強い分布シフトは25%", True),
        ("53/57のMMLUで上回った", True),
        ("正答率は3割", True),
        ("中間解析ごとにアルファを消費する α*(t_k) - α*(t_{k-1})", False),
        ("89 パーセンタイルにランクイン", False),  # a rank
        ("2024-09-26 の回", False),
    ],
)
def test_a_topic_gives_a_share_only_as_a_figure(text: str, share: bool) -> None:
    support = Support({("n.txt", 0): text}, lambda w: [w], lambda w: True)
    assert support.gives_share(("n.txt", 0)) is share


def test_a_word_the_notes_hold_as_written_is_no_typo_of_another() -> None:
    topics = {
        ("2024-04-11", 0): "Appleが開発したマルチモーダルLLM",
        ("2024-09-26", 0): "Do I qualify to apply for a visa?",
        ("2024-09-19", 0): "Polarsで計算",
    }
    support = Support(topics, lambda w: [w], lambda w: False)
    assert support.topics_mentioning("Apple") == {("2024-04-11", 0)}  # "apply" is another word
    assert support.topics_mentioning("Polers") == {("2024-09-19", 0)}  # no note says Polers: a typo of Polars


INFLECTED_NOTE = "Amazon Polarity Review のデータセット。annotators が evaluated した。Multimodal LLMs"


@pytest.mark.parametrize(
    ("term", "mentioned"),
    [
        ("Polars", False),  # a name shares the stem polar with Polarity, a word derived otherwise
        ("Polarity", True),
        ("Annotator", True),  # a plural, a past, an -ing form are the same word
        ("evaluate", True),
        ("evaluating", True),
        ("annotation", False),  # a derivation of the stem is another word
        ("multimod", True),  # a search term as the index stems it holds every word of that stem
        ("LLM", True),
    ],
)
def test_a_stem_counts_only_through_inflections(term: str, mentioned: bool) -> None:
    assert Text(INFLECTED_NOTE).mentions(term) is mentioned


def test_a_name_the_notes_shorten_to_its_capitals_is_mentioned_where_they_are() -> None:
    topics = {
        ("2024-09-26", 0): "BQで集計していたのをVertex AI Pipelinesに移行",
        ("2024-09-19", 0): "Amazon SageMaker の活用",
    }
    support = Support(topics, lambda w: [w], lambda w: False)
    assert support.topics_mentioning("BigQuery") == {("2024-09-26", 0)}  # the notes' BQ
    assert support.covers(("2024-09-26", 0), ["BigQuery", "Vertex"])
    assert support.topics_mentioning("SageMaker") == {("2024-09-19", 0)}  # written out: found as written
    assert support.topics_mentioning("DataDog") == frozenset()  # no DD in the notes: not mentioned
    assert support.topics_mentioning("OpenAI") == frozenset()  # not a name in capitalised parts


@pytest.mark.parametrize(
    ("text", "phrase", "other"),
    [
        ("Continuous batching", "static batching", True),  # another kind of batching
        ("Batch Active Learningに対してCLを応用", "static batching", True),  # batch only describes the method
        ("KV cache をキューに追加", "prompt caching", True),
        ("tokenizerの適応", "tokenizer adaptation", False),  # the word alone among Japanese
        ("the batch is split", "static batching", False),  # a stopword is no name beside it
        ("KV cache と キャッシュの更新", "prompt caching", False),  # katakana may be it said in Japanese
        ("GPUで処理する", "static batching", False),  # neither word
    ],
)
def test_a_compound_word_only_inside_other_english_names(text: str, phrase: str, other: bool) -> None:
    assert Text(text).in_other_names(phrase) is other


def test_a_two_letter_acronym_is_no_plural_of_a_letter() -> None:
    # DeepSeek shortens to DS; a note that labels cases A, B, C and D holds no DS, nor does "Ds"
    text = Text("例えばAは1つ検出漏れ(FN)、Dはセグメンテーション範囲が広い(FP)")
    assert not text.mentions("DS")
    assert text.mentions("FNs")  # a plural of an acronym the note writes still is it
    topics = {("2024-09-26", 7): "Dはセグメンテーション範囲が広い", ("2024-09-26", 0): "BQで集計"}
    support = Support(topics, lambda w: [w], lambda w: False)
    assert support.topics_mentioning("DeepSeek") == frozenset()
    assert support.topics_mentioning("BigQuery") == {("2024-09-26", 0)}
