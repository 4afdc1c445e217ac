"""Runs one index update with a file-size limit (RLIMIT_FSIZE), as a full disk would stop it: every
write past LIMIT bytes fails with EFBIG. For the disk-full test where no tmpfs can be mounted.

Usage: python -m tests.helpers.limited_update NOTES_DIR INDEX_DIR LIMIT_BYTES
Prints the project's error message (exit code 1), or DONE.
"""

from __future__ import annotations

import resource
import signal
import sys
from pathlib import Path

from rag.config import Settings
from rag.errors import RagError
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder


def main() -> None:
    notes, index, limit = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    settings = Settings(
        notes_dir=notes, index_dir=index, embedding_model="fake-bigram", max_note_chunks=5000, max_update_chunks=5000
    )
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        update_index(settings, FakeEmbedder())
    except RagError as exc:
        print(f"ERROR {exc}", flush=True)
        raise SystemExit(1) from None
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
