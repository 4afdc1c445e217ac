"""The chat UI as a real server (``rag serve`` in a child process) over copies of notes and index."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.config import Settings


@dataclass(frozen=True)
class ServedApp:
    url: str
    notes_dir: Path
    index_dir: Path
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_app(
    indexed: Settings, workdir: Path, timeout: float = 180.0, env: Mapping[str, str] | None = None
) -> Iterator[ServedApp]:
    """Serve copies of ``indexed``'s notes and built index on a free port until the block ends (``env``:
    more variables for the server, e.g. RAG_API_KEYS)."""
    notes, index = workdir / "notes", workdir / "index"
    shutil.copytree(indexed.notes_dir, notes)
    shutil.copytree(indexed.index_dir, index)
    port = free_port()
    app = ServedApp(f"http://127.0.0.1:{port}/", notes, index, workdir / "server.log")
    variables = {
        **os.environ,
        "GRADIO_ANALYTICS_ENABLED": "False",
        "RAG_CACHE_DIR": str(indexed.cache_dir),
        **(env or {}),
    }
    cmd = [sys.executable, "-m", "rag.cli", "serve", "--notes", str(notes), "--index", str(index), "--port", str(port)]
    with open(app.log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=variables, cwd=workdir)
    try:
        _wait_until_up(app, proc, timeout)
        yield app
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(app: ServedApp, proc: subprocess.Popen[Any], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"`rag serve` exited with {proc.returncode}:\n{app.log()}")
        try:
            with urllib.request.urlopen(app.url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"`rag serve` did not answer on {app.url} within {timeout:.0f} s:\n{app.log()}")


def message_text(message: dict[str, Any]) -> str:
    """A chatbot message's text, whether its content is a string or gradio's list of parts."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content)
