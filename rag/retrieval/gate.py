"""The evidence gate: which retrieved hits are strong enough to answer from."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.types import Hit


def is_relevant(hit: Hit, settings: Settings, cross_lingual: bool = False) -> bool:
    """Evidence enough to answer from: the chunk holds most of the question's rare words and is
    somewhat similar (``min_coverage``, ``min_relevance_with_terms``), or its topic stands out —
    ``min_relevance`` standard deviations above random chunks and ``min_margin`` above every
    other topic. Tiny indexes (no statistics) only use the cosine floor.

    ``cross_lingual``: the question is in English and the notes mostly Japanese, so its words can't be
    found in them and a similar topic stands out less: the topic test also passes at its own thresholds."""
    if hit.dense is not None and hit.dense < settings.min_score:
        return False
    if hit.relevance is None:
        return True
    if hit.coverage >= settings.min_coverage and hit.relevance >= settings.min_relevance_with_terms:
        return True
    topic = hit.topic_relevance if hit.topic_relevance is not None else hit.relevance
    tests = [(settings.min_relevance, settings.min_margin)]
    if cross_lingual:
        tests.append((settings.cross_lingual_min_relevance, settings.cross_lingual_min_margin))
    return any(topic >= least and (hit.margin is None or hit.margin >= margin) for least, margin in tests)
