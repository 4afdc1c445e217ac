"""Ten questions at once over HTTP while a full rebuild runs: every one gets an answer, none an error."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import CancelledError, Future
from typing import Any

import pytest

from rag.config import Settings
from tests.helpers.ui_server import ServedApp, message_text, serve_app

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


def status(client: Any) -> dict[str, Any]:
    """``/status``, asked again when gradio_client cancels the call: a client that calls again just as the
    server closes its event stream can lose the call to that closing stream (a race inside gradio_client,
    not an answer from the app)."""
    for _ in range(5):
        try:
            result: dict[str, Any] = client.predict(api_name="/status")
            return result
        except CancelledError:
            time.sleep(0.1)
    raise AssertionError("/status was cancelled five times in a row")


class StatusSampler:
    """Polls ``/status`` in the background, over its own session: when was the rebuild running?"""

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
            self.samples.append((time.monotonic(), status(self._client)))
            self._stop.wait(0.2)


def test_ten_concurrent_questions_are_all_answered_during_a_rebuild(app: ServedApp) -> None:
    from gradio_client import Client

    # Each member asking is a session of their own, as each browser is; so are the admin and the sampler.
    client, admin, sampling = (Client(app.url, verbose=False) for _ in range(3))
    members = [Client(app.url, verbose=False) for _ in QUESTIONS]
    build_before = status(client)["build"]
    admin.predict(api_name="/rebuild")
    deadline = time.monotonic() + 60
    while not status(client)["running"]:
        assert time.monotonic() < deadline, "the rebuild did not start"
        time.sleep(0.1)

    done_at: dict[int, float] = {}
    with StatusSampler(sampling) as sampler:
        jobs: list[Future[Any]] = []
        for i, (q, member) in enumerate(zip(QUESTIONS, members, strict=True)):
            # question, chat, saved chats, from, to, presenter, tag, language
            job = member.submit(q, [], {}, None, None, None, None, "auto", api_name="/chat")
            job.add_done_callback(lambda _f, i=i: done_at.setdefault(i, time.monotonic()))
            jobs.append(job)
        results = [job.result(timeout=600) for job in jobs]
        while status(client)["running"]:
            time.sleep(0.5)

    for q, (messages, _saved, box, _chats) in zip(QUESTIONS, results, strict=True):
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
    final = status(client)
    assert final["last_ok"], final["last_message"]
    assert final["build"] != build_before, "the rebuild did not publish a new build"
    assert "Rebuilt the index" in app.log()
    for c in (client, admin, sampling, *members):
        c.close()
