"""The ONNX embedding backends give the same vectors as the torch model they were exported from."""

from __future__ import annotations

import numpy as np
import pytest

from rag.config import Settings
from rag.embedding.factory import load_embedder
from rag.errors import ConfigError

pytestmark = pytest.mark.slow

TEXTS = [
    "名寄せの評価でサンプルサイズを抑える逐次検定",
    "Running Polars on the GPU with cuDF",
    "passage with mixed 日本語 and English terms: continual pre-training",
]


@pytest.mark.parametrize(("backend", "min_cos"), [("onnx", 0.9999), ("onnx-int8", 0.95)])
def test_onnx_backend_matches_torch(real_settings: Settings, backend: str, min_cos: float) -> None:
    torch_emb = load_embedder(real_settings.replace(embedding_backend="torch"))
    onnx_emb = load_embedder(real_settings.replace(embedding_backend=backend))
    assert onnx_emb.dim == torch_emb.dim
    for fn in ("embed_queries", "embed_passages"):
        a = getattr(torch_emb, fn)(TEXTS)
        b = getattr(onnx_emb, fn)(TEXTS)
        assert b.dtype == np.float32 and b.shape == a.shape
        np.testing.assert_allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-4)
        cos = (a * b).sum(axis=1)
        assert cos.min() >= min_cos, (fn, cos)


def test_int8_vectors_are_recorded_as_another_model(real_settings: Settings) -> None:
    plain = real_settings.replace(embedding_backend="onnx")
    int8 = real_settings.replace(embedding_backend="onnx-int8")
    assert plain.embedding_id != int8.embedding_id  # an index built with one is not silently read with the other


def test_unknown_backend_is_a_clear_error(real_settings: Settings) -> None:
    with pytest.raises(
        ConfigError, match="RAG_EMBEDDING_BACKEND='tensorrt' is not one of auto, torch, onnx, onnx-int8"
    ):
        real_settings.replace(embedding_backend="tensorrt")


def test_query_embedder_remembers_vectors_and_returns_the_same(real_settings: Settings) -> None:
    from rag.embedding.base import CachingEmbedder

    cached = load_embedder(real_settings, "query")
    assert isinstance(cached, CachingEmbedder)
    first = cached.embed_passages([TEXTS[0], TEXTS[1], TEXTS[0]])
    again = cached.embed_passages([TEXTS[1], TEXTS[0]])
    np.testing.assert_array_equal(first[0], first[2])
    np.testing.assert_array_equal(again, first[[1, 0]])
    np.testing.assert_allclose(cached.embed_queries([TEXTS[2]]), cached.inner.embed_queries([TEXTS[2]]), atol=1e-6)
