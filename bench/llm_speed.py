#!/usr/bin/env python3
"""Speed of the bundled local LLM: server start time, prompt and generation tokens/s per thread count.

Usage: python bench/llm_speed.py [--threads 1 2] [--tokens 64] [--runs 2]
Numbers come from llama.cpp's own per-request timings. Run it on an idle machine: another busy
process on the same cores easily halves them.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import urllib.request
from typing import Any

from rag.config import Settings
from rag.llm.server import LocalLLMServer

PROMPT = (
    "Our study group met on 2024-09-26. Summarise in three sentences why sequential testing can reduce "
    "the sample size needed to evaluate an entity-matching model, and name one risk of stopping early."
)


def chat(base_url: str, max_tokens: int, prompt: str) -> dict[str, Any]:
    body = {"messages": [{"role": "user", "content": prompt}], "max_tokens": max_tokens, "temperature": 0}
    request = urllib.request.Request(
        f"{base_url}/chat/completions", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=600) as resp:
        result: dict[str, Any] = json.loads(resp.read())
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--tokens", type=int, default=64, help="tokens to generate per run")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    cache_dir = Settings.from_env().cache_dir
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for threads in args.threads:
        started = time.monotonic()
        with LocalLLMServer(cache_dir, threads=threads) as server:
            start_s = time.monotonic() - started
            for run in range(args.runs):
                # A different prompt each run, so llama.cpp's prompt cache does not skip the prompt.
                t = chat(server.base_url, args.tokens, f"(run {run}) {PROMPT}")["timings"]
                print(
                    f"threads={threads} start={start_s:.1f}s run={run} "
                    f"prompt={t['prompt_n']} tok @ {t['prompt_per_second']:.1f} tok/s  "
                    f"generation={t['predicted_n']} tok @ {t['predicted_per_second']:.1f} tok/s  "
                    f"load={os.getloadavg()[0]:.2f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
