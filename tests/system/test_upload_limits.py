"""Uploads against a real `rag serve`: Gradio refuses a file over RAG_UI_MAX_UPLOAD_BYTES before storing
it, and an upload /add_note refuses or adds leaves Gradio's cache at once (nothing to fetch back)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from rag.config import Settings
from tests.helpers.ui_server import ServedApp, serve_app

pytestmark = pytest.mark.slow

LIMIT = 100_000


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gradio-cache")


@pytest.fixture(scope="module")
def app(real_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Iterator[ServedApp]:
    env = {"RAG_UI_MAX_UPLOAD_BYTES": str(LIMIT), "GRADIO_TEMP_DIR": str(cache)}
    with serve_app(real_index_settings, tmp_path_factory.mktemp("uploads"), env=env) as served:
        yield served


def test_an_upload_over_the_limit_is_refused_and_never_stored(app: ServedApp, cache: Path) -> None:
    big = "2031-04-01 勉強会\n".encode() + b"x" * (LIMIT * 3)
    r = httpx.post(f"{app.url}gradio_api/upload", files={"files": ("big.txt", big, "text/plain")}, timeout=60)
    assert r.status_code == 413, (r.status_code, r.text)
    assert not list(cache.rglob("big.txt"))
    ok = httpx.post(f"{app.url}gradio_api/upload", files={"files": ("small.txt", b"small", "text/plain")}, timeout=60)
    assert ok.status_code == 200 and list(cache.rglob("small.txt"))  # the limit is not a refusal of all uploads


def test_refused_and_added_uploads_leave_the_cache_at_once(app: ServedApp, cache: Path, tmp_path: Path) -> None:
    from gradio_client import Client, handle_file

    client = Client(app.url, verbose=False)
    binary = tmp_path / "refused.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    message, *_ = client.predict(handle_file(str(binary)), "", "", False, api_name="/add_note")
    assert "binary" in message and "discarded" in message, message
    assert not list(cache.rglob("refused.txt"))

    note = tmp_path / "2031-04-01.md"
    text = "2031-04-01 機械学習勉強会\n@Upload Tester\n[blog] Uploaded topic zzupqq\n- a line\n"
    note.write_text(text, encoding="utf-8")
    message, *_ = client.predict(handle_file(str(note)), "", "", False, api_name="/add_note")
    assert "Saved 2031-04-01.md" in message, message
    assert not list(cache.rglob("2031-04-01.md"))
    assert (app.notes_dir / "2031-04-01.md").exists()
    client.close()
