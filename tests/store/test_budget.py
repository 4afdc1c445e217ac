"""Chunk budgets: one giant note is cut (with a warning saying what), and an update embeds at most
its budget, the other notes waiting for the next one, so no note holds the index hostage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.config import Settings
from rag.errors import ConfigError
from rag.store.load import load_index
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.giant import GIANT_TOPICS, giant_note


def session(day: int, topics: int, word: str) -> str:
    return f"2031-02-{day:02d} 機械学習勉強会\n@Budget Tester\n" + "".join(
        f"[blog] {word} topic {i}\n- {word} line {i}\n" for i in range(topics)
    )


def write(path: Path, text: str, when: int) -> None:
    """Write a note with a given modification time (seconds): updates take the oldest change first."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))


def test_the_10000_topic_note_is_cut_to_the_note_budget_with_a_warning(
    fake_settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    (fake_settings.notes_dir / "giant.txt").write_text(giant_note(), encoding="utf-8")
    messages: list[str] = []
    report = update_index(fake_settings, fake_embedder, log=messages.append)
    index = load_index(fake_settings)
    giant = [c for c in index.chunks if c.note == "giant.txt"]
    assert len(giant) == fake_settings.max_note_chunks == 1000
    assert giant[0].title.startswith("Flood topic 0 ")  # the note's start is kept, in reading order
    assert {c.note for c in index.chunks} == {*(p.name for p in fake_settings.notes_dir.iterdir())}
    warned = [m for m in messages if m.startswith("warning: giant.txt: has ")]
    assert len(warned) == 1, messages
    assert f"({GIANT_TOPICS} topics), over the note budget of 1000 (RAG_MAX_NOTE_CHUNKS)" in warned[0]
    assert "cut from topic" in warned[0] and "topic(s) left out entirely" in warned[0]
    assert index.manifest.notes["giant.txt"].chunks == 1000 and report.embedded == len(index.chunks)
    again = update_index(fake_settings, fake_embedder)  # the cut note is unchanged: nothing to redo
    assert again.embedded == 0 and len(load_index(fake_settings).chunks) == len(index.chunks)


def test_an_update_embeds_within_its_budget_and_the_rest_follows_in_the_next(
    fake_settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    settings = fake_settings.replace(max_note_chunks=30, max_update_chunks=40)
    notes = settings.notes_dir
    write(notes / "a-changed.txt", session(1, 5, "zzoldqq"), 1000)
    update_index(settings, fake_embedder)  # the first build takes every note
    write(notes / "a-changed.txt", session(1, 25, "zznewqq"), 2000)
    write(notes / "b-new.txt", session(2, 25, "zzbeeqq"), 2001)
    write(notes / "c-new.txt", session(3, 10, "zzceeqq"), 2002)
    messages: list[str] = []
    first = update_index(settings, fake_embedder, log=messages.append)
    assert first.embedded <= 40 and first.deferred == ("b-new.txt",)
    assert "1 note(s) wait for the next update" in first.summary()
    index = load_index(settings)
    text = " ".join(c.text for c in index.chunks)
    assert "zznewqq" in text and "zzceeqq" in text and "zzbeeqq" not in text
    waiting = [m for m in messages if m.startswith("warning: b-new.txt: waits for the next update")]
    assert len(waiting) == 1 and "RAG_MAX_UPDATE_CHUNKS" in waiting[0]

    write(notes / "a-changed.txt", session(1, 30, "zzthirdqq"), 3000)
    write(notes / "c-new.txt", session(3, 12, "zzceeqq"), 3001)
    second = update_index(settings, fake_embedder)  # b waited: it goes first; a waits, as published
    assert second.deferred == ("a-changed.txt",) and second.embedded <= 40
    text = " ".join(c.text for c in load_index(settings).chunks)
    assert "zzbeeqq" in text and "zzceeqq line 11" in text and "zznewqq" in text and "zzthirdqq" not in text
    third = update_index(settings, fake_embedder)
    text = " ".join(c.text for c in load_index(settings).chunks)
    assert third.deferred == () and "zzthirdqq" in text and "zznewqq" not in text


def test_a_full_rebuild_takes_every_note_whatever_the_update_budget(
    fake_settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    settings = fake_settings.replace(max_note_chunks=30, max_update_chunks=30)
    for day in range(1, 5):
        (settings.notes_dir / f"s{day}.txt").write_text(session(day, 20, f"zzs{day}qq"), encoding="utf-8")
    report = update_index(settings, fake_embedder, full=True)
    assert report.deferred == () and report.embedded > 30
    assert {f"s{d}.txt" for d in range(1, 5)} <= set(load_index(settings).manifest.notes)


def test_one_note_must_fit_in_an_update() -> None:
    with pytest.raises(ConfigError, match=r"RAG_MAX_UPDATE_CHUNKS \(10\) must not be below RAG_MAX_NOTE_CHUNKS"):
        Settings(max_note_chunks=20, max_update_chunks=10)
    with pytest.raises(ConfigError, match="RAG_MAX_NOTE_CHUNKS=0"):
        Settings(max_note_chunks=0)
