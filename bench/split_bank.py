#!/usr/bin/env python3
"""Split the question bank once into a tune half and a held-out half (run once; the halves are committed).

Usage: python bench/split_bank.py PART.jsonl [PART.jsonl …] [--seed 14]

The bank was written by people who never saw the code, from the notes alone, in parts. Every need
(``group``: several phrasings of one question) goes wholly into one half, so the held-out half measures
needs nobody tuned on, not just new wordings of tuned ones. Groups are shuffled per kind and dealt
alternately, so both halves hold every kind in about the same share. Writes eval/bank/tune.jsonl and
eval/bank/heldout.jsonl.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("parts", nargs="+", type=Path)
    p.add_argument("--seed", type=int, default=14)
    a = p.parse_args()
    groups: dict[str, list[dict[str, object]]] = {}
    for part in a.parts:
        for line in part.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                groups.setdefault(f"{part.stem}/{q['group']}", []).append(q)
    by_kind: dict[str, list[str]] = {}
    for name, qs in sorted(groups.items()):
        by_kind.setdefault(str(qs[0]["kind"]), []).append(name)
    rng = random.Random(a.seed)
    halves: dict[str, list[dict[str, object]]] = {"tune": [], "heldout": []}
    for kind in sorted(by_kind):
        names = by_kind[kind]
        rng.shuffle(names)
        for i, name in enumerate(names):
            halves["tune" if i % 2 == 0 else "heldout"].extend(groups[name])
    out = ROOT / "eval" / "bank"
    out.mkdir(parents=True, exist_ok=True)
    for half, qs in halves.items():
        qs.sort(key=lambda q: str(q["id"]))
        text = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in qs)
        (out / f"{half}.jsonl").write_text(text, encoding="utf-8")
        print(f"{half}: {len(qs)} questions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
