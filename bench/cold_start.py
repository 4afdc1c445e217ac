#!/usr/bin/env python3
"""Cold start: wall time from invoking `rag ask` to its answer, with a built index (median of N runs).

Usage: python bench/cold_start.py [--runs 5] [QUESTION]

Builds the index of the bundled notes into a temporary folder first (not timed), then runs
`rag ask QUESTION` as a fresh process --runs times — each pays for the interpreter, imports,
loading the index and the query model — and reports every time and the median (target < 5 s).
Results go to bench/results/cold_start.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RAG = str(Path(sys.executable).with_name("rag"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("question", nargs="?", default="名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "notes", Path(tmp) / "notes")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RAG_LLM"))}
        common = ["--notes", f"{tmp}/notes", "--index", f"{tmp}/index"]
        subprocess.run([RAG, "index", *common], check=True, env=env, capture_output=True)
        times = []
        for i in range(a.runs):
            t = time.perf_counter()
            out = subprocess.run([RAG, "ask", a.question, *common], check=True, env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            print(f"run {i + 1}: {times[-1]:.2f} s", flush=True)
        print(out.stdout.strip().splitlines()[0] if out.stdout.strip() else "(no output)")
    result = {
        "question": a.question,
        "runs_s": [round(x, 3) for x in times],
        "median_s": round(statistics.median(times), 3),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    print(f"rag ask cold start, median of {a.runs}: {result['median_s']} s")
    (HERE / "results" / "cold_start.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
