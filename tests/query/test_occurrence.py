"""When something came up first or last: *first*/*last* said of the talking about a subject (「初めて話題に
なった」, "first talked about", "last discussed", "the first session that mentioned X") picks one session of
those that support it — against look-alikes where first/last name a session, an author, a layer or a time."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.answer.route import Pipeline
from rag.query.occurrence import occurrence_clause, read_occurrence
from rag.query.plan import plan_query
from rag.store.lexical import get_tokenizer
from tests.query.test_session_neighbours import CATALOGUE, WORDS


def plan_kind(question: str) -> tuple[str, str | None, tuple[str, ...]]:
    q = plan_query(
        question, CATALOGUE, get_tokenizer("A"), in_notes=lambda w: w.lower() in WORDS, today=dt.date(2026, 12, 1)
    )
    return q.kind, q.occurrence, q.terms


@pytest.mark.parametrize(
    ("text", "occurrence"),
    [
        ("When did we first talk about RAG?", "first"),
        ("When was GPU first mentioned?", "first"),
        ("Which session first covered Polars?", "first"),
        ("When was the first time CREPE came up?", "first"),
        ("o1が初めて話題になったのはいつ?", "first"),
        ("GPUの話が最初に出たのはどの回?", "first"),
        ("When was RAG last discussed?", "latest"),
        ("When did we discuss Polars last?", "latest"),
        ("When was the last time we talked about o1?", "latest"),
        ("最後にo1の話が出たのはいつ?", "latest"),
        # look-alikes: first/last name something else
        ("Who was the first author of CREPE?", None),
        ("What did the first layer learn?", None),
        ("At first, what did they try?", None),
        ("最初の回はいつ?", None),
        ("最後の回で何を話した?", None),
        ("What was the last step of DMOps?", None),
    ],
)
def test_first_or_last_said_of_the_talking(text: str, occurrence: str | None) -> None:
    assert read_occurrence(text)[0] == occurrence


@pytest.mark.parametrize(
    ("text", "occurrence"),
    [
        ("What was the first session that mentioned CREPE?", "first"),
        ("the last meeting where we discussed GPU", "latest"),
        ("CREPEが出た最初の回は?", "first"),
        ("GPUを扱った最後の勉強会はいつ?", "latest"),
        ("What was the first session?", None),
        ("最初の回でCREPEについて何を話した?", None),  # what the first session said of it
    ],
)
def test_the_first_session_described_by_what_came_up(text: str, occurrence: str | None) -> None:
    assert occurrence_clause(text) == occurrence


@pytest.mark.parametrize(
    ("question", "kind", "occurrence"),
    [
        ("When did we first talk about GPU?", "sessions", "first"),
        ("GPUの話が最後に出たのはいつ?", "sessions", "latest"),
        ("What was the first session that mentioned CREPE?", "sessions", "first"),
        ("Which sessions talked about GPU?", "sessions", None),
        ("What was the first session?", "first", None),  # a place in the catalogue, not an occurrence
        ("What was the first session we had?", "first", None),  # the meeting itself describes no topic
        ("When was the last meeting we held?", "latest", None),
        ("Yoshidaさんの初めての発表はいつ?", "first", None),
    ],
)
def test_plan_reads_an_occurrence_only_for_a_sessions_question(
    question: str, kind: str, occurrence: str | None
) -> None:
    got_kind, got_occurrence, terms = plan_kind(question)
    assert (got_kind, got_occurrence) == (kind, occurrence)
    assert not {"first", "最初", "初めて", "最後", "last"} & set(terms)


@pytest.mark.parametrize(
    ("question", "cited", "named"),
    [
        ("When did we first talk about RAG?", {"2024-05-16"}, "2024-09-26"),
        ("RAGが出た最初の回は?", {"2024-05-16"}, "2024-09-26"),
        ("最後にo1の話が出たのはいつ?", {"2024-09-26"}, "2024-09-19"),
    ],
)
def test_the_answer_cites_the_first_or_last_session_and_names_the_others(
    real_pipeline: Pipeline, question: str, cited: set[str], named: str
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == cited
    assert named in answer.text and f"[{named}]" not in answer.text
