"""Each topic's best-ranked chunk: what sessions, mentions and who-answers keep of a ranked hit list."""

from __future__ import annotations

from rag.types import Chunk, Hit, best_per_topic


def hit(rank: int, note: str, topic: int, part: int = 0) -> Hit:
    chunk = Chunk(
        id=f"{note}-{topic}-{part}", note=note, date="2024-09-26", presenter="Ana Lee", tag="論文",
        title=f"Topic {topic}", topic_index=topic, part=part, parts=3, text="Some note text.",
    )  # fmt: skip
    return Hit(chunk=chunk, score=1.0 / rank, rank=rank)


HITS = [hit(1, "a.txt", 0, 1), hit(2, "b.txt", 2), hit(3, "a.txt", 0, 0), hit(4, "a.txt", 1), hit(5, "b.txt", 2, 2)]


def test_keeps_each_topics_first_hit_in_rank_order() -> None:
    best = best_per_topic(HITS)
    assert list(best) == [("a.txt", 0), ("b.txt", 2), ("a.txt", 1)]
    assert [h.rank for h in best.values()] == [1, 2, 4]


def test_within_keeps_only_the_topics_asked_for() -> None:
    best = best_per_topic(HITS, {("b.txt", 2), ("c.txt", 0)})
    assert [(k, h.rank) for k, h in best.items()] == [(("b.txt", 2), 2)]


def test_no_hits_no_topics() -> None:
    assert best_per_topic([]) == {}
