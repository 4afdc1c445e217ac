"""'Which sessions' answers over the bundled notes with the real packaged model: every session where the
thing came up, however the question spells it (an acronym's long form, katakana for an English name)."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        # The notes say RAG, defined once as "Retrieval Augmented Generation (RAG)"; the 05-16 talk says RAG.
        ("when did we talk abt retrieval augmented generation", {"2024-05-16", "2024-09-26"}),
        # OCR is never spelled out: the question's words' initials are the acronym the notes use.
        ("Which sessions mentioned optical character recognition?", {"2024-04-11", "2024-05-16", "2024-09-19"}),
        # OpenAI in Latin letters in three sessions (the o1 slide, Cursor's API key, the o1 blog post).
        ("オープンAIが話に出てきた回を全部教えてください", {"2024-05-16", "2024-09-19", "2024-09-26"}),
    ],
)
def test_every_session_that_mentions_it_in_another_spelling(
    real_pipeline: Pipeline, question: str, dates: set[str]
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == dates


def test_a_katakana_word_the_notes_use_is_not_widened_to_its_english_mentions(real_pipeline: Pipeline) -> None:
    answer = real_pipeline.answer("マルチモーダルなモデルの話が出てきたのはいつ?")
    assert answer.found and None not in {c.date for c in answer.citations}  # no undated essay on "models"


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        # "bias" is バイアス in three topics (and in no Latin word but Weights&Biases): the katakana is the term.
        ("Which sessions brought up bias?", {"2024-04-11", "2024-09-26", None}),
        # エージェント and フレームワーク together: only the AI-agents catch-up post holds both.
        ("Which sessions had anything on multi-agent frameworks?", {"2024-09-19"}),
        # ライセンス (two topics) is the thing; ソフトウェア, in other topics, only qualifies it.
        ("When did software licenses come up, e.g. whether commercial use is allowed?", {"2024-05-16", None}),
    ],
)
def test_english_words_the_notes_write_in_katakana_find_their_mentions(
    real_pipeline: Pipeline, question: str, dates: set[str | None]
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == dates


@pytest.mark.parametrize(
    ("question", "dates", "quoted"),
    [
        # A Japanese question that writes the katakana the notes use in a few topics: each topic that writes it
        # is a session where it came up, with its line — not the topics that merely read like the question.
        ("バイアスの話が出た回は?", {"2024-04-11", "2024-09-26", None}, "レビューする人間がバイアスを受ける"),
        ("ライセンスの話が書いてあるのはどのノート?", {"2024-05-16", None}, "Apache 2.0ライセンス"),
    ],
)
def test_a_japanese_questions_rare_katakana_word_finds_every_topic_that_writes_it(
    real_pipeline: Pipeline, question: str, dates: set[str | None], quoted: str
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == dates
    assert quoted in answer.text


def test_a_katakana_word_of_a_compound_the_question_names_pins_nothing(real_pipeline: Pipeline) -> None:
    # グラフ is in the graph-neural-network paper, but the question is about 知識グラフ, which no note holds
    assert not real_pipeline.answer("知識グラフについて話した回はいつ?").citations


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("When was Apple mentioned?", {"2024-04-11"}),  # the RAG survey's "apply" is no typo of Apple
        # LLM is defined as 大規模言語モデル once, but most topics say LLM: the 04-11 papers that say
        # 大規模言語モデル are not where LLMs' reasoning came up.
        ("LLMの推論能力について話したのはどの回ですか?", {"2024-09-19"}),
    ],
)
def test_no_session_that_does_not_mention_it(real_pipeline: Pipeline, question: str, dates: set[str]) -> None:
    assert {c.date for c in real_pipeline.answer(question).citations} == dates


def test_a_mention_ranked_below_the_cut_counts_when_its_line_is_about_the_question(real_pipeline: Pipeline) -> None:
    # ハイパーパラメータ appears once in the versioning talk's later chunk, far down the ranking.
    answer = real_pipeline.answer("ハイパーパラメータについて触れていたのはどの回?")
    assert {c.date for c in answer.citations} == {"2024-05-16", None}
    assert "ハイパーパラメータの異なるモデル" in answer.text  # the line that supports it


def test_a_mention_in_a_checklist_line_is_not_a_talk_about_it(real_pipeline: Pipeline) -> None:
    # The essay lists "CPU/GPU利用率" among things to track: no talk on GPU speed-ups or programming.
    answer = real_pipeline.answer("GPUプログラミングやGPU高速化の話があったのはいつといつ?")
    assert {c.date for c in answer.citations} == {"2024-09-19", "2024-09-26"}


def test_an_undated_document_is_not_counted_as_no_session(real_pipeline: Pipeline) -> None:
    answer = real_pipeline.answer("Weights&Biasesが出てきた回は?")  # only the undated essay names it
    assert {c.date for c in answer.citations} == {None}
    assert answer.text.startswith("ノートによると、この話題が出たのは日付なしの文書です")
    assert "0 回" not in answer.text


def test_a_line_that_holds_every_word_of_the_question_needs_less(real_pipeline: Pipeline) -> None:
    # Detectron2's 「物体検出やセグメンテーションで解くタスク」 is little like the question as a whole (z 0.9)
    # but holds all it names; the checklist line 「CPU/GPU利用率」 holds GPU, not プログラミング or 高速.
    answer = real_pipeline.answer("セグメンテーションが出てきた回を全部おしえて")
    assert {c.date for c in answer.citations} == {"2024-05-16", "2024-09-26"}
    assert "物体検出やセグメンテーションで解くタスク" in answer.text


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        # The concept's Japanese name 名寄せ is in one topic; the graph paper's "Entity間の関係" is not it.
        ("In which sessions did entity matching come up?", {"2024-09-26"}),
        ("名寄せについて話したのはどの回?", {"2024-09-26"}),
        # 検定 in two topics of one session: the Sansan post's 統計的検定, the annotators paper's t検定.
        ("Which sessions covered hypothesis testing?", {"2024-09-26"}),
        # 不確実性 in a talk of its own and inside the active-learning paper (不確実性サンプリング).
        ("Which sessions mentioned uncertainty?", {"2024-04-11", "2024-09-26"}),
    ],
)
def test_a_concept_is_answered_by_the_topics_that_name_it(
    real_pipeline: Pipeline, question: str, dates: set[str]
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == dates


def test_a_name_is_not_found_in_a_word_derived_from_its_stem(real_pipeline: Pipeline) -> None:
    # The active-learning paper lists "Amazon Polarity Review" among its datasets: not Polars.
    answer = real_pipeline.answer("When was Polars discussed?")
    assert {c.date for c in answer.citations} == {"2024-09-19"}


@pytest.mark.parametrize(
    ("question", "dates", "quoted"),
    [
        # The notes write these only in katakana or kanji: an English question finds every topic that does,
        # each with the line that names it.
        ("Which sessions brought up crowdsourced labels?", {"2024-04-11", "2024-09-26"}, "クラウドソーシング"),
        ("When did medical imaging come up?", {"2024-04-11"}, "医療画像"),
        ("Which sessions discussed hallucinations?", {"2024-09-19"}, "ハルシネーション"),
        # ... and where the notes write it in English in one topic and in kanji in another, both
        ("When did information extraction come up?", {"2024-04-11", "2024-09-19"}, "情報抽出"),
        # a Japanese question about a word the notes write in English
        ("能動学習が話題になった回は?", {"2024-04-11"}, "Active Learning"),
    ],
)
def test_general_words_written_in_another_script_find_every_session_and_its_line(
    real_pipeline: Pipeline, question: str, dates: set[str], quoted: str
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == dates
    assert quoted in answer.text


def test_which_note_counts_the_undated_note(real_pipeline: Pipeline) -> None:
    answer = real_pipeline.answer("Which note covers data augmentation?")
    assert answer.found and {c.date for c in answer.citations} == {None}


@pytest.mark.parametrize(
    "question",
    [
        "Which sessions covered autonomous driving?",
        "自動運転の話が出た回は?",
        "When did quantization come up?",
        "When did we discuss medical image diagnosis?",  # the field the 04-11 paper lists only qualifies it
        "差分プライバシーの話はどの回?",
    ],
)
def test_a_field_the_notes_never_name_is_refused_in_either_language(real_pipeline: Pipeline, question: str) -> None:
    assert not real_pipeline.answer(question).found


def test_a_name_beside_a_concept_chooses_the_topics(real_pipeline: Pipeline) -> None:
    # アノテーション is a concept several topics name; ソーラーパネル pins the one paper asked about.
    answer = real_pipeline.answer("ソーラーパネルのアノテーションの論文は何日?")
    assert {c.date for c in answer.citations} == {"2024-09-26"}
    assert "Human Annotators" in answer.text


def test_a_word_of_the_concepts_own_family_is_no_other_name(real_pipeline: Pipeline) -> None:
    # annotators is annotation asked again, not a name that narrows it: every topic writing アノテーション.
    answer = real_pipeline.answer("Which sessions had anything about annotation or annotators?")
    assert {"2024-04-11", "2024-05-16", "2024-09-26"} <= {c.date for c in answer.citations}
