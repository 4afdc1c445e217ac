"""The on-disk index: FAISS vectors + chunk store + manifest, published atomically.

Layout of the index folder::

    index/CURRENT                  name of the published build ("builds/20261123T101500-1a2b3c")
    index/builds/<build>/manifest.json   model, dimension, chunking, per-note hashes, build time
    index/builds/<build>/chunks.jsonl    one chunk per line, row i = FAISS id i
    index/builds/<build>/vectors.faiss   FAISS inner-product index of normalised vectors
    index/builds/<build>/terms.jsonl     each chunk's lexical terms (row i = chunk i)
    index/builds/<build>/lexical.*       the BM25 matrix and vocabulary

A build is written into a fresh folder and published by replacing ``CURRENT`` in one
``os.replace``: readers see the old build or the new one, never half of either.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.chunking import chunk_note, chunking_id
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, NotesError
from rag.lexical import BM25, document_terms, get_tokenizer, tokenizer_id
from rag.notes import note_files, note_sha256, read_note
from rag.types import Chunk, Note

if TYPE_CHECKING:
    import faiss
    import numpy.typing as npt

    from rag.config import Settings
    from rag.embed import Embedder

INDEX_FORMAT = 1
POINTER = "CURRENT"
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
TERMS = "terms.jsonl"
BACKGROUND = "background.npy"
_BACKGROUND_SIZE = 1024  # random chunk vectors that describe "unrelated" similarity for a query
_KEEP_OLD_BUILDS = 1  # readers that resolved CURRENT just before a switch can still load


@dataclass(frozen=True)
class NoteRecord:
    sha256: str
    date: str | None
    title: str
    topics: int
    chunks: int


@dataclass(frozen=True)
class Manifest:
    model_id: str
    dim: int
    chunking: str
    lexical: str
    built_at: str
    notes: dict[str, NoteRecord]
    chunks: int
    format: int = INDEX_FORMAT
    faiss_type: str = "IndexFlatIP"
    warnings: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        d = json.loads(text)
        d["notes"] = {k: NoteRecord(**v) for k, v in d["notes"].items()}
        return cls(**d)

    @property
    def sessions(self) -> list[str]:
        return sorted({r.date for r in self.notes.values() if r.date})


@dataclass
class NoteIndex:
    """A loaded build: chunks and their vectors, in the same order."""

    path: Path
    manifest: Manifest
    chunks: list[Chunk]
    vectors: faiss.Index
    background: npt.NDArray[np.float32]
    lexical: BM25

    def dense_search(
        self, query: npt.NDArray[np.float32], k: int, mask: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """Rows and cosine scores of the ``k`` nearest chunks among those ``mask`` allows, best first."""
        import faiss

        allowed = len(self.chunks) if mask is None else int(mask.sum())
        k = min(k, allowed)
        if k <= 0:
            return []
        params = None
        if mask is not None:
            params = faiss.SearchParameters()
            params.sel = faiss.IDSelectorBatch(np.flatnonzero(mask).astype(np.int64))
        scores, rows = self.vectors.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

    def dense_scores(self, query: npt.NDArray[np.float32], rows: Sequence[int]) -> npt.NDArray[np.float32]:
        """Cosine similarity of the question to the given chunks."""
        if not rows:
            return np.zeros(0, dtype=np.float32)
        stored = self.vectors.reconstruct_batch(np.asarray(rows, dtype=np.int64))
        return np.asarray(stored @ query, dtype=np.float32)

    def background_stats(self, query: npt.NDArray[np.float32]) -> tuple[float, float] | None:
        """Mean and spread of the query's similarity to random chunks; None for tiny indexes."""
        if len(self.background) < 20:
            return None
        sims = self.background @ query
        return float(sims.mean()), max(float(sims.std()), 1e-6)


