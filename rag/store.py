"""The on-disk index format: build folders of plain files, and the CURRENT pointer.

Layout of the index folder::

    index/CURRENT                          names the published build ("builds/20261123T101500…")
    index/builds/<build>/manifest.json     model, dimension, chunking, term version, per-note hashes
    index/builds/<build>/chunks.jsonl      one chunk per line; row i everywhere is chunk i
    index/builds/<build>/vectors.faiss     FAISS inner-product index of the normalised vectors
    index/builds/<build>/terms.jsonl       each chunk's lexical terms
    index/builds/<build>/lexical.*         the BM25 matrix and vocabulary
    index/builds/<build>/background.npy    random chunk vectors: what "unrelated" looks like

A build is written completely (and fsynced) into a fresh folder, then published by replacing
``CURRENT`` with one ``os.replace``: a reader sees the old build or the new one, never half of one,
and a crash at any point leaves the previous build published and intact.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.errors import IndexCorruptError
from rag.lexical import BM25
from rag.types import Chunk
from rag.vectors import build_vectors
from rag.vectors import search as search_vectors

if TYPE_CHECKING:
    import faiss
    import numpy.typing as npt

    from rag.config import Settings

INDEX_FORMAT = 1
POINTER = "CURRENT"
BUILDS = "builds"
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
TERMS = "terms.jsonl"
BACKGROUND = "background.npy"
BACKGROUND_SIZE = 1024
FIX = "Run `rag index --full` to rebuild it."


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


@dataclass(frozen=True)
class Columns:
    """Chunk metadata as arrays, so filters over 100k chunks are vector operations."""

    day: npt.NDArray[np.int32]  # yyyymmdd, 0 for undated
    presenter: npt.NDArray[np.int32]  # index into presenters, -1 for none
    presenters: list[str]
    tag: npt.NDArray[np.int32]  # index into tags, -1 for none
    tags: list[str]
    sessions: list[str]  # ISO dates, sorted

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> Columns:
        presenters = sorted({c.presenter for c in chunks if c.presenter})
        tags = sorted({c.tag for c in chunks if c.tag})
        p_code = {p: i for i, p in enumerate(presenters)}
        t_code = {t: i for i, t in enumerate(tags)}
        n = len(chunks)
        return cls(
            day=np.fromiter((int(c.date.replace("-", "")) if c.date else 0 for c in chunks), np.int32, n),
            presenter=np.fromiter((p_code[c.presenter] if c.presenter else -1 for c in chunks), np.int32, n),
            presenters=presenters,
            tag=np.fromiter((t_code[c.tag] if c.tag else -1 for c in chunks), np.int32, n),
            tags=tags,
            sessions=sorted({c.date for c in chunks if c.date}),
        )


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


def write_text(path: Path, text: str) -> None:
    """Write and fsync, via a temporary file renamed into place."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_build(index_dir: Path) -> Path | None:
    """The published build folder, or None if nothing was ever published."""
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not name:
        raise IndexCorruptError(f"{index_dir / POINTER} is empty. {FIX}")
    return index_dir / name


def read_manifest(build: Path) -> Manifest:
    try:
        return Manifest.from_json((build / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"The published build {build} has no manifest. {FIX}") from exc
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexCorruptError(f"The index manifest {build / MANIFEST} is unreadable ({exc}). {FIX}") from exc


def write_build(
    index_dir: Path,
    settings: Settings,
    manifest: Manifest,
    chunks: Sequence[Chunk],
    vectors: npt.NDArray[np.float32],
    terms: Sequence[Sequence[str]],
) -> Path:
    """Write a complete build into a fresh folder (not yet published) and return it."""
    import faiss

    build = index_dir / BUILDS / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"
    build.mkdir(parents=True)
    faiss.write_index(build_vectors(vectors, manifest.dim, manifest.faiss_type, settings), str(build / VECTORS))
    sample = np.sort(np.random.default_rng(0).permutation(len(chunks))[:BACKGROUND_SIZE])
    with open(build / BACKGROUND, "wb") as fh:
        np.save(fh, vectors[sample].reshape(-1, manifest.dim), allow_pickle=False)
    write_text(build / CHUNKS, "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks))
    write_text(build / TERMS, "".join(json.dumps(list(t), ensure_ascii=False) + "\n" for t in terms))
    BM25.build(terms).save(build)
    for f in build.iterdir():  # everything on disk before the manifest says the build is complete
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    write_text(build / MANIFEST, manifest.to_json())
    _fsync(build)
    return build


def publish(index_dir: Path, build: Path) -> None:
    """Make ``build`` the published one, atomically."""
    write_text(index_dir / POINTER, build.relative_to(index_dir).as_posix() + "\n")
    _fsync(index_dir)


def remove_stale_builds(index_dir: Path, keep: Sequence[Path]) -> None:
    """Delete every build folder except ``keep`` (unpublished leftovers of killed builds included).
    Call only while holding the index lock."""
    builds = index_dir / BUILDS
    if not builds.is_dir():
        return
    keep_names = {p.name for p in keep}
    for p in builds.iterdir():
        if p.name not in keep_names:
            shutil.rmtree(p, ignore_errors=True)


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


def read_terms(build: Path) -> list[list[str]]:
    return [json.loads(line) for line in (build / TERMS).read_text(encoding="utf-8").splitlines()]
