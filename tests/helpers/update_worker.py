"""Runs one index update in its own process and kills itself (SIGKILL) at a given point (for the kill test).

Usage: python -m tests.helpers.update_worker NOTES_DIR INDEX_DIR "PHASE DONE"
Each progress report is announced on stdout (``PHASE embed 128 300``); when the update reports
PHASE with DONE (``write 3``: the build's third write step is on disk; ``publish 0``: just before
the switch-over; ``publish 1``: just after it), the process sends itself SIGKILL right there. The
kill is placed by phase, not by time, so it lands exactly where the test says.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from rag.config import Settings
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder


def main() -> None:
    notes, index, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

    def progress(phase: str, done: int, total: int) -> None:
        print(f"PHASE {phase} {done} {total}", flush=True)
        if f"{phase} {done}" == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    settings = Settings(notes_dir=notes, index_dir=index, embedding_model="fake-bigram")
    update_index(settings, FakeEmbedder(), full=True, progress=progress)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