def _write_text(path: Path, text: str) -> None:
    """Write and fsync, via a temporary file renamed into place."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return index_dir / name if name else None


def read_manifest(index_dir: Path) -> Manifest | None:
    build = current_build(index_dir)
    if build is None:
        return None
    try:
        return Manifest.from_json((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexCorruptError(
            f"The index manifest {build / MANIFEST} is unreadable ({exc}). Run `rag index --full` to rebuild."
        ) from exc


def check_compatible(manifest: Manifest, settings: Settings, where: Path) -> None:
    """Raise if the index was built with another model or chunking than ``settings``."""
    if manifest.format != INDEX_FORMAT:
        raise IndexMismatchError(
            f"The index in {where} has format {manifest.format}, this version reads {INDEX_FORMAT}. "
            "Run `rag index --full` to rebuild it."
        )
    if manifest.model_id != settings.embedding_model:
        raise IndexMismatchError(
            f"The index in {where} was built with the embedding model {manifest.model_id!r}, but the settings "
            f"use {settings.embedding_model!r}. Run `rag index --full` to rebuild it with the current model, "
            f"or set RAG_EMBEDDING_MODEL={manifest.model_id} to keep using it."
        )
    wanted = chunking_id(settings.chunk_max_chars, settings.chunk_overlap_chars)
    if manifest.chunking != wanted:
        raise IndexMismatchError(
            f"The index in {where} was chunked as {manifest.chunking!r}, the settings say {wanted!r}. "
            "Run `rag index --full` to rebuild it."
        )
    terms = tokenizer_id(settings.lexical_split_mode)
    if manifest.lexical != terms:
        raise IndexMismatchError(
            f"The index in {where} holds lexical terms of {manifest.lexical!r}, the settings say {terms!r}. "
            "Run `rag index --full` to rebuild it."
        )


def load_index(settings: Settings) -> NoteIndex:
    """Load the published build, checking it is complete and fits the settings."""
    import faiss

    index_dir = settings.index_dir
    build = current_build(index_dir)
    if build is None:
        raise IndexMissingError(f"No index in {index_dir}. Run `rag index` to build it from {settings.notes_dir}.")
    manifest = read_manifest(index_dir)
    assert manifest is not None
    check_compatible(manifest, settings, index_dir)
    fix = "Run `rag index --full` to rebuild it."
    try:
        chunks = [
            Chunk.from_dict(json.loads(line)) for line in (build / CHUNKS).read_text(encoding="utf-8").splitlines()
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"The chunk store {build / CHUNKS} is unreadable ({exc}). {fix}") from exc
    try:
        vectors = faiss.read_index(str(build / VECTORS))
    except (RuntimeError, OSError) as exc:
        raise IndexCorruptError(f"The vector file {build / VECTORS} is unreadable ({exc}). {fix}") from exc
    try:
        background = np.load(build / BACKGROUND, allow_pickle=False).astype(np.float32)
        lexical = BM25.load(build)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"The lexical or background files in {build} are unreadable ({exc}). {fix}") from exc
    if (
        not (len(chunks) == vectors.ntotal == manifest.chunks == lexical.size)
        or (chunks and vectors.d != manifest.dim)
        or (len(background) and background.shape[1:] != (manifest.dim,))
    ):
        raise IndexCorruptError(
            f"The index in {build} is inconsistent: manifest says {manifest.chunks} chunks of dimension "
            f"{manifest.dim}, the chunk store has {len(chunks)}, the vector file {vectors.ntotal} of "
            f"dimension {vectors.d}. {fix}"
        )
    return NoteIndex(
        path=build, manifest=manifest, chunks=chunks, vectors=vectors, background=background, lexical=lexical
    )


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
    """Compare note files with the manifest's per-note content hashes."""
    current = {p.relative_to(notes_dir).as_posix(): note_sha256(p.read_bytes()) for p in note_files(notes_dir)}
    return NoteStatus(
        added=tuple(sorted(n for n in current if n not in manifest.notes)),
        changed=tuple(sorted(n for n, h in current.items() if n in manifest.notes and manifest.notes[n].sha256 != h)),
        removed=tuple(sorted(n for n in manifest.notes if n not in current)),
    )


@dataclass(frozen=True)
class BuildReport:
    path: Path
    notes: int
    chunks: int
    seconds: float
    warnings: dict[str, list[str]]


