"""Incremental updates: only new/changed notes are embedded; deleted and edited notes leave no trace."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from rag.embedding.base import Embedder
from rag.errors import IndexBusyError
from rag.retrieval.retriever import Retriever
from rag.store.load import load_index
from rag.store.update import index_lock, update_index
from tests.helpers.fakes import FakeEmbedder

NEW_NOTE = """2024-10-03 機械学習勉強会
今週のTOPIC
@Naoto Shimakoshi
[blog] Vector search with ScaNN and anisotropic quantization
- ScaNN は Google の近似最近傍探索ライブラリ
- anisotropic vector quantization で内積検索の精度を上げる
"""


def retriever(settings: Settings, embedder: Embedder) -> Retriever:
    from rag.store.lexical import get_tokenizer

    return Retriever(load_index(settings), embedder, get_tokenizer("A"), settings)


def test_adding_a_note_embeds_only_its_chunks(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    first = update_index(fake_settings, fake_embedder)
    assert first.full and first.embedded == first.chunks and len(first.added) == 5
    before = fake_embedder.embedded
    (fake_settings.notes_dir / "2024-10-03.txt").write_text(NEW_NOTE, encoding="utf-8")
    report = update_index(fake_settings, fake_embedder)
    assert not report.full
    assert report.added == ("2024-10-03.txt",) and report.changed == () and report.removed == ()
    assert report.unchanged == 5
    assert report.embedded == fake_embedder.embedded - before == 1  # the new note has one topic
    assert report.chunks == first.chunks + 1 and report.reused == first.chunks
    hits = retriever(fake_settings, fake_embedder).search("ScaNN anisotropic quantization", 3)
    assert hits[0].chunk.date == "2024-10-03" and "ScaNN" in hits[0].chunk.title
    assert "1 new, 0 changed, 0 removed, 5 unchanged notes; 1 chunks embedded" in report.summary()


def test_nothing_changed_embeds_nothing(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(fake_settings, fake_embedder)
    before = fake_embedder.embedded
    report = update_index(fake_settings, fake_embedder)
    assert report.embedded == 0 and fake_embedder.embedded == before and report.unchanged == 5


def test_edit_and_delete_leave_only_the_new_text(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(fake_settings, fake_embedder)
    notes = fake_settings.notes_dir
    edited, deleted = notes / "000_54955243f04f1249.txt", notes / "001_3a8888a9d5ffff60.txt"
    text = edited.read_text(encoding="utf-8")
    assert "ZOZO Techblog" in text
    edited.write_text(text.replace("ZOZO Techblog", "Zebra Quokka Techblog"), encoding="utf-8")
    deleted.unlink()
    before = fake_embedder.embedded
    report = update_index(fake_settings, fake_embedder)
    assert report.changed == (edited.name,) and report.removed == (deleted.name,)
    # only the edited topic's text changed: the note's other chunks are found by content hash
    assert fake_embedder.embedded - before == report.embedded == 1
    index = load_index(fake_settings)
    assert not any(c.note == deleted.name for c in index.chunks)
    assert not any("ZOZO Techblog" in c.text for c in index.chunks)
    assert any("Zebra Quokka Techblog" in c.text for c in index.chunks)
    r = retriever(fake_settings, fake_embedder)
    assert all(h.chunk.note != deleted.name for h in r.search("CREPE Coordinate-Aware Document Parser", 20))
    top = r.search("Zebra Quokka Techblog", 1)[0]
    assert top.chunk.note == edited.name and "Zebra Quokka" in top.chunk.text
    assert set(index.manifest.notes) == {p.name for p in notes.glob("*.txt")}


def test_full_rebuild_embeds_everything(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    first = update_index(fake_settings, fake_embedder)
    report = update_index(fake_settings, fake_embedder, full=True)
    assert report.full and report.embedded == first.chunks == report.chunks


def test_a_second_update_waits_or_says_one_is_running(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(fake_settings, fake_embedder)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with index_lock(fake_settings.index_dir):
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        with pytest.raises(IndexBusyError, match="Another `rag index`"):
            update_index(fake_settings, fake_embedder, wait=False)
        messages: list[str] = []
        waiter = threading.Thread(target=lambda: update_index(fake_settings, fake_embedder, log=messages.append))
        waiter.start()
        waiter.join(0.5)
        assert waiter.is_alive()  # queued behind the running update
        release.set()
        waiter.join(10)
        assert not waiter.is_alive()
        assert any("waiting for it to finish" in m for m in messages)
    finally:
        release.set()
        t.join()


def test_a_running_assistant_picks_up_a_new_build(
    fake_settings: Settings, fake_embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_index(fake_settings, fake_embedder)
    assistant = Assistant(fake_settings, log=lambda _m: None, embedder=fake_embedder)
    old = assistant.index()
    (fake_settings.notes_dir / "2024-10-03.txt").write_text(NEW_NOTE, encoding="utf-8")
    update_index(fake_settings, fake_embedder)
    new = assistant.index()
    assert new.path != old.path and new.manifest.chunks == old.manifest.chunks + 1
    assert old.chunks  # the old build object stays usable for questions already running
    assert assistant.search("ScaNN", 1)[0].chunk.date == "2024-10-03"


def test_incompatible_previous_index_is_rebuilt_in_full(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(fake_settings, fake_embedder)
    messages: list[str] = []
    report = update_index(fake_settings.replace(chunk_max_chars=500), fake_embedder, log=messages.append)
    assert report.full and any("rebuilding everything" in m for m in messages)


def test_killed_update_leftovers_are_cleaned(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    update_index(fake_settings, fake_embedder)
    junk = fake_settings.index_dir / "builds" / "20990101T000000000000-dead00"
    junk.mkdir()
    (junk / "vectors.faiss").write_bytes(b"partial")
    update_index(fake_settings, fake_embedder)
    assert not junk.exists()
    assert len(list((fake_settings.index_dir / "builds").iterdir())) == 2  # published + the one before


def test_watch_updates_after_a_change(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    from rag.ingest.watch import watch

    calls: list[int] = []
    stop = threading.Event()

    def update() -> None:
        calls.append(update_index(fake_settings, fake_embedder).embedded)

    t = threading.Thread(target=watch, args=(fake_settings.notes_dir, update, lambda _m: None, 0.2, stop.is_set))
    t.start()
    try:
        for _ in range(50):
            if calls:
                break
            threading.Event().wait(0.1)
        Path(fake_settings.notes_dir / "2024-10-03.txt").write_text(NEW_NOTE, encoding="utf-8")
        for _ in range(100):
            if len(calls) >= 2:
                break
            threading.Event().wait(0.1)
    finally:
        stop.set()
        t.join(5)
    assert calls[0] > 0 and calls[1] == 1


def test_watch_sees_a_note_saved_during_the_first_update(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    """A note saved while the first update runs must trigger a second one, not be taken as already indexed."""
    from rag.ingest.watch import watch

    calls: list[int] = []
    done = threading.Event()

    def update() -> None:
        calls.append(update_index(fake_settings, fake_embedder).embedded)
        if len(calls) == 1:
            Path(fake_settings.notes_dir / "2024-10-03.txt").write_text(NEW_NOTE, encoding="utf-8")
        else:
            done.set()

    t = threading.Thread(target=watch, args=(fake_settings.notes_dir, update, lambda _m: None, 0.1, done.is_set))
    t.start()
    finished = done.wait(30)
    done.set()
    t.join(5)
    assert finished and calls[0] > 0 and calls[1] == 1
