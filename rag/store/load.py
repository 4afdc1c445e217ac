"""Loading the published build: its files checked for completeness and agreement, and against the settings."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from rag.ingest.chunking import chunking_id
from rag.ingest.files import scan_notes
from rag.store.catalogue import Catalogue, Columns
from rag.store.format import BACKGROUND, CHUNKS, FIX, INDEX_FORMAT, VECTORS, Manifest, current_build, read_manifest
from rag.store.lexical import BM25, tokenizer_id
from rag.store.vectors import search as search_vectors
from rag.store.vectors import tune
from rag.types import Chunk

if TYPE_CHECKING:
    import faiss
    import numpy.typing as npt

    from rag.config import Settings


@dataclass
class NoteIndex:
    """A loaded build: chunks, their vectors, terms statistics — all in the same row order."""

    path: Path
    manifest: Manifest
    chunks: list[Chunk]
    vectors: faiss.Index
    background: npt.NDArray[np.float32]
    lexical: BM25

    @functools.cached_property
    def columns(self) -> Columns:
        return Columns.of(self.chunks)

    @functools.cached_property
    def catalogue(self) -> Catalogue:
        return Catalogue.of(self.chunks)

    @functools.cached_property
    def topic_rows(self) -> dict[tuple[str, int], list[int]]:
        """The rows of each topic's chunks, in order (a long topic is cut into several)."""
        rows: dict[tuple[str, int], list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            rows.setdefault(chunk.topic_key, []).append(row)
        return rows

    def topic_chunks(self, key: tuple[str, int]) -> list[Chunk]:
        return [self.chunks[r] for r in self.topic_rows.get(key, [])]

    def dense_search(
        self, query: npt.NDArray[np.float32], k: int, mask: npt.NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """Rows and cosine scores of the ``k`` nearest chunks among those ``mask`` allows, best first."""
        allowed = len(self.chunks) if mask is None else int(mask.sum())
        k = min(k, allowed)
        if k <= 0:
            return []
        scores, rows = search_vectors(self.vectors, query, k, mask)
        return [(int(r), float(s)) for r, s in zip(rows, scores, strict=True) if r >= 0]

    def dense_scores(self, query: npt.NDArray[np.float32], rows: Sequence[int]) -> npt.NDArray[np.float32]:
        """Cosine similarity of the question to the given chunks."""
        if not rows:
            return np.zeros(0, dtype=np.float32)
        stored = self.vectors.reconstruct_batch(np.asarray(rows, dtype=np.int64))
        return np.asarray(stored @ query, dtype=np.float32)

    def all_vectors(self) -> npt.NDArray[np.float32]:
        n = int(self.vectors.ntotal)
        if n == 0:
            return np.zeros((0, self.manifest.dim), dtype=np.float32)
        return np.asarray(self.vectors.reconstruct_n(0, n), dtype=np.float32)

    def background_stats(self, query: npt.NDArray[np.float32]) -> tuple[float, float] | None:
        """Mean and spread of the query's similarity to random chunks; None for tiny indexes."""
        if len(self.background) < 20:
            return None
        sims = self.background @ query
        return float(sims.mean()), max(float(sims.std()), 1e-6)


def load_build(build: Path) -> NoteIndex:
    """Load one build folder, checking that its files are complete and agree."""
    import faiss

    manifest = read_manifest(build)
    try:
        lines = (build / CHUNKS).read_text(encoding="utf-8").splitlines()
        chunks = [Chunk.from_dict(json.loads(line)) for line in lines]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"The chunk store {build / CHUNKS} is unreadable ({exc}). {FIX}") from exc
    try:
        vectors = faiss.read_index(str(build / VECTORS))
    except (RuntimeError, OSError) as exc:
        raise IndexCorruptError(f"The vector file {build / VECTORS} is unreadable ({exc}). {FIX}") from exc
    try:
        background = np.load(build / BACKGROUND, allow_pickle=False).astype(np.float32)
        lexical = BM25.load(build)
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        raise IndexCorruptError(f"The lexical or background files in {build} are unreadable ({exc}). {FIX}") from exc
    if (
        not (len(chunks) == vectors.ntotal == manifest.chunks == lexical.size)
        or (chunks and vectors.d != manifest.dim)
        or (len(background) and background.shape[1:] != (manifest.dim,))
    ):
        raise IndexCorruptError(
            f"The index in {build} is inconsistent: manifest says {manifest.chunks} chunks of dimension "
            f"{manifest.dim}, the chunk store has {len(chunks)}, the vector file {vectors.ntotal} of "
            f"dimension {vectors.d}, the BM25 matrix {lexical.size}. {FIX}"
        )
    return NoteIndex(
        path=build, manifest=manifest, chunks=chunks, vectors=vectors, background=background, lexical=lexical
    )


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
