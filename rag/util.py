"""Helpers every stage shares: atomic writes, an advisory file lock, and messages on stderr."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

Log = Callable[[str], None]


def log_stderr(msg: str) -> None:
    """Progress and warnings go to stderr, so that stdout stays clean for results."""
    print(msg, file=sys.stderr, flush=True)


def quiet(_msg: str) -> None:
    """A ``Log`` that says nothing."""


def fsync_path(path: Path) -> None:
    """Flush a file's or a folder's entry to disk (a folder: so a rename inside it survives a crash)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_name(path: Path) -> Path:
    # Hidden: the notes scanner and the index loader never read a half-written file.
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


@contextlib.contextmanager
def atomic_file(path: Path, *, overwrite: bool = True) -> Iterator[BinaryIO]:
    """Write ``path`` through a temporary file that is fsynced, then renamed into place; on an error
    nothing changes. ``overwrite=False`` never replaces an existing file (``FileExistsError``)."""
    tmp = _temp_name(path)
    try:
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the name is taken, even if it was taken a moment ago
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """``data`` into ``path`` atomically (see ``atomic_file``)."""
    with atomic_file(path, overwrite=overwrite) as fh:
        fh.write(data)


def write_text(path: Path, text: str) -> None:
    """``text`` as UTF-8 into ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """A fresh folder beside ``target`` to fill; on success it replaces ``target`` in one rename,
    on an error it is removed and ``target`` stays as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield work
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing) for the ``with`` block, so that two
    processes never build the same cached model at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
