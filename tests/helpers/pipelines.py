"""A test's pipeline: the index and models of a retriever fixture, with other settings or an LLM."""

from __future__ import annotations

from rag.answer.route import Pipeline
from rag.config import Settings
from rag.llm.base import ChatLLM
from rag.retrieval.retriever import Retriever


def pipeline_of(retriever: Retriever, settings: Settings | None = None, llm: ChatLLM | None = None) -> Pipeline:
    """What answers from ``retriever``'s index, with ``settings`` (default: the retriever's) and ``llm``."""
    return Pipeline(retriever.index, retriever.embedder, retriever.tokenizer, settings or retriever.settings, llm)
