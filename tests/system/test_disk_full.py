"""A disk that fills up while a new build is written: the published index stays loadable and answers,
the half-written build is removed, and the error says what happened and what to do."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.config import Settings
from rag.errors import IndexWriteError
from rag.store.format import current_build
from rag.store.load import load_index
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.giant import giant_note
from tests.helpers.paths import NOTES, ROOT

TMPFS_KB = 1500  # the first build (~0.45 MB) fits, with the giant note's (~3.3 MB) it does not


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Settings]:
    """Notes, and an index folder on a tmpfs of TMPFS_KB (needs root: mount)."""
    index = tmp_path / "index"
    index.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_KB}k", "tmpfs", str(index)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()}); the RLIMIT_FSIZE test covers it")
    shutil.copytree(NOTES, tmp_path / "notes")
    try:
        yield Settings(
            notes_dir=tmp_path / "notes",
            index_dir=index,
            embedding_model="fake-bigram",
            max_note_chunks=5000,
            max_update_chunks=5000,
        )
    finally:
        subprocess.run(["umount", str(index)], check=False)


def _published_then_a_giant_note(settings: Settings, embedder: FakeEmbedder) -> tuple[Path, set[str]]:
    """Publish the notes, then add one whose build needs ~3.3 MB; the published build and its notes."""
    update_index(settings, embedder)
    build = current_build(settings.index_dir)
    assert build is not None
    (settings.notes_dir / "giant.txt").write_text(giant_note(3000), encoding="utf-8")
    return build, set(load_index(settings).manifest.notes)


def _published_intact(settings: Settings, build: Path, notes: set[str]) -> None:
    assert current_build(settings.index_dir) == build
    index = load_index(settings)
    assert set(index.manifest.notes) == notes and len(index.chunks) == index.vectors.ntotal
    assert [p.name for p in (settings.index_dir / "builds").iterdir()] == [build.name]  # no half build left


def test_a_full_disk_leaves_the_published_index_loadable(small_disk: Settings, fake_embedder: FakeEmbedder) -> None:
    build, notes = _published_then_a_giant_note(small_disk, fake_embedder)
    with pytest.raises(IndexWriteError) as err:
        update_index(small_disk, fake_embedder)
    message = str(err.value)
    assert "(the disk is full: 0." in message and f"the published index ({build.name}) is unchanged" in message
    assert "Free some space" in message and "run `rag index` again" in message
    _published_intact(small_disk, build, notes)
    (small_disk.notes_dir / "giant.txt").unlink()
    (small_disk.notes_dir / "small.txt").write_text("2031-05-01 勉強会\n[blog] After the disk filled\n- ok\n")
    assert "small.txt" in update_index(small_disk, fake_embedder).added  # works again once there is room


def test_a_file_size_limit_stops_the_write_the_same_way(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    """The same without root: the update runs under RLIMIT_FSIZE, so its big files cannot be written."""
    build, notes = _published_then_a_giant_note(fake_settings, fake_embedder)
    args = [str(fake_settings.notes_dir), str(fake_settings.index_dir), str(600_000)]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.helpers.limited_update", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, (proc.stdout, proc.stderr[-2000:])
    assert proc.stdout.startswith("ERROR Could not write the new index build"), proc.stdout
    assert "File too large" in proc.stdout and f"({build.name}) is unchanged" in proc.stdout
    _published_intact(fake_settings, build, notes)
