#!/usr/bin/env python3
"""Warm API latency: a resident `rag serve` answering /v1/chat/completions (extractive), beside `rag ask`'s
cold start on the same index.

Usage: python bench/api_latency.py [--questions 50] [--cold-runs 3]

Indexes a copy of the bundled notes into a temporary folder (not timed), starts `rag serve` on a free
port, asks 3 warm-up questions, then times the first N questions of eval/questions.jsonl one after
another: the wall time of a non-streamed request through the official openai client over loopback
HTTP, as a client sees it. Then runs `rag ask` as a fresh process --cold-runs times on the same index
(each pays for the interpreter, imports, loading the index and the model). No LLM is configured, so
both answer extractively. Results go to bench/results/api_latency.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np
from openai import OpenAI

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RAG = str(Path(sys.executable).with_name("rag"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"`rag serve` exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/v1/models", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"`rag serve` did not answer within {timeout:.0f} s")


def ms(values: list[float], q: float) -> float:
    return round(1000 * float(np.percentile(values, q)), 1)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--questions", type=int, default=50)
    p.add_argument("--cold-runs", type=int, default=3)
    a = p.parse_args()
    bank = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    questions = [q["question"] for q in bank][: a.questions]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RAG_LLM", "RAG_API_KEYS"))}
    env["GRADIO_ANALYTICS_ENABLED"] = "False"
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "notes", Path(tmp) / "notes")
        common = ["--notes", f"{tmp}/notes", "--index", f"{tmp}/index"]
        subprocess.run([RAG, "index", *common], check=True, env=env, capture_output=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with open(Path(tmp) / "serve.log", "wb") as log:
            server = subprocess.Popen([RAG, "serve", *common, "--port", str(port)], stdout=log, stderr=log, env=env)
        try:
            wait_until_up(url, server)
            client = OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0)
            warm: list[float] = []
            uncited: list[dict[str, object]] = []  # answers without a session date, and whether they were found
            for i, question in enumerate([*questions[:3], *questions]):
                t = time.perf_counter()
                reply = client.chat.completions.create(
                    model="study-notes", messages=[{"role": "user", "content": question}]
                )
                if i >= 3:  # the first three warm the server up
                    warm.append(time.perf_counter() - t)
                    if "[20" not in (reply.choices[0].message.content or ""):
                        found = (reply.model_extra or {})["answer_info"]["found"]
                        uncited.append({"question": question, "found": found})
        finally:
            server.terminate()
            server.wait(30)
        print(f"warm API answers over {len(warm)} questions: p50 {ms(warm, 50)} ms, p95 {ms(warm, 95)} ms, "
              f"max {ms(warm, 100)} ms ({len(warm) - len(uncited)} cite a session date)", flush=True)  # fmt: skip
        cold = []
        for i in range(a.cold_runs):
            t = time.perf_counter()
            subprocess.run([RAG, "ask", questions[0], *common], check=True, env=env, capture_output=True)
            cold.append(time.perf_counter() - t)
            print(f"`rag ask` cold start {i + 1}: {cold[-1]:.2f} s", flush=True)
    cold_median = round(statistics.median(cold), 3)
    slowest = sorted(zip(warm, questions, strict=True), reverse=True)[:3]
    result = {
        "questions": len(warm),
        "warm_api_ms": {"p50": ms(warm, 50), "p95": ms(warm, 95), "max": ms(warm, 100)},
        "slowest": [{"question": q, "ms": round(1000 * t, 1)} for t, q in slowest],
        "cited": len(warm) - len(uncited),
        "uncited": uncited,
        "cold_rag_ask_s": {"runs": [round(x, 3) for x in cold], "median": cold_median},
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    print(f"`rag ask` cold start, median of {len(cold)}: {cold_median} s — "
          f"the resident server's p50 is {1000 * cold_median / ms(warm, 50):.0f}x faster")  # fmt: skip
    (HERE / "results" / "api_latency.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
