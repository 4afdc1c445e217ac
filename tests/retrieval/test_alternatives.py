"""A sessions question that joins alternatives (「XやYの話」, "X or Y") lists the sessions of either:
searched together, no topic holds both things' words and the question was refused."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline
from rag.query.alternatives import alternatives


@pytest.mark.parametrize(
    ("topic", "parts"),
    [
        ("GPUを使った高速化やGPUプログラミングの話", ("GPUを使った高速化", "GPUプログラミングの話")),
        ("量子化とか蒸留", ("量子化", "蒸留")),
        ("either CREPE or Polars", ("CREPE", "Polars")),
        ("RAG または 知識グラフ", ("RAG", "知識グラフ")),
    ],
)
def test_the_words_that_join_alternatives_split_a_topic(topic: str, parts: tuple[str, ...]) -> None:
    assert alternatives(topic) == parts


@pytest.mark.parametrize(
    "topic",
    [
        "Detectron2をやってみた",  # や inside a word
        "使ったやつ",
        "はやい推論",
        "RAG and knowledge graphs",  # "and" may ask for both together
        "o1とか",  # nothing on one side
        "CREPE, Polars",
        "バージョン管理(データやモデル、コードの)について",  # the parts of one thing, in brackets
    ],
)
def test_look_alikes_of_joining_words_do_not_split(topic: str) -> None:
    assert alternatives(topic) == (topic,)


def test_the_sessions_of_either_alternative_are_listed(real_pipeline: Pipeline) -> None:
    answer = real_pipeline.answer("GPUを使った高速化やGPUプログラミングの話があった日は?")
    assert answer.found
    assert {"2024-09-19", "2024-09-26"} <= {c.date for c in answer.citations}  # Polars on the GPU; GPU Puzzles
    titles = " ".join(h.chunk.title for h in answer.hits)
    assert "Polars" in titles and "GPU Puzzles" in titles


def test_an_alternative_the_notes_lack_adds_no_session(real_pipeline: Pipeline) -> None:
    both = real_pipeline.answer("When did we discuss CREPE or Detectron3?")
    one = real_pipeline.answer("When did we discuss CREPE?")
    assert {c.date for c in both.citations} == {c.date for c in one.citations} == {"2024-05-16", "2024-09-19"}
