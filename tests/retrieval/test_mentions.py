"""The lines of a topic that hold a question's terms (rag.retrieval.mentions)."""

from __future__ import annotations

from rag.retrieval.mentions import MAX_LINES, holding_lines, holds_every_word
from rag.types import Chunk


def _chunk(text: str) -> Chunk:
    return Chunk(
        id="n#0", note="n.txt", date="2024-05-16", presenter=None, tag=None, title="T", topic_index=0, part=1,
        parts=1, text=text,
    )  # fmt: skip


def test_only_lines_that_hold_every_term_as_written() -> None:
    chunk = _chunk("- 物体検出フレームワーク\n- 物体検出やセグメンテーションで解くタスク\n- Polarsで計算\n")
    assert holding_lines([chunk], ["セグメンテーション"]) == ["物体検出やセグメンテーションで解くタスク"]
    assert holding_lines([chunk], ["物体検出", "フレームワーク"]) == ["物体検出フレームワーク"]
    assert holding_lines([chunk], ["Polers"]) == []  # a typo is read in a whole topic, not in one line


def test_overlapping_chunks_give_a_line_once_and_at_most_max_lines() -> None:
    first, second = (
        _chunk("- GPUで計算\n- GPUが速い"),
        _chunk("- GPUが速い\n" + "\n".join(f"- GPU {i}" for i in range(9))),
    )
    lines = holding_lines([first, second], ["GPU"])
    assert lines[:2] == ["GPUで計算", "GPUが速い"] and len(lines) == MAX_LINES


def test_every_content_word_of_the_question_in_one_line() -> None:
    lines = ["物体検出やセグメンテーションで解くタスク", "トレーニング速度、メモリ使用量、CPU/GPU利用率"]
    assert holds_every_word(lines, ["セグメンテーション", "来る"])  # 来る (出てきた) is the question's frame
    assert not holds_every_word(lines, ["gpu", "プログラミング", "高速", "化"])
    assert not holds_every_word(lines, ["来る"])  # no content word: nothing to hold
