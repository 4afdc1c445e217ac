"""A fact asked right after an answer about one topic is taken from that topic, when it holds one."""

from __future__ import annotations

from rag.retrieval.evidence import _about_the_conversation
from rag.types import Chunk, Filters, Hit, Query

CLIP = Chunk("a", "05-16.txt", "2024-05-16", "Naoto Shimakoshi", "blog", "clip-japanese-base", 0, 0, 1, "日本語の性能")
REFLECTION = Chunk("b", "09-19.txt", "2024-09-19", "Shinnosuke Hirano", "blog", "Reflection70B", 6, 0, 1, "イマイチ")
HITS = [Hit(CLIP, 1.0, 1), Hit(REFLECTION, 0.9, 2)]


def _query(prefer: tuple[tuple[str, int], ...], specific: tuple[str, ...] = ()) -> Query:
    return Query("q", "q", "fact", Filters(), "日本語 性能", ("日本", "性能"), True, specific=specific, prefer=prefer)


def test_the_topic_the_conversation_is_about_is_kept() -> None:
    assert _about_the_conversation(HITS, _query((REFLECTION.topic_key,))) == [HITS[1]]


def test_without_such_a_topic_among_the_hits_all_stay() -> None:
    assert _about_the_conversation(HITS, _query((("other.txt", 0),))) == HITS
    assert _about_the_conversation(HITS, _query(())) == HITS


def test_a_question_that_names_its_own_thing_is_not_bound_to_the_conversation() -> None:
    assert _about_the_conversation(HITS, _query((REFLECTION.topic_key,), specific=("CLIP",))) == HITS
