"""Ten API requests at once while a full rebuild of the served index runs: every one is answered.

The rebuild is `rag index --full` on the served index folder, as a scheduled job would run it: the
server keeps answering from the published build and follows the new one once it is published."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from openai import OpenAI

from rag.config import Settings
from tests.helpers.paths import ROOT
from tests.helpers.ui_server import ServedApp, serve_app

pytestmark = pytest.mark.slow

# The first ten questions of the evaluation set whose answer is in the notes, with their gold dates.
BANK = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
QUESTIONS = [(q["question"], {g["date"] for g in q["gold"]}) for q in BANK if q["gold"]][:10]


@pytest.fixture(scope="module")
def app(real_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with serve_app(real_index_settings, tmp_path_factory.mktemp("api-concurrency")) as served:
        yield served


def _rebuild(app: ServedApp, log: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "rag.cli",
        "index",
        "--full",
        "--notes",
        str(app.notes_dir),
        "--index",
        str(app.index_dir),
    ]
    with open(log, "wb") as out:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ))


def test_ten_concurrent_api_requests_are_all_answered_during_a_rebuild(app: ServedApp, tmp_path: Path) -> None:
    client = OpenAI(base_url=f"{app.url}v1", api_key="unused", max_retries=0, timeout=600)
    build_before = (app.index_dir / "CURRENT").read_text()
    log = tmp_path / "rebuild.log"
    rebuild = _rebuild(app, log)
    deadline = time.monotonic() + 120
    while "Embedding chunks" not in log.read_text(errors="replace"):  # past loading the model: embedding
        assert rebuild.poll() is None, f"the rebuild ended early:\n{log.read_text()}"
        assert time.monotonic() < deadline, "the rebuild did not start embedding within 120 s"
        time.sleep(0.1)

    def ask(question: str) -> tuple[Any, float, bool]:
        completion = client.chat.completions.create(
            model="study-notes", messages=[{"role": "user", "content": question}]
        )
        return completion, time.monotonic(), rebuild.poll() is None

    with ThreadPoolExecutor(len(QUESTIONS)) as pool:
        results = list(pool.map(ask, [q for q, _ in QUESTIONS]))
    assert rebuild.wait(600) == 0, log.read_text()

    answered = [r[0].choices[0].message.content for r in results]
    assert all(answered), answered
    cited = [q for (q, gold), text in zip(QUESTIONS, answered, strict=True) if any(f"[{d}]" in text for d in gold)]
    assert len(cited) >= 8, f"only these cited a gold date: {cited}"
    # The answers really overlapped the rebuild: it was still running when the first came back.
    first = min(results, key=lambda r: r[1])
    assert first[2], "the rebuild ended before the first answer came back"
    assert (app.index_dir / "CURRENT").read_text() != build_before, "the rebuild did not publish a new build"
    after = client.chat.completions.create(model="study-notes", messages=[{"role": "user", "content": QUESTIONS[0][0]}])
    assert any(f"[{d}]" in (after.choices[0].message.content or "") for d in QUESTIONS[0][1])  # from the new build
