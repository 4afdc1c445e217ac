"""The sentence-transformers (torch) embedder, and where a model name is loaded from."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.config import PACKAGED_MODEL_ID
from rag.embedding.packaged import FOLDER_NAME, build_packaged_model
from rag.errors import ModelError
from rag.util import Log, file_lock, log_stderr

if TYPE_CHECKING:
    import numpy.typing as npt


def packaged_model_dir(cache_dir: Path) -> Path:
    return cache_dir / "models" / FOLDER_NAME


def ensure_packaged_model(cache_dir: Path, log: Log = log_stderr) -> Path:
    """The packaged model's folder, built on first use (one process builds, others wait)."""
    target = packaged_model_dir(cache_dir)
    if (target / "modules.json").is_file():
        return target
    with file_lock(target.parent / f".{FOLDER_NAME}.lock"):
        if not (target / "modules.json").is_file():
            quiet_libraries()
            build_packaged_model(target, log)
    return target


def resolve_model(name: str, cache_dir: Path, log: Log = log_stderr) -> str:
    """Where to load ``name`` from: the packaged model, a local folder, or a hub name."""
    if name == PACKAGED_MODEL_ID:
        return str(ensure_packaged_model(cache_dir, log))
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelError(f"{path} is not a sentence-transformers model folder (no modules.json or config.json).")
        return str(path.resolve())
    return name


def quiet_libraries() -> None:
    """Keep transformers' progress bars and warnings out of the user's terminal."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class SentenceTransformerEmbedder:
    """A sentence-transformers model with query/passage prompts (e5: ``query: `` / ``passage: ``)."""

    def __init__(
        self,
        model: str,
        cache_dir: Path,
        *,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
        batch_size: int = 16,
        log: Log = log_stderr,
    ) -> None:
        location = resolve_model(model, cache_dir, log)
        quiet_libraries()
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(location, device="cpu")
        except OSError as exc:
            raise ModelError(
                f"Could not load the embedding model {model!r}: {exc}. Without a model hub, use the packaged "
                f"default (unset RAG_EMBEDDING_MODEL) or a local sentence-transformers folder."
            ) from exc
        self.model_id = model
        self._query_prompt = query_prompt
        self._passage_prompt = passage_prompt
        if "e5" in model.lower() and not self._model.prompts.get("query") and query_prompt is None:
            self._query_prompt, self._passage_prompt = "query: ", passage_prompt or "passage: "
        self._batch_size = batch_size
        dim = self._model.get_embedding_dimension()
        if not dim:
            raise ModelError(f"The model {model!r} does not report an embedding dimension.")
        self.dim = int(dim)
        self._lock = threading.Lock()  # torch modules are not safe to call from many threads at once

    def _encode(self, texts: Sequence[str], query: bool, progress: bool = False) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encode = self._model.encode_query if query else self._model.encode_document
        prompt = self._query_prompt if query else self._passage_prompt
        with self._lock:
            out = encode(
                list(texts),
                prompt=prompt,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(out, dtype=np.float32)

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> npt.NDArray[np.float32]:
        return self._encode(texts, query=False, progress=progress)

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._encode(texts, query=True)
