"""Ten questions at once over HTTP while a full rebuild runs: every one gets an answer, none an error."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

import pytest

from rag.config import Settings
from tests.ui_server import ServedApp, message_text, serve_app

pytestmark = pytest.mark.slow

QUESTIONS = [
    "名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?",
    "o1の話って何日だった?",
    "who presented CREPE?",
    "What did we learn about continual pre-training?",
    "When did we talk about running Polars on the GPU?",
    "clip-japanese-baseについて教えて",
    "Detectron2でレイアウト解析を試した話は誰?",
    "KPIのモニタリング自動化はいつ?",
    "GPU Puzzles",
    "テキスト生成APIサーバのスループットを上げるには?",
]


@pytest.fixture(scope="module")
def app(real_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with serve_app(real_index_settings, tmp_path_factory.mktemp("ui-concurrency")) as served:
        yield served


class StatusSampler:
    """Polls ``/status`` in the background: when was the rebuild running?"""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.samples: list[tuple[float, dict[str, Any]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> StatusSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self._client.predict(api_name="/status")))
            self._stop.wait(0.2)


def test_ten_concurrent_questions_are_all_answered_during_a_rebuild(app: ServedApp) -> None:
    from gradio_client import Client

    client = Client(app.url, verbose=False)
    build_before = client.predict(api_name="/status")["build"]
    client.predict(api_name="/rebuild")
    deadline = time.monotonic() + 60
    while not client.predict(api_name="/status")["running"]:
        assert time.monotonic() < deadline, "the rebuild did not start"
        time.sleep(0.1)

    done_at: dict[int, float] = {}
    with StatusSampler(client) as sampler:
        jobs: list[Future[Any]] = []
        for i, q in enumerate(QUESTIONS):
            job = client.submit(q, [], [], None, None, None, None, api_name="/chat")
            job.add_done_callback(lambda _f, i=i: done_at.setdefault(i, time.monotonic()))
            jobs.append(job)
        results = [job.result(timeout=600) for job in jobs]
        while client.predict(api_name="/status")["running"]:
            time.sleep(0.5)

    for q, (messages, box) in zip(QUESTIONS, results, strict=True):  # (the history State is not sent)
        assert [m["role"] for m in messages] == ["user", "assistant"], q
        answer = message_text(messages[-1])
        assert "⚠️" not in answer, f"{q}: {answer}"
        assert 'class="rag-meta"' in answer, f"{q}: no final answer: {answer}"
        assert box == ""
    cited = [q for q, r in zip(QUESTIONS, results, strict=True) if "[2024-" in message_text(r[0][-1])]
    assert len(cited) >= 8, f"only {cited} were answered with a cited date"

    # The answers really overlapped the rebuild: it was still running after the first came back.
    first_answer = min(done_at.values())
    assert any(t > first_answer and s["running"] for t, s in sampler.samples), "the rebuild ended before any answer"
    final = client.predict(api_name="/status")
    assert final["last_ok"], final["last_message"]
    assert final["build"] != build_before, "the rebuild did not publish a new build"
    assert "Rebuilt the index" in app.log()
    client.close()
