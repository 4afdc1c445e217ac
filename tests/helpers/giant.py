"""The adversarial note of issue 18: one session note with 10,000 topics (~0.6 MB, 10,400 chunks).

Usage: python -m tests.helpers.giant OUT.txt [TOPICS]  (writes the note, prints its size)
"""

from __future__ import annotations

import sys
from pathlib import Path

GIANT_TOPICS = 10_000


def giant_note(topics: int = GIANT_TOPICS, date: str = "2031-01-09") -> str:
    """A note whose every topic is a short bullet (every 50th a long one): cheap to write, a chunk or two each."""
    head = f"{date} 機械学習勉強会\n今週のTOPIC\n@Flood Tester\n"
    body = "".join(
        f"[blog] Flood topic {i} zzflood{i}qq\n- line {i}\n"
        + (f"- {'a long line of filler words ' * 32}\n" if i % 50 == 0 else "")  # these need two chunks
        for i in range(topics)
    )
    return head + body


def main() -> None:
    out = Path(sys.argv[1])
    topics = int(sys.argv[2]) if len(sys.argv) > 2 else GIANT_TOPICS
    out.write_text(giant_note(topics), encoding="utf-8")
    print(f"{out}: {topics} topics, {out.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
