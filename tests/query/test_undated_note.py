"""The documents without a session date named as such (「日付のないノート」, "the undated note"): summarised or
listed whole from the catalogue, never the latest session; a question about something inside them is searched.
Look-alikes: 日付 asked of a session, notes without a named date."""

from __future__ import annotations

import pytest

from tests.helpers.catalogues import catalogue_of, planner

TOPICS = [
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-26", "Shun Ito", "blog", "名寄せの定量評価とGroup Sequential Test"),
    (None, None, None, "「より良い機械学習システムの構築 – 第3章:モデリング楽しみが始まります」"),
]
plan = planner(catalogue_of(TOPICS), {"polars"})


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("日付のないノートの内容をまとめて", "summary"),
        ("日付なしのノートには何が書いてある?", "summary"),
        ("Summarize the note that has no date.", "summary"),
        ("What is in the undated note?", "summary"),
        ("List the undated documents.", "list"),
    ],
)
def test_the_undated_note_is_answered_from_the_documents_without_a_date(question: str, kind: str) -> None:
    q = plan(question)
    assert (q.kind, q.filters.undated, q.filters.since) == (kind, True, None)


@pytest.mark.parametrize(
    "question",
    ["Polarsの話は何日?", "Summarize the latest session.", "What did the notes say about dates in Polars?"],
)
def test_look_alikes_are_not_the_undated_note(question: str) -> None:
    assert not plan(question).filters.undated


@pytest.mark.parametrize(
    "question",
    [
        "Which note talks about data augmentation?",
        "What notes mention Polars?",
        "Kaggleが出てくるのはどのノート?",
        "実験管理について書いてあるのはどのノート?",
        "Polarsについて書いてあるメモはどれ?",
    ],
)
def test_which_note_asks_where_it_is_written_like_which_session(question: str) -> None:
    # the note that holds it, dated or undated: answered as sessions (every one, the undated note too)
    assert plan(question).kind == "sessions"


@pytest.mark.parametrize("question", ["What does the note say about Polars?", "ノートには何が書いてある?"])
def test_a_note_asked_for_its_content_is_no_which_note_question(question: str) -> None:
    assert plan(question).kind != "sessions"
