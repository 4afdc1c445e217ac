"""Settings: one object, read from the environment (``RAG_*``) and validated once, then passed down explicitly."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from rag.errors import ConfigError

PACKAGED_MODEL_ID = "packaged:multilingual-e5-small"
ENV_PREFIX = "RAG_"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "study-notes-rag"


class Settings(BaseSettings):
    """Everything configurable. Paths are relative to the working directory unless absolute.

    ``Settings.from_env()`` (or ``Settings(...)``) reads ``RAG_<FIELD>`` variables, plus the standard
    ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY``; keyword arguments win. A bad value is a ``ConfigError``
    naming the variable, what it got and what is allowed.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
    )

    notes_dir: Path = Path("notes")
    index_dir: Path = Path("index")
    cache_dir: Path = Field(default_factory=default_cache_dir)
    # A hub model name, a local sentence-transformers folder, or the packaged default.
    embedding_model: str = Field(PACKAGED_MODEL_ID, min_length=1)
    # "auto": ONNX Runtime when the model is a local folder (fast start, same vectors), else torch;
    # "torch"; "onnx"; "onnx-int8" (faster, slightly different vectors: a different model id).
    embedding_backend: Literal["auto", "torch", "onnx", "onnx-int8"] = "auto"
    query_prompt: str | None = None  # None: the model's own "query" prompt
    passage_prompt: str | None = None  # None: the model's own "document" prompt
    embed_batch_size: int = Field(16, ge=1, le=1024)
    max_note_bytes: int = Field(20_000_000, ge=1)  # larger files are skipped with a warning
    # Chunk budgets (rag.store.budget): a note is cut to max_note_chunks chunks with a warning (a 10,000-topic
    # note made 12,238, ~50 min of embedding); an incremental update embeds at most max_update_chunks, the
    # notes beyond waiting for the next update, so no note can keep the others waiting for long.
    max_note_chunks: int = Field(1000, ge=1)
    max_update_chunks: int = Field(4000, ge=1)
    # `rag import`: an export whose files unpack to more bytes, or hold more files (all zips inside it
    # counted), is refused before anything is written.
    import_max_bytes: int = Field(500_000_000, ge=1)
    import_max_files: int = Field(20_000, ge=1)
    chunk_max_chars: int = Field(700, ge=50, le=100_000)
    chunk_overlap_chars: int = Field(150, ge=0)
    top_k: int = Field(5, ge=1, le=100)
    # The FAISS index: "auto" searches exactly (flat) below ann_min_chunks chunks and uses an
    # inverted-file index from there on (bench/scale.py measures latency and recall); "flat"; "ivf".
    vector_index: Literal["auto", "flat", "ivf"] = "auto"
    ann_min_chunks: int = Field(50_000, ge=1)
    ivf_lists: int = Field(0, ge=0)  # 0: about √chunks
    ivf_nprobe: int = Field(32, ge=1)  # lists scanned per question
    search_threads: int = Field(1, ge=1, le=256)  # FAISS threads per question
    # Retrieval: "hybrid" fuses dense (FAISS) and lexical (BM25) results; "dense" / "lexical" use one.
    retrieval_mode: Literal["hybrid", "dense", "lexical"] = "hybrid"
    lexical_split_mode: Literal["A", "B", "C"] = "A"  # Sudachi split mode for Japanese terms
    fusion: Literal["score", "rrf"] = "score"  # normalised score combination, or reciprocal rank fusion
    # Dense share of the fused score: fusion_alpha when every question term occurs in the notes,
    # rising to fusion_alpha_max as more of the question's rare words are unknown to them
    # (cross-lingual questions, where BM25 has little to go on). RRF uses fusion_alpha alone.
    fusion_alpha: float = Field(0.6, ge=0.0, le=1.0)
    fusion_alpha_max: float = Field(1.0, ge=0.0, le=1.0)
    rrf_k: float = Field(60.0, gt=0.0)
    fusion_candidates: int = Field(50, ge=1, le=10_000)  # from each retriever, before fusion
    # Evidence gate (see rag.retrieval.gate), calibrated on eval/questions.jsonl: a hit counts when it
    # holds min_coverage of the question's rare words at min_relevance_with_terms, or its similarity is
    # min_relevance standard deviations above random chunks and min_margin above any other topic.
    # Below the cosine floor min_score nothing counts.
    min_score: float = Field(0.75, ge=-1.0, le=1.0)
    min_relevance: float = 2.4
    min_margin: float = 0.6
    min_relevance_with_terms: float = 1.5
    min_coverage: float = Field(0.6, ge=0.0, le=1.0)
    # The topic test for English questions over Japanese notes (their words can't match; calibrated on
    # the bank's tune half).
    cross_lingual_min_relevance: float = 2.6
    cross_lingual_min_margin: float = 0.2
    # "When / which sessions" questions list every relevant topic whose relevance is within this
    # margin of the best one, or that holds this share of the question's rare words.
    list_relevance_margin: float = Field(1.0, ge=0.0)
    list_min_coverage: float = Field(0.8, ge=0.0, le=1.0)
    # A fact is answered from the topics whose relevance is within this margin of the best topic's; a
    # "which sessions" question also lists topics that mention its specific terms at this relevance.
    fact_topic_margin: float = Field(1.0, ge=0.0)
    mention_min_relevance: float = 0.5
    # A "which sessions" question also lists the topics that mention what it names in another spelling
    # (rag.retrieval.variants) or a name up to this many topics mention (MLOps in four talks).
    mention_max_topics: int = Field(6, ge=1)
    # ... at this relevance: the few topics that hold the name are the evidence; one that is no closer to
    # the question than random text is not (a cited paper's title that happens to contain the word).
    spelled_mention_min_relevance: float = 0.0
    # ... or whose line that holds the term is this close to the question (standard deviations above the
    # question's similarity to random chunks; rag.retrieval.mentions).
    mention_line_min_relevance: float = 1.2
    # ... or this close when the line holds every content word of the question.
    full_mention_line_min_relevance: float = 0.5
    # Names only a few topics mention (HyperWrite, DMOps) pin a fact question to them: when none of those
    # passes the gate, the ones at least this relevant answer (the names are the evidence the gate wants).
    pinned_min_relevance: float = 1.0
    # A question with a name or a Japanese word the notes never use is answered only from a topic this
    # relevant that holds this share of its rare words, or from one that stands out this clearly.
    unknown_word_min_relevance: float = 2.4
    unknown_word_min_coverage: float = Field(0.4, ge=0.0, le=1.0)
    unknown_word_clear_relevance: float = 4.0
    # Extractive answers: how many sentences/bullets to quote, from how many top topics.
    extract_points: int = Field(4, ge=1, le=50)
    extract_topics: int = Field(3, ge=1, le=20)
    # The LLM: any OpenAI-compatible endpoint. Configured when a base URL or an API key is set
    # (also read from the standard OPENAI_BASE_URL / OPENAI_API_KEY); else answers stay extractive.
    llm_base_url: str | None = Field(None, validation_alias=AliasChoices("RAG_LLM_BASE_URL", "OPENAI_BASE_URL"))
    llm_api_key: str | None = Field(  # secret; local servers need none
        None, repr=False, validation_alias=AliasChoices("RAG_LLM_API_KEY", "OPENAI_API_KEY")
    )
    llm_model: str | None = None  # None: gpt-4o-mini
    llm_timeout: float = Field(60.0, gt=0.0)  # seconds per request (per streamed chunk when streaming)
    llm_max_retries: int = Field(1, ge=0, le=10)
    llm_temperature: float = Field(0.1, ge=0.0, le=2.0)
    llm_max_tokens: int = Field(512, ge=1)  # bounds an answer's cost and, on a CPU, its time
    llm_sources: int = Field(4, ge=1, le=20)  # retrieved chunks the LLM sees (relevant ones only), as S1…
    llm_source_chars: int = Field(500, ge=50)  # each source's text is cut to this (prompt time grows with it)
    # Send a JSON-schema response_format: auto (dropped, once and for good, if the endpoint rejects it) | on | off.
    llm_json_schema: Literal["auto", "on", "off"] = "auto"
    # With an LLM: "on" lets it propose each question's plan (kind, filters, topic) through a JSON schema,
    # checked against the catalogue (rag.query.llm_plan); "off" keeps the deterministic parser's.
    llm_plan: Literal["off", "on"] = "off"
    # An English question that finds no evidence is translated into Japanese by the LLM and searched
    # again (the notes are mostly Japanese; see rag.query.translate). Off: one search, no extra LLM call.
    translate_questions: bool = True
    # An LLM answer to an English question written mostly in Japanese (the model copied the notes) is
    # translated into English by the LLM, citations kept. Off: such an answer is shown as written.
    translate_answers: bool = True
    # The chat UI (`python app.py`, `rag serve`). Only loopback hosts are served without a login:
    # another host needs ui_auth ("user:password", several separated by commas) or ui_allow_open.
    ui_host: str = Field("127.0.0.1", min_length=1)
    ui_port: int = Field(7860, ge=1, le=65535)
    ui_auth: str | None = Field(None, repr=False)  # secret
    ui_allow_open: bool = False  # serve a non-loopback host to anyone who can reach it
    # Largest upload Gradio accepts (its max_file_size: a bigger one is refused before it is stored) and
    # largest note the UI adds, uploaded or pasted.
    ui_max_upload_bytes: int = Field(2_000_000, ge=1)
    ui_concurrency: int = Field(16, ge=1, le=1024)  # chat answers computed at once; more wait in gradio's queue
    # The API (rag.api): OpenAI-compatible /v1 and MCP /mcp beside the UI in `rag serve`, MCP over stdio in
    # `rag mcp`. With api_keys ("key1,key2") set, /v1 and /mcp need `Authorization: Bearer <key>`; a
    # non-loopback host needs them (or ui_allow_open), as the UI needs a login.
    api_enabled: bool = True
    api_keys: str | None = Field(None, repr=False)  # secret
    api_model: str = "study-notes"  # the one model /v1/models lists and chat completions accept

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError(describe_error(exc)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments, then the environment; no .env or secrets files."""
        return (init_settings, env_settings)

    @field_validator("notes_dir", "index_dir", "cache_dir")
    @classmethod
    def _home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("llm_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL ending in /v1, e.g. http://127.0.0.1:8080/v1")
        return value

    @field_validator("ui_auth")
    @classmethod
    def _auth_pairs(cls, value: str | None) -> str | None:
        if value is not None:
            for item in value.split(","):
                user, colon, password = item.strip().partition(":")
                if not colon or not user or not password:
                    raise ValueError("must be user:password (several separated by commas), e.g. team:s3cret")
        return value

    @field_validator("api_keys")
    @classmethod
    def _keys(cls, value: str | None) -> str | None:
        if value is not None and any(not k.strip() or len(k.split()) != 1 for k in value.split(",")):
            raise ValueError("must be keys without spaces, separated by commas, e.g. k3y-one,k3y-two")
        return value

    @field_validator("api_model")
    @classmethod
    def _model_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:/-]*", value):
            raise ValueError("must be a model name of letters, digits and . _ : / - (no spaces), e.g. study-notes")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.chunk_overlap_chars >= self.chunk_max_chars:
            raise ValueError(
                f"RAG_CHUNK_OVERLAP_CHARS ({self.chunk_overlap_chars}) must be smaller than "
                f"RAG_CHUNK_MAX_CHARS ({self.chunk_max_chars})"
            )
        if self.max_update_chunks < self.max_note_chunks:
            raise ValueError(
                f"RAG_MAX_UPDATE_CHUNKS ({self.max_update_chunks}) must not be below "
                f"RAG_MAX_NOTE_CHUNKS ({self.max_note_chunks}): one note must fit in an update"
            )
        if self.fusion_alpha_max < self.fusion_alpha:
            raise ValueError(
                f"RAG_FUSION_ALPHA_MAX ({self.fusion_alpha_max}) must not be below "
                f"RAG_FUSION_ALPHA ({self.fusion_alpha})"
            )
        return self

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """The environment's settings, with ``overrides`` (None: not given) winning."""
        return cls(**{k: v for k, v in overrides.items() if v is not None})

    @property
    def embedding_id(self) -> str:
        """What the index records as its model: int8 vectors differ, so they count as another model."""
        return f"{self.embedding_model}#int8" if self.embedding_backend == "onnx-int8" else self.embedding_model

    def replace(self, **changes: object) -> Settings:
        """A copy with ``changes`` (None: unchanged), validated like the original; the environment is not read again."""
        values = {**self.model_dump(), **{k: v for k, v in changes.items() if v is not None}}
        try:
            return type(self).model_validate(values)
        except ValidationError as exc:
            raise ConfigError(describe_error(exc)) from None


_SECRETS = {"RAG_UI_AUTH", "RAG_API_KEYS", "RAG_LLM_API_KEY", "OPENAI_API_KEY"}  # never echoed in an error message


def variable(field: str) -> str:
    """The environment variable of a setting."""
    return f"{ENV_PREFIX}{field.upper()}"


def describe_error(exc: ValidationError) -> str:
    """One line for the first invalid setting: the variable, what it got, and what is allowed."""
    error = exc.errors()[0]
    loc = str(error["loc"][0]) if error["loc"] else ""
    name = loc if loc.startswith(("RAG_", "OPENAI_")) else variable(loc) if loc else "A setting"
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        why = f"is not one of {allowed}"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than_equal": "≤", "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "")
        why = f"is out of range: it must be {sign} {bound}"
    elif kind in ("int_parsing", "int_from_float"):
        why = "is not a whole number"
    elif kind == "float_parsing":
        why = "is not a number"
    elif kind == "bool_parsing":
        why = "is not a yes/no value (use 1/0, true/false, yes/no, on/off)"
    elif kind == "string_too_short":
        why = "must not be empty"
    elif kind == "extra_forbidden":
        return f"{loc!r} is not a setting; see the README's Configuration table for the ones that exist."
    else:
        why = str(error["msg"]).removeprefix("Value error, ")
    if kind == "value_error" and not loc:  # a rule across settings: its message names them
        return f"Invalid settings: {why}. Fix or unset them."
    shown = "(hidden)" if name in _SECRETS else repr(error.get("input"))
    return f"{name}={shown} {why}. Fix or unset it."
