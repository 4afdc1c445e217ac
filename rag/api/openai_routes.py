"""/v1, OpenAI's chat API over the notes: ``GET /v1/models`` lists the one model, and
``POST /v1/chat/completions`` answers the conversation's last question, whole or streamed (server-sent
events), in the server's own mode (extractive, or through the configured LLM).

The text carries its ``[YYYY-MM-DD]`` citations; the response adds two fields of its own, ``sources``
(what the citations stand for) and ``answer_info`` (mode, whether the notes cover it, notice, the
question searched) — in a stream, on the final chunk, with ``answer``, the final text. Errors use
OpenAI's shape: 400 bad request, 401 bad key, 404 unknown model, 503 while there is no index yet.
"""

from __future__ import annotations

import itertools
import json
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from openai.types import Model
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_chunk import Choice as ChunkChoice
from openai.types.chat.chat_completion_chunk import ChoiceDelta
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response, StreamingResponse

from rag.api.schemas import AnswerInfo, ErrorType, FilterArgs, answer_sources, error_response
from rag.errors import (
    IndexBusyError,
    IndexCorruptError,
    IndexMismatchError,
    IndexMissingError,
    LLMError,
    NoMatchError,
    QuestionError,
    RagError,
)
from rag.types import Answer

if TYPE_CHECKING:
    from rag.api.service import NotesService
    from rag.llm.base import Message

OWNER = "study-notes-rag"
RETRY_AFTER_S = 10  # what a 503 suggests while the first index is built


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    """A chat completion request. Sampling options (temperature, max_tokens…) are accepted and ignored:
    the answer comes from the notes. ``filters`` (our own field) restricts the notes searched."""

    model_config = ConfigDict(extra="allow")

    model: str
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    n: int = Field(1, ge=1, le=1)
    filters: FilterArgs | None = None

    def conversation(self) -> tuple[str, list[Message]]:
        """The question (the last message, the user's) and the turns before it (system messages left out)."""
        *earlier, last = self.messages
        if last.role != "user" or not last.text.strip():
            raise QuestionError("The last message must be the user's question (role 'user', with text).")
        history: list[Message] = [
            {"role": m.role, "content": m.text} for m in earlier if m.role in ("user", "assistant")
        ]
        return last.text, history


def openai_app(service: NotesService) -> FastAPI:
    """The /v1 routes as an app of their own (mounted under /v1), with OpenAI's error shape for every error."""
    model = service.settings.api_model
    card = Model(id=model, created=int(time.time()), object="model", owned_by=OWNER).to_dict(mode="json")
    app = FastAPI(title="study-notes", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_exception_handler(RagError, _rag_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)

    @app.get("/models")
    def list_models() -> JSONResponse:
        return JSONResponse({"object": "list", "data": [card]})

    @app.get("/models/{model_id:path}")
    def get_model(model_id: str) -> Response:
        return JSONResponse(card) if model_id == model else _unknown_model(model_id, model)

    @app.post("/chat/completions")
    def chat_completions(request: ChatRequest) -> Response:
        if request.model != model:
            return _unknown_model(request.model, model)
        question, history = request.conversation()
        filters = request.filters.filters() if request.filters else None
        if not request.stream:
            return JSONResponse(completion(service.ask(question, filters, history), model))
        events = service.ask_stream(question, filters, history)
        first = next(events)  # what fails before any text (filters, no index) fails with its own status
        headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        return StreamingResponse(stream_events(first, events, model), media_type="text/event-stream", headers=headers)

    return app


def completion(answer: Answer, model: str) -> dict[str, Any]:
    """A whole answer as a ``chat.completion``, with ``sources`` and ``answer_info``."""
    message = ChatCompletionMessage(role="assistant", content=answer.text)
    body = ChatCompletion(
        id=_completion_id(),
        object="chat.completion",
        created=int(time.time()),
        model=model,
        choices=[Choice(index=0, finish_reason="stop", message=message)],
    )
    return {**body.to_dict(mode="json"), **_extras(answer)}


def stream_events(first: str | Answer, rest: Iterator[str | Answer], model: str) -> Iterator[str]:
    """Server-sent ``chat.completion.chunk`` events: the text as it comes, then a final chunk with the
    sources. When the final text replaces the streamed one (an LLM failure's extractive fallback, or an
    English translation of a Japanese draft), it follows the draft after a blank line."""
    ident, created = _completion_id(), int(time.time())

    def chunk(delta: ChoiceDelta, finish: Literal["stop"] | None = None) -> dict[str, Any]:
        choice = ChunkChoice(index=0, delta=delta, finish_reason=finish)
        body = ChatCompletionChunk(id=ident, object="chat.completion.chunk", created=created, model=model,
                                   choices=[choice])  # fmt: skip
        return body.to_dict(mode="json")

    yield _sse(chunk(ChoiceDelta(role="assistant", content="")))
    shown = ""
    try:
        for event in itertools.chain([first], rest):
            if isinstance(event, Answer):
                tail = event.text[len(shown) :] if event.text.startswith(shown) else f"\n\n{event.text}"
                if tail:
                    yield _sse(chunk(ChoiceDelta(content=tail)))
                yield _sse({**chunk(ChoiceDelta(), "stop"), **_extras(event), "answer": event.text})
                break
            shown += event
            yield _sse(chunk(ChoiceDelta(content=event)))
    except RagError as exc:  # after the first event the status is sent: the error becomes an event
        _status, kind, code = error_kind(exc)
        yield _sse({"error": {"message": str(exc), "type": kind, "param": None, "code": code}})
    yield _sse("[DONE]")


def _extras(answer: Answer) -> dict[str, Any]:
    return {
        "sources": [s.model_dump(mode="json") for s in answer_sources(answer)],
        "answer_info": AnswerInfo.of(answer).model_dump(mode="json"),
    }


def _sse(data: dict[str, Any] | str) -> str:
    return f"data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def error_kind(exc: RagError) -> tuple[int, ErrorType, str | None]:
    """The HTTP status, OpenAI error type and code of a project error."""
    if isinstance(exc, QuestionError | NoMatchError):
        return 400, "invalid_request_error", "invalid_request"
    if isinstance(exc, IndexMissingError | IndexBusyError):
        return 503, "server_error", "index_not_ready"
    if isinstance(exc, IndexMismatchError | IndexCorruptError):
        return 503, "server_error", "index_unusable"
    if isinstance(exc, LLMError):
        return 502, "server_error", "llm_error"
    return 500, "server_error", None


def _unknown_model(asked: str, model: str) -> JSONResponse:
    message = f"The model {asked!r} does not exist: this server answers as {model!r} (see GET /v1/models)."
    return error_response(404, message, "invalid_request_error", "model_not_found")


async def _rag_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RagError)
    status, kind, code = error_kind(exc)
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
    return error_response(status, str(exc), kind, code, headers)


async def _invalid(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    message = f"Invalid request: {where + ': ' if where else ''}{first.get('msg', 'malformed body')}."
    return error_response(400, message, "invalid_request_error", "invalid_request")


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    kind: ErrorType = "not_found_error" if exc.status_code == 404 else "invalid_request_error"
    return error_response(exc.status_code, str(exc.detail), kind, None, exc.headers)
