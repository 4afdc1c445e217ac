"""The API of a real `rag serve` process (real model, real index copy, keys set), through the official
clients: ``openai`` on /v1 and the ``mcp`` SDK over streamable HTTP on /mcp, beside the page at /."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2
import openai
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from openai import OpenAI

from rag.config import Settings
from tests.helpers.ui_server import ServedApp, serve_app

pytestmark = pytest.mark.slow

KEY = "t3st-key-1"
MODEL = "study-notes"
POLARS = "When did we talk about running Polars on the GPU?"


@pytest.fixture(scope="module")
def app(real_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    env = {"RAG_API_KEYS": f"other-key,{KEY}"}
    with serve_app(real_index_settings, tmp_path_factory.mktemp("api-server"), env=env) as served:
        yield served


@pytest.fixture
def client(app: ServedApp) -> OpenAI:
    return OpenAI(base_url=f"{app.url}v1", api_key=KEY, max_retries=0, timeout=120)


def chat(client: OpenAI, *turns: str, **extra: Any) -> Any:
    roles = ["user", "assistant"]
    messages: Any = [{"role": roles[i % 2], "content": text} for i, text in enumerate(turns)]
    return client.chat.completions.create(model=MODEL, messages=messages, **extra)


def test_models_list(client: OpenAI) -> None:
    assert [m.id for m in client.models.list()] == [MODEL]


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?", "2024-09-26"),
        (POLARS, "2024-09-19"),
        ("who presented CREPE?", "2024-05-16"),
        ("What did we learn about continual pre-training?", "2024-04-11"),
    ],
)
def test_a_whole_answer_cites_the_right_session(client: OpenAI, question: str, date: str) -> None:
    completion = chat(client, question)
    text = completion.choices[0].message.content
    assert f"[{date}]" in text, text
    sources = (completion.model_extra or {})["sources"]
    assert sources[0]["date"] == date and sources[0]["label"] == f"[{date}]"


def test_a_streamed_answer_cites_the_right_session_and_ends_with_its_sources(client: OpenAI) -> None:
    chunks = list(chat(client, "o1の話って何日だった?", stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "[2024-09-19]" in text and "[2024-09-26]" in text, text
    final = chunks[-1].model_extra or {}
    assert chunks[-1].choices[0].finish_reason == "stop" and final["answer"] == text
    assert {s["date"] for s in final["sources"]} == {"2024-09-19", "2024-09-26"}


def test_a_two_message_conversation_with_a_follow_up(client: OpenAI) -> None:
    first = chat(client, POLARS).choices[0].message.content
    assert "[2024-09-19]" in first
    follow = chat(client, POLARS, first, "and the week after?")
    assert (follow.model_extra or {})["answer_info"]["query"] == "What was presented on 2024-09-26?"
    text = follow.choices[0].message.content
    assert "[2024-09-26]" in text and "[2024-09-19]" not in text, text


def test_a_wrong_key_or_none_gets_401(app: ServedApp) -> None:
    wrong = OpenAI(base_url=f"{app.url}v1", api_key="not-the-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as err:
        chat(wrong, POLARS)
    assert err.value.status_code == 401 and err.value.code == "invalid_api_key"
    with pytest.raises(urllib.error.HTTPError) as bare:
        urllib.request.urlopen(f"{app.url}v1/models", timeout=10)
    assert bare.value.code == 401


def test_the_page_is_still_served_at_the_root_without_a_key(app: ServedApp) -> None:
    with urllib.request.urlopen(app.url, timeout=10) as page:
        assert page.status == 200 and "勉強会ノート QA" in page.read().decode()


def _mcp(app: ServedApp, key: str, calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[str], list[Any]]:
    async def run() -> tuple[list[str], list[Any]]:
        headers = {"Authorization": f"Bearer {key}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=300)) as http,
            Client(streamable_http_client(f"{app.url}mcp", http_client=http)) as client,
        ):
            tools = [t.name for t in (await client.list_tools()).tools]
            return tools, [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(run)


def test_mcp_over_streamable_http(app: ServedApp) -> None:
    calls: list[tuple[str, dict[str, Any]]] = [
        ("ask_notes", {"question": "who presented CREPE?"}),
        ("search_notes", {"query": "Polars GPU", "k": 3}),
        ("list_sessions", {}),
    ]
    tools, (ask, search, sessions) = _mcp(app, KEY, calls)
    assert sorted(tools) == ["ask_notes", "list_sessions", "search_notes"]
    assert not (ask.is_error or search.is_error or sessions.is_error)
    assert "[2024-05-16]" in ask.structured_content["answer"]
    assert ask.structured_content["sources"][0]["presenter"] == "Shun Ito"
    hits = search.structured_content["hits"]
    assert len(hits) == 3 and hits[0]["date"] == "2024-09-19" and "Polars" in hits[0]["title"]
    listed = sessions.structured_content["sessions"]
    assert [s["date"] for s in listed] == ["2024-04-11", "2024-05-16", "2024-09-19", "2024-09-26"]
    assert all(s["topics"] and s["presenters"] for s in listed)


def test_mcp_over_http_needs_the_key_too(app: ServedApp) -> None:
    request = urllib.request.Request(f"{app.url}mcp", data=b"{}", headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 401
