"""Question understanding: kind of answer and the filters a question names."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.intent import Intent, understand

PRESENTERS = ["Naoto Shimakoshi", "Shun Ito", "Yuta Kamikawa", "Yuya Matsumura", "MatsudaKazuki"]
SESSIONS = [dt.date(2024, 4, 11), dt.date(2024, 5, 16), dt.date(2024, 9, 19), dt.date(2024, 9, 26)]


def u(q: str) -> Intent:
    return understand(q, PRESENTERS, SESSIONS)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("o1の話って何日だった?", "when"),
        ("When did we talk about running Polars on the GPU?", "when"),
        ("Which sessions covered OpenAI o1?", "which"),
        ("ドキュメント解析の話題が出たのはどの回?", "which"),
        ("who presented CREPE?", "who"),
        ("Detectron2でレイアウト解析を試したのは誰?", "who"),
        ("Shun Itoさんが発表したトピックを一覧にして", "list"),
        ("What did Naoto present on 2024-05-16?", "list"),
        ("What did we learn about continual pre-training?", "what"),
        ("MLシステムのモデル評価のチェックリストはある?", "what"),  # "チェックリスト" is no list request
    ],
)
def test_kinds(question: str, kind: str) -> None:
    assert u(question).kind == kind


def test_presenter_and_date_become_filters() -> None:
    intent = u("What did Naoto present on 2024-05-16?")
    f = intent.filters
    assert f.presenter == "Naoto Shimakoshi"
    assert f.since == f.until == dt.date(2024, 5, 16)
    assert "naoto" not in intent.query.lower() and "2024" not in intent.query


def test_honorific_and_full_name() -> None:
    assert u("Shun Itoさんが発表したトピックを一覧にして").filters.presenter == "Shun Ito"
    assert u("MatsudaKazukiさんの発表は?").filters.presenter == "MatsudaKazuki"


def test_unknown_or_ambiguous_names_do_not_filter() -> None:
    assert u("What did Taro present?").filters.presenter is None
    assert u("Yuta と Yuya の発表").filters.presenter is None  # two presenters: no single filter


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("2024/09/26の回で何を話した?", dt.date(2024, 9, 26), dt.date(2024, 9, 26)),
        ("2024年9月26日の話題", dt.date(2024, 9, 26), dt.date(2024, 9, 26)),
        ("9月26日の回の話題は?", dt.date(2024, 9, 26), dt.date(2024, 9, 26)),  # year from the sessions
        ("what was discussed on Sep 19?", dt.date(2024, 9, 19), dt.date(2024, 9, 19)),
        ("topics from May 2024", dt.date(2024, 5, 1), dt.date(2024, 5, 31)),
        ("2024年9月以降の論文を一覧に", dt.date(2024, 9, 1), None),
        ("2024年5月までの発表を一覧で", None, dt.date(2024, 5, 31)),
        ("9月1日の回は?", None, None),  # no session on that day: no guessing
    ],
)
def test_dates(question: str, since: dt.date | None, until: dt.date | None) -> None:
    f = u(question).filters
    assert (f.since, f.until) == (since, until)


def test_tags_filter_list_questions_only() -> None:
    assert u("2024年9月以降の論文を一覧に").filters.tag == "論文"
    assert u("Which papers did Naoto present?").filters.tag == "論文"
    assert u("[slide] の発表を一覧にして").filters.tag == "slide"
    assert u("CREPEの論文はどんな内容?").filters.tag is None  # a content word here, not a filter
    # A citation label copied from an answer is not a tag.
    assert u("KPI監視の閾値 [2024-09-26] はどう決めた?").filters.tag is None
    assert u("What is it about [undated: 「より良い機械学習システムの構築」]?").filters.tag is None
