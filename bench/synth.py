"""Synthetic study-group notes at any scale, made from the real ones, and a stand-in embedder.

``write_notes`` writes weekly session notes in the bundled notes' format (date line, 今週のTOPIC,
@presenter, [tag] title, bullets), each topic a fresh mix of real bullets, so that text length,
vocabulary and structure match the real corpus. ``MixEmbedder`` embeds such chunks without running
the model 100k times: every real title and bullet is embedded once with the real model (cached),
and a chunk's vector mixes its title's and lines' offsets from the corpus centre, scaled to the
spread of real vectors, plus a little noise. Queries are
embedded by the real model, so search runs against realistic vectors. Benchmarks only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rag.config import Settings
from rag.embedding.base import Embedder
from rag.ingest.formats import read_notes
from rag.types import Topic

ROOT = Path(__file__).resolve().parent.parent
TOPICS_PER_NOTE = 8
_BULLET = re.compile(r"^[\s\-•*・]+")
_SUFFIX = re.compile(r" \(#\d+\)$")
_EXTRA_PRESENTERS = [f"{g} {f}" for g in ("Aoi", "Ren", "Mio", "Kai", "Yui") for f in ("Sato", "Kato", "Abe", "Ono")]


def real_topics(notes_dir: Path = ROOT / "notes") -> list[Topic]:
    notes, _problems = read_notes(notes_dir)
    return [t for note in notes for t in note.topics if t.lines]


def _bare(line: str) -> str:
    return _BULLET.sub("", line).strip()


def write_notes(target: Path, chunks: int, seed: int = 0) -> int:
    """Write enough notes for about ``chunks`` one-chunk topics into ``target``; returns the note count."""
    rng = random.Random(seed)
    topics = real_topics()
    bullets = [_bare(line) for t in topics for line in t.lines if _bare(line)]
    presenters = sorted({t.presenter for t in topics if t.presenter}) + _EXTRA_PRESENTERS
    target.mkdir(parents=True, exist_ok=True)
    n_notes = max(1, -(-chunks // TOPICS_PER_NOTE))
    start = dt.date(2015, 1, 1)
    serial = 0
    for i in range(n_notes):
        date = start + dt.timedelta(days=7 * (i % 1500), weeks=0) + dt.timedelta(days=i // 1500)
        picked = [rng.choice(topics) for _ in range(min(TOPICS_PER_NOTE, chunks - i * TOPICS_PER_NOTE))]
        body: list[str] = []
        titles: list[str] = []
        for t in picked:
            serial += 1
            title = f"{t.title} (#{serial})"
            head = f"[{t.tag}] {title}" if t.tag else title
            titles.append(head)
            lines = rng.sample([_bare(x) for x in t.lines if _bare(x)], k=min(4, len(t.lines)))
            lines += rng.sample(bullets, k=2)
            while sum(len(x) for x in lines) > 520:
                lines.pop()
            body += [f"@{rng.choice(presenters)}", head, *(f"- {x}" for x in lines)]
        text = "\n".join([f"{date.isoformat()} 機械学習勉強会", "今週のTOPIC" + "".join(titles), "今週のTOPIC", *body])
        (target / f"{date.isoformat()}_{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
    return n_notes


class MixEmbedder:
    """Embedder for synthetic chunks: the normalised mix of real vectors of their title and lines."""

    def __init__(self, settings: Settings, real: Embedder, cache: Path) -> None:
        self.model_id = settings.embedding_id
        self.dim = real.dim
        self._rng = np.random.default_rng(0)
        topics = real_topics()
        texts = sorted({t.title for t in topics} | {_bare(x) for t in topics for x in t.lines if _bare(x)})
        key = hashlib.sha256(json.dumps([self.model_id, texts]).encode()).hexdigest()[:16]
        file = cache / f"line-vectors-{key}.npy"
        if file.is_file():
            vectors = np.load(file)
        else:
            vectors = real.embed_passages(texts)
            cache.mkdir(parents=True, exist_ok=True)
            np.save(file, vectors)
        self._vec = {t: vectors[i] for i, t in enumerate(texts)}
        self._centre = vectors.mean(axis=0)
        self._spread = float(np.median(np.linalg.norm(vectors - self._centre, axis=1)))

    def _line(self, text: str) -> npt.NDArray[np.float32] | None:
        return self._vec.get(_bare(text))

    def _one(self, text: str) -> npt.NDArray[np.float32]:
        header, *lines = text.split("\n")
        title = _SUFFIX.sub("", re.sub(r"^\[[^\]]*\] ", "", header.split(" | ")[-1]))
        parts = [v - self._centre for v in (self._line(x) for x in [title, title, *lines]) if v is not None]
        u = np.sum(parts, axis=0) if parts else np.zeros(self.dim, np.float32)
        u = u + self._rng.normal(0.0, 0.05 / np.sqrt(self.dim), self.dim) * np.linalg.norm(u)
        # Off the corpus centre by as much as a real line is: a mean of several lines would sit
        # much closer to the centre than real chunks do, making every chunk look alike.
        v = self._centre + self._spread * u / (np.linalg.norm(u) or 1.0)
        return np.asarray(v / np.linalg.norm(v), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> npt.NDArray[np.float32]:
        return np.array([self._one(t) for t in texts], dtype=np.float32).reshape(-1, self.dim)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        raise NotImplementedError("synthetic chunks only: embed questions with the real model")
