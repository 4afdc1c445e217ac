"""The embedder the settings name, loaded once per process and role, on the backend they ask for."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rag.embedding.base import CachingEmbedder, Embedder
from rag.embedding.torch import SentenceTransformerEmbedder, resolve_model
from rag.errors import ModelError
from rag.util import log_stderr

if TYPE_CHECKING:
    from rag.config import Settings

Role = Literal["index", "query"]
_CACHE: dict[tuple[str, ...], Embedder] = {}
_CACHE_LOCK = threading.Lock()


def _onnx(settings: Settings, location: str, int8: bool) -> Embedder:
    from rag.embedding.onnx import OnnxEmbedder, ensure_onnx

    folder = ensure_onnx(Path(location), settings.cache_dir, int8, log_stderr)
    return OnnxEmbedder(
        folder,
        model_id=settings.embedding_id,
        int8=int8,
        query_prompt=settings.query_prompt,
        passage_prompt=settings.passage_prompt,
    )


def _torch(settings: Settings) -> Embedder:
    return SentenceTransformerEmbedder(
        settings.embedding_model,
        settings.cache_dir,
        query_prompt=settings.query_prompt,
        passage_prompt=settings.passage_prompt,
        batch_size=settings.embed_batch_size,
    )


def _make(settings: Settings) -> Embedder:
    backend = settings.embedding_backend
    if backend == "torch":
        return _torch(settings)
    location = resolve_model(settings.embedding_model, settings.cache_dir)
    if not Path(location).is_dir():  # a hub model: sentence-transformers fetches and runs it
        if backend != "auto":
            raise ModelError(f"The ONNX backend needs a local model folder; {location!r} is not one. Use torch.")
        return _torch(settings)
    try:
        return _onnx(settings, location, int8=backend == "onnx-int8")
    except ModelError as exc:
        if backend != "auto":
            raise
        log_stderr(f"notice: {exc} — using torch instead.")
        return _torch(settings)


def load_embedder(settings: Settings, role: Role = "index") -> Embedder:
    """The embedder the settings name, loaded once per process and role: questions get their own
    instance, so a long index update never makes a question wait for the model. The default
    backend runs the model with ONNX Runtime (no torch import: fast start), torch as fallback."""
    key = (
        settings.embedding_model,
        settings.embedding_backend,
        str(settings.cache_dir),
        str(settings.query_prompt),
        str(settings.passage_prompt),
        role,
    )
    with _CACHE_LOCK:
        if key not in _CACHE:
            embedder = _make(settings)
            _CACHE[key] = CachingEmbedder(embedder) if role == "query" else embedder
        return _CACHE[key]
