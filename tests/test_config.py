"""Settings are validated once, at load: every bad RAG_* value is a one-line error naming the variable."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import annotated_types
import pytest
from click.testing import CliRunner

from rag.cli import cli
from rag.config import Settings, variable
from rag.errors import ConfigError

# Settings that take any text (names, prompts, paths, hosts): nothing to get wrong in the value itself
# (an empty variable counts as unset).
FREE_TEXT = {
    "notes_dir", "index_dir", "cache_dir", "embedding_model", "query_prompt", "passage_prompt", "llm_api_key",
    "llm_model", "ui_host",
}  # fmt: skip
# Text settings with a rule of their own, and a value that breaks it.
RULED_TEXT = {"llm_base_url": "localhost:8080", "ui_auth": "team-without-password", "api_keys": "a key,another",
              "api_model": "study notes"}  # fmt: skip


def _kind(field: str) -> object:
    annotation = typing.get_type_hints(Settings)[field]
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if typing.get_origin(annotation) is typing.Union and len(args) == 1 else annotation


def bad_values(field: str) -> Iterator[str]:
    """Values the setting must refuse: the wrong type, and each side of its range."""
    info = Settings.model_fields[field]
    kind = _kind(field)
    if field in RULED_TEXT:
        yield RULED_TEXT[field]
    elif typing.get_origin(kind) is typing.Literal:
        yield "bogus"
    elif kind is bool:
        yield "maybe"
    elif kind in (int, float):
        yield "twelve"
        for bound in info.metadata:
            if isinstance(bound, annotated_types.Ge | annotated_types.Gt):
                yield str(bound.ge - 1 if isinstance(bound, annotated_types.Ge) else bound.gt)  # type: ignore[operator]
            if isinstance(bound, annotated_types.Le):
                yield str(bound.le + 1)  # type: ignore[operator]


CHECKED = [(field, value) for field in Settings.model_fields if field not in FREE_TEXT for value in bad_values(field)]


def test_every_setting_with_a_rule_has_bad_values_tried() -> None:
    tried = {field for field, _ in CHECKED}
    assert tried == set(Settings.model_fields) - FREE_TEXT
    for field in tried - set(RULED_TEXT):
        assert sum(f == field for f, _ in CHECKED) >= 1, field


@pytest.mark.parametrize(("field", "value"), CHECKED)
def test_a_bad_value_exits_1_with_one_line_naming_the_variable(
    field: str, value: str, settings_from: Callable[..., Settings], tmp_path: Path
) -> None:
    settings_from({})  # the project's other variables cleared for the command below
    name = variable(field)
    result = CliRunner().invoke(cli, ["search", "x", "--index", str(tmp_path)], env={name: value})
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {name}="), lines[0]
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, ConfigError)  # turned into the CLI's message, not raised


def test_choices_say_what_is_allowed(settings_from: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from({"RAG_RETRIEVAL_MODE": "bogus"})
    assert str(err.value) == "RAG_RETRIEVAL_MODE='bogus' is not one of hybrid, dense, lexical. Fix or unset it."
    with pytest.raises(ConfigError, match=r"RAG_TOP_K='0' is out of range: it must be ≥ 1"):
        settings_from({"RAG_TOP_K": "0"})


def test_secrets_are_never_echoed(settings_from: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from({"RAG_UI_AUTH": "hunter2"})
    assert "hunter2" not in str(err.value) and "RAG_UI_AUTH=(hidden)" in str(err.value)


def test_rules_across_settings(settings_from: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match=r"RAG_CHUNK_OVERLAP_CHARS .* must be smaller than RAG_CHUNK_MAX_CHARS"):
        settings_from({"RAG_CHUNK_MAX_CHARS": "100", "RAG_CHUNK_OVERLAP_CHARS": "100"})
    with pytest.raises(ConfigError, match="RAG_FUSION_ALPHA_MAX"):
        settings_from({"RAG_FUSION_ALPHA": "0.8", "RAG_FUSION_ALPHA_MAX": "0.5"})


def test_values_are_read_typed_and_the_standard_openai_variables_count(settings_from: Callable[..., Settings]) -> None:
    s = settings_from({"RAG_TOP_K": "7", "RAG_UI_ALLOW_OPEN": "yes", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert (s.top_k, s.ui_allow_open, s.llm_base_url) == (7, True, "http://127.0.0.1:9/v1")
    assert settings_from({"RAG_TOP_K": "7"}, top_k=3).top_k == 3  # an explicit value wins
    assert settings_from({"RAG_TOP_K": ""}).top_k == 5  # an empty variable counts as unset


def test_replace_validates_and_keeps_the_rest(settings_from: Callable[..., Settings]) -> None:
    s = settings_from({"RAG_TOP_K": "7"})
    assert s.replace(retrieval_mode="dense").top_k == 7
    with pytest.raises(ConfigError, match="RAG_RETRIEVAL_MODE"):
        s.replace(retrieval_mode="sideways")
