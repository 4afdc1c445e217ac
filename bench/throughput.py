#!/usr/bin/env python3
"""Full index build throughput vs the embedding model's raw encode throughput, in one run.

Usage: python bench/throughput.py [--chunks 320] [--rounds 2] [--backend auto|torch|onnx|onnx-int8]

Writes synthetic notes made of real bullets (bench/synth.py), then alternates, --rounds times:
  raw    embedder.embed_passages(texts) on exactly the texts a build embeds (each chunk's header
         and text), in one call: the model's own batching and length sorting, no pipeline
  build  update_index(full=True) into a fresh folder: scan, parse, chunk, tokenise for BM25,
         embed, write and publish the index
and reports chunks/s of each (best round) and their ratio (target ≥ 0.9). The model is loaded
and warmed up before timing. Results go to bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import write_notes  # noqa: E402

from rag.config import Settings  # noqa: E402
from rag.embedding.factory import load_embedder  # noqa: E402
from rag.ingest.chunking import chunk_note  # noqa: E402
from rag.ingest.formats import read_notes  # noqa: E402
from rag.store.update import update_index  # noqa: E402


def build_texts(settings: Settings) -> list[str]:
    notes, _problems = read_notes(settings.notes_dir)
    return [
        c.embed_text for note in notes for c in chunk_note(note, settings.chunk_max_chars, settings.chunk_overlap_chars)
    ]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--chunks", type=int, default=320)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--backend", default=None, help="embedding backend (default: the settings')")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Settings.from_env(notes_dir=Path(tmp) / "notes", index_dir=Path(tmp) / "index")
        settings = base.replace(embedding_backend=a.backend)
        write_notes(settings.notes_dir, a.chunks, seed=1)
        texts = build_texts(settings)
        embedder = load_embedder(settings, "index")
        embedder.embed_passages(texts[:32])  # warm-up
        raw, full = [], []
        for r in range(a.rounds):
            t = time.perf_counter()
            embedder.embed_passages(texts)
            raw.append(len(texts) / (time.perf_counter() - t))
            shutil.rmtree(settings.index_dir, ignore_errors=True)
            report = update_index(settings, embedder, full=True)
            assert report.embedded == report.chunks == len(texts), (report.embedded, report.chunks, len(texts))
            full.append(report.chunks / report.seconds)
            print(f"round {r + 1}: raw encode {raw[-1]:.1f} chunks/s, full build {full[-1]:.1f} chunks/s", flush=True)
    result = {
        "backend": settings.embedding_backend,
        "chunks": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
        "raw_chunks_per_s": round(max(raw), 2),
        "build_chunks_per_s": round(max(full), 2),
        "ratio": round(max(full) / max(raw), 3),
        "rounds": {"raw": [round(x, 2) for x in raw], "build": [round(x, 2) for x in full]},
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    print(
        f"{result['chunks']} chunks ({result['mean_chars']} chars on average), backend {result['backend']}: "
        f"raw encode {result['raw_chunks_per_s']} chunks/s, full build {result['build_chunks_per_s']} chunks/s, "
        f"ratio {result['ratio']}"
    )
    out = HERE / "results" / f"throughput-{settings.embedding_backend}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
