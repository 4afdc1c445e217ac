"""The LLM client against real HTTP: a scripted endpoint for each failure, and the real local server."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.config import Settings
from rag.errors import (
    ConfigError,
    LLMAuthError,
    LLMRateLimitError,
    LLMResponseError,
    LLMUnavailableError,
    RagError,
)
from rag.llm.base import Message
from rag.llm.factory import llm_from_settings
from rag.llm.local_model import MODEL_ALIAS
from rag.llm.openai_compat import OpenAICompatibleLLM, SchemaMode
from rag.llm.server import LocalLLMServer, free_port, health_ok
from rag.retrieval.retriever import Retriever
from tests.helpers.pipelines import pipeline_of

HELLO: list[Message] = [{"role": "user", "content": "Count from 1 to 9, separated by commas."}]
# Unsets whatever LLM endpoint the developer's shell configures (None: unset, for CliRunner).
NO_LLM_ENV: dict[str, str | None] = dict.fromkeys(
    ["OPENAI_BASE_URL", "OPENAI_API_KEY", "RAG_LLM_BASE_URL", "RAG_LLM_API_KEY", "RAG_LLM_MODEL"]
)
CITY_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}


# --- settings -------------------------------------------------------------------------------------


def test_no_endpoint_means_no_llm(settings_from: Callable[..., Settings]) -> None:
    assert llm_from_settings(settings_from({})) is None


def test_openai_base_url_configures_an_endpoint_without_a_key(settings_from: Callable[..., Settings]) -> None:
    llm = llm_from_settings(settings_from({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}))
    assert isinstance(llm, OpenAICompatibleLLM)
    assert llm.base_url == "http://127.0.0.1:9/v1"
    assert llm.model == "gpt-4o-mini"


def test_openai_api_key_alone_means_openai_itself(settings_from: Callable[..., Settings]) -> None:
    settings = settings_from({"OPENAI_API_KEY": "sk-test"})
    llm = llm_from_settings(settings)
    assert settings.llm_api_key == "sk-test"
    assert isinstance(llm, OpenAICompatibleLLM)
    assert llm.base_url == "https://api.openai.com/v1"
    assert llm.model == "gpt-4o-mini"


def test_rag_llm_variables_win_over_the_standard_ones(settings_from: Callable[..., Settings]) -> None:
    env = {
        "OPENAI_BASE_URL": "http://openai-var/v1",
        "OPENAI_API_KEY": "sk-openai",
        "RAG_LLM_BASE_URL": "http://rag-var/v1",
        "RAG_LLM_API_KEY": "sk-rag",
        "RAG_LLM_MODEL": "my-model",
        "RAG_LLM_TIMEOUT": "7.5",
        "RAG_LLM_MAX_RETRIES": "0",
    }
    settings = settings_from(env)
    assert (settings.llm_base_url, settings.llm_api_key) == ("http://rag-var/v1", "sk-rag")
    assert (settings.llm_timeout, settings.llm_max_retries) == (7.5, 0)
    llm = llm_from_settings(settings)
    assert isinstance(llm, OpenAICompatibleLLM)
    assert (llm.base_url, llm.model, llm.timeout) == ("http://rag-var/v1", "my-model", 7.5)


def test_an_unknown_json_schema_mode_is_a_config_error(settings_from: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match="RAG_LLM_JSON_SCHEMA='maybe' is not one of auto, on, off"):
        settings_from({"OPENAI_BASE_URL": "http://x/v1", "RAG_LLM_JSON_SCHEMA": "maybe"})


# --- failures, against real sockets ------------------------------------------------------------------


def test_a_closed_port_is_unavailable_quickly() -> None:
    llm = OpenAICompatibleLLM(model="m", base_url=f"http://127.0.0.1:{free_port()}/v1", timeout=30, max_retries=1)
    calls: tuple[Callable[[], str], ...] = (lambda: llm.complete(HELLO), lambda: "".join(llm.stream(HELLO)))
    for call in calls:
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match="rag llm serve") as info:
            call()
        assert time.monotonic() - started < 5  # refused at once (plus one short retry), not the 30 s timeout
        assert "Connection refused" in str(info.value)


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A port that accepts connections and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/v1"


def test_a_timeout_is_unavailable(silent_endpoint: str) -> None:
    llm = OpenAICompatibleLLM(model="m", base_url=silent_endpoint, timeout=0.2, max_retries=0)
    started = time.monotonic()
    with pytest.raises(LLMUnavailableError, match=r"did not answer within 0\.2 s.*RAG_LLM_TIMEOUT"):
        llm.complete(HELLO)
    assert time.monotonic() - started < 3


class ScriptedEndpoint:
    """A real HTTP server that answers chat requests from a script of (status, body) and records them."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, Any]]] = []
        self.requests: list[dict[str, Any]] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                endpoint.requests.append(json.loads(self.rfile.read(length)))
                status, body = endpoint.script.pop(0) if endpoint.script else (500, {"error": "script ended"})
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def llm(self, **kwargs: Any) -> OpenAICompatibleLLM:
        return OpenAICompatibleLLM(model="m", base_url=self.base_url, max_retries=0, **kwargs)


