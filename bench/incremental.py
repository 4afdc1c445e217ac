#!/usr/bin/env python3
"""Full rebuild vs incremental update after adding one session note, side by side in one run.

Usage: python bench/incremental.py
Copies the bundled notes to a temporary folder, rebuilds the index in full, adds
bench/data/2024-10-03_example_session.txt (a sample new session), updates incrementally, then
asks a question only the new note can answer. Model loading is done first and not timed.
Results go to bench/results/incremental.json.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rag.answer.route import Pipeline
from rag.config import Settings
from rag.embedding.factory import load_embedder
from rag.store.lexical import get_tokenizer
from rag.store.load import load_index
from rag.store.update import update_index

HERE = Path(__file__).resolve().parent
NEW_NOTE = HERE / "data" / "2024-10-03_example_session.txt"
QUESTION = "Matryoshka Representation Learningの話はいつ?"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        notes = Path(tmp) / "notes"
        shutil.copytree(HERE.parent / "notes", notes)
        settings = Settings.from_env(notes_dir=notes, index_dir=Path(tmp) / "index")
        started = time.perf_counter()
        embedder = load_embedder(settings, "index")
        query_embedder = load_embedder(settings, "query")
        print(f"models loaded in {time.perf_counter() - started:.1f} s (not counted below)")

        full = update_index(settings, embedder, full=True)
        print(full.summary())
        shutil.copy(NEW_NOTE, notes / NEW_NOTE.name)
        inc = update_index(settings, embedder)
        print(inc.summary())
        ratio = inc.seconds / full.seconds
        print(f"incremental / full time: {inc.seconds:.2f} s / {full.seconds:.2f} s = {ratio:.3f}")
        print(f"embedded: full {full.embedded} chunks, incremental {inc.embedded} chunks (the new note's)")

        pipeline = Pipeline(load_index(settings), query_embedder, get_tokenizer(settings.lexical_split_mode), settings)
        answer = pipeline.answer(QUESTION)
        print(f"\n$ rag ask {QUESTION!r}\n{answer.text}")
        ok = inc.embedded == sum(1 for c in pipeline.index.chunks if c.note == NEW_NOTE.name) and (
            "[2024-10-03]" in answer.text
        )
        results = {
            "full_seconds": round(full.seconds, 3),
            "full_chunks_embedded": full.embedded,
            "incremental_seconds": round(inc.seconds, 3),
            "incremental_chunks_embedded": inc.embedded,
            "ratio": round(ratio, 4),
            "question": QUESTION,
            "answer": answer.text,
            "answer_cites_new_session": "[2024-10-03]" in answer.text,
        }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "incremental.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    return 0 if ok and ratio < 0.2 else 1


if __name__ == "__main__":
    sys.exit(main())
