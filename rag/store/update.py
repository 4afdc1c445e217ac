"""Notes → index, incrementally: only new or changed notes are read and embedded.

An update, in its steps: scan the notes folder and compare each note's content hash with the
published manifest; keep the chunks, vectors and terms of unchanged notes; read and chunk the new
and changed ones, reusing any vector whose text was embedded before; embed the rest; then write and
publish a new build (rag.store.format). It holds the index folder's lock, so two updates never run
at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.errors import (
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    NotesError,
)
from rag.ingest.chunking import chunking_id
from rag.ingest.files import NoteFile, Problem, scan_notes
from rag.ingest.formats import read_note
from rag.store.budget import Plan, oldest_change_first, plan_update
from rag.store.format import (
    WRITE_STEPS,
    Manifest,
    NoteRecord,
    current_build,
    publish,
    read_terms,
    remove_stale_builds,
    write_build,
    write_guard,
)
from rag.store.lexical import Tokenizer, document_terms, get_tokenizer, tokenizer_id
from rag.store.load import NoteIndex, load_index
from rag.store.vectors import choose_type
from rag.types import Chunk, Note
from rag.util import Log, quiet

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.config import Settings
    from rag.embedding.base import Embedder

# progress(phase, done, total): phases "read", "embed", "write", "publish"
Progress = Callable[[str, int, int], None]
LOCK = ".lock"
_EMBED_GROUP = 16  # texts per embedding call: one model batch (length-sorted first); progress per batch


def no_progress(_phase: str, _done: int, _total: int) -> None:
    """A ``Progress`` that reports nothing."""


@contextlib.contextmanager
def index_lock(index_dir: Path, wait: bool = True, log: Log = quiet) -> Iterator[None]:
    """Hold the index folder's update lock; wait for another update, or raise if ``wait`` is off."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            if not wait:
                raise IndexBusyError(
                    f"Another `rag index` ({holder}) is updating {index_dir}. Wait for it to finish, or run "
                    "without --no-wait to queue behind it."
                ) from exc
            log(f"Another `rag index` ({holder}) is updating {index_dir}; waiting for it to finish…")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, since {dt.datetime.now():%H:%M:%S}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class BuildReport:
    path: Path
    notes: int
    chunks: int
    embedded: int  # chunks embedded by this update
    reused: int  # chunks whose vectors were kept or found by content hash
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    seconds: float
    full: bool
    problems: tuple[str, ...]
    deferred: tuple[str, ...] = ()  # new or changed notes left for the next update (the update budget)

    def summary(self) -> str:
        what = "Rebuilt" if self.full else "Updated"
        later = f"; {len(self.deferred)} note(s) wait for the next update (chunk budget)" if self.deferred else ""
        return (
            f"{what} the index in {self.seconds:.1f} s: {len(self.added)} new, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged notes; {self.embedded} chunks embedded, "
            f"{self.reused} reused → {self.notes} notes, {self.chunks} chunks{later}"
        )


def update_index(
    settings: Settings,
    embedder: Embedder,
    *,
    full: bool = False,
    wait: bool = True,
    log: Log = quiet,
    progress: Progress = no_progress,
) -> BuildReport:
    """Bring the index in line with the notes folder and publish it; ``full`` re-embeds everything."""
    started = time.perf_counter()
    _check_notes_dir(settings.notes_dir)
    with index_lock(settings.index_dir, wait, log):
        previous = None if full else _previous(settings, log)
        scan = _scan(settings, previous)
        notes = _read(scan, progress)
        if not scan.keep and not notes:
            for p in scan.problems:
                log(f"warning: {p}")
            raise _no_notes(settings.notes_dir, scan.problems)
        rows = _Rows.kept(previous, scan.keep)
        plan = _plan(settings, rows, notes, previous, scan)
        for p in scan.problems:
            log(f"warning: {p}")
        pending = rows.add(plan, get_tokenizer(settings.lexical_split_mode))
        rows.note_problems(scan.problems)
        fresh = _embed(embedder, [c.embed_text for c in pending], progress) if pending else None
        build = _write_and_publish(settings, embedder, rows, pending, fresh, progress)
    old = scan.old
    records = rows.records
    return BuildReport(
        path=build,
        notes=len(records),
        chunks=rows.size,
        embedded=len(pending),
        reused=rows.size - len(pending),
        added=tuple(n for n in sorted(records) if n not in old and n not in scan.keep),
        changed=tuple(n for n in sorted(records) if n in old and n not in scan.keep),
        removed=tuple(n for n in sorted(old) if n not in records),
        unchanged=len(scan.keep),
        seconds=time.perf_counter() - started,
        full=previous is None,
        problems=tuple(str(p) for p in scan.problems),
        deferred=tuple(n.name for n in plan.deferred),
    )