def reply(content: str | None) -> tuple[int, dict[str, Any]]:
    choice = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
    return 200, {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": [choice]}


def error(status: int, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"message": message, "type": "error", "code": status}}


@pytest.fixture
def endpoint() -> Iterator[ScriptedEndpoint]:
    e = ScriptedEndpoint()
    yield e
    e.httpd.shutdown()
    e.httpd.server_close()


@pytest.mark.parametrize(
    ("status", "error_type", "hint"),
    [
        (401, LLMAuthError, "OPENAI_API_KEY"),
        (403, LLMAuthError, "OPENAI_API_KEY"),
        (429, LLMRateLimitError, "retry"),
        (500, LLMUnavailableError, "Retry later"),
        (503, LLMUnavailableError, "Retry later"),
        (404, LLMResponseError, "RAG_LLM_MODEL"),
        (400, LLMResponseError, "rejected the request"),
    ],
)
def test_http_errors_become_project_errors_that_say_what_to_do(
    endpoint: ScriptedEndpoint, status: int, error_type: type[RagError], hint: str
) -> None:
    endpoint.script = [error(status, "nope")]
    with pytest.raises(error_type, match=hint):
        endpoint.llm().complete(HELLO)


@pytest.mark.parametrize("content", [None, "", "  \n"])
def test_an_empty_reply_is_a_response_error(endpoint: ScriptedEndpoint, content: str | None) -> None:
    endpoint.script = [reply(content)]
    with pytest.raises(LLMResponseError, match="empty reply"):
        endpoint.llm().complete(HELLO)


def test_malformed_json_is_a_response_error(endpoint: ScriptedEndpoint) -> None:
    endpoint.script = [reply('{"city": "Par')]
    with pytest.raises(LLMResponseError, match="malformed JSON"):
        endpoint.llm().complete(HELLO, json_schema=CITY_SCHEMA)


def test_auto_drops_a_rejected_response_format_once_and_remembers(endpoint: ScriptedEndpoint) -> None:
    fenced = '```json\n{"city": "Rome"}\n```'  # what models often do when asked for JSON in the prompt only
    endpoint.script = [error(400, "unknown field response_format"), reply('{"city": "Paris"}'), reply(fenced)]
    llm = endpoint.llm()
    assert json.loads(llm.complete(HELLO, json_schema=CITY_SCHEMA)) == {"city": "Paris"}
    assert json.loads(llm.complete(HELLO, json_schema=CITY_SCHEMA)) == {"city": "Rome"}
    sent = [("response_format" in r, [m["role"] for m in r["messages"]]) for r in endpoint.requests]
    # first try with it; then without it, the schema given as a system instruction instead, and not tried again
    assert sent == [(True, ["user"]), (False, ["system", "user"]), (False, ["system", "user"])]
    assert '"city"' in endpoint.requests[1]["messages"][0]["content"]
    assert llm.json_schema_mode == "off"


def test_the_schema_instruction_joins_an_existing_system_message(endpoint: ScriptedEndpoint) -> None:
    endpoint.script = [reply('{"city": "Paris"}')]
    messages: list[Message] = [{"role": "system", "content": "Be brief."}, *HELLO]
    endpoint.llm(json_schema="off").complete(messages, json_schema=CITY_SCHEMA)
    sent = endpoint.requests[0]
    assert "response_format" not in sent
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert sent["messages"][0]["content"].startswith("Be brief.\n\nReply with one JSON object")


def test_on_does_not_drop_a_rejected_response_format(endpoint: ScriptedEndpoint) -> None:
    endpoint.script = [error(400, "unknown field response_format")]
    with pytest.raises(LLMResponseError, match="HTTP 400"):
        endpoint.llm(json_schema="on").complete(HELLO, json_schema=CITY_SCHEMA)
    assert len(endpoint.requests) == 1


# --- the real local server -------------------------------------------------------------------------


def local_client(server: LocalLLMServer, max_tokens: int) -> OpenAICompatibleLLM:
    """Greedy and short, so the tests stay fast on 1–2 busy cores."""
    return OpenAICompatibleLLM(
        model=server.model, base_url=server.base_url, timeout=300, temperature=0, max_tokens=max_tokens
    )


@pytest.mark.llm
def test_models_lists_the_alias(llm_server: LocalLLMServer) -> None:
    with urllib.request.urlopen(f"{llm_server.base_url}/models", timeout=10) as resp:
        ids = [m["id"] for m in json.loads(resp.read())["data"]]
    assert ids == [MODEL_ALIAS]


