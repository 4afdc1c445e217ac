"""Index updates in a background thread, with progress the UI polls.

One update runs at a time; asking for another while one runs queues it (a full rebuild wins over
an incremental update), so adding two notes during a rebuild costs one more update, not two.
Chats never wait for an update: the assistant keeps answering from the published build and
switches to the new one once it is published. A running update can be cancelled before it
publishes (the published build stays as it was); notes left over the update's chunk budget are
taken by another update queued right after.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.errors import RagError, UpdateCancelledError

if TYPE_CHECKING:
    from rag.assistant import Assistant


@dataclass(frozen=True)
class JobStatus:
    """A snapshot of the background updates."""

    running: bool = False
    title: str = ""  # what is running: "First index build", "Full rebuild", "Update"
    phase: str = ""  # read / embed / write / publish ("" before the first progress report)
    done: int = 0
    total: int = 0
    last_message: str = ""  # the outcome of the last finished update
    last_ok: bool = True
    finished: int = 0  # updates finished so far (lets pollers see that one ended)
    queued: bool = False  # another update is waiting to run

    @property
    def busy(self) -> bool:
        return self.running or self.queued


@dataclass(frozen=True)
class _Request:
    title: str
    full: bool


class IndexJobs:
    """Runs ``assistant.update`` in one worker thread, one request at a time."""

    def __init__(self, assistant: Assistant, log: Callable[[str], None] = lambda _msg: None) -> None:
        self._assistant = assistant
        self._log = log
        self._cond = threading.Condition()
        self._status = JobStatus()
        self._pending: _Request | None = None
        self._worker: threading.Thread | None = None
        self._cancel = threading.Event()

    def status(self) -> JobStatus:
        with self._cond:
            return self._status

    def request(self, title: str, full: bool = False) -> JobStatus:
        """Start an update, or queue it behind the running one; returns the new status."""
        with self._cond:
            queued = self._pending
            if queued is not None and queued.full:
                title = queued.title  # a queued rebuild already covers this request
            self._pending = _Request(title, full or (queued is not None and queued.full))
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="index-update", daemon=True)
                self._worker.start()
            self._status = dataclasses.replace(self._status, queued=True)
            return self._status

    def cancel(self) -> JobStatus:
        """Stop the running update before it publishes, and drop a queued one; returns the new status."""
        with self._cond:
            self._pending = None
            if self._status.running:
                self._cancel.set()
            self._status = dataclasses.replace(self._status, queued=False)
            return self._status

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no update is running or queued; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._status.running or self._pending is not None:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def _run(self) -> None:
        while True:
            with self._cond:
                request, self._pending = self._pending, None
                if request is None:
                    self._worker = None
                    return
                self._status = dataclasses.replace(
                    self._status, running=True, title=request.title, phase="", done=0, total=0, queued=False
                )
                self._cancel.clear()
                self._cond.notify_all()
            ok, message, deferred = self._update(request)
            with self._cond:
                if deferred and self._pending is None and not self._cancel.is_set():
                    self._pending = _Request(f"Update (the {deferred} note(s) that waited)", False)
                self._status = dataclasses.replace(
                    self._status,
                    running=False,
                    last_message=message,
                    last_ok=ok,
                    finished=self._status.finished + 1,
                    queued=self._pending is not None,
                )
                self._cond.notify_all()

    def _update(self, request: _Request) -> tuple[bool, str, int]:
        try:
            report = self._assistant.update(full=request.full, wait=True, progress=self._progress)
        except UpdateCancelledError as exc:
            self._log(f"{request.title}: {exc}")
            return False, f"{request.title}: {exc}", 0
        except RagError as exc:
            self._log(f"{request.title} failed: {exc}")
            return False, f"{request.title} failed: {exc}", 0
        except Exception as exc:  # a worker thread must report, not die silently
            self._log(f"{request.title} failed: {exc!r}")
            return False, f"{request.title} failed unexpectedly: {exc!r}", 0
        return True, report.summary(), len(report.deferred)

    def _progress(self, phase: str, done: int, total: int) -> None:
        # Progress comes at every step up to the switch-over ("publish" 0): a cancel stops the update
        # there, leaving the published build as it was. Once published ("publish" 1) it is too late.
        if self._cancel.is_set() and (phase, done) != ("publish", 1):
            raise UpdateCancelledError("cancelled before it was published; the published index is unchanged.")
        with self._cond:
            self._status = dataclasses.replace(self._status, phase=phase, done=done, total=total)
