"""The LLM the settings configure, if any."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.llm.base import DEFAULT_MODEL

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.llm.base import ChatLLM


def llm_from_settings(settings: Settings) -> ChatLLM | None:
    """The configured LLM client, or None when neither a base URL nor an API key is set (then the
    ``openai`` package is never imported: extractive answers start faster)."""
    if not settings.llm_base_url and not settings.llm_api_key:
        return None
    from rag.llm.openai_compat import OpenAICompatibleLLM

    return OpenAICompatibleLLM(
        model=settings.llm_model or DEFAULT_MODEL,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        json_schema=settings.llm_json_schema,
    )
