"""The FAISS index of chunk vectors: exact (flat) search while it is fast, IVF beyond.

Vectors are L2-normalised, so inner product is cosine similarity. Flat search costs
O(chunks × dim) per question — ~15 ms at 100k chunks on one busy core — so it is the default
below ``Settings.ann_min_chunks``; from there an inverted-file index (k-means lists, ``nprobe``
of them scanned per question) answers in ~1–2 ms with the recall measured in bench/scale.py
(HNSW was measured too and lost: far lower recall at equal latency on notes-like data).
Filtered searches always run exactly — every list is scanned, only allowed rows are scored —
because a selective filter would otherwise leave too few candidates in the probed lists.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import faiss
    import numpy.typing as npt

    from rag.config import Settings

FLAT = "IndexFlatIP"
IVF = "IndexIVFFlat"
_TRAIN_SAMPLE = 64  # k-means training vectors per list


def choose_type(chunks: int, settings: Settings) -> str:
    """The FAISS index type the settings call for at this many chunks."""
    kind = settings.vector_index
    if kind == "ivf" or (kind == "auto" and chunks >= settings.ann_min_chunks):
        return IVF
    return FLAT


def ivf_lists(chunks: int, settings: Settings) -> int:
    """Inverted lists for ``chunks`` vectors: the setting, or about √chunks (at least 1, at most chunks)."""
    wanted = settings.ivf_lists or round(math.sqrt(chunks))
    return max(1, min(wanted, chunks))


def build_vectors(vectors: npt.NDArray[np.float32], dim: int, faiss_type: str, settings: Settings) -> faiss.Index:
    import faiss

    data = np.ascontiguousarray(vectors, dtype=np.float32)
    if faiss_type == IVF and len(data):
        lists = ivf_lists(len(data), settings)
        ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).permutation(len(data))[: lists * _TRAIN_SAMPLE]
        ivf.train(data[np.sort(sample)])
        ivf.add(data)
        ivf.make_direct_map()  # reconstruct(): the scores of given rows, reuse of vectors by updates; saved with it
        return ivf
    index = faiss.IndexFlatIP(dim)
    if len(data):
        index.add(data)
    return index


def tune(index: faiss.Index, settings: Settings) -> None:
    """Apply search-time settings to a loaded index. One question scans the vectors on one thread:
    OpenMP's thread hand-offs cost more than they save for a single query, and a busy server runs
    several questions at once anyway."""
    import faiss

    faiss.omp_set_num_threads(settings.search_threads)
    if isinstance(index, faiss.IndexIVF):
        index.nprobe = settings.ivf_nprobe


def search(
    index: faiss.Index, query: npt.NDArray[np.float32], k: int, mask: npt.NDArray[np.bool_] | None
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Scores and rows of the ``k`` best vectors among those ``mask`` allows."""
    import faiss

    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    if mask is None:
        scores, rows = index.search(q, k)
        return scores[0], rows[0]
    selector = faiss.IDSelectorBatch(np.flatnonzero(mask).astype(np.int64))
    params: faiss.SearchParameters
    if isinstance(index, faiss.IndexIVF):
        params = faiss.SearchParametersIVF()
        params.nprobe = index.nlist  # exact: every list
    else:
        params = faiss.SearchParameters()
    params.sel = selector
    scores, rows = index.search(q, k, params=params)
    return scores[0], rows[0]
