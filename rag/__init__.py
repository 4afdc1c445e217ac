"""Question answering over a study group's session notes, with cited session dates.

The pipeline, one subpackage per stage: ``ingest`` (notes → chunks) → ``embedding`` (text → vectors)
→ ``store`` (the on-disk index) → ``query`` (a question → Query) → ``retrieval`` (Query → Evidence)
→ ``answer`` (Evidence → Answer); ``llm`` and ``ui`` beside them. Names below load on first use, so
``import rag`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rag.answer.route import Pipeline
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.errors import RagError
    from rag.types import Answer, Chunk, Citation, Evidence, Filters, Hit, Query

__all__ = ["Answer", "Assistant", "Chunk", "Citation", "Evidence", "Filters", "Hit", "Pipeline", "Query", "RagError",
           "Settings"]  # fmt: skip

_HOMES = {
    "Assistant": "rag.assistant",
    "Pipeline": "rag.answer.route",
    "Settings": "rag.config",
    "RagError": "rag.errors",
    **{name: "rag.types" for name in ("Answer", "Chunk", "Citation", "Evidence", "Filters", "Hit", "Query")},
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
