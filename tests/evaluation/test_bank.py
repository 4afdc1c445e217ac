"""The question bank's reader: an undated document's gold may be written null or "" (both are undated)."""

from __future__ import annotations

import json
from pathlib import Path

from rag.evaluation.bank import load_questions


def test_an_empty_gold_date_is_an_undated_document(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "question": "q1", "lang": "en", "kind": "fact", "gold": [{"date": None, "topic": "X"}]},
        {"id": "b", "question": "q2", "lang": "en", "kind": "fact", "gold": [{"date": "", "topic": "X"}]},
        {"id": "c", "question": "q3", "lang": "en", "kind": "fact", "gold": [{"date": "2024-09-26", "topic": ""}]},
    ]
    path = tmp_path / "bank.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    dates = [[g.date for g in q.gold] for q in load_questions(path)]
    assert dates == [[None], [None], ["2024-09-26"]]
