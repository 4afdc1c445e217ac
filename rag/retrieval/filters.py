"""Filters over the index's rows: which chunks a question's dates, presenter and tag let through."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from rag.errors import NoMatchError
from rag.text import canonical_tag, presenter_matches

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.store.load import NoteIndex
    from rag.types import Filters


def filter_mask(index: NoteIndex, filters: Filters) -> npt.NDArray[np.bool_] | None:
    """Which chunks the filters let through (None: no filters); raises when none do."""
    if filters.empty:
        return None
    cols = index.columns
    mask = np.ones(len(index.chunks), dtype=np.bool_)
    if filters.since or filters.until:
        lo = int(filters.since.strftime("%Y%m%d")) if filters.since else 1
        hi = int(filters.until.strftime("%Y%m%d")) if filters.until else 99991231
        mask &= (cols.day >= lo) & (cols.day <= hi)  # undated chunks (0) never pass a date filter
    if filters.presenter:
        wanted = [i for i, p in enumerate(cols.presenters) if presenter_matches(filters.presenter, p)]
        mask &= np.isin(cols.presenter, wanted)
    if filters.tag:
        tag = canonical_tag(filters.tag)
        mask &= np.isin(cols.tag, [i for i, t in enumerate(cols.tags) if canonical_tag(t) == tag])
    if filters.untagged:
        mask &= (cols.tag == -1) & (cols.day > 0)  # a session's untagged topics, not an undated document
    if filters.undated:
        mask &= cols.day == 0
    if not mask.any():
        raise NoMatchError(no_match_message(index, filters))
    return mask


def no_match_message(index: NoteIndex, filters: Filters) -> str:
    """What the filters asked for and what the notes hold instead."""
    cat = index.catalogue
    return (
        f"No notes match the filters ({filters.describe()}), so nothing was searched. "
        f"Sessions run from {cat.span()}; presenters: {', '.join(cat.presenters) or 'none'}; "
        f"tags: {', '.join(f'[{t}]' for t in cat.tags) or 'none'}. Loosen or fix the filters."
    )
