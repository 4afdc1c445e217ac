"""Question → ranked chunks: dense (FAISS) and lexical (BM25) retrieval, fused, under filters."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from rag.errors import NoMatchError, QuestionError
from rag.lexical import question_terms
from rag.notes import normalise_tag
from rag.types import Chunk, Hit

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.config import Settings
    from rag.embed import Embedder
    from rag.lexical import Tokenizer
    from rag.store import NoteIndex

MAX_QUESTION_CHARS = 2000  # the model reads ~512 tokens; the rest would only slow tokenising
Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")
# Words people use for the notes' tags.
TAG_ALIASES = {
    "paper": "論文",
    "papers": "論文",
    "論文": "論文",
    "slide": "slide",
    "slides": "slide",
    "スライド": "slide",
    "blog": "blog",
    "blogs": "blog",
    "ブログ": "blog",
    "やってみた": "やってみた",
    "tried": "やってみた",
}


def clean_question(question: str) -> str:
    """The question with surrounding space removed; raises if there is nothing to search for."""
    q = " ".join(question.split())
    if not q:
        raise QuestionError("The question is empty: type what you want to know about the notes.")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("The question has no words to search for (only symbols or emoji): add a few words.")
    return q[:MAX_QUESTION_CHARS]


def canonical_tag(tag: str) -> str:
    t = normalise_tag(tag.strip("[]［］ "))
    return TAG_ALIASES.get(t, t)


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).lower().replace(" ", "").removesuffix("さん")


def presenter_matches(wanted: str, presenter: str | None) -> bool:
    """``naoto``, ``Shimakoshi``, ``Naoto Shimakoshi`` and ``naotoさん`` all match Naoto Shimakoshi."""
    if not presenter:
        return False
    key = _name_key(wanted)
    if not key:
        return False
    full = _name_key(presenter)
    parts = [_name_key(p) for p in presenter.split()]
    return key == full or key in parts or (len(key) >= 3 and key in full)


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval by the notes' own structure; all given conditions must hold."""

    since: dt.date | None = None
    until: dt.date | None = None
    presenter: str | None = None
    tag: str | None = None

    @property
    def empty(self) -> bool:
        return self.since is None and self.until is None and not self.presenter and not self.tag

    def describe(self) -> str:
        bits = []
        if self.since or self.until:
            bits.append(f"dates {self.since or '…'}–{self.until or '…'}")
        if self.presenter:
            bits.append(f"presenter {self.presenter}")
        if self.tag:
            bits.append(f"tag [{canonical_tag(self.tag)}]")
        return ", ".join(bits) or "none"

    def accepts(self, chunk: Chunk) -> bool:
        if self.since or self.until:
            if chunk.date is None:
                return False
            day = dt.date.fromisoformat(chunk.date)
            if (self.since and day < self.since) or (self.until and day > self.until):
                return False
        if self.presenter and not presenter_matches(self.presenter, chunk.presenter):
            return False
        return not self.tag or (chunk.tag is not None and canonical_tag(chunk.tag) == canonical_tag(self.tag))


def filter_mask(index: NoteIndex, filters: Filters) -> npt.NDArray[np.bool_] | None:
    """Which chunks the filters let through (None: no filters); raises when none do."""
    if filters.empty:
        return None
    cols = index.columns
    mask = np.ones(len(index.chunks), dtype=np.bool_)
    if filters.since or filters.until:
        lo = int(filters.since.strftime("%Y%m%d")) if filters.since else 1
        hi = int(filters.until.strftime("%Y%m%d")) if filters.until else 99991231
        mask &= (cols.day >= lo) & (cols.day <= hi)  # undated chunks (0) never pass a date filter
    if filters.presenter:
        wanted = [i for i, p in enumerate(cols.presenters) if presenter_matches(filters.presenter, p)]
        mask &= np.isin(cols.presenter, wanted)
    if filters.tag:
        tag = canonical_tag(filters.tag)
        mask &= np.isin(cols.tag, [i for i, t in enumerate(cols.tags) if canonical_tag(t) == tag])
    if not mask.any():
        raise NoMatchError(_no_match_message(index, filters))
    return mask


def _no_match_message(index: NoteIndex, filters: Filters) -> str:
    presenters = index.columns.presenters
    tags = sorted({canonical_tag(t) for t in index.columns.tags})
    dates = index.columns.sessions
    span = f"{dates[0]} to {dates[-1]}" if dates else "none"
    return (
        f"No notes match the filters ({filters.describe()}), so nothing was searched. "
        f"Sessions run from {span}; presenters: {', '.join(presenters) or 'none'}; "
        f"tags: {', '.join(f'[{t}]' for t in tags) or 'none'}. Loosen or fix the filters."
    )


