"""Kill an index update (SIGKILL) in every phase — reading, embedding, each write step, just before and
just after the switch-over — placed by phase, not by time; the index must always load and answer
correctly, and hold exactly the old notes until the switch-over, the new ones after it."""

from __future__ import annotations

import subprocess
import sys

from rag.config import Settings
from rag.retrieval.retriever import Retriever
from rag.store.format import WRITE_STEPS
from rag.store.lexical import get_tokenizer
from rag.store.load import load_index
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.giant import giant_note
from tests.helpers.paths import ROOT

# Where the update kills itself ("phase done", see tests/helpers/update_worker.py); only a kill after
# the switch-over ("publish 1") may leave the new build published.
KILL_POINTS = [
    "read 1",
    "embed 0",
    "embed 128",  # between two embedding groups
    *(f"write {i}" for i in range(WRITE_STEPS + 1)),  # before the first file, after each step
    "publish 0",  # the build is complete, CURRENT not yet replaced
    "publish 1",  # CURRENT replaced, stale builds not yet removed
]
RUNS = 2 * len(KILL_POINTS)


def marker(i: int) -> str:
    date = f"2024-11-{1 + i % 28:02d}"
    return f"{date} 機械学習勉強会\n@Tester\n[blog] Marker topic number{i}x\n- unique term zzmarker{i}qq\n"


def kill_at(settings: Settings, point: str) -> list[str]:
    """Run an update that kills itself at ``point``; returns what it announced."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.helpers.update_worker", str(settings.notes_dir), str(settings.index_dir), point],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = proc.stdout.splitlines()
    assert proc.returncode == -9, (point, proc.returncode, lines[-3:], proc.stderr[-2000:])
    assert lines and lines[-1].startswith(f"PHASE {point} "), (point, lines[-3:])  # killed right there
    return lines


def test_killed_updates_never_break_the_index(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    notes = fake_settings.notes_dir
    (notes / "filler.txt").write_text(giant_note(200), encoding="utf-8")  # > 128 chunks: two embedding groups
    update_index(fake_settings, fake_embedder)
    names_before = set(load_index(fake_settings).manifest.notes)
    for i in range(RUNS):
        point = KILL_POINTS[i % len(KILL_POINTS)]
        # the update being killed adds marker i and removes marker i-1
        (notes / f"marker-{i}.txt").write_text(marker(i), encoding="utf-8")
        (notes / f"marker-{i - 1}.txt").unlink(missing_ok=True)
        names_after = (names_before - {f"marker-{i - 1}.txt"}) | {f"marker-{i}.txt"}
        kill_at(fake_settings, point)

        index = load_index(fake_settings)  # must load after every kill
        names = set(index.manifest.notes)
        expected = names_after if point == "publish 1" else names_before
        assert names == expected, (i, point)
        r = Retriever(index, fake_embedder, get_tokenizer("A"), fake_settings)
        hits = r.search(f"zzmarker{i}qq", 3, mode="lexical")
        if point == "publish 1":
            assert hits and hits[0].chunk.note == f"marker-{i}.txt" and f"zzmarker{i}qq" in hits[0].chunk.text
        else:
            assert not hits or all(h.chunk.note != f"marker-{i}.txt" for h in hits)
        assert len(index.chunks) == index.vectors.ntotal == index.lexical.size

        update_index(fake_settings, fake_embedder)  # a normal update afterwards finishes the job
        names_before = set(load_index(fake_settings).manifest.notes)
        assert names_before == names_after
        builds = list((fake_settings.index_dir / "builds").iterdir())
        assert len(builds) <= 2, builds  # leftovers of the killed update are gone
