"""Text → vectors. An ``Embedder`` has one job; the index never sees the model itself."""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from rag.errors import ModelError
from rag.filelock import file_lock
from rag.packaged_model import FOLDER_NAME, PACKAGED_MODEL_ID, build_packaged_model

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.config import Settings


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    model_id: str  # recorded in the index: vectors of different models never mix
    dim: int

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> npt.NDArray[np.float32]: ...

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def packaged_model_dir(cache_dir: Path) -> Path:
    return cache_dir / "models" / FOLDER_NAME


def ensure_packaged_model(cache_dir: Path, log: Callable[[str], None] = _stderr) -> Path:
    """The packaged model's folder, built on first use (one process builds, others wait)."""
    target = packaged_model_dir(cache_dir)
    if (target / "modules.json").is_file():
        return target
    with file_lock(target.parent / f".{FOLDER_NAME}.lock"):
        if not (target / "modules.json").is_file():
            _quiet_libraries()
            build_packaged_model(target, log)
    return target


def resolve_model(name: str, cache_dir: Path, log: Callable[[str], None] = _stderr) -> str:
    """Where to load ``name`` from: the packaged model, a local folder, or a hub name."""
    if name == PACKAGED_MODEL_ID:
        return str(ensure_packaged_model(cache_dir, log))
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelError(f"{path} is not a sentence-transformers model folder (no modules.json or config.json).")
        return str(path.resolve())
    return name


def _quiet_libraries() -> None:
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
        log: Callable[[str], None] = _stderr,
    ) -> None:
        location = resolve_model(model, cache_dir, log)
        _quiet_libraries()
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


class CachingEmbedder:
    """Remembers recent vectors by text: a question is embedded once per answer, not once per step,
    and the note lines an extractive answer ranks are embedded once per process."""

    def __init__(self, inner: Embedder, max_queries: int = 1024, max_passages: int = 50_000) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._limits = {"q": max_queries, "p": max_passages}
        self._memo: dict[str, OrderedDict[str, npt.NDArray[np.float32]]] = {"q": OrderedDict(), "p": OrderedDict()}
        self._lock = threading.Lock()

    def _cached(
        self, kind: str, texts: Sequence[str], embed: Callable[[list[str]], npt.NDArray[np.float32]]
    ) -> npt.NDArray[np.float32]:
        memo = self._memo[kind]
        with self._lock:
            known = {t: memo[t] for t in texts if t in memo}
            for t in known:
                memo.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, embed(missing), strict=True))
            with self._lock:
                memo.update((t, known[t]) for t in missing)
                while len(memo) > self._limits[kind]:
                    memo.popitem(last=False)
        return np.array([known[t] for t in texts], dtype=np.float32).reshape(-1, self.dim)

    def clear(self) -> None:
        with self._lock:
            for memo in self._memo.values():
                memo.clear()

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> npt.NDArray[np.float32]:
        return self._cached("p", texts, lambda t: self.inner.embed_passages(t, progress))

    def embed_queries(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return self._cached("q", texts, self.inner.embed_queries)


Role = Literal["index", "query"]
BACKENDS = ("auto", "torch", "onnx", "onnx-int8")
_CACHE: dict[tuple[str, ...], Embedder] = {}
_CACHE_LOCK = threading.Lock()


def _onnx(settings: Settings, location: str, int8: bool) -> Embedder:
    from rag.onnx_embed import OnnxEmbedder, ensure_onnx

    folder = ensure_onnx(Path(location), settings.cache_dir, int8, _stderr)
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
    if backend not in BACKENDS:
        raise ModelError(f"RAG_EMBEDDING_BACKEND={backend!r} is not one of {', '.join(BACKENDS)}.")
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
        _stderr(f"notice: {exc} — using torch instead.")
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
