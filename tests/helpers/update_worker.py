"""Runs one index update in its own process, announcing each phase on stdout (for the kill test).

Usage: python -m tests.helpers.update_worker NOTES_DIR INDEX_DIR PAUSE_PHASE
The update pauses 0.4 s when it reaches PAUSE_PHASE ("publish" pauses both before and after the
switch-over), so the test can kill it there.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rag.config import Settings
from rag.store.update import update_index
from tests.helpers.fakes import SlowFakeEmbedder


def main() -> None:
    notes, index, pause = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

    def progress(phase: str, done: int, total: int) -> None:
        print(f"PHASE {phase} {done} {total}", flush=True)
        if phase == pause:
            time.sleep(0.4)

    settings = Settings(notes_dir=notes, index_dir=index, embedding_model="fake-bigram")
    update_index(settings, SlowFakeEmbedder(delay=0.01), full=True, progress=progress)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
