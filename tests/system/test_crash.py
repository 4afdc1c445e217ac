"""Kill an index update (SIGKILL) at many points; the index must always load and answer correctly."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from rag.config import Settings
from rag.retrieval.retriever import Retriever
from rag.store.lexical import get_tokenizer
from rag.store.load import load_index
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.paths import ROOT

# Where to kill: (phase whose announcement triggers the kill, extra delay in seconds)
KILL_POINTS = [
    ("read", 0.0),
    ("embed", 0.0),
    ("embed", 0.15),
    ("embed", 0.4),
    ("write", 0.1),
    ("publish 0", 0.1),  # paused just before CURRENT is replaced
    ("publish 1", 0.1),  # paused just after
]
RUNS = 28


def marker(i: int) -> str:
    date = f"2024-11-{1 + i % 28:02d}"
    return f"{date} 機械学習勉強会\n@Tester\n[blog] Marker topic number{i}x\n- unique term zzmarker{i}qq\n"


def kill_during(settings: Settings, point: str, delay: float) -> str:
    pause = point.split(maxsplit=1)[0]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.update_worker", str(settings.notes_dir), str(settings.index_dir), pause],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    seen = ""
    for line in proc.stdout:
        seen = line.strip()
        if seen.startswith(f"PHASE {point}") or seen == "DONE":
            break
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    return seen


def test_killed_updates_never_break_the_index(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(fake_settings, fake_embedder)
    rng = random.Random(7)
    notes = fake_settings.notes_dir
    names_before = set(load_index(fake_settings).manifest.notes)
    outcomes = {"old": 0, "new": 0}
    for i in range(RUNS):
        point, delay = KILL_POINTS[i % len(KILL_POINTS)]
        delay += rng.uniform(0, 0.05)
        # the update being killed adds marker i and removes marker i-1
        (notes / f"marker-{i}.txt").write_text(marker(i), encoding="utf-8")
        (notes / f"marker-{i - 1}.txt").unlink(missing_ok=True)
        names_after = (names_before - {f"marker-{i - 1}.txt"}) | {f"marker-{i}.txt"}
        seen = kill_during(fake_settings, point, delay)

        index = load_index(fake_settings)  # must load after every kill
        names = set(index.manifest.notes)
        assert names in (names_before, names_after), (i, point, seen)
        state = "new" if names == names_after else "old"
        outcomes[state] += 1
        r = Retriever(index, fake_embedder, get_tokenizer("A"), fake_settings)
        hits = r.search(f"zzmarker{i}qq", 3, mode="lexical")
        if state == "new":
            assert hits and hits[0].chunk.note == f"marker-{i}.txt" and f"zzmarker{i}qq" in hits[0].chunk.text
        else:
            assert not hits or all(h.chunk.note != f"marker-{i}.txt" for h in hits)
        assert len(index.chunks) == index.vectors.ntotal == index.lexical.size

        update_index(fake_settings, fake_embedder)  # a normal update afterwards finishes the job
        names_before = set(load_index(fake_settings).manifest.notes)
        assert names_before == names_after
        builds = list((fake_settings.index_dir / "builds").iterdir())
        assert len(builds) <= 2, builds  # leftovers of the killed update are gone
    assert outcomes["old"] >= 10 and outcomes["new"] >= 2, outcomes
