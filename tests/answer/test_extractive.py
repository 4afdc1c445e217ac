"""The offline extractive answer: cited lines, and an honest 'not found'."""

from __future__ import annotations

import re

import pytest

from rag.answer.extractive import _Unit, extractive_answer
from rag.answer.route import Pipeline
from rag.config import Settings
from rag.errors import QuestionError
from rag.retrieval.retriever import Retriever
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.pipelines import pipeline_of


def test_each_topic_is_cited_once_with_the_lines_that_answer(
    fake_pipeline: Pipeline, fake_embedder: FakeEmbedder
) -> None:
    q = fake_pipeline.plan("Group Sequential Test アルファ消費")
    hits = fake_pipeline.retriever.search(q.text, 5)
    answer = extractive_answer(q, hits, fake_embedder, fake_pipeline.tokenizer, points=4)
    assert answer.found and answer.mode == "extractive"
    retrieved = {h.chunk.citation for h in hits}
    body = answer.text.splitlines()[1:]
    topic_lines = [line for line in body if line.startswith("- ")]
    assert topic_lines, answer.text
    for line in topic_lines:  # the topic's title once, with its citation
        labels = re.findall(r"\[(?:\d{4}-\d{2}-\d{2}|undated: [^\]]+)\]$", line)
        assert labels and labels[0] in retrieved, line
    quoted = [line for line in body if line.startswith("  ")]
    assert quoted and not any(re.search(r"\[\d{4}-\d{2}-\d{2}\]", line) for line in quoted)  # no repeated labels
    assert answer.citations[0].label == "[2024-09-26]"
    assert "名寄せ" in answer.citations[0].title


def test_no_relevant_hits_says_not_found_in_the_question_language(
    fake_pipeline: Pipeline, fake_embedder: FakeEmbedder
) -> None:
    ja = extractive_answer(
        fake_pipeline.plan("量子コンピュータの話は出た?"), [], fake_embedder, fake_pipeline.tokenizer
    )
    en = extractive_answer(
        fake_pipeline.plan("Did we talk about quantum computers?"), [], fake_embedder, fake_pipeline.tokenizer
    )
    assert not ja.found and not en.found
    assert "見つかりませんでした" in ja.text
    assert "don't seem to cover" in en.text
    assert ja.citations == () and en.citations == ()


def test_answer_question_applies_the_relevance_threshold(fake_settings: Settings, fake_retriever: Retriever) -> None:
    strict = fake_settings.replace(min_score=1.0)
    retriever = Retriever(fake_retriever.index, fake_retriever.embedder, fake_retriever.tokenizer, strict)
    answer = pipeline_of(retriever, strict).answer("名寄せの定量評価")
    assert not answer.found
    assert answer.citations == ()
    assert answer.hits  # the closest chunks are still shown, uncited


@pytest.mark.parametrize("question", ["", "   ", "🤔🤔", "?!…"])
def test_questions_without_words_are_refused_clearly(fake_retriever: Retriever, question: str) -> None:
    with pytest.raises(QuestionError):
        fake_retriever.search(question, 5)


def test_a_heading_line_heads_the_bullets_after_it() -> None:
    from rag.answer.extractive import _units

    text = "\n".join(
        ["- 3つのモジュール", "  - Word Embedding Module", "Word Embedding Module", "- BERTで埋め込み",
         "- Mapping層を追加する。", "次の段落はここで終わる。", "- 別の話題について"]
    )  # fmt: skip
    depths = dict(_units(text))
    assert depths["Word Embedding Module"] == -1  # the heading, one level above the bullets it heads
    assert depths["BERTで埋め込み"] == 0 and depths["別の話題について"] == 0
    assert depths["次の段落はここで終わる。"] == 0  # a sentence is no heading
    assert [t for t, _ in _units(text)].count("Word Embedding Module") == 2  # the bullet and the heading


def test_a_long_topics_best_chunk_keeps_its_lines_when_the_answer_has_too_many() -> None:
    """The fact in a later chunk (dataset sizes after a long method section) is among the lines the
    answer may quote, and the lines stay in reading order."""
    from rag.answer.extractive import _MAX_UNITS, _answer_units
    from rag.types import Chunk, Hit

    def chunk(part: int, lines: list[str]) -> Chunk:
        return Chunk(f"c{part}", "n.txt", "2031-01-09", "A", None, "Graph paper", 0, part, 3, "\n".join(lines))

    method = [f"- 手法の説明その{i}です" for i in range(_MAX_UNITS)]
    hits = [
        Hit(chunk(0, method[: _MAX_UNITS // 2]), 0.5, 2),
        Hit(chunk(1, method[_MAX_UNITS // 2 :]), 0.4, 3),
        Hit(chunk(2, ["- WILDRECEIPT", "  - 1740のレシート画像"]), 0.9, 1),
    ]
    units = _answer_units([hits])
    texts = [u.text for u in units]
    assert "1740のレシート画像" in texts and len(units) == _MAX_UNITS
    assert texts.index("WILDRECEIPT") == len(texts) - 2  # the later chunk's lines come last, as they are read
    assert [u.order for u in units] == list(range(len(units)))


def test_the_line_that_answers_may_be_in_a_chunk_retrieval_did_not_return(
    fake_pipeline: Pipeline, fake_embedder: FakeEmbedder
) -> None:
    """The best topic's other chunks are quoted from too: the dataset split in its experiments section."""
    from rag.types import Hit

    q = fake_pipeline.plan("CORDは80%を訓練、10%を検証に分けた?")
    chunks = [c for c in fake_pipeline.index.chunks if c.title.startswith("Information Extraction from Visually")]
    first = next(c for c in chunks if c.part == 0)
    assert not any("80%を訓練" in c.text for c in chunks if c.part == 0)
    hits = [Hit(first, 0.9, 1)]
    without = extractive_answer(q, hits, fake_embedder, fake_pipeline.tokenizer)
    whole = extractive_answer(
        q, hits, fake_embedder, fake_pipeline.tokenizer, chunks_of=fake_pipeline.index.topic_chunks
    )
    assert "80%" not in without.text
    assert "80%を訓練" in whole.text, whole.text
    assert [c.label for c in whole.citations] == ["[2024-09-19]"]  # still the topic's one citation


def _list_units(items: list[str]) -> list[_Unit]:
    head = _Unit(0, "Dataset", 1.0, 0, 0)
    return [head, *(_Unit(0, text, 1.0, n + 1, 1) for n, text in enumerate(items))]


def test_a_chosen_line_heading_a_list_of_names_brings_every_name() -> None:
    from rag.answer.extractive import _with_children

    units = _list_units(["FUNSD", "CORD", "WILDRECEIPT", "SROIE", "XFUND"])
    shown = _with_children(units, [units[0]])
    assert [u.text for u in shown] == ["Dataset", "FUNSD", "CORD", "WILDRECEIPT", "SROIE", "XFUND"]


def test_a_chosen_line_heading_sentences_brings_only_its_first_items() -> None:
    from rag.answer.extractive import _with_children

    sentences = [f"データセット{n}で評価し、精度が向上した。" for n in range(6)]  # clauses, not names
    units = _list_units(sentences)
    assert len(_with_children(units, [units[0]])) == 1 + 4
    many = _list_units([f"DS{n}" for n in range(12)])  # too many names to be the answer whole
    assert len(_with_children(many, [many[0]])) == 1 + 4
