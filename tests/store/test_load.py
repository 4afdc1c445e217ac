"""The on-disk index: round trip, atomic publication layout, mismatch and corruption detection."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.errors import IndexCorruptError, IndexMismatchError, IndexMissingError, NotesError
from rag.retrieval.retriever import Retriever
from rag.store.format import CHUNKS, MANIFEST, POINTER, VECTORS, current_build
from rag.store.load import load_index, note_status
from tests.helpers.build import build_index
from tests.helpers.fakes import FakeEmbedder


def test_round_trip(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    report = build_index(fake_settings, fake_embedder)
    index = load_index(fake_settings)
    assert report.notes == 5
    assert len(index.chunks) == report.chunks == index.vectors.ntotal == index.manifest.chunks
    m = index.manifest
    assert m.model_id == "fake-bigram" and m.dim == 64
    assert set(m.notes) == {p.name for p in fake_settings.notes_dir.glob("*.txt")}
    assert m.sessions == ["2024-04-11", "2024-05-16", "2024-09-19", "2024-09-26"]
    assert m.built_at
    # stored vectors are the embedder's vectors for the stored chunks, row for row
    stored = index.vectors.reconstruct_n(0, index.vectors.ntotal)
    expected = fake_embedder.embed_passages([c.embed_text for c in index.chunks])
    assert np.allclose(stored, expected, atol=1e-6)
    # plain files: the chunk store is JSON lines, the manifest JSON
    lines = (index.path / CHUNKS).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["id"] == index.chunks[0].id
    assert json.loads((index.path / MANIFEST).read_text(encoding="utf-8"))["chunks"] == len(index.chunks)


def test_search_finds_a_topic_by_its_words(fake_retriever: Retriever) -> None:
    hits = fake_retriever.search("名寄せの定量評価とGroup Sequential Test", 3)
    assert hits[0].chunk.date == "2024-09-26"
    assert "名寄せ" in hits[0].chunk.title
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].score >= hits[1].score


def test_rebuild_publishes_a_new_build_and_keeps_one_old(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    paths = [build_index(fake_settings, fake_embedder).path for _ in range(3)]
    assert current_build(fake_settings.index_dir) == paths[-1]
    assert (fake_settings.index_dir / POINTER).read_text().strip() == f"builds/{paths[-1].name}"
    remaining = sorted(p.name for p in (fake_settings.index_dir / "builds").iterdir())
    assert remaining == sorted([paths[1].name, paths[2].name])


def test_missing_index_says_how_to_build(fake_settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="rag index"):
        load_index(fake_settings)


def test_missing_notes_folder_is_a_clear_error(
    fake_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    with pytest.raises(NotesError, match="does not exist"):
        build_index(fake_settings.replace(notes_dir=tmp_path / "nope"), fake_embedder)
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotesError, match=r"No readable notes"):
        build_index(fake_settings.replace(notes_dir=tmp_path / "empty"), fake_embedder)


def test_model_mismatch_is_detected(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    with pytest.raises(IndexMismatchError, match=r"fake-bigram.*rag index --full"):
        load_index(fake_settings.replace(embedding_model="intfloat/multilingual-e5-small"))


def test_chunking_mismatch_is_detected(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    with pytest.raises(IndexMismatchError, match="chunked"):
        load_index(fake_settings.replace(chunk_max_chars=500))


def test_truncated_vector_file_is_detected(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    path = build_index(fake_settings, fake_embedder).path / VECTORS
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexCorruptError, match="rag index --full"):
        load_index(fake_settings)


def test_chunk_store_out_of_step_with_vectors_is_detected(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    path = build_index(fake_settings, fake_embedder).path / CHUNKS
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="inconsistent"):
        load_index(fake_settings)


def test_note_status_reports_new_changed_and_removed(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    manifest = load_index(fake_settings).manifest
    notes = fake_settings.notes_dir
    assert note_status(manifest, notes).up_to_date
    (notes / "2024-10-03.txt").write_text("2024-10-03 機械学習勉強会\n@A\n[blog] New\n- x\n", encoding="utf-8")
    first = sorted(notes.glob("00*.txt"))
    first[0].write_text(first[0].read_text(encoding="utf-8") + "\n- added line\n", encoding="utf-8")
    first[1].unlink()
    status = note_status(manifest, notes)
    assert status.added == ("2024-10-03.txt",)
    assert status.changed == (first[0].name,)
    assert status.removed == (first[1].name,)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("manifest.json", lambda b: b[: len(b) // 2]),
        ("chunks.jsonl", lambda b: b[:-40]),
        ("lexical.data.npy", lambda b: b[:30]),
        ("lexical.json", lambda b: b"{not json"),
        ("background.npy", lambda b: b""),
        ("vectors.faiss", lambda b: b[:-1000]),
    ],
)
def test_any_damaged_file_is_detected_with_the_fix(
    fake_settings: Settings, fake_embedder: FakeEmbedder, name: str, damage: Callable[[bytes], bytes]
) -> None:
    path = build_index(fake_settings, fake_embedder).path / name
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(IndexCorruptError, match=r"rag index --full"):
        load_index(fake_settings)


def test_pointer_to_a_missing_build_is_detected(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    (fake_settings.index_dir / POINTER).write_text("builds/nope\n", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match=r"does not exist.*rag index --full"):
        load_index(fake_settings)


def test_a_damaged_index_is_rebuilt_by_the_next_update(fake_settings: Settings, fake_embedder: FakeEmbedder) -> None:
    from rag.store.update import update_index

    path = build_index(fake_settings, fake_embedder).path / VECTORS
    path.write_bytes(b"garbage")
    messages: list[str] = []
    report = update_index(fake_settings, fake_embedder, log=messages.append)
    assert report.full and any("rebuilding everything" in m for m in messages)
    assert load_index(fake_settings).manifest.chunks == report.chunks
