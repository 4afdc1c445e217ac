"""API keys: with ``RAG_API_KEYS`` set, /v1 and /mcp let a request through only with one of them as
its ``Authorization: Bearer`` token (compared in constant time); otherwise a 401 in OpenAI's error shape."""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from rag.api.schemas import error_response
from rag.config import Settings


def api_keys(settings: Settings) -> tuple[str, ...]:
    """The keys ``RAG_API_KEYS`` holds (none: no key is asked for)."""
    return tuple(k.strip() for k in (settings.api_keys or "").split(",") if k.strip())


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def key_is_valid(token: str | None, keys: Sequence[str]) -> bool:
    if token is None:
        return False
    given = token.encode()
    # Every key is compared, so the time taken does not tell which one nearly matched.
    return sum(hmac.compare_digest(given, key.encode()) for key in keys) > 0


class BearerGate:
    """An ASGI app in front of another: HTTP requests pass only with a valid Bearer key."""

    def __init__(self, app: ASGIApp, keys: Sequence[str]) -> None:
        self.app = app
        self.keys = tuple(keys)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            token = bearer_token(Headers(scope=scope).get("authorization"))
            if not key_is_valid(token, self.keys):
                why = "No API key given" if token is None else "Incorrect API key"
                message = f"{why}: send `Authorization: Bearer <key>` with one of the keys set in RAG_API_KEYS."
                response = error_response(401, message, "authentication_error", "invalid_api_key",
                                          {"WWW-Authenticate": "Bearer"})  # fmt: skip
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def gated(app: ASGIApp, settings: Settings) -> ASGIApp:
    """``app`` behind the settings' API keys; as it is when none are set."""
    keys = api_keys(settings)
    return BearerGate(app, keys) if keys else app
