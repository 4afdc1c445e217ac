#!/usr/bin/env python3
"""JSQuAD retrieval benchmark (../shared/bench/ja_retrieval): BM25-only, dense-only and hybrid
with the project's own tokenizer, BM25, embedder and fusion, side by side in one run.

Usage:
  python bench/ja_retrieval.py                      # dev split (tuning): recall@1/5/10, MRR@10
  python bench/ja_retrieval.py --grid               # dev split: fusion settings grid
  python bench/ja_retrieval.py --heldout            # dev, then heldout_test once at the end

Passages are indexed as "title\\ntext" (as the README's baselines). Passage vectors are cached
under the cache dir, keyed by model and texts. Results are also written to bench/results/.
The data is CC BY-SA 4.0 (JGLUE / JSQuAD); it is read, never copied into the project.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rag.config import Settings
from rag.embedding.base import Embedder
from rag.embedding.factory import load_embedder
from rag.retrieval.fusion import hybrid_scores
from rag.store.lexical import BM25, document_terms, get_tokenizer

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ja_retrieval"
RESULTS = Path(__file__).resolve().parent / "results"
Ranker = Callable[[int], list[int]]


def load(folder: Path) -> tuple[list[dict[str, str]], list[dict[str, object]]]:
    corpus = [json.loads(line) for line in (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    queries = [json.loads(line) for line in (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    return corpus, queries


def cached_vectors(embedder: Embedder, texts: Sequence[str], cache: Path, query: bool) -> npt.NDArray[np.float32]:
    key = hashlib.sha256(("\x00".join([embedder.model_id, str(query), *texts])).encode()).hexdigest()[:24]
    path = cache / f"{key}.npy"
    if path.exists():
        return np.asarray(np.load(path), dtype=np.float32)
    started = time.perf_counter()
    vecs = embedder.embed_queries(texts) if query else embedder.embed_passages(texts, progress=True)
    print(f"  embedded {len(texts)} {'queries' if query else 'passages'} in {time.perf_counter() - started:.0f} s")
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def score(name: str, ranker: Ranker, ids: list[str], queries: list[dict[str, object]]) -> dict[str, float]:
    hits = {1: 0.0, 5: 0.0, 10: 0.0}
    mrr = 0.0
    for i, q in enumerate(queries):
        ranked = [ids[r] for r in ranker(i)[:10]]
        gold = {str(g) for g in q["gold_ids"]}  # type: ignore[attr-defined]
        for k in hits:
            hits[k] += len(gold & set(ranked[:k])) / len(gold)
        mrr += next((1.0 / (r + 1) for r, d in enumerate(ranked) if d in gold), 0.0)
    n = len(queries)
    res = {f"recall@{k}": v / n for k, v in hits.items()} | {"mrr@10": mrr / n}
    print(f"  {name:<28} " + "  ".join(f"{k}={v:.3f}" for k, v in res.items()), flush=True)
    return res


class Bench:
    """One split: BM25 over the project's terms, dense over the project's embedder."""

    def __init__(self, folder: Path, settings: Settings, embedder: Embedder) -> None:
        corpus, self.queries = load(folder)
        self.ids = [c["id"] for c in corpus]
        tok = get_tokenizer(settings.lexical_split_mode)
        started = time.perf_counter()
        self.bm25 = BM25.build([document_terms(tok, c["title"], c["text"]) for c in corpus])
        self.q_terms = [self.bm25.query(tok.tokenize(str(q["question"]))) for q in self.queries]
        print(f"  BM25 over {len(corpus)} passages in {time.perf_counter() - started:.1f} s")
        cache = settings.cache_dir / "bench"
        self.p_vecs = cached_vectors(embedder, [f"{c['title']}\n{c['text']}" for c in corpus], cache, False)
        self.q_vecs = cached_vectors(embedder, [str(q["question"]) for q in self.queries], cache, True)

    def lexical(self, i: int) -> list[int]:
        s = self.bm25.scores(self.q_terms[i])
        return [int(r) for r in np.argsort(-s, kind="stable")[:100]]

    def dense(self, i: int) -> list[int]:
        s = self.p_vecs @ self.q_vecs[i]
        return [int(r) for r in np.argsort(-s, kind="stable")[:100]]

    def hybrid(self, settings: Settings) -> Ranker:
        """The project's fusion over the same candidates the retriever takes (top N of each)."""
        n = settings.fusion_candidates
        sample = np.sort(np.random.default_rng(0).permutation(len(self.ids))[:1024])

        def run(i: int) -> list[int]:
            cos_all = self.p_vecs @ self.q_vecs[i]
            lexical = self.bm25.scores(self.q_terms[i])
            rows = set(self.dense(i)[:n]) | {r for r in self.lexical(i)[:n] if lexical[r] > 0}
            floor = float(cos_all[sample].mean())
            fused = hybrid_scores(
                {r: float(cos_all[r]) for r in rows},
                {r: float(lexical[r]) for r in rows},
                floor,
                self.q_terms[i].known_share,
                settings,
            )
            return sorted(fused, key=lambda r: (-fused[r], r))

        return run

    def run(self, settings: Settings) -> dict[str, dict[str, float]]:
        s = settings
        label = f"rrf k={s.rrf_k:g}" if s.fusion == "rrf" else "score"
        return {
            "bm25": score("bm25 (sudachi+ascii)", self.lexical, self.ids, self.queries),
            "dense": score("dense (e5-small)", self.dense, self.ids, self.queries),
            "hybrid": score(
                f"hybrid {label} a={s.fusion_alpha:g}..{s.fusion_alpha_max:g}",
                self.hybrid(s),
                self.ids,
                self.queries,
            ),
        }

    def grid(self, settings: Settings) -> None:
        for fusion, alphas in (("rrf", (0.3, 0.5, 0.7)), ("score", (0.4, 0.5, 0.6, 0.7, 0.8))):
            for a in alphas:
                s = settings.replace(fusion=fusion, fusion_alpha=a)
                score(f"{fusion} a={a}..{s.fusion_alpha_max:g}", self.hybrid(s), self.ids, self.queries)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--grid", action="store_true", help="try fusion settings on the dev split")
    ap.add_argument("--heldout", action="store_true", help="also report heldout_test, once, at the end")
    args = ap.parse_args()
    if not (args.bench / "corpus.jsonl").exists():
        print(f"No benchmark at {args.bench}: pass --bench DIR (../shared/bench/ja_retrieval).", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    embedder = load_embedder(settings)
    keys = ("fusion", "fusion_alpha", "fusion_alpha_max", "rrf_k", "fusion_candidates", "lexical_split_mode")
    report: dict[str, object] = {"model": embedder.model_id, "settings": {k: getattr(settings, k) for k in keys}}
    print(f"dev split ({args.bench}):")
    dev = Bench(args.bench, settings, embedder)
    if args.grid:
        dev.grid(settings)
    report["dev"] = dev.run(settings)
    if args.heldout:
        print(f"heldout_test ({args.bench / 'heldout_test'}):")
        report["heldout_test"] = Bench(args.bench / "heldout_test", settings, embedder).run(settings)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "ja_retrieval.json"
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
