"""Shared fixtures: the real sample notes, a tiny fake embedder, the real packaged model and local LLM."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from rag.answer.route import Pipeline
from rag.config import Settings
from rag.embedding.base import Embedder
from rag.embedding.factory import load_embedder
from rag.llm.server import LocalLLMServer
from rag.retrieval.retriever import Retriever
from rag.store.lexical import get_tokenizer
from rag.store.load import load_index
from tests.helpers.build import build_index
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.paths import NOTES


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    """A writable copy of the project's bundled notes."""
    d = tmp_path / "notes"
    shutil.copytree(NOTES, d)
    return d


@pytest.fixture
def fake_settings(tmp_path: Path, notes_dir: Path) -> Settings:
    return Settings(notes_dir=notes_dir, index_dir=tmp_path / "index", embedding_model="fake-bigram")


@pytest.fixture
def open_settings(fake_settings: Settings) -> Settings:
    """Every hit counts as relevant: the fake embedder's similarities are not calibrated for the gate."""
    return fake_settings.replace(
        min_score=-1.0,
        min_relevance=-99.0,
        min_margin=-99.0,
        cross_lingual_min_relevance=-99.0,
        cross_lingual_min_margin=-99.0,
    )


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the real packaged model over a copy of the bundled notes (model cache shared)."""
    base = tmp_path_factory.mktemp("real")
    shutil.copytree(NOTES, base / "notes")
    return Settings.from_env(notes_dir=base / "notes", index_dir=base / "index")


@pytest.fixture(scope="session")
def real_embedder(real_settings: Settings) -> Embedder:
    return load_embedder(real_settings)


@pytest.fixture(scope="session")
def real_index_settings(real_settings: Settings, real_embedder: Embedder) -> Settings:
    """The real settings with an index built once per test session."""
    build_index(real_settings, real_embedder)
    return real_settings


@pytest.fixture
def fake_pipeline(fake_settings: Settings, fake_embedder: FakeEmbedder) -> Pipeline:
    """The bundled notes indexed with the fake embedder (real FAISS and BM25), extractive answers."""
    build_index(fake_settings, fake_embedder)
    return Pipeline(load_index(fake_settings), fake_embedder, get_tokenizer("A"), fake_settings)


@pytest.fixture
def fake_retriever(fake_pipeline: Pipeline) -> Retriever:
    """The fake pipeline's retriever."""
    return fake_pipeline.retriever


@pytest.fixture(scope="session")
def real_pipeline(real_index_settings: Settings, real_embedder: Embedder) -> Pipeline:
    """The bundled notes with the real packaged model, extractive answers."""
    return Pipeline(load_index(real_index_settings), real_embedder, get_tokenizer("A"), real_index_settings)


@pytest.fixture(scope="session")
def real_retriever(real_pipeline: Pipeline) -> Retriever:
    """The real pipeline's retriever."""
    return real_pipeline.retriever


def llm_test_threads() -> int:
    """CPU threads for the test LLM server: 1 under CI (shared runners), else 2; RAG_TEST_LLM_THREADS wins."""
    if os.environ.get("RAG_TEST_LLM_THREADS"):
        return int(os.environ["RAG_TEST_LLM_THREADS"])
    return 1 if os.environ.get("CI") else 2


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalLLMServer]:
    """The real local LLM server on a free port in a child process, for the whole session."""
    pytest.importorskip("xllamacpp", reason="needs pip install -e '.[local-llm]'")
    log_path = tmp_path_factory.mktemp("llm") / "server.log"
    cache_dir = Settings.from_env().cache_dir  # the model is assembled there once and shared
    with LocalLLMServer(cache_dir, threads=llm_test_threads(), n_ctx=4096, log_path=log_path) as server:
        yield server


@pytest.fixture
def settings_from(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Settings]:
    """Settings read from exactly the given environment variables (others of the project cleared;
    the model cache stays where it is)."""

    def read(env: Mapping[str, str], **overrides: object) -> Settings:
        for name in list(os.environ):
            if name.startswith(("RAG_", "OPENAI_")) and name != "RAG_CACHE_DIR":
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return Settings.from_env(**overrides)

    return read
