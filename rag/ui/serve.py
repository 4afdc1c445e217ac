"""Serving the chat page: who may reach it (login, loopback only by default) and the launch itself."""

from __future__ import annotations

import ipaddress
import sys
from typing import TYPE_CHECKING, Any

from rag.assistant import Assistant
from rag.config import Settings
from rag.errors import ConfigError, RagError
from rag.ui.assets import CSS, JS
from rag.ui.i18n import I18N

if TYPE_CHECKING:
    import gradio as gr


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """``user:password[,user2:password2]`` as Gradio's auth list; None when unset."""
    if not value:
        return None
    pairs = []
    for item in value.split(","):
        user, colon, password = item.strip().partition(":")
        if not colon or not user or not password:
            raise ConfigError("RAG_UI_AUTH must be user:password (several separated by commas), e.g. team:s3cret.")
        pairs.append((user, password))
    return pairs


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings) -> None:
    """Refuse to serve beyond this machine without a login (the API: without keys), unless explicitly allowed."""
    if is_loopback(settings.ui_host) or settings.ui_allow_open:
        return
    if not settings.ui_auth:
        raise ConfigError(
            f"Refusing to serve the notes on {settings.ui_host} without a login: anyone who can reach this port "
            "could read them. Set RAG_UI_AUTH=user:password, or RAG_UI_ALLOW_OPEN=1 if that is intended "
            "(or serve on 127.0.0.1)."
        )
    if settings.api_enabled and not settings.api_keys:
        raise ConfigError(
            f"Refusing to serve the notes' API (/v1, /mcp) on {settings.ui_host} without keys: the UI's login "
            "does not cover it. Set RAG_API_KEYS=key1,key2, or RAG_API_ENABLED=0 to serve only the UI."
        )


def launch_app(demo: gr.Blocks, settings: Settings | None = None, assistant: Assistant | None = None) -> None:
    """Serve the page, and the API beside it (``assistant``: the one the page answers with), until Ctrl-C."""
    s = settings or Settings.from_env()
    check_exposure(s)
    api: dict[str, Any] | None = None
    if s.api_enabled:
        from rag.api.mount import api_app_kwargs

        api = api_app_kwargs(assistant or Assistant(s))
    demo.launch(
        server_name=s.ui_host,
        server_port=s.ui_port,
        auth=parse_auth(s.ui_auth),
        auth_message="勉強会ノート QA — log in with the study group's account.",
        css=CSS,
        js=JS,
        i18n=I18N,
        ssr_mode=False,
        footer_links=["api"],
        max_threads=max(40, s.ui_concurrency + 8),
        max_file_size=s.ui_max_upload_bytes,  # larger uploads are refused (HTTP 413) and never stored
        app_kwargs=api,
    )


def main(demo: gr.Blocks, settings: Settings | None = None, assistant: Assistant | None = None) -> None:
    """``python app.py``: serve, and turn the project's errors into a one-line message."""
    try:
        launch_app(demo, settings, assistant)
    except RagError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
