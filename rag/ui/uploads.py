"""Uploaded note files in Gradio's cache: checked against the budgets, then removed at once.

Gradio keeps every upload in its cache folder (``GRADIO_TEMP_DIR``, else ``<tmp>/gradio``), where it
can be fetched back by URL. A note is copied into the notes folder when it is added, so its upload
is removed right then, and so is an upload that was refused. ``delete_cache`` on the page clears
whatever is left (uploads never added) after an hour.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from gradio.utils import get_upload_folder

# (every, older than) seconds: Gradio's own sweep of its cache for this app (and all of it at shutdown).
DELETE_CACHE = (600, 3600)


def discard_upload(path: str | Path) -> bool:
    """Remove an uploaded file (and its folder, which Gradio makes per upload) from Gradio's cache;
    a path outside the cache is never touched. True if something was removed."""
    cache = Path(get_upload_folder()).resolve()
    file = Path(path).resolve()
    if not file.is_relative_to(cache) or file == cache:
        return False
    existed = file.exists()
    file.unlink(missing_ok=True)
    folder = file.parent
    if folder != cache and folder.is_relative_to(cache) and not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)
    return existed
