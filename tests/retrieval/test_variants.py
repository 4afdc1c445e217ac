"""Other spellings of what a question names, read from the notes: katakana, acronyms, definitions."""

from __future__ import annotations

from rag.retrieval.variants import Variants, initials, kana_key

NOTES = [
    "[blog] Learning to Reason with LLMs\n- OpenAI o1 は強化学習で訓練された\n- Transformer Decoderで文字列を出力",
    "- OCRをかけて生成されたテキスト\n- Directed Weighted Graph Neural Network: 本研究ではGNNを用いる",
    "- 画像をSwin Transformerでエンコード",
    "[論文] Retrieval Augmented Generation (RAG) and Beyond",
    "- 既存手法で catastrophic forgetting (破滅的忘却) が起きる",
    "- マルチモーダル大規模言語モデル\n- Ferret-UI: Grounded Mobile UI Understanding with Multimodal LLMs",
]


def test_katakana_the_notes_write_in_latin_letters_finds_the_english_word() -> None:
    v = Variants(NOTES)
    assert "Transformer" in v.of("トランスフォーマーが出てきた回は?")
    assert "OpenAI" in v.of("オープンAIが話に出てきた回")  # a compound: its parts spelled, the acronym kept


def test_katakana_the_notes_write_as_it_is_is_not_respelled() -> None:
    v = Variants(NOTES)
    in_notes = lambda word: any(word in n for n in NOTES)  # noqa: E731
    assert "Multimodal" not in v.of("マルチモーダルなモデルの話", in_notes)
    assert "Multimodal" in v.of("マルチモーダルなモデルの話")


def test_a_run_of_words_finds_the_acronym_the_notes_use() -> None:
    v = Variants(NOTES)
    assert v.of("Which sessions mentioned optical character recognition?") == ["OCR"]
    assert "GNN" in v.of("グラフニューラルネットワークの話はいつ?")  # katakana → graph neural network → GNN
    assert "OCR" not in v.of("Which sessions mentioned character recognition?")  # CR is not OCR


def test_definitions_link_acronyms_long_forms_and_translations_both_ways() -> None:
    v = Variants(NOTES)
    assert v.of("when did we talk abt retrieval-augmented generation") == ["RAG"]
    assert "Retrieval Augmented Generation" in v.of("RAGの話はいつ?")
    assert v.of("破滅的忘却の話はいつ?") == ["catastrophic forgetting"]
    assert v.of("Where did they drag the RAGged edge?") == []  # RAG only as a word of its own


def test_initials_skip_minor_words() -> None:
    assert initials(["Mixture", "of", "Experts"]) == "ME"
    assert initials(["optical", "character", "recognition"]) == "OCR"


def test_acronyms_come_from_the_questions_content_words_only() -> None:
    v = Variants([*NOTES, "- 環境(OS、CUDAバージョン)", "Experience Replay (CAL-ER)\n- 最も古い手法"])
    content = lambda w: w.lower() not in {"when", "did", "come", "up", "in", "our", "sessions"}  # noqa: E731
    assert "OS" not in v.of("When did it come up in our sessions?", content=content)  # "our sessions" is no OS
    # ER although "er" is inside "experience": a short acronym counts as asked only as a word of its own
    assert "ER" in v.of("When did experience replay come up?", content=content)


def test_a_definition_is_not_followed_from_a_word_most_topics_use() -> None:
    v = Variants([*NOTES, "- 大規模言語モデル(LLM)の継続事前学習"])
    assert "大規模言語モデル" in v.of("LLMの推論能力の話はいつ?")
    common = lambda word: word == "llm"  # noqa: E731
    assert "大規模言語モデル" not in v.of("LLMの推論能力の話はいつ?", common=common)
    assert "RAG" in v.of("when did we talk abt retrieval-augmented generation", common=common)


def test_katakana_spelled_another_way_finds_the_notes_english_word() -> None:
    v = Variants([*NOTES, "- Lookerで運用していたが、いくつか問題が出てきた", "- Amazon SageMaker の活用"])
    assert v.english_of("ルッカー") == ["Looker"]  # e2k spells ルーカー: the long vowel and ッ are one sound
    assert v.english_of("セージメーカー") == ["SageMaker"]
    assert v.english_of("スウィントランスフォーマー") == ["swin transformer"]  # スウィン = スイン, a run of words
    assert v.english_of("スウィン・トランスフォーマー") == ["swin transformer"]


def test_katakana_no_english_word_of_the_notes_spells_finds_nothing() -> None:
    v = Variants([*NOTES, "- Lookerで運用していたが"])
    assert v.english_of("ルーター") == []  # router: a word a sound away from Looker is another word
    assert v.english_of("ブロックチェーン") == []
    assert v.english_of("ー") == []


def test_kana_key_folds_only_spellings_of_one_sound() -> None:
    assert kana_key("ルッカー") == kana_key("ルーカー") == kana_key("ルカ")
    assert kana_key("スウィン") == kana_key("スイン")
    assert kana_key("ヴィジョン") == kana_key("ビジョン")
    assert kana_key("ビット") != kana_key("ピット")  # a different consonant is a different word


def test_a_run_of_words_holding_a_word_gives_the_acronym_the_notes_write() -> None:
    v = Variants(
        [
            "- 2024年国際情報オリンピック(IOI)において213ポイント",
            "- NERにおいて、どのような実体をタグ付けするか",
            *NOTES,
        ]
    )
    question = "How many points did o1 score at the International Olympiad in Informatics?"
    assert v.acronym_of(question, "Olympiad") == "IOI"  # the minor word inside is skipped, 'at' before is not
    assert v.acronym_of("what is asked about named entity recognition", "recognition") == "NER"
    assert v.acronym_of("the graph neural network paper", "graph") == "GNN"
    assert v.acronym_of("the graph network paper", "graph") is None  # GN: not the notes' GNN
    assert v.acronym_of("optical character recognition", "optical") == "OCR"
    assert v.acronym_of("who was the next entity?", "entity") is None  # no run around it is NER
    # words with Japanese between them, or an acronym among them, are no phrase spelled out
    assert v.acronym_of("Graph Neuralのnetwork", "network") is None
    assert v.acronym_of("GNN Neural Network", "network") is None
    assert v.acronym_of("Optical character Recognition", "character") is None  # mixed case: no one phrase
