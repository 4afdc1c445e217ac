"""A fact asked right after an answer about one topic is taken from that topic, when it holds one (the
retrieved hits of that topic count as evidence even below the gate, for a follow-up naming nothing of its own)."""

from __future__ import annotations

from rag.answer.route import Pipeline
from rag.config import Settings
from rag.retrieval.evidence import _about_the_conversation, _conversation_topics
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


def test_a_retrieved_topic_of_the_conversation_is_evidence_below_the_gate() -> None:
    # "who presented that one?" after an answer citing Reflection70B: its hit is evidence though the gate
    # let only the other (closer-worded) topic through; a hit hardly about the question is not
    near = Hit(REFLECTION, 0.9, 2, topic_relevance=2.0)
    far = Hit(REFLECTION, 0.9, 2, topic_relevance=0.2)
    settings = Settings()
    assert _conversation_topics([HITS[0], near], [HITS[0]], _query((REFLECTION.topic_key,)), settings) == [near]
    assert _conversation_topics([HITS[0], far], [HITS[0]], _query((REFLECTION.topic_key,)), settings) == []
    # nothing the conversation chose, or a question naming its own thing: no such evidence
    assert _conversation_topics([HITS[0], near], [HITS[0]], _query(()), settings) == []
    assert _conversation_topics([near], [], _query((REFLECTION.topic_key,), specific=("CLIP",)), settings) == []


def test_a_follow_up_about_the_cited_topic_is_answered_from_it(real_pipeline: Pipeline) -> None:
    # the question's carried-over words (continuous batching) read closer to Batch Active Learning, but
    # the answer before cited the batching blog: that is the topic "that one" is
    history = [
        (
            "Where did continuous batching come up?",
            "In the 2024-09-26 session, the [blog] テキスト生成APIサーバのスループットを高めるbatching algorithms"
            " [2024-09-26].",
        )
    ]
    answer = real_pipeline.answer("who presented that one?", history=history)
    assert {c.date for c in answer.citations} == {"2024-09-26"}
    assert "Yoshida" in answer.text