def _new_build_dir(index_dir: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return index_dir / "builds" / f"{stamp}-{uuid.uuid4().hex[:6]}"


def _publish(index_dir: Path, build: Path) -> None:
    _fsync_dir(build)
    _write_text(index_dir / POINTER, build.relative_to(index_dir).as_posix() + "\n")
    _fsync_dir(index_dir)


def _remove_old_builds(index_dir: Path, keep: Path) -> None:
    builds = index_dir / "builds"
    old = sorted((p for p in builds.iterdir() if p.is_dir() and p != keep), key=lambda p: p.name)
    for p in old[: max(0, len(old) - _KEEP_OLD_BUILDS)]:
        shutil.rmtree(p, ignore_errors=True)


def read_all_notes(notes_dir: Path) -> list[Note]:
    if not notes_dir.is_dir():
        raise NotesError(
            f"The notes folder {notes_dir} does not exist. "
            "Create it and put session notes (.txt/.md) in it, or pass --notes DIR."
        )
    notes = [read_note(p, p.relative_to(notes_dir).as_posix()) for p in note_files(notes_dir)]
    if not notes:
        raise NotesError(f"No notes (.txt/.md files) in {notes_dir}. Add session notes there, or pass --notes DIR.")
    return notes


def build_index(
    settings: Settings,
    embedder: Embedder,
    log: Callable[[str], None] = lambda _m: None,
    notes: Sequence[Note] | None = None,
) -> BuildReport:
    """Read every note, chunk, embed, write a new build and publish it."""
    import faiss

    started = time.perf_counter()
    notes = list(notes) if notes is not None else read_all_notes(settings.notes_dir)
    chunks: list[Chunk] = []
    records: dict[str, NoteRecord] = {}
    warnings: dict[str, list[str]] = {}
    for note in notes:
        note_chunks = chunk_note(note, settings.chunk_max_chars, settings.chunk_overlap_chars)
        chunks.extend(note_chunks)
        records[note.name] = NoteRecord(
            sha256=note.sha256,
            date=note.date.isoformat() if note.date else None,
            title=note.title,
            topics=len(note.topics),
            chunks=len(note_chunks),
        )
        if note.warnings:
            warnings[note.name] = list(note.warnings)
            for w in note.warnings:
                log(f"warning: {note.name}: {w}")
    log(f"Embedding {len(chunks)} chunks from {len(notes)} notes with {embedder.model_id}…")
    vectors = embedder.embed_passages([c.embed_text for c in chunks], progress=True)
    if vectors.shape != (len(chunks), embedder.dim):
        raise IndexCorruptError(f"The embedder returned {vectors.shape} vectors for {len(chunks)} chunks.")
    index = faiss.IndexFlatIP(embedder.dim)
    if chunks:
        index.add(vectors)
    tokenizer = get_tokenizer(settings.lexical_split_mode)
    terms = [document_terms(tokenizer, c.header, c.text) for c in chunks]

    settings.index_dir.mkdir(parents=True, exist_ok=True)
    build = _new_build_dir(settings.index_dir)
    build.mkdir(parents=True)
    faiss.write_index(index, str(build / VECTORS))
    sample = np.random.default_rng(0).permutation(len(chunks))[:_BACKGROUND_SIZE]
    with open(build / BACKGROUND, "wb") as fh:
        np.save(fh, vectors[np.sort(sample)].reshape(-1, embedder.dim), allow_pickle=False)
    _write_text(build / CHUNKS, "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks))
    _write_text(build / TERMS, "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in terms))
    BM25.build(terms).save(build)
    manifest = Manifest(
        model_id=embedder.model_id,
        dim=embedder.dim,
        chunking=chunking_id(settings.chunk_max_chars, settings.chunk_overlap_chars),
        lexical=tokenizer_id(settings.lexical_split_mode),
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        notes=records,
        chunks=len(chunks),
        warnings=warnings,
    )
    _write_text(build / MANIFEST, manifest.to_json())
    _publish(settings.index_dir, build)
    _remove_old_builds(settings.index_dir, build)
    return BuildReport(build, len(notes), len(chunks), time.perf_counter() - started, warnings)


def manifest_summary(manifest: Manifest) -> dict[str, Any]:
    sessions = manifest.sessions
    return {
        "notes": len(manifest.notes),
        "sessions": len(sessions),
        "newest_session": sessions[-1] if sessions else None,
        "chunks": manifest.chunks,
        "model": manifest.model_id,
        "built_at": manifest.built_at,
    }
