"""Answer quality with a real LLM: are the cited dates right, is every answer cited, are
out-of-notes questions refused, and how long does an answer take.

Runs the questions of eval/questions.jsonl (or a selection of ``--n``: all out-of-notes ones, a
few recall questions, then open questions, which go to the LLM) through the same path as
``rag ask --no-stream``, against the bundled local model (started here) or any endpoint
(``--base-url``). Writes bench/results/answer_quality.json.

    .venv/bin/python bench/answer_quality.py --threads 2            # all 66: ~30 min on 2 idle cores
    .venv/bin/python bench/answer_quality.py --n 32 --recall 6       # the smaller selection
    .venv/bin/python bench/answer_quality.py --base-url http://127.0.0.1:8080/v1
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from rag.assistant import Assistant
from rag.config import Settings
from rag.evaluation.bank import EvalQuestion, load_questions
from rag.llm.local_model import MODEL_ALIAS
from rag.llm.openai_compat import OpenAICompatibleLLM
from rag.llm.server import LocalLLMServer

ROOT = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class Row:
    id: str
    kind: str
    question: str
    mode: str
    found: bool
    in_notes: bool
    cited: list[str | None]
    gold: list[str | None]
    dates_correct: bool
    seconds: float
    notice: str
    answer: str


TARGETS = {"cited_dates_correct": 0.9, "cited_when_in_notes": 0.95, "refused_when_not_in_notes": 0.8}


def pick(items: list[EvalQuestion], n: int, recall: int) -> list[EvalQuestion]:
    """Every out-of-notes question, ``recall`` when/which/who ones, open ones to make ``n`` (file order);
    ``n`` 0: every question."""
    if n <= 0:
        return items
    none = [q for q in items if q.kind == "none"]
    rec = [q for q in items if q.kind in ("when", "which", "who")][:recall]
    open_ = [q for q in items if q.kind == "what"][: max(0, n - len(none) - len(rec))]
    return sorted(none + rec + open_, key=lambda q: q.id)


@contextlib.contextmanager
def endpoint(base_url: str | None, threads: int, cache_dir: Path) -> Iterator[tuple[str, str]]:
    if base_url:
        yield base_url, MODEL_ALIAS
        return
    with LocalLLMServer(cache_dir, threads=threads, n_ctx=4096) as server:
        yield server.base_url, server.model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, default=ROOT / "eval/questions.jsonl")
    ap.add_argument("--n", type=int, default=0, help="how many questions (at least 30; default 0: all of them)")
    ap.add_argument("--recall", type=int, default=6, help="with --n: how many of them when/which/who questions")
    ap.add_argument("--base-url", help="an OpenAI-compatible endpoint; default: start the bundled local model")
    ap.add_argument("--model", default=None, help="model name at --base-url (default: the local model's alias)")
    ap.add_argument("--threads", type=int, default=2, help="threads for the local model")
    ap.add_argument("--max-tokens", type=int, default=None, help="reply length limit (default: RAG_LLM_MAX_TOKENS)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/answer_quality.json")
    args = ap.parse_args()

    settings = Settings.from_env(notes_dir=ROOT / "notes", index_dir=ROOT / "index")
    questions = pick(load_questions(args.questions), args.n, args.recall)
    rows = []
    with endpoint(args.base_url, args.threads, settings.cache_dir) as (base_url, model):
        llm = OpenAICompatibleLLM(
            model=args.model or model,
            base_url=base_url,
            timeout=900,
            max_retries=0,
            temperature=settings.llm_temperature,
            max_tokens=args.max_tokens or settings.llm_max_tokens,
        )
        assistant = Assistant(settings, llm=llm, log=lambda m: print(m, file=sys.stderr))
        assistant.pipeline()  # load model and index before timing
        for i, q in enumerate(questions, 1):
            started = time.perf_counter()
            answer = assistant.ask(q.question)
            seconds = time.perf_counter() - started
            gold = {g.date for g in q.gold}
            cited = [c.date for c in answer.citations]
            row = Row(
                id=q.id,
                kind=q.kind,
                question=q.question,
                mode=answer.mode,
                found=answer.found,
                in_notes=bool(q.gold),
                cited=cited,
                gold=sorted(gold, key=str),
                dates_correct=bool(cited) and set(cited) <= gold,
                seconds=round(seconds, 1),
                notice=answer.notice,
                answer=answer.text,
            )
            rows.append(row)
            mark = "ok " if (row.dates_correct if q.gold else not answer.found) else "BAD"
            print(
                f"[{i:>2}/{len(questions)}] {mark} {q.id} {q.kind:<5} {answer.mode:<10} {seconds:6.1f}s "
                f"cited={cited} gold={row.gold} {answer.notice[:60]}",
                flush=True,
            )

    with_cites = [r for r in rows if r.cited]
    in_notes = [r for r in rows if r.in_notes]
    out_notes = [r for r in rows if not r.in_notes]
    llm_rows = [r for r in rows if r.mode == "llm"]
    summary: dict[str, float | int | str | None] = {
        "questions": len(rows),
        "model": args.model or model,
        "cited_dates_correct": sum(r.dates_correct for r in with_cites) / max(1, len(with_cites)),
        "cited_when_in_notes": sum(bool(r.cited) for r in in_notes) / max(1, len(in_notes)),
        "refused_when_not_in_notes": sum(not r.found for r in out_notes) / max(1, len(out_notes)),
        "median_latency_s": statistics.median(r.seconds for r in rows),
        "median_llm_latency_s": statistics.median(r.seconds for r in llm_rows) if llm_rows else None,
        "answered_by_llm": len(llm_rows),
        "fell_back": sum(bool(r.notice) and r.mode == "extractive" for r in rows),
    }
    print(json.dumps(summary, indent=2))
    for key, target in TARGETS.items():
        value = float(summary[key] or 0.0)
        print(f"{key}: {value:.3f} (target ≥ {target}) {'ok' if value >= target else 'BELOW TARGET'}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"summary": summary, "targets": TARGETS, "rows": [dataclasses.asdict(r) for r in rows]}
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
