"""Building a test index in one call."""

from __future__ import annotations

from rag.config import Settings
from rag.embedding.base import Embedder
from rag.store.update import BuildReport, update_index


def build_index(settings: Settings, embedder: Embedder) -> BuildReport:
    """Index the settings' notes folder from scratch."""
    return update_index(settings, embedder, full=True)
