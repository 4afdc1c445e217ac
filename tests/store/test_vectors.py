"""FAISS index choice: flat below the ANN threshold, IVF from it on; filtered searches stay exact."""

from __future__ import annotations

import numpy as np
import pytest

from rag.config import Settings
from rag.errors import ConfigError
from rag.retrieval.retriever import Retriever
from rag.store.lexical import get_tokenizer
from rag.store.load import load_index
from rag.store.vectors import FLAT, IVF, build_vectors, choose_type, search, tune
from rag.types import Filters
from tests.helpers.build import build_index
from tests.helpers.fakes import FakeEmbedder


def test_type_follows_size_and_setting(fake_settings: Settings) -> None:
    s = fake_settings.replace(ann_min_chunks=1000)
    assert choose_type(999, s) == FLAT
    assert choose_type(1000, s) == IVF
    assert choose_type(10, s.replace(vector_index="ivf")) == IVF
    assert choose_type(10**7, s.replace(vector_index="flat")) == FLAT
    with pytest.raises(ConfigError, match="flat, ivf"):
        choose_type(10, s.replace(vector_index="hnsw"))


def test_ivf_index_is_recorded_and_retrieves_like_flat(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    flat_settings = fake_settings
    ivf_settings = fake_settings.replace(index_dir=fake_settings.index_dir.parent / "ivf", ann_min_chunks=1)
    build_index(flat_settings, fake_embedder)
    build_index(ivf_settings, fake_embedder)
    flat, ivf = load_index(flat_settings), load_index(ivf_settings)
    assert flat.manifest.faiss_type == FLAT and ivf.manifest.faiss_type == IVF
    tok = get_tokenizer("A")
    a = Retriever(flat, fake_embedder, tok, flat_settings)
    b = Retriever(ivf, fake_embedder, tok, ivf_settings)
    for q, f in [
        ("GPUでPolarsを動かす", Filters()),
        ("逐次検定 名寄せ", Filters(tag="blog")),
        ("o1", Filters(presenter="Yosuke")),
    ]:
        assert [h.chunk.id for h in a.search(q, 5, f)] == [h.chunk.id for h in b.search(q, 5, f)]


def test_filtered_ivf_search_is_exact(fake_settings: Settings) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    s = fake_settings.replace(ivf_lists=30, ivf_nprobe=1)
    ivf = build_vectors(vectors, 32, IVF, s)
    tune(ivf, s)
    mask = np.zeros(3000, dtype=bool)
    mask[rng.choice(3000, 40, replace=False)] = True
    q = vectors[7]
    scores, rows = search(ivf, q, 10, mask)
    allowed = np.flatnonzero(mask)
    expected = allowed[np.argsort(-(vectors[allowed] @ q))[:10]]
    assert rows.tolist() == expected.tolist()
    assert mask[rows].all() and np.all(np.diff(scores) <= 1e-6)
