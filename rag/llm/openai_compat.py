"""The ``ChatLLM`` client for any OpenAI-compatible endpoint.

Works with OpenAI, compatible gateways, vLLM, Ollama and llama.cpp's server (``rag llm serve``).
Every failure leaves as one of the project's ``LLMError`` types with a message that says what
to do; no ``openai`` exception escapes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import openai

from rag.errors import LLMAuthError, LLMRateLimitError, LLMResponseError, LLMUnavailableError
from rag.llm.base import DEFAULT_BASE_URL, Message

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionMessageParam
    from openai.types.shared_params import ResponseFormatJSONSchema

NO_KEY = "sk-no-key"  # local servers ignore the key, but the client refuses to send none
SchemaMode = Literal["auto", "on", "off"]


class OpenAICompatibleLLM:
    """``ChatLLM`` over the Chat Completions API of any OpenAI-compatible endpoint."""

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 1,
        temperature: float = 0.1,
        max_tokens: int | None = None,
        json_schema: SchemaMode = "auto",
    ) -> None:
        self.model = model
        self.base_url = base_url or DEFAULT_BASE_URL
        self.timeout = timeout
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.json_schema_mode: SchemaMode = json_schema
        # The key is passed explicitly so the client never falls back to a stray environment value.
        self._client = openai.OpenAI(
            base_url=self.base_url, api_key=api_key or NO_KEY, timeout=timeout, max_retries=max_retries
        )

    def complete(self, messages: Sequence[Message], *, json_schema: dict[str, Any] | None = None) -> str:
        """The whole reply; with ``json_schema``, a JSON text that parses (else ``LLMResponseError``)."""
        if json_schema is None:
            return self._complete(messages, None)
        if self.json_schema_mode == "off":
            text = self._complete(_with_schema_hint(messages, json_schema), None)
        elif self.json_schema_mode == "on":
            text = self._complete(messages, json_schema)
        else:
            try:
                text = self._complete(messages, json_schema)
            except _SchemaRejected:
                text = self._complete(_with_schema_hint(messages, json_schema), None)
                # It worked without response_format: remember, so later calls don't pay a failing request first.
                self.json_schema_mode = "off"
        text = _strip_code_fence(text)
        _check_json(text, self.model)
        return text

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """The reply as it is generated: non-empty text deltas."""
        any_text = False
        try:
            chunks = self._client.chat.completions.create(stream=True, **self._request(messages))
            with chunks:
                for chunk in chunks:
                    delta = chunk.choices[0].delta.content if chunk.choices else None
                    if delta:
                        any_text = True
                        yield delta
        except openai.OpenAIError as exc:
            self._raise(exc)
        except ValueError as exc:  # a stream event that is not JSON
            raise LLMResponseError(_malformed_message(self.model, exc)) from exc
        if not any_text:
            raise LLMResponseError(_empty_message(self.model))

    def close(self) -> None:
        """Release the HTTP connections."""
        self._client.close()

    def _request(self, messages: Sequence[Message]) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": self.model,
            "messages": _to_openai(messages),
            "temperature": self.temperature,
        }
        if self.max_tokens is not None:
            request["max_tokens"] = self.max_tokens
        return request

    def _complete(self, messages: Sequence[Message], json_schema: dict[str, Any] | None) -> str:
        request = self._request(messages)
        if json_schema is not None:
            request["response_format"] = _response_format(json_schema)
        try:
            response = self._client.chat.completions.create(**request)
        except openai.OpenAIError as exc:
            if json_schema is not None and self.json_schema_mode == "auto" and _rejects_request(exc):
                raise _SchemaRejected from exc
            self._raise(exc)
        text = _first_content(response)
        if not text or not text.strip():
            raise LLMResponseError(_empty_message(self.model))
        return text

    def _raise(self, exc: openai.OpenAIError) -> NoReturn:
        raise _project_error(exc, self.base_url, self.model, self.timeout) from exc


class _SchemaRejected(Exception):
    """The endpoint refused the request because of ``response_format`` (or so it seems)."""


def _rejects_request(exc: openai.OpenAIError) -> bool:
    # 400/422 from an endpoint that does not know response_format; vLLM/Ollama/gateways differ in which.
    return isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError)


def _response_format(schema: dict[str, Any]) -> ResponseFormatJSONSchema:
    name = str(schema.get("title") or "response")
    safe = "".join(c if c.isalnum() or c in "_-" else "_" for c in name)[:64]
    return {"type": "json_schema", "json_schema": {"name": safe, "schema": schema}}


def _with_schema_hint(messages: Sequence[Message], schema: dict[str, Any]) -> list[Message]:
    """Without ``response_format`` the model sees the schema as a system instruction instead."""
    hint = "Reply with one JSON object only, no prose or code fences, matching this JSON schema:\n" + json.dumps(
        schema, ensure_ascii=False
    )
    # Into the first system message: many chat templates reject a system message anywhere else.
    if messages and messages[0]["role"] == "system":
        first: Message = {"role": "system", "content": f"{messages[0]['content']}\n\n{hint}"}
        return [first, *messages[1:]]
    return [{"role": "system", "content": hint}, *messages]


def _strip_code_fence(text: str) -> str:
    """Models asked for JSON without ``response_format`` often wrap it in a Markdown code fence anyway."""
    body = text.strip()
    if body.startswith("```") and body.endswith("```") and "\n" in body:
        return body[body.index("\n") + 1 : -3].strip()
    return text


def _to_openai(messages: Sequence[Message]) -> list[ChatCompletionMessageParam]:
    out: list[ChatCompletionMessageParam] = []
    for m in messages:
        if m["role"] == "system":
            out.append({"role": "system", "content": m["content"]})
        elif m["role"] == "assistant":
            out.append({"role": "assistant", "content": m["content"]})
        else:
            out.append({"role": "user", "content": m["content"]})
    return out


def _first_content(response: object) -> str | None:
    """The first choice's text; None when the reply lacks one (e.g. a proxy's error page parsed as text)."""
    try:
        content = response.choices[0].message.content  # type: ignore[attr-defined]
    except (AttributeError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) else None


def _check_json(text: str, model: str) -> None:
    try:
        json.loads(text)
    except ValueError as exc:
        raise LLMResponseError(
            f"The model {model!r} returned malformed JSON ({exc}): {text[:200]!r}. Retry, raise RAG_LLM_MAX_TOKENS "
            "if the reply was cut off, or use a model that supports JSON-schema output."
        ) from exc


def _malformed_message(model: str, exc: Exception) -> str:
    return f"The model {model!r} sent a malformed stream ({exc}). Retry; if it persists, check the server's log."


def _empty_message(model: str) -> str:
    return (
        f"The model {model!r} returned an empty reply. Retry; if it persists, check RAG_LLM_MODEL "
        "and the server's log (a full context window also causes this)."
    )


def _project_error(exc: openai.OpenAIError, base_url: str, model: str, timeout: float) -> Exception:
    """The project error for an ``openai`` exception, with what to do about it."""
    where = f"The LLM endpoint {base_url}"
    if isinstance(exc, openai.APITimeoutError):
        return LLMUnavailableError(
            f"{where} did not answer within {timeout:g} s. It may be overloaded: retry, or raise RAG_LLM_TIMEOUT."
        )
    if isinstance(exc, openai.APIConnectionError):
        return LLMUnavailableError(
            f"{where} cannot be reached ({_cause(exc)}). Start the server (e.g. `rag llm serve`) "
            "or fix OPENAI_BASE_URL / RAG_LLM_BASE_URL."
        )
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return LLMAuthError(
            f"{where} rejected the API key (HTTP {exc.status_code}): set OPENAI_API_KEY (or RAG_LLM_API_KEY) "
            "to a valid key for it."
        )
    if isinstance(exc, openai.RateLimitError):
        return LLMRateLimitError(
            f"{where} is rate-limiting requests (HTTP 429: {_detail(exc)}). Wait a minute and retry, "
            "or check your plan's quota."
        )
    if isinstance(exc, openai.APIStatusError) and exc.status_code >= 500:
        return LLMUnavailableError(
            f"{where} failed on its side (HTTP {exc.status_code}: {_detail(exc)}). Retry later or check its log."
        )
    if isinstance(exc, openai.NotFoundError):
        return LLMResponseError(
            f"{where} answered HTTP 404 ({_detail(exc)}): check the model name (RAG_LLM_MODEL={model}) "
            "and that the base URL ends with /v1."
        )
    if isinstance(exc, openai.APIStatusError):
        return LLMResponseError(
            f"{where} rejected the request (HTTP {exc.status_code}: {_detail(exc)}). "
            "Check RAG_LLM_MODEL and the endpoint's limits (a too long prompt is rejected too)."
        )
    return LLMResponseError(f"{where} sent an unexpected reply: {exc}. Retry; if it persists, check the server.")


def _detail(exc: openai.APIStatusError) -> str:
    return str(exc.message)[:200]


def _cause(exc: BaseException) -> str:
    """The root cause's text (e.g. "Connection refused"), which openai's own message hides."""
    root: BaseException = exc
    while root.__cause__ is not None:
        root = root.__cause__
    return str(root) or type(root).__name__
