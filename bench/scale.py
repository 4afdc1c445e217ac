#!/usr/bin/env python3
"""Query latency, memory and index size at 1k, 10k and 100k chunks (synthetic notes from the real ones).

Usage: python bench/scale.py [--scales 1000,10000,100000] [--repeat 3] [--work DIR]

For each scale, one process writes the synthetic notes (bench/synth.py) and builds the index with
the project's update_index (chunk vectors from the stand-in MixEmbedder: real vectors of real
lines, mixed); a second, fresh process loads the index like `rag ask` does and times, over the
eval questions (eval/questions.jsonl + eval/heldout.jsonl, each --repeat times):
  embed   the question embedded by the real model (ONNX backend)
  dense   FAISS search for the fusion candidates, exact (flat)
  bm25    question terms → BM25 scores over all chunks → top candidates
  hybrid  Retriever.search: embed + dense + BM25 + fusion + evidence stats (what `rag search` does)
  answer  Pipeline.answer: plan, filters, retrieval, extractive answer (what `rag ask` does)
then builds the approximate (IVF) index over the same vectors and compares, for several nprobe:
its dense latency, and the recall of the dense candidates and of the final hybrid top 5 against
exact search. Peak RSS of the query process
is taken before the IVF comparison. Results go to bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from rag.config import Settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def _settings(work: Path, n: int) -> Settings:
    return Settings.from_env(notes_dir=work / f"notes-{n}", index_dir=work / f"index-{n}")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def build(work: Path, n: int) -> dict[str, float]:
    from synth import MixEmbedder, write_notes

    from rag.embedding.factory import load_embedder
    from rag.store.update import update_index

    settings = _settings(work, n)
    shutil.rmtree(settings.notes_dir, ignore_errors=True)
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    started = time.perf_counter()
    notes = write_notes(settings.notes_dir, n)
    written = time.perf_counter() - started
    mix = MixEmbedder(settings, load_embedder(settings, "index"), settings.cache_dir / "bench")
    report = update_index(settings, mix, full=True)
    return {
        "notes": notes,
        "chunks": report.chunks,
        "write_notes_s": round(written, 2),
        "build_s": round(report.seconds, 2),
        "build_peak_rss_mb": round(_peak_rss_mb(), 1),
        "index_mb": round(_dir_mb(report.path), 1),
    }


def _questions() -> list[str]:
    out = []
    for name in ("questions.jsonl", "heldout.jsonl"):
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


T = TypeVar("T")


def _timed(fn: Callable[[], T], times: list[float]) -> T:
    t = time.perf_counter()
    out = fn()
    times.append((time.perf_counter() - t) * 1000)
    return out


def _pct(values: list[float]) -> dict[str, float]:
    s = sorted(values)
    return {"p50": round(statistics.median(s), 2), "p95": round(s[min(len(s) - 1, int(0.95 * len(s)))], 2)}


def query(work: Path, n: int, repeat: int) -> dict[str, Any]:
    import numpy as np

    from rag.answer.route import Pipeline
    from rag.embedding.base import CachingEmbedder
    from rag.embedding.factory import load_embedder
    from rag.retrieval.retriever import Retriever, _top
    from rag.store.lexical import get_tokenizer, question_terms
    from rag.store.load import load_index
    from rag.store.vectors import FLAT, IVF, build_vectors, ivf_lists, search, tune

    settings = _settings(work, n)
    t0 = time.perf_counter()
    index = load_index(settings)
    load_s = time.perf_counter() - t0
    pipeline = Pipeline(index, load_embedder(settings, "query"), get_tokenizer(settings.lexical_split_mode), settings)
    retriever = pipeline.retriever
    questions = _questions()
    pipeline.answer(questions[0])  # warm-up: model session, tokenizer dictionaries
    cand = settings.fusion_candidates

    def forget() -> None:
        if isinstance(retriever.embedder, CachingEmbedder):
            retriever.embedder.clear()

    def bm25(q: str) -> object:
        terms = index.lexical.query(question_terms(retriever.tokenizer, q))
        return _top(index.lexical.scores(terms), cand, None)

    t: dict[str, list[float]] = {k: [] for k in ("embed", "dense", "bm25", "hybrid", "answer")}
    vectors: dict[str, Any] = {}
    for _ in range(repeat):
        for q in questions:
            v = _timed(partial(retriever.embedder.embed_queries, [q]), t["embed"])[0]
            vectors[q] = v
            _timed(partial(index.dense_search, v, cand), t["dense"])
            _timed(partial(bm25, q), t["bm25"])
            forget()  # no vector from a previous step or repeat: each timing embeds the question itself
            _timed(partial(retriever.search, q), t["hybrid"])
            forget()
            _timed(partial(pipeline.answer, q), t["answer"])
    rss = _peak_rss_mb()
    # The reference is exact search, whatever the index chose at this size.
    all_vectors = index.all_vectors()
    exact = index
    if index.manifest.faiss_type != FLAT:
        exact = dataclasses.replace(index, vectors=build_vectors(all_vectors, index.manifest.dim, FLAT, settings))
    exact_retriever = Retriever(exact, retriever.embedder, retriever.tokenizer, settings)
    flat_top = {q: [h.chunk.id for h in exact_retriever.search(q)] for q in questions}
    flat_dense = {q: {r for r, _ in exact.dense_search(vectors[q], cand)} for q in questions}

    t1 = time.perf_counter()
    ann = build_vectors(all_vectors, index.manifest.dim, IVF, settings)
    ann_build_s = time.perf_counter() - t1
    h_index = dataclasses.replace(index, vectors=ann)
    h_retriever = Retriever(h_index, retriever.embedder, retriever.tokenizer, settings)
    sweep = []
    for nprobe in sorted({settings.ivf_nprobe, 8, 16, 32, 64}):
        tune(ann, settings.replace(ivf_nprobe=nprobe))
        h_dense_ms: list[float] = []
        dense_recall, hybrid_recall = [], []
        for q in questions:
            _scores, rows = _timed(partial(search, ann, vectors[q], cand, None), h_dense_ms)
            got = {int(r) for r in np.asarray(rows) if r >= 0}
            dense_recall.append(len(got & flat_dense[q]) / max(1, len(flat_dense[q])))
            top = [h.chunk.id for h in h_retriever.search(q)]
            hybrid_recall.append(len(set(top) & set(flat_top[q])) / max(1, len(flat_top[q])))
        sweep.append(
            {
                "nprobe": nprobe,
                "dense_ms": _pct(h_dense_ms),
                "dense_recall_at_candidates": round(statistics.mean(dense_recall), 4),
                "hybrid_top5_recall": round(statistics.mean(hybrid_recall), 4),
            }
        )
    tune(ann, settings)
    default = next(x for x in sweep if x["nprobe"] == settings.ivf_nprobe)
    return {
        "faiss_type": index.manifest.faiss_type,
        "load_s": round(load_s, 2),
        "queries": len(questions) * repeat,
        **{f"{k}_ms": _pct(v) for k, v in t.items()},
        "query_peak_rss_mb": round(rss, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "ann": {
            "type": IVF,
            "lists": ivf_lists(len(index.chunks), settings),
            "build_s": round(ann_build_s, 2),
            **default,
            "sweep": sweep,
        },
    }


def _run(*args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scales", default="1000,10000,100000")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--work", type=Path, help="keep notes and indexes here (default: a temporary folder)")
    p.add_argument(
        "--skip-build",
        action="store_true",
        help="reuse the indexes in --work and the build figures of the last results",
    )
    p.add_argument("--phase", choices=["build", "query"], help=argparse.SUPPRESS)
    p.add_argument("--n", type=int, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.phase:
        result = build(a.work, a.n) if a.phase == "build" else query(a.work, a.n, a.repeat)
        print(json.dumps(result))
        return 0
    work = a.work or Path(tempfile.mkdtemp(prefix="rag-scale-"))
    out = HERE / "results" / "scale.json"
    previous = {r["target"]: r for r in json.loads(out.read_text())["results"]} if a.skip_build else {}
    results: list[dict[str, Any]] = []
    for n in (int(s) for s in a.scales.split(",")):
        print(f"--- {n} chunks: writing notes and building the index…", flush=True)
        keys = ("notes", "chunks", "write_notes_s", "build_s", "build_peak_rss_mb", "index_mb")
        b = (
            {k: previous[n][k] for k in keys}
            if n in previous
            else _run("--phase", "build", "--work", str(work), "--n", str(n))
        )
        print(f"    {b}", flush=True)
        q = _run("--phase", "query", "--work", str(work), "--n", str(b["chunks"]), "--repeat", str(a.repeat))
        results.append({"target": n, **b, **q})
        print(f"    {json.dumps(q)}", flush=True)
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    print("\nchunks   type  p50/p95 ms: embed  dense  bm25  hybrid  answer | rss MB  disk MB | IVF dense  recall")
    for r in results:
        h = r["ann"]
        print(
            f"{r['chunks']:>7} {r['faiss_type'][5:9]:>5} "
            + "  ".join(
                f"{r[k]['p50']}/{r[k]['p95']}" for k in ("embed_ms", "dense_ms", "bm25_ms", "hybrid_ms", "answer_ms")
            )
            + f" | {r['query_peak_rss_mb']} {r['index_mb']} | {h['dense_ms']['p50']}/{h['dense_ms']['p95']}"
            f" dense {h['dense_recall_at_candidates']} hybrid {h['hybrid_top5_recall']}"
        )
    out.write_text(json.dumps({"results": results}, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