def _plan(
    settings: Settings,
    rows: _Rows,
    notes: Sequence[Note],
    previous: tuple[NoteIndex, list[list[str]]] | None,
    scan: _Scan,
) -> Plan:
    """The notes this update embeds within the budgets; a changed note left for later stays as published."""
    plan = plan_update(
        oldest_change_first(notes, scan.to_read),
        (settings.chunk_max_chars, settings.chunk_overlap_chars),
        lambda c: _text_key(c) in rows.known,
        settings.max_note_chunks,
        settings.max_update_chunks if previous is not None else None,  # a rebuild takes every note
    )
    scan.problems.extend(plan.problems)
    if previous is not None:
        stay = {n.name for n in plan.deferred if n.name in scan.old}
        rows.carry(previous, stay)
        scan.keep |= stay
    return plan


def _check_notes_dir(notes_dir: Path) -> None:
    if not notes_dir.is_dir():
        raise NotesError(
            f"The notes folder {notes_dir} does not exist. "
            "Create it and put session notes (.txt/.md) in it, or pass --notes DIR."
        )


def _no_notes(notes_dir: Path, problems: Sequence[Problem]) -> NotesError:
    detail = "; ".join(str(p) for p in problems[:5])
    return NotesError(
        f"No readable notes (.txt/.md files) in {notes_dir}"
        + (f" ({detail})" if detail else "")
        + ". Add session notes there, or pass --notes DIR."
    )


def _previous(settings: Settings, log: Log) -> tuple[NoteIndex, list[list[str]]] | None:
    """The published build and its terms, if an update can build on it."""
    try:
        index = load_index(settings)
        terms = read_terms(index.path)
    except IndexMissingError:
        return None
    except (IndexMismatchError, IndexCorruptError, OSError, ValueError) as exc:
        log(f"{exc} — rebuilding everything.")
        return None
    if len(terms) != len(index.chunks):
        log("The stored terms do not match the chunks — rebuilding everything.")
        return None
    return index, terms


@dataclass
class _Scan:
    """The notes folder against the published build: what stays, what must be read, what is wrong."""

    old: dict[str, NoteRecord]  # the published build's notes
    keep: set[str]  # unchanged notes: their chunks, vectors and terms carry over
    to_read: list[NoteFile]  # new and changed notes
    problems: list[Problem]


def _scan(settings: Settings, previous: tuple[NoteIndex, list[list[str]]] | None) -> _Scan:
    files, problems = scan_notes(settings.notes_dir, settings.max_note_bytes)
    old = previous[0].manifest.notes if previous else {}
    keep = {f.name for f in files if f.name in old and old[f.name].sha256 == f.sha256}
    return _Scan(old, keep, [f for f in files if f.name not in keep], problems)


def _read(scan: _Scan, progress: Progress) -> list[Note]:
    """Parse the new and changed notes; what makes one unreadable goes into the scan's problems."""
    notes = []
    for i, f in enumerate(scan.to_read):
        note, found = read_note(f)
        scan.problems.extend(found)
        if note is not None:
            notes.append(note)
        progress("read", i + 1, len(scan.to_read))
    return notes


