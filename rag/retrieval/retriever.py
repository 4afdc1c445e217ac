"""Ranked chunks for a text: dense (FAISS) and lexical (BM25) retrieval, fused, under filters."""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from rag.query.plan import clean_question
from rag.retrieval.filters import filter_mask
from rag.retrieval.fusion import hybrid_scores
from rag.retrieval.support import Support
from rag.retrieval.variants import Variants
from rag.store.lexical import question_terms
from rag.types import Filters, Hit

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.config import Settings
    from rag.embedding.base import Embedder
    from rag.store.lexical import Tokenizer
    from rag.store.load import NoteIndex

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")


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

    @functools.cached_property
    def _topic_texts(self) -> dict[tuple[str, int], str]:
        """Each topic's title and whole text, as what a question names is looked up in."""
        texts = {}
        for key in self.index.topic_rows:
            chunks = self.index.topic_chunks(key)
            texts[key] = "\n".join([chunks[0].header, *(c.text for c in chunks)])
        return texts

    @functools.cached_property
    def support(self) -> Support:
        """What the notes hold of questions' specific terms (each topic's title and text)."""
        vocab = self.index.lexical.vocab

        def known(word: str) -> bool:
            terms = self.tokenizer.tokenize(word)
            return bool(terms) and all(t in vocab for t in terms)

        return Support(self._topic_texts, self.tokenizer.surfaces, known)

    @functools.cached_property
    def variants(self) -> Variants:
        """The notes' other spellings of what questions name (katakana, acronyms, definitions)."""
        return Variants(self._topic_texts.values())

    def search(
        self,
        text: str,
        k: int | None = None,
        filters: Filters | None = None,
        mode: Mode | None = None,
        terms: Sequence[str] | None = None,
        loanwords: Sequence[tuple[str, str]] = (),
        within: Collection[tuple[str, int]] | None = None,
    ) -> list[Hit]:
        """The best ``k`` chunks for ``text`` among those the filters let through (and, with ``within``,
        only chunks of those topics).

        ``terms`` are what BM25 and the gate's word coverage look for (default: the text's content
        terms; a question's plan leaves out the names and dates that became filters); the embedding
        always sees the whole text; ``loanwords`` pair a term with the notes' katakana for it (one word).
        """
        s = self.settings
        k = k or s.top_k
        mode = mode or s.retrieval_mode
        q = clean_question(text)
        mask = filter_mask(self.index, filters or Filters())
        if within is not None:
            rows = [r for key in within for r in self.index.topic_rows.get(key, [])]
            topics = np.zeros(len(self.index.chunks), dtype=np.bool_)
            topics[rows] = True
            mask = topics if mask is None else mask & topics
        n = max(s.fusion_candidates, k)
        vector = self.embedder.embed_queries([q])[0]
        wanted = self.index.lexical.query(question_terms(self.tokenizer, q) if terms is None else terms, loanwords)
        lexical = self.index.lexical.scores(wanted)
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
            final = hybrid_scores(cos, {r: float(lexical[r]) for r in cos}, floor, wanted.known_share, s)
        order = sorted(final, key=lambda r: (-final[r], r))[:k]
        dense = self.index.dense_scores(vector, order)
        coverage = self.index.lexical.coverage(wanted)

        def z(cos: float) -> float | None:
            return None if stats is None else (cos - stats[0]) / stats[1]

        # The best similarity of each topic among the dense candidates: a hit "stands out" when
        # its topic beats every other topic, not just random chunks.
        topic_best: dict[tuple[str, int], float] = {}
        for row, similarity in dense_rows:
            topic_best.setdefault(self.index.chunks[row].topic_key, similarity)
        hits = []
        for i, row in enumerate(order):
            chunk = self.index.chunks[row]
            own = max(float(dense[i]), topic_best.get(chunk.topic_key, -1.0))
            others = max((c for t, c in topic_best.items() if t != chunk.topic_key), default=None)
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

    def list_topics(self, filters: Filters) -> list[Hit]:
        """All topics the filters let through (first chunk of each), in date order; raises when none."""
        filter_mask(self.index, filters)  # the one check that says what the notes hold instead
        topics = [c for c in self.index.catalogue.topics if filters.accepts(c)]
        return [Hit(chunk=c, score=0.0, rank=i + 1) for i, c in enumerate(topics)]