@pytest.mark.llm
def test_stream_yields_the_deltas_of_the_complete_reply(llm_server: LocalLLMServer) -> None:
    llm = local_client(llm_server, max_tokens=12)
    text = llm.complete(HELLO)
    deltas = list(llm.stream(HELLO))
    assert len(deltas) >= 3 and all(deltas)
    assert "".join(deltas) == text  # greedy decoding: the same reply, streamed
    assert text.startswith("1")


@pytest.mark.llm
@pytest.mark.parametrize("mode", ["auto", "off"])  # off: the schema only as an instruction
def test_complete_with_a_json_schema_returns_json_that_fits(llm_server: LocalLLMServer, mode: SchemaMode) -> None:
    llm = local_client(llm_server, max_tokens=32)
    llm.json_schema_mode = mode
    question: list[Message] = [{"role": "user", "content": "What is the capital of France? Answer in JSON."}]
    text = llm.complete(question, json_schema=CITY_SCHEMA)
    data = json.loads(text)
    assert set(data) == {"city"} and isinstance(data["city"], str)
    assert "paris" in data["city"].lower()
    assert llm.json_schema_mode == mode  # llama.cpp accepts response_format: nothing was dropped


@pytest.mark.llm
def test_settings_from_openai_env_vars_reach_the_local_server(
    llm_server: LocalLLMServer, settings_from: Callable[..., Settings]
) -> None:
    env = {"OPENAI_BASE_URL": llm_server.base_url, "RAG_LLM_MAX_TOKENS": "4", "RAG_LLM_TIMEOUT": "300"}
    llm = llm_from_settings(settings_from(env))
    assert llm is not None
    assert llm.complete([{"role": "user", "content": "Say hi."}]).strip()


@pytest.mark.llm
def test_llm_check_reports_model_and_latency(llm_server: LocalLLMServer) -> None:
    env = {**NO_LLM_ENV, "OPENAI_BASE_URL": llm_server.base_url, "RAG_LLM_MODEL": MODEL_ALIAS, "RAG_LLM_TIMEOUT": "300"}
    result = CliRunner().invoke(cli, ["llm", "check"], env=env)
    assert result.exit_code == 0, result.output
    assert f"model:    {MODEL_ALIAS}" in result.stdout
    assert "latency:" in result.stdout


def test_llm_check_without_an_endpoint_says_what_to_set() -> None:
    result = CliRunner().invoke(cli, ["llm", "check"], env=NO_LLM_ENV)
    assert result.exit_code == 1
    assert "OPENAI_BASE_URL" in result.output and "Traceback" not in result.output


def test_llm_check_with_a_dead_endpoint_is_one_line_without_traceback() -> None:
    env = {**NO_LLM_ENV, "OPENAI_BASE_URL": f"http://127.0.0.1:{free_port()}/v1"}
    result = CliRunner().invoke(cli, ["llm", "check"], env=env)
    assert result.exit_code == 1
    assert "cannot be reached" in result.output and "Traceback" not in result.output


@pytest.mark.llm
def test_llm_serve_prints_the_env_vars_and_stops_on_ctrl_c(
    llm_server: LocalLLMServer, fake_retriever: Retriever, open_settings: Settings
) -> None:
    """A second server through the CLI; after Ctrl-C its port refuses calls at once, and an answer
    through it falls back to the extractive one with a notice."""
    port = free_port()
    cmd = [sys.executable, "-m", "rag.cli", "llm", "serve", "--port", str(port), "--ctx", "512"]
    proc = subprocess.Popen(
        [*cmd, "--threads", str(llm_server.threads)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(5)]  # blocks until the server is ready
        assert health_ok(f"http://127.0.0.1:{port}")
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    (llm_server.cache_dir / "logs" / f"llm-server-{port}.log").unlink(missing_ok=True)
    assert proc.returncode == 0, err
    assert f"  export OPENAI_BASE_URL=http://127.0.0.1:{port}/v1\n" in lines
    assert f"  export RAG_LLM_MODEL={MODEL_ALIAS}\n" in lines
    assert "Stopping" in err
    llm = OpenAICompatibleLLM(model=MODEL_ALIAS, base_url=f"http://127.0.0.1:{port}/v1", timeout=60)
    started = time.monotonic()
    with pytest.raises(LLMUnavailableError):
        llm.complete(HELLO)
    assert time.monotonic() - started < 5
    question = "Group Sequential Testのアルファ消費ってどういう仕組み?"
    answer = pipeline_of(fake_retriever, open_settings, llm).answer(question)
    assert answer.mode == "extractive" and answer.found and answer.citations
    assert "cannot be reached" in answer.notice