def fuse_scores(dense: dict[int, float], lexical: dict[int, float], floor: float, alpha: float) -> dict[int, float]:
    """Convex combination of normalised scores: cosine rescaled so the question's typical
    similarity to a random chunk (``floor``) is 0 and the best candidate 1; BM25 divided by the
    best candidate's. ``alpha`` is the dense share. Chosen over RRF on the JSQuAD dev split."""
    top_dense = max(dense.values(), default=0.0)
    top_lexical = max(lexical.values(), default=0.0)
    span = top_dense - floor if top_dense > floor else 1.0
    return {
        r: alpha * (dense[r] - floor) / span
        + (1.0 - alpha) * (lexical.get(r, 0.0) / top_lexical if top_lexical > 0 else 0.0)
        for r in dense
    }


def hybrid_scores(
    dense: dict[int, float], lexical: dict[int, float], floor: float, known_share: float, settings: Settings
) -> dict[int, float]:
    """Fuse the candidates' cosine and BM25 scores as the settings say (see ``fuse_scores``);
    the dense share grows from ``fusion_alpha`` to ``fusion_alpha_max`` as fewer of the
    question's rare words occur in the notes at all."""
    s = settings
    if s.fusion == "rrf":
        by_dense = sorted(dense, key=lambda r: (-dense[r], r))
        by_lexical = sorted((r for r in lexical if lexical[r] > 0), key=lambda r: (-lexical[r], r))
        return rrf([(by_dense, s.fusion_alpha), (by_lexical, 1.0 - s.fusion_alpha)], k=s.rrf_k)
    alpha = s.fusion_alpha + (s.fusion_alpha_max - s.fusion_alpha) * (1.0 - known_share)
    return fuse_scores(dense, lexical, floor, alpha)


def rrf(rankings: Sequence[tuple[Sequence[int], float]], k: float) -> dict[int, float]:
    """Reciprocal rank fusion: each ranking adds weight / (k + rank) to the items it ranks."""
    fused: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def _topic(chunk: Chunk) -> tuple[str, int]:
    return (chunk.note, chunk.topic_index)


def _top(scores: npt.NDArray[np.float32], n: int, mask: npt.NDArray[np.bool_] | None) -> list[int]:
    """Rows of the ``n`` highest positive scores (ties broken by row order)."""
    if mask is not None:
        scores = np.where(mask, scores, -np.inf).astype(np.float32)
    n = min(n, int(np.count_nonzero(scores > 0)))
    if n <= 0:
        return []
    part = np.argpartition(-scores, n - 1)[:n]
    return [int(i) for i in part[np.lexsort((part, -scores[part]))]]


