"""A fast embedding path: the model's encoder as ONNX, run by ONNX Runtime with no torch import.

The export (once, into the cache, needs torch) splits the model in two: the word-embedding
table is saved as a plain ``.npy`` that is memory-mapped (only the rows a text uses are read),
and the encoder takes those vectors as input. So a process that answers one question starts in
a fraction of a second instead of the ~9 s that importing sentence-transformers takes, and the
vectors are the same as the torch model's (checked at export, cosine ≥ 0.9999). An int8 variant
(dynamic quantisation of the encoder's weights) is faster still, with slightly different vectors.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.errors import ModelError
from rag.util import atomic_dir, file_lock

if TYPE_CHECKING:
    import numpy.typing as npt

EXPORT_VERSION = 1
ENCODER = "encoder.onnx"
ENCODER_INT8 = "encoder-int8.onnx"
WORDS = "word_embeddings.npy"
META = "onnx_model.json"
_CHECK_TEXTS = (
    "query: 名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?",
    "passage: GPU acceleration with Polars and NVIDIA RAPIDS\n- polarsでGPU (cuDF)を使う処理がβ版になった",
    "passage: " + "継続事前学習のデータリプレイ。" * 60,
)
_GROUP = 32  # texts per ONNX run: sorted by length, so padding stays small


def onnx_dir(cache_dir: Path, model_dir: Path) -> Path:
    return cache_dir / "models" / f"{model_dir.name}-onnx-v{EXPORT_VERSION}"


def export_onnx(model_dir: Path, target: Path, int8: bool, log: Callable[[str], None]) -> Path:
    """Export a sentence-transformers folder (Transformer → mean pooling → Normalize) to ``target``."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling

    log(f"Exporting the embedding model to ONNX for fast start-up (one time, ~30 s) into {target}")
    st = SentenceTransformer(str(model_dir), device="cpu")
    modules = list(st)
    pooling = [m for m in modules if isinstance(m, Pooling)]
    if len(modules) != 3 or not pooling or pooling[0].pooling_mode != "mean" or not isinstance(modules[2], Normalize):
        raise ModelError(
            f"The ONNX path supports models made of a transformer, mean pooling and normalisation; {model_dir} "
            "is not. Set RAG_EMBEDDING_BACKEND=torch."
        )
    auto_model = modules[0].auto_model.eval()
    word_embeddings = auto_model.get_input_embeddings().weight.detach().float().numpy()

    class Encoder(torch.nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.model = auto_model

        def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.model(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    with atomic_dir(target) as work:
        dim = int(word_embeddings.shape[1])
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes about the model's Python control flow: not for users
            torch.onnx.export(
                Encoder(),
                (torch.zeros((2, 8, dim)), torch.ones((2, 8), dtype=torch.long)),
                str(work / ENCODER),
                input_names=["inputs_embeds", "attention_mask"],
                output_names=["embedding"],
                dynamic_axes={
                    "inputs_embeds": {0: "b", 1: "s"},
                    "attention_mask": {0: "b", 1: "s"},
                    "embedding": {0: "b"},
                },
                opset_version=17,
                dynamo=False,
            )
        with open(work / WORDS, "wb") as fh:
            np.save(fh, word_embeddings, allow_pickle=False)
        shutil.copy(Path(st.tokenizer.name_or_path) / "tokenizer.json", work / "tokenizer.json")
        meta = {
            "version": EXPORT_VERSION,
            "dim": dim,
            "max_seq_length": int(st.max_seq_length or 512),
            "pad_id": int(st.tokenizer.pad_token_id or 0),
            "prompts": dict(st.prompts),
        }
        (work / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        reference = st.encode(list(_CHECK_TEXTS), normalize_embeddings=True, prompt="")
        got = OnnxEmbedder(work, model_id="check").encode(_CHECK_TEXTS)
        agreement = float(np.min(np.sum(reference * got, axis=1)))
        if agreement < 0.9999:
            raise ModelError(f"The ONNX export disagrees with the torch model (cosine {agreement:.5f}); use torch.")
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(work / ENCODER), str(work / ENCODER_INT8), weight_type=QuantType.QInt8)
    log(f"ONNX embedding model ready (agreement with torch: cosine {agreement:.6f}).")
    return target


def ensure_onnx(model_dir: Path, cache_dir: Path, int8: bool, log: Callable[[str], None]) -> Path:
    """The ONNX export of ``model_dir``, made on first use (one process exports, others wait)."""
    target = onnx_dir(cache_dir, model_dir)
    wanted = ENCODER_INT8 if int8 else ENCODER
    if (target / wanted).is_file() and (target / META).is_file():
        return target
    with file_lock(target.parent / f".{target.name}.lock"):
        if (target / wanted).is_file() and (target / META).is_file():
            return target
        if (target / META).is_file() and int8:  # fp32 export exists: add the int8 encoder only
            from onnxruntime.quantization import QuantType, quantize_dynamic

            log("Quantising the ONNX encoder to int8 (one time)…")
            tmp = target / f".{ENCODER_INT8}.tmp"
            quantize_dynamic(str(target / ENCODER), str(tmp), weight_type=QuantType.QInt8)
            os.replace(tmp, target / ENCODER_INT8)
            return target
        return export_onnx(model_dir, target, int8, log)


class OnnxEmbedder:
    """Embeds with ONNX Runtime + tokenizers + a memory-mapped word table; implements Embedder."""

    def __init__(
        self,
        folder: Path,
        model_id: str,
        int8: bool = False,
        threads: int | None = None,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta: dict[str, Any] = json.loads((folder / META).read_text(encoding="utf-8"))
        self.model_id = model_id
        self.dim = int(meta["dim"])
        prompts: dict[str, str] = meta.get("prompts", {})
        self._query_prompt = prompts.get("query", "") if query_prompt is None else query_prompt
        self._passage_prompt = (
            prompts.get("document", prompts.get("passage", "")) if passage_prompt is None else passage_prompt
        )
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(8, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(folder / (ENCODER_INT8 if int8 else ENCODER)), options, providers=["CPUExecutionProvider"]
        )
        self._words = np.load(folder / WORDS, mmap_mode="r", allow_pickle=False)
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(int(meta["max_seq_length"]))
        self._tokenizer.enable_padding(pad_id=int(meta["pad_id"]))
        self._lock = threading.Lock()  # the tokenizer's padding state is shared between calls

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Vectors of ``texts`` as given (prompts already in front)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), _GROUP):
            rows = order[start : start + _GROUP]
            with self._lock:
                encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            embeds = np.asarray(self._words[ids], dtype=np.float32)
            (vectors,) = self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})
            out[rows] = vectors
        return out

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> npt.NDArray[np.float32]:
        return self.encode([self._passage_prompt + t for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self.encode([self._query_prompt + t for t in texts])
