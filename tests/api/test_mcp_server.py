"""The MCP server through the SDK's own client, in memory (the real protocol layer, no transport):
tools with bilingual descriptions, structured results, errors as tool errors, one resource per session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import pytest
from mcp import Client, MCPError

from rag.api.mcp_server import notes_mcp
from rag.api.service import NotesService
from rag.text import is_japanese
from rag.types import CITATION_LABEL

Session = Callable[[Client], Awaitable[Any]]


def with_client(service: NotesService, use: Session) -> Any:
    async def run() -> Any:
        async with Client(notes_mcp(service)) as client:
            return await use(client)

    return anyio.run(run)


def test_three_read_only_tools_described_in_both_languages(service: NotesService) -> None:
    async def use(client: Client) -> Any:
        return (await client.list_tools()).tools

    tools = {t.name: t for t in with_client(service, use)}
    assert set(tools) == {"ask_notes", "search_notes", "list_sessions"}
    for tool in tools.values():
        assert tool.annotations is not None and tool.annotations.read_only_hint is True
        assert tool.annotations.destructive_hint is False
        english, japanese = (tool.description or "").split("\n", 1)
        assert "notes" in english.lower() and not is_japanese(english) and is_japanese(japanese)
        assert tool.output_schema is not None
    ask = tools["ask_notes"].input_schema
    assert ask["required"] == ["question"]
    assert set(ask["properties"]) == {"question", "since", "until", "presenter", "tag"}
    assert set(tools["search_notes"].input_schema["properties"]) == {"query", "k", "since", "until", "presenter", "tag"}


def test_ask_notes_answers_with_cited_dates_and_its_sources(service: NotesService) -> None:
    async def use(client: Client) -> Any:
        return await client.call_tool("ask_notes", {"question": "who presented CREPE?"})

    result = with_client(service, use)
    assert not result.is_error
    data = result.structured_content
    assert "[2024-05-16]" in data["answer"] and "Shun Ito" in data["answer"]
    assert [s["label"] for s in data["sources"]] == ["[2024-05-16]"]
    assert data["answer_info"]["found"] is True and data["answer_info"]["mode"] == "extractive"
    assert "[2024-05-16]" in result.content[0].text  # what a model reads: the same, as JSON text


def test_ask_notes_filters(service: NotesService) -> None:
    async def use(client: Client) -> Any:
        return await client.call_tool(
            "ask_notes", {"question": "評価の話", "presenter": "Shun Ito", "since": "2024-05-01"}
        )

    data = with_client(service, use).structured_content
    assert data["sources"] and all(s["presenter"] == "Shun Ito" and s["date"] >= "2024-05-01" for s in data["sources"])
    assert set(CITATION_LABEL.findall(data["answer"])) == {s["label"] for s in data["sources"]}


def test_search_notes_returns_ranked_hits_under_the_filters(service: NotesService) -> None:
    async def use(client: Client) -> Any:
        return await client.call_tool("search_notes", {"query": "LLM", "k": 3, "tag": "論文"})

    hits = with_client(service, use).structured_content["hits"]
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert all(h["tag"] == "論文" and h["citation"] == f"[{h['date']}]" and h["snippet"] for h in hits)
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


def test_list_sessions_and_each_sessions_note_as_a_resource(service: NotesService) -> None:
    async def use(client: Client) -> Any:
        sessions = await client.call_tool("list_sessions", {})
        resources = await client.list_resources()
        note = await client.read_resource("notes://2024-09-19")
        return sessions.structured_content, resources.resources, note.contents

    sessions, resources, contents = with_client(service, use)
    dates = [s["date"] for s in sessions["sessions"]]
    assert dates == ["2024-04-11", "2024-05-16", "2024-09-19", "2024-09-26"]
    crepe = next(s for s in sessions["sessions"] if s["date"] == "2024-05-16")
    assert "Shun Ito" in crepe["presenters"] and any("CREPE" in t["title"] for t in crepe["topics"])
    assert sessions["undated"] and all(t["title"] for t in sessions["undated"])  # the bundled undated article
    assert [str(r.uri) for r in resources] == [s["uri"] for s in sessions["sessions"]]
    assert contents[0].text.startswith("2024-09-19 機械学習勉強会") and "Polars" in contents[0].text


@pytest.mark.parametrize(
    ("call", "says"),
    [
        (("ask_notes", {"question": "GPU", "presenter": "Nobody"}), "No notes match the filters"),
        (("ask_notes", {"question": "GPU", "since": "2024-10-01", "until": "2024-09-01"}), "swap them"),
        (("ask_notes", {"question": "?!"}), "no words to search for"),
        (("ask_notes", {"question": "GPU", "since": "soon"}), "since"),
        (("search_notes", {"query": "GPU", "k": 0}), "k"),
    ],
)
def test_bad_arguments_are_tool_errors_that_say_what_to_fix(
    service: NotesService, call: tuple[str, dict[str, Any]], says: str
) -> None:
    async def use(client: Client) -> Any:
        return await client.call_tool(*call)

    result = with_client(service, use)
    assert result.is_error and says in result.content[0].text


@pytest.mark.parametrize(
    ("uri", "says"), [("notes://2023-01-01", "No session on 2023-01-01"), ("notes://x", "not a date")]
)
def test_reading_a_missing_session_says_which_exist(service: NotesService, uri: str, says: str) -> None:
    async def use(client: Client) -> Any:
        try:
            await client.read_resource(uri)
        except MCPError as exc:  # inside the session: leaving it would wrap the error in a group
            return exc
        return None

    error = with_client(service, use)
    assert isinstance(error, MCPError) and says in str(error)
