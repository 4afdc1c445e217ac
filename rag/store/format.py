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

import contextlib
import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.errors import IndexCorruptError, IndexWriteError
from rag.store.lexical import BM25
from rag.store.vectors import build_vectors
from rag.util import fsync_path, write_text

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.config import Settings
    from rag.types import Chunk

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
    fsync_path(build)
    return build


@contextlib.contextmanager
def write_guard(index_dir: Path) -> Iterator[None]:
    """Writing and publishing a new build: on an ``OSError`` (disk full, no permission) the half-written
    build is removed at once and an ``IndexWriteError`` says that the published build is unchanged."""
    builds = index_dir / BUILDS
    existing = {p.name for p in builds.iterdir()} if builds.is_dir() else set()
    try:
        yield
    except OSError as exc:
        for p in builds.iterdir() if builds.is_dir() else ():
            if p.name not in existing:
                shutil.rmtree(p, ignore_errors=True)
        try:
            published = current_build(index_dir)
        except (OSError, IndexCorruptError):
            published = None
        kept = (
            f"the published index ({published.name}) is unchanged and still answers"
            if published
            else "nothing was published"
        )
        raise IndexWriteError(
            f"Could not write the new index build in {index_dir} ({exc.strerror or exc}); {kept}. "
            "Free some space (or fix the folder's permissions) and run `rag index` again."
        ) from exc


def publish(index_dir: Path, build: Path) -> None:
    """Make ``build`` the published one, atomically."""
    write_text(index_dir / POINTER, build.relative_to(index_dir).as_posix() + "\n")
    fsync_path(index_dir)


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


def read_terms(build: Path) -> list[list[str]]:
    return [json.loads(line) for line in (build / TERMS).read_text(encoding="utf-8").splitlines()]
