#!/usr/bin/env python3
"""Retrieval check over the notes question set: hit@1, hit@5 and MRR of `rag search`.

Usage: python bench/retrieval_check.py [--questions eval/questions.jsonl] [--notes notes] [--index index] [-k 10]
Builds the index first if there is none. Questions whose answer is not in the notes are skipped here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rag.config import Settings
from rag.embed import load_embedder
from rag.errors import IndexMissingError
from rag.index import build_index, load_index
from rag.retrieve import search
from rag.types import Hit


def is_gold(hit: Hit, gold: list[dict[str, str | None]]) -> bool:
    return any(hit.chunk.date == g["date"] and str(g["topic"]).lower() in hit.chunk.title.lower() for g in gold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    ap.add_argument("--notes", type=Path, default=None)
    ap.add_argument("--index", type=Path, default=None)
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    settings = Settings.from_env(notes_dir=args.notes, index_dir=args.index)
    embedder = load_embedder(settings)
    try:
        index = load_index(settings)
    except IndexMissingError:
        build_index(settings, embedder, log=lambda m: print(m, file=sys.stderr))
        index = load_index(settings)
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["gold"]]
    stats: dict[str, list[float]] = {}
    misses = []
    started = time.perf_counter()
    for r in rows:
        hits = search(index, embedder, r["question"], args.k)
        rank = next((h.rank for h in hits if is_gold(h, r["gold"])), None)
        for group in ("all", r["lang"], r["kind"]):
            s = stats.setdefault(group, [0.0, 0.0, 0.0, 0.0])
            s[0] += 1
            s[1] += rank == 1
            s[2] += rank is not None and rank <= 5
            s[3] += 1 / rank if rank else 0.0
        if rank != 1:
            top = hits[0].chunk if hits else None
            misses.append(
                f"  rank={rank}  {r['question']}  (top: {top.date if top else '-'} {top.title[:50] if top else ''})"
            )
    seconds = time.perf_counter() - started
    print(
        f"{len(rows)} questions with an answer in the notes, {len(index.chunks)} chunks, "
        f"model {index.manifest.model_id}"
    )
    print(f"{'group':<8} {'n':>3}  {'hit@1':>6} {'hit@5':>6} {'MRR@' + str(args.k):>7}")
    for group, (n, h1, h5, mrr) in stats.items():
        print(f"{group:<8} {int(n):>3}  {h1 / n:>6.3f} {h5 / n:>6.3f} {mrr / n:>7.3f}")
    print(f"{seconds / len(rows) * 1000:.0f} ms per question")
    if args.show_misses and misses:
        print("not at rank 1:")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
