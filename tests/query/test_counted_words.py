"""Count, 全部 and who words read by what they attach to: the catalogue's sessions, topics and presenters,
or a number, the contents or an organisation inside one topic."""

from __future__ import annotations

import pytest

from rag.query.kinds import read_kind


@pytest.mark.parametrize(
    "question",
    [
        "専門家は何人?",
        "アノテーション精度の論文、被験者って全部で何人?",
        "アノテーション論文の実験の被験者の人数は?",
        "ラベルは何個?",
        "WikiSQEではラベルを何個用意したの?",
        "WikiSQEでは何個のラベルを使った?",
        "LLMに表データを読ませるブログでは論文が何本紹介されてた?",
        "In the blog on LLMs reading table data, how many papers were introduced?",
        "全部で何ステップ?",
        "How many layers does the model have?",
        "How many people annotated in the annotator study?",
        "RAGサーベイの中身をざっくり全部教えて",
        "Reflection 70Bを発表したのはどこの会社?",
        "名寄せの定量評価ってどこの会社のブログ?",
        "Which organisation wrote the RAG survey paper?",
    ],
)
def test_a_number_or_name_inside_a_topic_is_a_fact(question: str) -> None:
    assert read_kind(question) == "fact"


@pytest.mark.parametrize(
    "question",
    [
        "発表者は何人?",
        "発表者は全部で何人?",
        "何人が発表した?",
        "9月26日には何人発表した?",
        "9/19の発表者の人数は?",
        "[論文]は何件?",
        "論文は何件?",
        "9月のブログは何本?",
        "9月には論文が何本あった?",
        "9月の回では論文は何件?",
        "トピックは全部で何個?",
        "Shun Itoさんの発表は何件?",
        "勉強会は何回?",
        "How many papers were presented in September?",
        "How many talks were in the September 26 session?",
        "How many people presented in the September 26 session?",
        "How many sessions did the study group hold?",
        "スライド資料の紹介は何件あった?",
    ],
)
def test_a_count_of_the_catalogue_is_a_count(question: str) -> None:
    assert read_kind(question) == "count"


@pytest.mark.parametrize(
    "question", ["Reflection 70Bを発表したのは誰?", "CREPEの論文を発表した人は?", "Who presented the CREPE paper?"]
)
def test_a_member_who_presented_is_who(question: str) -> None:
    assert read_kind(question) == "who"


def test_every_topic_is_still_a_list() -> None:
    assert read_kind("トピックを全部教えて") == "list"
    assert read_kind("9/26の回のトピックを全部教えて") == "list"
    # a session's contents, all of them, is that session's summary (its topics with their key lines)
    assert read_kind("9/26の回の内容を全部教えて") == "summary"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("吉田さんの発表は合計でいくつ?", "count"),  # いくつ ending the question counts what it attaches to
        ("9/19の発表はいくつ?", "count"),
        ("ブログ記事の紹介はいくつでしたか", "count"),
        ("被験者の数はいくつ?", "fact"),  # a number inside a topic
        ("CREPEで使ったエンコーダのパラメータはいくつ?", "fact"),
        ("グループはいくつ?", "fact"),
    ],
)
def test_ikutsu_at_the_end_counts_the_catalogue_only_for_its_nouns(question: str, kind: str) -> None:
    assert read_kind(question) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("o1 って Codeforces シミュレーションでEloいくつだったんでしたっけ?", "fact"),  # the noun against it is counted
        ("GPT-4oのEloレーティングいくつ?", "fact"),
        ("被験者何人だった?", "fact"),
        ("発表者何人?", "count"),  # a catalogue noun against it: the presenters
        ("論文いくつあった?", "count"),
        ("9/26はトピック合計いくつ?", "count"),  # 合計 says "in total", the topics are counted
        ("何人が発表した?", "count"),  # no noun of its own
    ],
)
def test_a_noun_right_against_the_counter_is_what_it_counts(question: str, kind: str) -> None:
    assert read_kind(question) == kind
