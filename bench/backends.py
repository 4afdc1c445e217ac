#!/usr/bin/env python3
"""Embedding backends side by side: `rag eval` quality, index build time and question latency.

Usage: python bench/backends.py [--backends torch,onnx,onnx-int8]

For each backend (RAG_EMBEDDING_BACKEND), builds the bundled notes' index into its own folder with
`rag index --full` and scores it with `rag eval --json` on eval/questions.jsonl (tuning set) and
eval/heldout.jsonl; prints hit@1, hit@5, MRR, date accuracy and not-found accuracy of hybrid
retrieval, and the build time. Results go to bench/results/backends.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RAG = str(Path(sys.executable).with_name("rag"))


def run(backend: str, tmp: Path) -> dict[str, Any]:
    env = {**os.environ, "RAG_EMBEDDING_BACKEND": backend}
    env = {k: v for k, v in env.items() if not k.startswith(("OPENAI_", "RAG_LLM"))}
    where = ["--notes", str(tmp / "notes"), "--index", str(tmp / f"index-{backend}")]
    t = time.perf_counter()
    subprocess.run([RAG, "index", "--full", *where], check=True, env=env, capture_output=True)
    build_s = time.perf_counter() - t
    out: dict[str, Any] = {"backend": backend, "build_s": round(build_s, 1)}
    for name in ("questions", "heldout"):
        t = time.perf_counter()
        proc = subprocess.run(
            [RAG, "eval", str(ROOT / "eval" / f"{name}.jsonl"), "--json", *where],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        row = next(r for r in json.loads(proc.stdout)["hybrid"] if r["group"] == "all")
        out[name] = {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}
        out[name]["eval_s"] = round(time.perf_counter() - t, 1)
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backends", default="torch,onnx,onnx-int8")
    a = p.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "notes", Path(tmp) / "notes")
        for backend in a.backends.split(","):
            results.append(run(backend, Path(tmp)))
            print(json.dumps(results[-1]), flush=True)
    print(
        f"\n{'backend':<10} {'build s':>7} | questions.jsonl: hit@1 hit@5  MRR  dates none | heldout: hit@1 hit@5  MRR"
    )
    for r in results:
        q, h = r["questions"], r["heldout"]
        print(
            f"{r['backend']:<10} {r['build_s']:>7} | {q['hit1']:.3f} {q['hit5']:.3f} {q['mrr']:.3f} "
            f"{q['date_acc']:.3f} {q['none_acc']:.3f} | {h['hit1']:.3f} {h['hit5']:.3f} {h['mrr']:.3f}"
        )
    (HERE / "results" / "backends.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
