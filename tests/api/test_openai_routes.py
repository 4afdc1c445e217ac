"""/v1 through the official ``openai`` client: models, whole and streamed answers with their sources,
follow-ups, filters, keys, and OpenAI's error shape with the right status."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import openai
import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from rag.api.openai_routes import stream_events
from rag.assistant import Assistant
from rag.config import Settings
from rag.store.format import current_build
from rag.types import CITATION_LABEL, Answer
from rag.util import quiet
from tests.helpers.build import build_index
from tests.helpers.fakes import FakeEmbedder, FakeLLM, SlowFakeEmbedder

MODEL = "study-notes"
CREPE = "who presented CREPE?"


def ask(client: OpenAI, *messages: tuple[str, str], **extra: Any) -> Any:
    turns: Any = [{"role": role, "content": text} for role, text in messages]
    return client.chat.completions.create(model=MODEL, messages=turns, **extra)


def test_models_lists_the_one_model_and_knows_its_name(client: OpenAI) -> None:
    models = client.models.list()
    assert [m.id for m in models.data] == [MODEL]
    assert client.models.retrieve(MODEL).owned_by == "study-notes-rag"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")


def test_the_model_name_is_a_setting(connect: Callable[..., OpenAI], assistant: Assistant) -> None:
    renamed = Assistant(assistant.settings.replace(api_model="notes-v2"), quiet, embedder=assistant.embedder)
    client = connect(renamed)
    assert [m.id for m in client.models.list().data] == ["notes-v2"]
    with pytest.raises(openai.NotFoundError, match="notes-v2"):
        ask(client, ("user", CREPE))


def test_a_whole_answer_cites_its_dates_and_carries_its_sources(client: OpenAI) -> None:
    completion = ask(client, ("user", CREPE))
    text = completion.choices[0].message.content
    assert completion.object == "chat.completion" and completion.model == MODEL
    assert completion.choices[0].finish_reason == "stop"
    assert "[2024-05-16]" in text and "Shun Ito" in text
    extra = completion.model_extra or {}
    sources = extra["sources"]
    assert sources[0]["label"] == "[2024-05-16]" and "CREPE" in sources[0]["title"]
    assert sources[0]["presenter"] == "Shun Ito" and sources[0]["snippet"]
    assert {s["label"] for s in sources} == set(CITATION_LABEL.findall(text))
    assert extra["answer_info"] == {"mode": "extractive", "found": True, "notice": "", "query": None, "model": None}


def test_a_streamed_answer_adds_up_to_the_final_text_and_ends_with_the_sources(client: OpenAI) -> None:
    chunks = list(ask(client, ("user", CREPE), stream=True))
    assert all(c.object == "chat.completion.chunk" and c.model == MODEL for c in chunks)
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    *body, last = chunks
    assert all(c.choices[0].finish_reason is None for c in body) and last.choices[0].finish_reason == "stop"
    extra = last.model_extra or {}
    assert extra["answer"] == text and "[2024-05-16]" in text
    assert [s["label"] for s in extra["sources"]] == ["[2024-05-16]"]
    assert all(not (c.model_extra or {}) for c in body)  # the sources come once, at the end


def test_a_follow_up_is_resolved_from_the_conversation(client: OpenAI) -> None:
    first = ask(client, ("user", CREPE)).choices[0].message.content
    completion = ask(client, ("system", "You are helpful."), ("user", CREPE), ("assistant", first),
                     ("user", "and the week after?"))  # fmt: skip
    info = (completion.model_extra or {})["answer_info"]
    assert info["query"] == "What was presented on 2024-09-19?"
    assert "[2024-09-19]" in completion.choices[0].message.content


def test_filters_in_an_extra_field_restrict_the_notes(client: OpenAI) -> None:
    completion = ask(client, ("user", "評価の話"), extra_body={"filters": {"presenter": "Shun Ito"}})
    sources = (completion.model_extra or {})["sources"]
    assert sources and all(s["presenter"] == "Shun Ito" for s in sources)
    since = ask(client, ("user", "LLM"), extra_body={"filters": {"since": "2024-09-01", "tag": "論文"}})
    assert all(s["date"] >= "2024-09-01" and s["tag"] == "論文" for s in (since.model_extra or {})["sources"])


@pytest.mark.parametrize(
    ("messages", "extra", "says"),
    [
        ([], {}, "messages"),
        ([("user", CREPE), ("assistant", "Shun Ito.")], {}, "last message must be the user's question"),
        ([("user", "   ")], {}, "last message must be the user's question"),
        ([("user", "?!")], {}, "no words to search for"),
        ([("user", "GPU")], {"extra_body": {"filters": {"since": "2024-10-01", "until": "2024-09-01"}}}, "swap"),
        ([("user", "GPU")], {"extra_body": {"filters": {"since": "26/09/2024"}}}, "filters.since"),
        ([("user", "GPU")], {"extra_body": {"filters": {"presenter": "Nobody"}}}, "No notes match the filters"),
        ([("user", "GPU")], {"extra_body": {"filters": {"room": "A"}}}, "filters.room"),
        ([("user", "GPU")], {"n": 2}, "n:"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_bad_requests_get_400_in_openais_error_shape(
    client: OpenAI, messages: list[tuple[str, str]], extra: dict[str, Any], says: str, stream: bool
) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        ask(client, *messages, stream=stream, **extra)
    assert err.value.status_code == 400
    body: Any = err.value.body
    assert says in body["message"] and body["type"] == "invalid_request_error"


def test_an_unknown_model_gets_404(client: OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as err:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": CREPE}])
    assert "study-notes" in err.value.message and err.value.code == "model_not_found"


def test_unknown_paths_and_broken_bodies_answer_in_the_error_shape(
    serve: Callable[[Assistant], TestClient], assistant: Assistant
) -> None:
    http = serve(assistant)
    response = http.post("/v1/embeddings", json={"input": "x"})
    assert response.status_code == 404 and response.json()["error"]["type"] == "not_found_error"
    assert http.post("/v1/chat/completions", content=b"{not json").status_code == 400


def test_with_keys_set_only_a_valid_bearer_key_gets_in(
    connect: Callable[..., OpenAI], serve: Callable[[Assistant], TestClient], open_settings: Settings,
    fake_embedder: FakeEmbedder,
) -> None:  # fmt: skip
    keyed = Assistant(open_settings.replace(api_keys="k3y-one,k3y-two"), quiet, embedder=fake_embedder)
    build_index(keyed.settings, fake_embedder)
    for key in ("wrong", "k3y-one2", "k3y"):
        with pytest.raises(openai.AuthenticationError) as err:
            ask(connect(keyed, key=key), ("user", CREPE))
        assert err.value.status_code == 401 and err.value.code == "invalid_api_key"
        assert "Incorrect API key" in err.value.message
    response = serve(keyed).get("/v1/models")  # no Authorization header at all
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["message"].startswith("No API key given")
    assert connect(keyed, key="k3y-two").models.list().data[0].id == MODEL
    assert "[2024-05-16]" in ask(connect(keyed, key="k3y-one"), ("user", CREPE)).choices[0].message.content


def test_before_the_first_index_exists_it_is_503_then_answers(
    connect: Callable[..., OpenAI], open_settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    # No index yet, and building one takes a second (0.01 s per chunk).
    fresh = Assistant(open_settings, quiet, embedder=fake_embedder, index_embedder=SlowFakeEmbedder(0.01))
    assert current_build(open_settings.index_dir) is None
    client = connect(fresh)  # serving starts the first build in the background
    deadline = time.monotonic() + 60
    saw_503 = False
    while True:
        try:
            completion = ask(client, ("user", CREPE))
            break
        except openai.InternalServerError as exc:
            assert exc.status_code == 503 and exc.code == "index_not_ready"
            assert exc.response.headers["Retry-After"] == "10" and "being built" in exc.message
            saw_503 = True
        assert time.monotonic() < deadline, "the first index was not built within 60 s"
        time.sleep(0.05)
    assert current_build(open_settings.index_dir) is not None
    assert "[2024-05-16]" in completion.choices[0].message.content
    assert saw_503


def _answer(text: str) -> Answer:
    return Answer(question="q", text=text, mode="extractive", found=True)


@pytest.mark.parametrize(
    ("events", "deltas"),
    [
        (
            ["Level 1: ", "facts [2024-09-26]", _answer("Level 1: facts [2024-09-26]")],
            ["Level 1: ", "facts [2024-09-26]"],
        ),
        (
            ["Level 1: 明示的", _answer("Level 1: explicit [2024-09-26]")],
            ["Level 1: 明示的", "\n\nLevel 1: explicit [2024-09-26]"],
        ),
        (
            ["The notes say [2024-09-26]", _answer("The notes say [2024-09-26] more.")],
            ["The notes say [2024-09-26]", " more."],
        ),
    ],
)
def test_a_final_text_that_replaces_the_draft_follows_it(events: list[str | Answer], deltas: list[str]) -> None:
    sent = list(stream_events(events[0], iter(events[1:]), MODEL))
    assert sent[-1] == "data: [DONE]\n\n"
    chunks = [json.loads(e.removeprefix("data: ")) for e in sent[:-1]]
    contents = [c["choices"][0]["delta"].get("content") for c in chunks]
    assert contents[0] == "" and [c for c in contents[1:] if c] == deltas
    final = events[-1]
    assert isinstance(final, Answer) and chunks[-1]["answer"] == final.text


def test_with_an_llm_the_answer_streams_in_pieces_with_verified_citations(
    connect: Callable[..., OpenAI], open_settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    build_index(open_settings, fake_embedder)
    llm = FakeLLM("CREPE outputs the text and its coordinates end to end [S1].")
    client = connect(Assistant(open_settings, quiet, embedder=fake_embedder, llm=llm))
    chunks = list(ask(client, ("user", "What does CREPE output?"), stream=True))
    pieces = [c.choices[0].delta.content for c in chunks if c.choices[0].delta.content]
    final = chunks[-1].model_extra or {}
    assert len(pieces) > 3 and "".join(pieces) == final["answer"]  # streamed as written, not at once
    assert final["answer_info"]["mode"] == "llm" and final["answer_info"]["model"] == "fake-llm"
    labels = set(CITATION_LABEL.findall(final["answer"]))
    assert labels and labels == {s["label"] for s in final["sources"]} and "[S1]" not in final["answer"]
    whole = ask(client, ("user", "What does CREPE output?"))
    assert (whole.model_extra or {})["answer_info"]["mode"] == "llm"
    assert set(CITATION_LABEL.findall(whole.choices[0].message.content)) == labels