class Retriever:
    """Searches one loaded index with one embedder and tokenizer, as the settings say."""

    def __init__(self, index: NoteIndex, embedder: Embedder, tokenizer: Tokenizer, settings: Settings) -> None:
        self.index = index
        self.embedder = embedder
        self.tokenizer = tokenizer
        self.settings = settings

    @property
    def presenters(self) -> list[str]:
        return self.index.columns.presenters

    @property
    def sessions(self) -> list[dt.date]:
        return [dt.date.fromisoformat(d) for d in self.index.columns.sessions]

    def content_terms(self, text: str) -> list[str]:
        """The terms of ``text`` that say what it is about (question words dropped)."""
        return question_terms(self.tokenizer, text)

    def search(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        mode: Mode | None = None,
        lexical_query: str | None = None,
    ) -> list[Hit]:
        """The best ``k`` chunks for the question among those the filters let through.

        ``lexical_query`` replaces the question for BM25 (e.g. without the names and dates
        that became filters); the embedding always sees the whole question.
        """
        s = self.settings
        k = k or s.top_k
        mode = mode or s.retrieval_mode  # type: ignore[assignment]
        if mode not in MODES:
            raise ValueError(f"retrieval mode must be one of {', '.join(MODES)}, not {mode!r}")
        q = clean_question(question)
        mask = filter_mask(self.index, filters or Filters())
        n = max(s.fusion_candidates, k)
        vector = self.embedder.embed_queries([q])[0]
        terms = self.index.lexical.query(self.content_terms(q if lexical_query is None else lexical_query))
        lexical = self.index.lexical.scores(terms)
        stats = self.index.background_stats(vector)
        dense_rows = self.index.dense_search(vector, n, mask)
        lexical_rows = _top(lexical, n, mask) if mode != "dense" else []
        if mode == "dense":
            final = dict(dense_rows)
        elif mode == "lexical":
            final = {row: float(lexical[row]) for row in lexical_rows}
        else:
            cos = dict(dense_rows)
            extra = [r for r in lexical_rows if r not in cos]
            cos.update(zip(extra, map(float, self.index.dense_scores(vector, extra)), strict=True))
            floor = stats[0] if stats else min(cos.values(), default=0.0)
            final = hybrid_scores(cos, {r: float(lexical[r]) for r in cos}, floor, terms.known_share, s)
        order = sorted(final, key=lambda r: (-final[r], r))[:k]
        dense = self.index.dense_scores(vector, order)
        coverage = self.index.lexical.coverage(terms)

        def z(cos: float) -> float | None:
            return None if stats is None else (cos - stats[0]) / stats[1]

        # The best similarity of each topic among the dense candidates: a hit "stands out" when
        # its topic beats every other topic, not just random chunks.
        topic_best: dict[tuple[str, int], float] = {}
        for row, similarity in dense_rows:
            topic_best.setdefault(_topic(self.index.chunks[row]), similarity)
        hits = []
        for i, row in enumerate(order):
            chunk = self.index.chunks[row]
            own = max(float(dense[i]), topic_best.get(_topic(chunk), -1.0))
            others = max((c for t, c in topic_best.items() if t != _topic(chunk)), default=None)
            topic_z, other_z = z(own), None if others is None else z(others)
            hits.append(
                Hit(
                    chunk=chunk,
                    score=float(final[row]),
                    rank=i + 1,
                    dense=float(dense[i]),
                    lexical=float(lexical[row]),
                    coverage=float(coverage[row]),
                    relevance=z(float(dense[i])),
                    topic_relevance=topic_z,
                    margin=None if topic_z is None or other_z is None else topic_z - other_z,
                )
            )
        return hits

    def matching_topics(self, question: str, filters: Filters, lexical_query: str | None = None) -> list[Hit]:
        """Every topic with evidence for the question (best chunk each), best first: relevant
        ones, plus — once one is — those within ``list_relevance_margin`` of the best one or
        holding ``list_min_coverage`` of the question's rare words while somewhat similar."""
        s = self.settings
        best: dict[tuple[str, int], Hit] = {}
        for h in self.search(question, s.fusion_candidates, filters, None, lexical_query):
            best.setdefault(_topic(h.chunk), h)
        relevant = [h for h in best.values() if is_relevant(h, s)]
        if not relevant:
            return []
        top = max((h.topic_relevance for h in relevant if h.topic_relevance is not None), default=None)
        keep = [
            h
            for h in best.values()
            if h in relevant
            or (top is not None and (h.topic_relevance or -99.0) >= top - s.list_relevance_margin)
            or (h.coverage >= s.list_min_coverage and (h.relevance or 0.0) >= s.min_relevance_with_terms)
        ]
        return sorted(keep, key=lambda h: h.rank)

    def list_topics(self, filters: Filters) -> list[Hit]:
        """All topics the filters let through (first chunk of each), in date order."""
        mask = filter_mask(self.index, filters)
        seen: set[tuple[str, int]] = set()
        rows = []
        for row, chunk in enumerate(self.index.chunks):
            key = (chunk.note, chunk.topic_index)
            if (mask is None or mask[row]) and key not in seen:
                seen.add(key)
                rows.append(row)
        rows.sort(key=lambda r: (self.index.chunks[r].date or "9999", self.index.chunks[r].note, r))
        return [Hit(chunk=self.index.chunks[r], score=0.0, rank=i + 1) for i, r in enumerate(rows)]


def is_relevant(hit: Hit, settings: Settings) -> bool:
    """Evidence enough to answer from: the chunk holds most of the question's rare words and is
    somewhat similar (``min_coverage``, ``min_relevance_with_terms``), or its topic stands out —
    ``min_relevance`` standard deviations above random chunks and ``min_margin`` above every
    other topic. Tiny indexes (no statistics) only use the cosine floor."""
    if hit.dense is not None and hit.dense < settings.min_score:
        return False
    if hit.relevance is None:
        return True
    if hit.coverage >= settings.min_coverage and hit.relevance >= settings.min_relevance_with_terms:
        return True
    topic = hit.topic_relevance if hit.topic_relevance is not None else hit.relevance
    return topic >= settings.min_relevance and (hit.margin is None or hit.margin >= settings.min_margin)
