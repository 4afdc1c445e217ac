"""The answer when the notes have nothing for a question: said plainly, with the closest chunks uncited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.types import Answer

if TYPE_CHECKING:
    from rag.types import Hit, Query


def not_found(query: Query, closest: Sequence[Hit] = (), reason: str = "") -> Answer:
    """ "Not in the notes", in the question's language; ``reason`` says why when it is known (e.g. a
    date or presenter the question names that the notes don't have)."""
    if reason:
        head = "ノートには該当する回がありません。" if query.japanese else "The notes have nothing for that."
        text = f"{head} {reason}"
    elif query.japanese:
        text = "ノートにはこの質問に関係する内容が見つかりませんでした。"
    else:
        text = "The notes don't seem to cover this."
    return Answer(
        question=query.question, text=text, mode="extractive", found=False, hits=tuple(closest), query=query.rewritten
    )
