"""Dense and lexical scores of the same candidates, combined into one ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rag.config import Settings


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
