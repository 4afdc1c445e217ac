"""Notes → index, incrementally: only new or changed notes are read and embedded.

An update compares each note's content hash with the published manifest, keeps the chunks,
vectors and terms of unchanged notes, drops those of changed or deleted notes, embeds only
chunks whose text it has not embedded before, then writes and publishes a new build
(rag.store) under a lock, so two updates never run at once.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.chunking import chunk_note, chunking_id
from rag.errors import IndexBusyError, IndexCorruptError, IndexMismatchError, IndexMissingError, NotesError
from rag.lexical import document_terms, get_tokenizer, tokenizer_id
from rag.notefiles import scan_notes
from rag.notes import read_note
from rag.store import (
    INDEX_FORMAT,
    Manifest,
    NoteIndex,
    NoteRecord,
    current_build,
    load_build,
    publish,
    read_manifest,
    read_terms,
    remove_stale_builds,
    write_build,
)
from rag.types import Chunk
from rag.vectors import choose_type, tune

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.config import Settings
    from rag.embed import Embedder

Log = Callable[[str], None]
# progress(phase, done, total): phases "read", "embed", "write", "publish"
Progress = Callable[[str, int, int], None]
LOCK = ".lock"
_EMBED_GROUP = 128  # texts per embedding call: long enough for length-sorted batches, short for progress


def _quiet(_msg: str) -> None:
    pass


def _no_progress(_phase: str, _done: int, _total: int) -> None:
    pass


def check_compatible(manifest: Manifest, settings: Settings, where: Path) -> None:
    """Raise if the index was built with another model, chunking or terms than ``settings``."""
    fix = "Run `rag index --full` to rebuild it"
    if manifest.format != INDEX_FORMAT:
        raise IndexMismatchError(
            f"The index in {where} has format {manifest.format}, this version reads {INDEX_FORMAT}. {fix}."
        )
    if manifest.model_id != settings.embedding_id:
        old_model, _, old_variant = manifest.model_id.partition("#")
        keep = f"RAG_EMBEDDING_MODEL={old_model}" + (
            " with RAG_EMBEDDING_BACKEND=onnx-int8" if old_variant == "int8" else " (not onnx-int8)"
        )
        raise IndexMismatchError(
            f"The index in {where} was built with the embedding model {manifest.model_id!r}, but the settings "
            f"use {settings.embedding_id!r}. {fix} with the current model, or set {keep} to keep using it."
        )
    wanted = chunking_id(settings.chunk_max_chars, settings.chunk_overlap_chars)
    if manifest.chunking != wanted:
        raise IndexMismatchError(
            f"The index in {where} was chunked as {manifest.chunking!r}, the settings say {wanted!r}. {fix}."
        )
    terms = tokenizer_id(settings.lexical_split_mode)
    if manifest.lexical != terms:
        raise IndexMismatchError(
            f"The index in {where} holds lexical terms of {manifest.lexical!r}, the settings say {terms!r}. {fix}."
        )


def load_index(settings: Settings) -> NoteIndex:
    """Load the published build, checking it is complete and fits the settings."""
    index_dir = settings.index_dir
    for attempt in range(2):
        build = current_build(index_dir)
        if build is None:
            raise IndexMissingError(f"No index in {index_dir}. Run `rag index` to build it from {settings.notes_dir}.")
        if build.is_dir():
            check_compatible(read_manifest(build), settings, index_dir)
            index = load_build(build)
            tune(index.vectors, settings)
            return index
        if attempt == 0:
            time.sleep(0.05)  # an update may have just switched builds: read CURRENT again
    raise IndexCorruptError(f"{index_dir / 'CURRENT'} names {build}, which does not exist. Run `rag index --full`.")


@dataclass(frozen=True)
class NoteStatus:
    """How the notes folder differs from what an index holds."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        return f"{len(self.added)} new, {len(self.changed)} changed, {len(self.removed)} removed"


def note_status(manifest: Manifest, notes_dir: Path) -> NoteStatus:
    """Compare note files with the manifest's per-note content hashes (skipped files don't count)."""
    files, _ = scan_notes(notes_dir)
    current = {f.name: f.sha256 for f in files}
    skipped = set(manifest.warnings)  # files the index knows it could not use
    return NoteStatus(
        added=tuple(n for n in current if n not in manifest.notes and n not in skipped),
        changed=tuple(n for n, h in current.items() if n in manifest.notes and manifest.notes[n].sha256 != h),
        removed=tuple(n for n in manifest.notes if n not in current),
    )


@contextlib.contextmanager
def index_lock(index_dir: Path, wait: bool = True, log: Log = _quiet) -> Iterator[None]:
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

    def summary(self) -> str:
        what = "Rebuilt" if self.full else "Updated"
        return (
            f"{what} the index in {self.seconds:.1f} s: {len(self.added)} new, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged notes; {self.embedded} chunks embedded, "
            f"{self.reused} reused → {self.notes} notes, {self.chunks} chunks"
        )


def _text_key(chunk: Chunk) -> str:
    return hashlib.sha256(chunk.embed_text.encode("utf-8")).hexdigest()


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


