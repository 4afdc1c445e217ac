"""The FAISS index of chunk vectors: exact (flat) search while it is fast, HNSW beyond.

Vectors are L2-normalised, so inner product is cosine similarity. Flat search costs
O(chunks × dim) per question — ~10 ms at 100k chunks on two cores — so it stays the default
up to ``Settings.hnsw_min_chunks``; past that, an HNSW graph answers in well under a
millisecond with the recall measured in bench/scale.py. Filtered searches always run exactly
(over the flat storage with an ID selector): graph search under a selective filter loses recall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import faiss
    import numpy.typing as npt

    from rag.config import Settings

FLAT = "IndexFlatIP"
HNSW = "IndexHNSWFlat"
KINDS = ("auto", "flat", "hnsw")


def choose_type(chunks: int, settings: Settings) -> str:
    """The FAISS index type the settings call for at this many chunks."""
    from rag.errors import ConfigError

    kind = settings.vector_index
    if kind not in KINDS:
        raise ConfigError(f"RAG_VECTOR_INDEX={kind!r} is not one of {', '.join(KINDS)}.")
    if kind == "hnsw" or (kind == "auto" and chunks >= settings.hnsw_min_chunks):
        return HNSW
    return FLAT


def build_vectors(vectors: npt.NDArray[np.float32], dim: int, faiss_type: str, settings: Settings) -> faiss.Index:
    import faiss

    index: faiss.Index
    if faiss_type == HNSW:
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = settings.hnsw_ef_construction
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def tune(index: faiss.Index, settings: Settings) -> None:
    """Apply search-time settings to a loaded index. One question scans the vectors on one thread:
    OpenMP's thread hand-offs cost more than they save for a single query, and a busy server runs
    several questions at once anyway."""
    import faiss

    faiss.omp_set_num_threads(settings.search_threads)
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = settings.hnsw_ef_search


def search(
    index: faiss.Index, query: npt.NDArray[np.float32], k: int, mask: npt.NDArray[np.bool_] | None
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Scores and rows of the ``k`` best vectors among those ``mask`` allows."""
    import faiss

    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    if mask is None:
        scores, rows = index.search(q, k)
        return scores[0], rows[0]
    params = faiss.SearchParameters()
    params.sel = faiss.IDSelectorBatch(np.flatnonzero(mask).astype(np.int64))
    exact = faiss.downcast_index(index.storage) if isinstance(index, faiss.IndexHNSW) else index
    scores, rows = exact.search(q, k, params=params)
    return scores[0], rows[0]
