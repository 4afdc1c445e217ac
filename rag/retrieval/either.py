"""Evidence for a sessions question that joins alternatives (``rag.query.alternatives``) and finds
nothing searched whole (no topic holds both things' words): each alternative is gathered on its own,
with the question's specific terms it names, and the evidence of all of them is the answer's — the
sessions of either thing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rag.retrieval.evidence import gather
from rag.types import Evidence, Hit

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.retrieval.retriever import Retriever
    from rag.types import Query


def gather_either(
    whole: Evidence, parts: Sequence[Query], retriever: Retriever, settings: Settings, k: int | None = None
) -> Evidence:
    """The evidence of every part of the question together, for a question whose ``whole`` evidence
    found nothing relevant; a part the notes lack adds nothing, and when no part has evidence the whole's
    evidence (its unsupported terms, its closest hits) stands."""
    found = [gather(part, retriever, settings, k) for part in parts]
    supported = [e for e in found if e.relevant]
    if not supported:
        return whole
    return Evidence(whole.query, hits=_merged(e.hits for e in found), relevant=_merged(e.relevant for e in supported))


def _merged(groups: Iterable[tuple[Hit, ...]]) -> tuple[Hit, ...]:
    """Hits of several searches, each chunk once (its best score), best first, ranked again."""
    best: dict[str, Hit] = {}
    for hits in groups:
        for hit in hits:
            if hit.chunk.id not in best or hit.score > best[hit.chunk.id].score:
                best[hit.chunk.id] = hit
    ranked = sorted(best.values(), key=lambda h: -h.score)
    return tuple(dataclasses.replace(h, rank=n) for n, h in enumerate(ranked, 1))


def parts_of(query: Query, topics: Sequence[str], with_topic: Callable[[Query, str], Query]) -> tuple[Query, ...]:
    """One query per alternative topic, each keeping the question's specific terms that alternative names."""
    parts = []
    for topic in topics:
        part = with_topic(query, topic)
        folded = topic.casefold()
        parts.append(dataclasses.replace(part, specific=tuple(s for s in query.specific if s.casefold() in folded)))
    return tuple(parts)
