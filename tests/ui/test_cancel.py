"""A running index update can be cancelled from the UI; the published index stays as it was, and
questions are answered from it throughout."""

from __future__ import annotations

import time
from collections.abc import Callable

from rag.assistant import Assistant
from rag.config import Settings
from rag.store.format import current_build
from rag.store.load import load_index
from rag.store.update import update_index
from rag.ui.chat import ChatUI
from rag.ui.jobs import IndexJobs
from tests.helpers.fakes import FakeEmbedder, SlowFakeEmbedder
from tests.helpers.giant import giant_note


def _until(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_cancelling_a_running_update_leaves_the_published_index_intact(
    fake_settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    update_index(fake_settings, fake_embedder)
    published = current_build(fake_settings.index_dir)
    before = load_index(fake_settings).manifest.notes
    (fake_settings.notes_dir / "giant.txt").write_text(giant_note(2000), encoding="utf-8")
    assistant = Assistant(fake_settings, log=lambda _m: None, embedder=SlowFakeEmbedder(0.005))
    jobs = IndexJobs(assistant)
    jobs.request("Indexing giant.txt")
    _until(lambda: jobs.status().phase == "embed", "the update did not start embedding")
    answered = assistant.ask("Group Sequential Test アルファ消費")  # questions go on meanwhile
    assert answered.text
    status = jobs.cancel()
    assert status.running and not status.queued
    assert jobs.wait(timeout=60)
    done = jobs.status()
    assert not done.last_ok and "cancelled before it was published" in done.last_message, done
    assert current_build(fake_settings.index_dir) == published
    assert load_index(fake_settings).manifest.notes == before  # giant.txt never published
    jobs.request("Indexing giant.txt")  # a later update still works
    assert jobs.wait(timeout=120) and jobs.status().last_ok
    assert "giant.txt" in load_index(fake_settings).manifest.notes


def test_notes_over_the_update_budget_are_taken_by_an_update_queued_right_after(
    fake_settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    settings = fake_settings.replace(max_note_chunks=100, max_update_chunks=100)
    update_index(settings, fake_embedder)
    for day in range(1, 4):
        (settings.notes_dir / f"s{day}.txt").write_text(giant_note(80, f"2031-03-0{day}"), encoding="utf-8")
    jobs = IndexJobs(Assistant(settings, log=lambda _m: None, embedder=FakeEmbedder()))
    jobs.request("Update")
    assert jobs.wait(timeout=60)
    done = jobs.status()
    assert done.last_ok and done.finished == 3, done  # one note per update: 80 + 80 > 100
    assert {"s1.txt", "s2.txt", "s3.txt"} <= set(load_index(settings).manifest.notes)


def test_the_index_tab_cancel_button_stops_the_update(fake_settings: Settings) -> None:
    ui = ChatUI(fake_settings, Assistant(fake_settings, log=lambda _m: None, embedder=SlowFakeEmbedder(0.05)))
    ui.jobs.request("First index build")
    _until(lambda: ui.jobs.status().phase == "embed", "the build did not start embedding")
    ui.cancel_update()
    assert ui.jobs.wait(timeout=60)
    assert "cancelled" in ui.jobs.status().last_message and current_build(fake_settings.index_dir) is None
