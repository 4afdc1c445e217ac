"""Ctrl-C during `rag index` (the real command, the real model): it stops with exit code 130 and says
the published index is unchanged, which it is — it loads, with the notes it had."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rag.config import Settings
from rag.store.format import current_build
from rag.store.load import load_index
from tests.helpers.giant import giant_note
from tests.helpers.paths import ROOT

pytestmark = pytest.mark.slow


def test_ctrl_c_cancels_an_update_and_leaves_the_published_index(real_index_settings: Settings, tmp_path: Path) -> None:
    notes, index = tmp_path / "notes", tmp_path / "index"
    shutil.copytree(real_index_settings.notes_dir, notes)
    shutil.copytree(real_index_settings.index_dir, index)
    settings = real_index_settings.replace(notes_dir=notes, index_dir=index)
    published = current_build(index)
    before = set(load_index(settings).manifest.notes)
    (notes / "giant.txt").write_text(giant_note(600), encoding="utf-8")
    env = {**os.environ, "RAG_NOTES_DIR": str(notes), "RAG_INDEX_DIR": str(index)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "index"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    err = bytearray()
    assert proc.stderr is not None
    fd = proc.stderr.fileno()

    def read() -> None:  # the progress bar writes no newline: read what comes, as it comes
        while chunk := os.read(fd, 4096):
            err.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + 300
    while b"Embedding chunks" not in err:  # the progress bar: it is embedding now
        assert proc.poll() is None and time.monotonic() < deadline, err.decode(errors="replace")
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(60) == 130
    reader.join(10)
    said = err.decode(errors="replace")
    assert f"Cancelled (Ctrl-C): the published index ({published.name if published else ''}) is unchanged" in said
    assert "Traceback" not in said
    assert current_build(index) == published
    assert set(load_index(settings).manifest.notes) == before
