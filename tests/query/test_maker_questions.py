"""A "who made X?" question asks for X's maker, a fact the notes state (Apple made Ferret-UI), not for the member
who presented it — which "who presented / shared / introduced X?" and 「紹介したのは誰?」 still ask."""

from __future__ import annotations

import pytest

from rag.query.kinds import read_kind


@pytest.mark.parametrize(
    "question",
    [
        "Who made Ferret-UI?",
        "Who developed Reflection 70B?",
        "who built the MLOps platform for Yu-Gi-Oh Neuron?",
        "Who released it?",
        "Ferret-UIは誰が開発したの?",
        "clip-japanese-baseって誰が作ったモデル?",
    ],
)
def test_who_made_a_thing_is_a_fact_question(question: str) -> None:
    assert read_kind(question) == "fact"


@pytest.mark.parametrize(
    "question",
    [
        "Who presented Ferret-UI?",
        "Who shared the batching algorithms post?",
        "Who introduced the Japanese CLIP model?",
        "Ferret-UIを紹介したのは誰?",
        "MoEのブログを発表したのは誰?",
    ],
)
def test_who_presented_a_thing_still_asks_for_the_member(question: str) -> None:
    assert read_kind(question) == "who"
