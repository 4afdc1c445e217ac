"""`rag mcp` as a desktop assistant runs it: a child process spoken to over stdin/stdout by the ``mcp``
SDK's own client, with the real model and a real index."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters, stdio_client

from rag.config import Settings

pytestmark = pytest.mark.slow


def server_params(settings: Settings) -> StdioServerParameters:
    """``rag mcp --notes … --index …``; the client passes on only a few variables, so the cache and any
    OpenBLAS settings of this machine are given explicitly."""
    env = {k: v for k, v in os.environ.items() if k.startswith("OPENBLAS_")}
    env["RAG_CACHE_DIR"] = str(settings.cache_dir)
    args = ["-m", "rag.cli", "mcp", "--notes", str(settings.notes_dir), "--index", str(settings.index_dir)]
    return StdioServerParameters(command=sys.executable, args=args, env=env, cwd=str(Path.cwd()))


def test_rag_mcp_over_stdio(real_index_settings: Settings, tmp_path: Path) -> None:
    log = tmp_path / "rag-mcp.log"

    async def run() -> dict[str, Any]:
        with open(log, "w", encoding="utf-8") as errlog:
            async with Client(stdio_client(server_params(real_index_settings), errlog=errlog)) as client:
                return {
                    "tools": (await client.list_tools()).tools,
                    "ask": await client.call_tool("ask_notes", {"question": "o1の話って何日だった?"}),
                    "filtered": await client.call_tool(
                        "ask_notes", {"question": "o1の話って何日だった?", "since": "2024-09-20"}
                    ),
                    "search": await client.call_tool("search_notes", {"query": "CREPE", "k": 2}),
                    "sessions": await client.call_tool("list_sessions", {}),
                    "resources": (await client.list_resources()).resources,
                    "note": (await client.read_resource("notes://2024-05-16")).contents,
                }

    got = anyio.run(run)
    assert sorted(t.name for t in got["tools"]) == ["ask_notes", "list_sessions", "search_notes"], log.read_text()
    answer = got["ask"].structured_content["answer"]
    assert "[2024-09-19]" in answer and "[2024-09-26]" in answer, answer
    filtered = got["filtered"].structured_content
    assert [s["date"] for s in filtered["sources"]] == ["2024-09-26"] and "[2024-09-19]" not in filtered["answer"]
    hits = got["search"].structured_content["hits"]
    assert hits[0]["date"] == "2024-05-16" and "CREPE" in hits[0]["title"] and hits[0]["presenter"] == "Shun Ito"
    sessions = got["sessions"].structured_content["sessions"]
    assert [s["date"] for s in sessions] == ["2024-04-11", "2024-05-16", "2024-09-19", "2024-09-26"]
    assert [str(r.uri) for r in got["resources"]] == [s["uri"] for s in sessions]
    assert got["note"][0].text.startswith("2024-05-16 機械学習勉強会") and "CREPE" in got["note"][0].text
