"""The API on the chat page's own server: /v1 and /mcp as routes of the FastAPI app gradio creates
(through ``launch(app_kwargs=…)``), so they share its host, port and process, and the lifespan that
starts the MCP sessions and the first index build."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from mcp.server.transport_security import TransportSecuritySettings
from starlette.routing import Mount, Route

from rag.api.auth import gated
from rag.api.mcp_server import notes_mcp
from rag.api.openai_routes import openai_app
from rag.api.service import NotesService

if TYPE_CHECKING:
    from rag.assistant import Assistant

MCP_PATH = "/mcp"
# The hosts the SDK's DNS-rebinding protection knows; on another host the API keys protect the API.
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def api_app_kwargs(assistant: Assistant) -> dict[str, Any]:
    """``routes`` and ``lifespan`` for gradio's FastAPI app: /v1 (OpenAI) and /mcp (streamable HTTP)."""
    settings = assistant.settings
    service = NotesService(assistant)
    mcp = notes_mcp(service)
    security = (
        None if settings.ui_host in _LOCAL_HOSTS else TransportSecuritySettings(enable_dns_rebinding_protection=False)
    )
    mcp_app = mcp.streamable_http_app(streamable_http_path=MCP_PATH, host=settings.ui_host, transport_security=security)
    routes = [
        Mount("/v1", app=gated(openai_app(service), settings)),
        # A Route, not a Mount: a Mount would answer /mcp with a redirect to /mcp/. The SDK's app routes
        # the unchanged path to its own /mcp endpoint.
        Route(MCP_PATH, endpoint=gated(mcp_app, settings)),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(_app: object) -> AsyncIterator[None]:
        service.start()
        async with mcp.session_manager.run():  # a mounted app's own lifespan never runs
            yield

    return {"routes": routes, "lifespan": lifespan}
