"""API keys and who may reach the API: Bearer parsing, the key check, and the UI's rule for other hosts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from rag.api.auth import api_keys, bearer_token, key_is_valid
from rag.config import Settings
from rag.errors import ConfigError
from rag.ui.serve import check_exposure


@pytest.mark.parametrize(
    ("header", "token"),
    [("Bearer k3y", "k3y"), ("bearer  k3y ", "k3y"), ("Basic dXNlcjpwdw==", None), ("Bearer ", None), (None, None)],
)
def test_the_bearer_token_is_read_from_the_header(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


def test_only_a_whole_key_counts() -> None:
    keys = ("k3y-one", "k3y-two")
    assert key_is_valid("k3y-two", keys)
    assert not any(key_is_valid(t, keys) for t in ("k3y", "k3y-one ", "K3Y-ONE", "k3y-one,k3y-two", None))
    assert not key_is_valid("anything", ())


def test_keys_come_from_one_comma_separated_setting(settings_from: Callable[..., Settings]) -> None:
    assert api_keys(settings_from({"RAG_API_KEYS": "k3y-one, k3y-two"})) == ("k3y-one", "k3y-two")
    assert api_keys(settings_from({})) == ()
    with pytest.raises(ConfigError) as err:
        settings_from({"RAG_API_KEYS": "s3cret-a,,s3cret-b"})
    assert "RAG_API_KEYS=(hidden)" in str(err.value) and "s3cret" not in str(err.value)


def test_the_model_name_is_checked(settings_from: Callable[..., Settings]) -> None:
    assert settings_from({"RAG_API_MODEL": "notes:v2"}).api_model == "notes:v2"
    with pytest.raises(ConfigError, match=r"RAG_API_MODEL='study notes' must be a model name"):
        settings_from({"RAG_API_MODEL": "study notes"})


@pytest.mark.parametrize(
    ("env", "refused"),
    [
        ({"RAG_UI_HOST": "127.0.0.1"}, ""),
        ({"RAG_UI_HOST": "0.0.0.0"}, "without a login"),
        ({"RAG_UI_HOST": "0.0.0.0", "RAG_UI_AUTH": "team:pw"}, "API (/v1, /mcp) on 0.0.0.0 without keys"),
        ({"RAG_UI_HOST": "0.0.0.0", "RAG_UI_AUTH": "team:pw", "RAG_API_KEYS": "k3y"}, ""),
        ({"RAG_UI_HOST": "0.0.0.0", "RAG_UI_AUTH": "team:pw", "RAG_API_ENABLED": "0"}, ""),
        ({"RAG_UI_HOST": "0.0.0.0", "RAG_UI_ALLOW_OPEN": "1"}, ""),
    ],
)
def test_beyond_this_machine_the_api_needs_keys_as_the_page_needs_a_login(
    settings_from: Callable[..., Settings], env: dict[str, str], refused: str
) -> None:
    settings = settings_from(env)
    if refused:
        with pytest.raises(ConfigError, match=refused.replace("(", r"\(").replace(")", r"\)")):
            check_exposure(settings)
    else:
        check_exposure(settings)
