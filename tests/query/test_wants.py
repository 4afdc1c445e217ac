"""The kind of fact a fact question wants, read from whole phrases, with their look-alikes."""

from __future__ import annotations

import pytest

from rag.query.wants import fact_wants


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("Why did Sansan use a group sequential test?", "reason"),
        ("Continuous batchingって何がうれしいの?", "reason"),
        ("なぜMoEはMLLMと相性がいいの?", "reason"),
        ("What is the benefit of data replay?", "reason"),
        ("エッジの重みには何を使ってる?", "use"),
        ("CREPEの合成データは何で作った?", "use"),
        ("In the KPI blog, what is used for the dynamic threshold?", "use"),
        ("Which model is Reflection 70B based on?", "use"),
        ("How did clip-japanese-base do against the existing public models?", "result"),
        ("物体検出とセグメンテーションのどっちが品質高かった?", "result"),
        ("Did annotator experience make much difference?", "result"),
        ("Which one did better, detection or segmentation?", "result"),
        ("o1のEloレーティングはどれくらい?", "amount"),
        ("Which library does GPU Puzzles use?", "name"),
        ("Which organization are the survey's authors from?", "name"),
        ("RAG and Beyondの著者はどこの所属?", "name"),
        ("Where were the authors of the RAG survey from?", "name"),
        # a year or a percentile is a figure: the line that writes 1991年 or 89 パーセンタイル answers
        ("Since what year has the term mixture of experts existed?", "amount"),
        ("What percentile did o1 reach on Codeforces?", "amount"),
        ("In which year was the idea first proposed?", "amount"),
        # who made a thing asks its maker's name (Apple, HyperWrite), not the presenter
        ("Who made Ferret-UI?", "name"),
        ("Reflection 70Bは誰が開発したの?", "name"),
    ],
)
def test_a_fact_question_says_what_kind_of_fact_it_wants(question: str, want: str) -> None:
    assert want in fact_wants(question)


@pytest.mark.parametrize(
    ("question", "not_wanted"),
    [
        ("What did Learning to Reason with LLMs say about Codeforces?", "reason"),  # a title, not "why"
        ("なんでも使えるツールは?", "reason"),  # なんでも is "anything", not なんで
        ("CREPEの合成データは何で作った?", "reason"),  # 何で作った asks with what, not why
        ("どれが一番人気のツール?", "amount"),  # どれ alone asks which one, not how much
        ("Which library does GPU Puzzles use?", "reason"),
        ("Where were the results reported?", "name"),  # where, but not the authors' affiliation
        ("What approaches does the Building Better ML Systems series suggest?", "result"),  # a title's "Better"
        ("What did the year-end session cover?", "amount"),  # a year that is not asked for
        ("Who presented Ferret-UI?", "name"),  # the member, which the "who" answer gives
    ],
)
def test_look_alikes_do_not_ask_for_that_kind_of_fact(question: str, not_wanted: str) -> None:
    assert not_wanted not in fact_wants(question)
