"""The LLM behind a small protocol: what the rest of the project talks to."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal, Protocol, TypedDict

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"


class Message(TypedDict):
    """One chat message."""

    role: Literal["system", "user", "assistant"]
    content: str


class ChatLLM(Protocol):
    """A chat model: a whole reply, optionally constrained to a JSON schema, or a stream of text deltas."""

    model: str

    def complete(self, messages: Sequence[Message], *, json_schema: dict[str, Any] | None = None) -> str: ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...


def reply_line(reply: str) -> str:
    """A one-line reply (a rewritten or translated question): its first line, without quotes ("…", 「…」)."""
    lines = reply.strip().splitlines()
    return lines[0].strip().strip('"「」') if lines else ""