def update_index(
    settings: Settings,
    embedder: Embedder,
    *,
    full: bool = False,
    wait: bool = True,
    log: Log = _quiet,
    progress: Progress = _no_progress,
) -> BuildReport:
    """Bring the index in line with the notes folder and publish it; ``full`` re-embeds everything."""
    started = time.perf_counter()
    notes_dir = settings.notes_dir
    if not notes_dir.is_dir():
        raise NotesError(
            f"The notes folder {notes_dir} does not exist. "
            "Create it and put session notes (.txt/.md) in it, or pass --notes DIR."
        )
    with index_lock(settings.index_dir, wait, log):
        previous = None if full else _previous(settings, log)
        files, problems = scan_notes(notes_dir, settings.max_note_bytes)
        old = previous[0].manifest.notes if previous else {}
        keep = {f.name for f in files if f.name in old and old[f.name].sha256 == f.sha256}
        to_read = [f for f in files if f.name not in keep]
        notes = []
        for i, f in enumerate(to_read):
            note, found = read_note(f)
            problems.extend(found)
            if note is not None:
                notes.append(note)
            progress("read", i + 1, len(to_read))
        for p in problems:
            log(f"warning: {p}")
        if not keep and not notes:
            detail = "; ".join(str(p) for p in problems[:5])
            raise NotesError(
                f"No readable notes (.txt/.md files) in {notes_dir}"
                + (f" ({detail})" if detail else "")
                + ". Add session notes there, or pass --notes DIR."
            )

        # Rows of the previous build that stay: chunks, vectors and terms of unchanged notes.
        rows: dict[str, list[tuple[Chunk, npt.NDArray[np.float32] | None, list[str] | None]]] = {}
        records: dict[str, NoteRecord] = {}
        warnings: dict[str, list[str]] = {}
        known: dict[str, npt.NDArray[np.float32]] = {}
        if previous:
            index, old_terms = previous
            vectors = index.all_vectors()
            for row, chunk in enumerate(index.chunks):
                known.setdefault(_text_key(chunk), vectors[row])
                if chunk.note in keep:
                    rows.setdefault(chunk.note, []).append((chunk, vectors[row], old_terms[row]))
            for name in keep:
                records[name] = index.manifest.notes[name]
                if name in index.manifest.warnings:  # what parsing it said last time still holds
                    warnings[name] = list(index.manifest.warnings[name])

        # New and changed notes: chunk; reuse a vector when the same text was embedded before.
        tokenizer = get_tokenizer(settings.lexical_split_mode)
        pending: list[Chunk] = []
        for note in notes:
            chunks = chunk_note(note, settings.chunk_max_chars, settings.chunk_overlap_chars)
            records[note.name] = NoteRecord(
                sha256=note.sha256,
                date=note.date.isoformat() if note.date else None,
                title=note.title,
                topics=len(note.topics),
                chunks=len(chunks),
            )
            for chunk in chunks:
                vector = known.get(_text_key(chunk))
                rows.setdefault(note.name, []).append(
                    (chunk, vector, document_terms(tokenizer, chunk.header, chunk.text))
                )
                if vector is None:
                    pending.append(chunk)
        for p in problems:
            warnings.setdefault(p.name, []).append(p.message)

        embedded = _embed(embedder, [c.embed_text for c in pending], progress) if pending else None
        fresh = {c.id: i for i, c in enumerate(pending)}  # ids are unique: identical notes are skipped
        chunks_out: list[Chunk] = []
        vectors_out: list[npt.NDArray[np.float32]] = []
        terms_out: list[list[str]] = []
        for name in sorted(rows):
            for chunk, kept, terms in rows[name]:
                chunks_out.append(chunk)
                vectors_out.append(kept if kept is not None else embedded[fresh[chunk.id]])  # type: ignore[index]
                terms_out.append(terms or [])
        manifest = Manifest(
            model_id=embedder.model_id,
            dim=embedder.dim,
            chunking=chunking_id(settings.chunk_max_chars, settings.chunk_overlap_chars),
            lexical=tokenizer_id(settings.lexical_split_mode),
            built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            notes=dict(sorted(records.items())),
            chunks=len(chunks_out),
            faiss_type=choose_type(len(chunks_out), settings),
            warnings=warnings,
        )
        matrix = np.vstack(vectors_out) if vectors_out else np.zeros((0, embedder.dim), np.float32)
        progress("write", 0, 1)
        build = write_build(settings.index_dir, settings, manifest, chunks_out, matrix, terms_out)
        progress("publish", 0, 1)
        before = current_build(settings.index_dir)
        publish(settings.index_dir, build)
        remove_stale_builds(settings.index_dir, keep=[build, *([before] if before else [])])
        progress("publish", 1, 1)

    return BuildReport(
        path=build,
        notes=len(records),
        chunks=len(chunks_out),
        embedded=len(pending),
        reused=len(chunks_out) - len(pending),
        added=tuple(n for n in sorted(records) if n not in old and n not in keep),
        changed=tuple(n for n in sorted(records) if n in old and n not in keep),
        removed=tuple(n for n in sorted(old) if n not in records),
        unchanged=len(keep),
        seconds=time.perf_counter() - started,
        full=previous is None,
        problems=tuple(str(p) for p in problems),
    )


def build_index(settings: Settings, embedder: Embedder, log: Log = _quiet) -> BuildReport:
    """Rebuild everything from the notes folder (``update_index(full=True)``)."""
    return update_index(settings, embedder, full=True, log=log)