@dataclass
class _Rows:
    """The new build's rows, by note: each chunk with its vector (None: still to embed) and its terms."""

    by_note: dict[str, list[tuple[Chunk, npt.NDArray[np.float32] | None, list[str]]]] = field(default_factory=dict)
    records: dict[str, NoteRecord] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    known: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)  # vectors by text hash

    @classmethod
    def kept(cls, previous: tuple[NoteIndex, list[list[str]]] | None, keep: set[str]) -> _Rows:
        """The rows of unchanged notes, and every vector the previous build knows by text."""
        rows = cls()
        if previous is None:
            return rows
        vectors = previous[0].all_vectors()
        for row, chunk in enumerate(previous[0].chunks):
            rows.known.setdefault(_text_key(chunk), vectors[row])
        rows.carry(previous, keep, vectors)
        return rows

    def carry(
        self,
        previous: tuple[NoteIndex, list[list[str]]],
        names: set[str],
        vectors: npt.NDArray[np.float32] | None = None,
    ) -> None:
        """Take these notes' rows, record and warnings over from the previous build as they are."""
        index, old_terms = previous
        if not names:
            return
        vectors = index.all_vectors() if vectors is None else vectors
        for row, chunk in enumerate(index.chunks):
            if chunk.note in names:
                self.by_note.setdefault(chunk.note, []).append((chunk, vectors[row], old_terms[row]))
        for name in names:
            self.records[name] = index.manifest.notes[name]
            if name in index.manifest.warnings:  # what parsing it said last time still holds
                self.warnings[name] = list(index.manifest.warnings[name])

    def add(self, plan: Plan, tokenizer: Tokenizer) -> list[Chunk]:
        """The planned notes' chunks; returns those whose text was never embedded."""
        pending: list[Chunk] = []
        for note in plan.taken:
            chunks = plan.chunks[note.name]
            self.records[note.name] = NoteRecord(
                sha256=note.sha256,
                date=note.date.isoformat() if note.date else None,
                title=note.title,
                topics=len(note.topics),
                chunks=len(chunks),
            )
            for chunk in chunks:
                vector = self.known.get(_text_key(chunk))
                terms = document_terms(tokenizer, chunk.header, chunk.text)
                self.by_note.setdefault(note.name, []).append((chunk, vector, terms))
                if vector is None:
                    pending.append(chunk)
        return pending

    def note_problems(self, problems: Sequence[Problem]) -> None:
        for p in problems:
            self.warnings.setdefault(p.name, []).append(p.message)

    @property
    def size(self) -> int:
        return sum(len(r) for r in self.by_note.values())

    def columns(
        self, pending: Sequence[Chunk], fresh: npt.NDArray[np.float32] | None, dim: int
    ) -> tuple[list[Chunk], npt.NDArray[np.float32], list[list[str]]]:
        """Chunks, vectors and terms in row order (notes by name), freshly embedded vectors filled in."""
        row_of = {c.id: i for i, c in enumerate(pending)}  # ids are unique: identical notes are skipped
        chunks: list[Chunk] = []
        vectors: list[npt.NDArray[np.float32]] = []
        terms: list[list[str]] = []
        for name in sorted(self.by_note):
            for chunk, kept, chunk_terms in self.by_note[name]:
                chunks.append(chunk)
                vectors.append(kept if kept is not None else fresh[row_of[chunk.id]])  # type: ignore[index]
                terms.append(chunk_terms)
        matrix = np.vstack(vectors) if vectors else np.zeros((0, dim), np.float32)
        return chunks, matrix, terms


def _text_key(chunk: Chunk) -> str:
    return hashlib.sha256(chunk.embed_text.encode("utf-8")).hexdigest()


def _embed(embedder: Embedder, texts: Sequence[str], progress: Progress) -> npt.NDArray[np.float32]:
    """Embed longest first (batches of similar length pad little), in groups for progress."""
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    progress("embed", 0, len(texts))
    for start in range(0, len(order), _EMBED_GROUP):
        rows = order[start : start + _EMBED_GROUP]
        vectors = embedder.embed_passages([texts[i] for i in rows])
        if vectors.shape != (len(rows), embedder.dim):
            raise IndexCorruptError(f"The embedder returned {vectors.shape} vectors for {len(rows)} texts.")
        out[rows] = vectors
        progress("embed", min(start + _EMBED_GROUP, len(texts)), len(texts))
    return out


def _write_and_publish(
    settings: Settings,
    embedder: Embedder,
    rows: _Rows,
    pending: Sequence[Chunk],
    fresh: npt.NDArray[np.float32] | None,
    progress: Progress,
) -> Path:
    """Write the complete build, then make it the published one; older builds but one are removed."""
    chunks, matrix, terms = rows.columns(pending, fresh, embedder.dim)
    manifest = Manifest(
        model_id=embedder.model_id,
        dim=embedder.dim,
        chunking=chunking_id(settings.chunk_max_chars, settings.chunk_overlap_chars),
        lexical=tokenizer_id(settings.lexical_split_mode),
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        notes=dict(sorted(rows.records.items())),
        chunks=len(chunks),
        faiss_type=choose_type(len(chunks), settings),
        warnings=rows.warnings,
    )
    progress("write", 0, WRITE_STEPS)
    before = current_build(settings.index_dir)
    with write_guard(settings.index_dir):
        build = write_build(
            settings.index_dir, settings, manifest, chunks, matrix, terms, lambda i: progress("write", i, WRITE_STEPS)
        )
        progress("publish", 0, 1)  # the last moment the published build is the old one
        publish(settings.index_dir, build)
    progress("publish", 1, 1)  # published: the old builds but one go next
    remove_stale_builds(settings.index_dir, keep=[build, *([before] if before else [])])
    return build
