"""A tag said as a word beside a topic's own words in a "which sessions" question, over the bundled notes
with the real packaged model: it narrows the sessions to that tag's topics where one of them answers
("papers about RAG" is the [論文] survey, not the search blog that also says RAG), and describes the topic
as the asker remembers it where none does ("the GPU Puzzles slides" is the untagged GPU Puzzles notebook,
"the blog about the Yu-Gi-Oh SageMaker platform" a [slide]). A tag in brackets stays a filter."""

from __future__ import annotations

import pytest

from rag.answer.route import Pipeline


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("When did we look at the GPU Puzzles slides?", {"2024-09-26"}),  # GPU Puzzles has no tag
        ("Which session had the blog about the Yu-Gi-Oh SageMaker platform?", {"2024-09-19"}),  # a [slide]
        ("When was the human annotators paper presented?", {"2024-09-26"}),  # an untagged paper
    ],
)
def test_a_tag_word_no_answering_topic_has_describes_the_topic(
    real_pipeline: Pipeline, question: str, dates: set[str]
) -> None:
    answer = real_pipeline.answer(question)
    assert answer.found
    assert {c.date for c in answer.citations} == dates


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("Which sessions had papers about RAG?", {"2024-09-26"}),  # not the 05-16 search blog
        ("Which sessions had blog posts about RAG?", {"2024-05-16"}),  # not the 09-26 [論文] survey
        ("Which sessions had slides about o1?", {"2024-09-26"}),  # not the 09-19 [blog] post
    ],
)
def test_a_tag_word_an_answering_topic_has_narrows_the_sessions(
    real_pipeline: Pipeline, question: str, dates: set[str]
) -> None:
    assert {c.date for c in real_pipeline.answer(question).citations} == dates


def test_a_bracketed_tag_stays_a_filter(real_pipeline: Pipeline) -> None:
    query = real_pipeline.plan("When was the [blog] about the Yu-Gi-Oh SageMaker platform?")
    assert (query.filters.tag, query.tag_worded) == ("blog", False)
    assert not real_pipeline.answer("When was the [blog] about the Yu-Gi-Oh SageMaker platform?").found


def test_only_a_worded_tag_beside_topic_words_is_loose(real_pipeline: Pipeline) -> None:
    assert real_pipeline.plan("When was the human annotators paper presented?").tag_worded
    assert not real_pipeline.plan("Which sessions had papers?").tag_worded  # the tag is all it asks
    assert not real_pipeline.plan("スライドで発表したのは誰?").tag_worded  # a who-question asking for the tag's topics
