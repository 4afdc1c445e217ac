"""`rag index --watch`: update the index whenever the notes folder changes (polling, no daemon)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from rag.errors import RagError
from rag.notefiles import NOTE_SUFFIXES

Snapshot = dict[str, tuple[int, int]]


def snapshot(notes_dir: Path) -> Snapshot:
    """Name → (size, mtime) of the note files: cheap enough to take every second or two."""
    out: Snapshot = {}
    for root, dirs, names in os.walk(notes_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            if n.lower().endswith(NOTE_SUFFIXES):
                p = Path(root) / n
                try:
                    st = p.stat()
                except OSError:
                    continue
                out[p.relative_to(notes_dir).as_posix()] = (st.st_size, st.st_mtime_ns)
    return out


def watch(
    notes_dir: Path,
    update: Callable[[], object],
    log: Callable[[str], None],
    interval: float = 2.0,
    stop: Callable[[], bool] = lambda: False,
) -> None:
    """Call ``update`` once, then again after each change that has settled for one ``interval``
    (so a note being saved in pieces is read once). Errors are reported and watching goes on."""

    def run() -> None:
        try:
            update()
        except RagError as exc:
            log(f"error: {exc}")

    run()
    seen = snapshot(notes_dir)
    log(f"Watching {notes_dir} for changes (every {interval:g} s; Ctrl-C to stop)…")
    pending: Snapshot | None = None
    while not stop():
        time.sleep(interval)
        now = snapshot(notes_dir)
        if now == seen:
            pending = None
            continue
        if pending != now:  # still changing: wait one more interval
            pending = now
            continue
        seen, pending = now, None
        run()
