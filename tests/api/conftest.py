"""The API over the bundled notes indexed with the fake embedder (real FAISS, BM25 and files), in-process:
the real ``openai`` client through Starlette's test transport, the real MCP client in memory."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from openai import OpenAI
from starlette.testclient import TestClient

from rag.api.mount import api_app_kwargs
from rag.api.service import NotesService
from rag.assistant import Assistant
from rag.config import Settings
from rag.util import quiet
from tests.helpers.build import build_index
from tests.helpers.fakes import FakeEmbedder

BASE = "http://127.0.0.1/v1"  # the MCP transport's DNS-rebinding check accepts this host


@pytest.fixture
def assistant(open_settings: Settings, fake_embedder: FakeEmbedder) -> Assistant:
    build_index(open_settings, fake_embedder)
    return Assistant(open_settings, quiet, embedder=fake_embedder)


@pytest.fixture
def service(assistant: Assistant) -> NotesService:
    return NotesService(assistant, quiet)


@pytest.fixture
def serve() -> Iterator[Callable[[Assistant], TestClient]]:
    """``serve(assistant)``: an HTTP client of the API's routes and lifespan, as ``rag serve`` puts them on
    gradio's app (the lifespan runs: MCP sessions, the first index build)."""
    with contextlib.ExitStack() as stack:

        def start(assistant: Assistant) -> TestClient:
            app = FastAPI(**api_app_kwargs(assistant))
            return stack.enter_context(TestClient(app, base_url="http://127.0.0.1"))

        yield start


@pytest.fixture
def connect(serve: Callable[[Assistant], TestClient]) -> Callable[..., OpenAI]:
    """``connect(assistant, key=…)``: the official ``openai`` client of a served API."""

    def make(assistant: Assistant, key: str = "unused") -> OpenAI:
        return OpenAI(base_url=BASE, api_key=key, http_client=serve(assistant), max_retries=0)

    return make


@pytest.fixture
def client(connect: Callable[..., OpenAI], assistant: Assistant) -> OpenAI:
    return connect(assistant)
