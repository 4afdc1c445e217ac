"""`rag index --watch`: update the index whenever the notes folder changes (polling, no daemon)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rag.errors import RagError
from rag.ingest.files import note_paths

Snapshot = dict[str, tuple[int, int]]


def snapshot(notes_dir: Path) -> Snapshot:
    """Name → (size, mtime) of the note files (the scanner's rule): cheap enough to take every second or two."""
    out: Snapshot = {}
    for name, path in note_paths(notes_dir):
        try:
            st = path.stat()
        except OSError:
            continue
        out[name] = (st.st_size, st.st_mtime_ns)
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

    seen = snapshot(notes_dir)  # taken before the first update, so a note saved during it is not missed
    run()
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
