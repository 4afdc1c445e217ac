"""Settings: one object, read from the environment (``RAG_*``) and passed down explicitly."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import ConfigError
from rag.packaged_model import PACKAGED_MODEL_ID


def default_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "study-notes-rag"


@dataclass(frozen=True)
class Settings:
    """Everything configurable. Paths are relative to the working directory unless absolute."""

    notes_dir: Path = Path("notes")
    index_dir: Path = Path("index")
    cache_dir: Path = field(default_factory=default_cache_dir)
    # A hub model name, a local sentence-transformers folder, or the packaged default.
    embedding_model: str = PACKAGED_MODEL_ID
    # "auto": ONNX Runtime when the model is a local folder (fast start, same vectors), else torch;
    # "torch"; "onnx"; "onnx-int8" (faster, slightly different vectors: a different model id).
    embedding_backend: str = "auto"
    query_prompt: str | None = None  # None: the model's own "query" prompt
    passage_prompt: str | None = None  # None: the model's own "document" prompt
    embed_batch_size: int = 16
    max_note_bytes: int = 20_000_000  # larger files are skipped with a warning
    chunk_max_chars: int = 700
    chunk_overlap_chars: int = 150
    top_k: int = 5
    # The FAISS index: "auto" searches exactly (flat) below ann_min_chunks chunks and uses an
    # inverted-file index from there on (bench/scale.py measures latency and recall); "flat"; "ivf".
    vector_index: str = "auto"
    ann_min_chunks: int = 50_000
    ivf_lists: int = 0  # 0: about √chunks
    ivf_nprobe: int = 32  # lists scanned per question
    search_threads: int = 1  # FAISS threads per question
    # Retrieval: "hybrid" fuses dense (FAISS) and lexical (BM25) results; "dense" / "lexical" use one.
    retrieval_mode: str = "hybrid"
    lexical_split_mode: str = "A"  # Sudachi split mode for Japanese terms
    fusion: str = "score"  # "score": normalised score combination; "rrf": reciprocal rank fusion
    # Dense share of the fused score: fusion_alpha when every question term occurs in the notes,
    # rising to fusion_alpha_max as more of the question's rare words are unknown to them
    # (cross-lingual questions, where BM25 has little to go on). RRF uses fusion_alpha alone.
    fusion_alpha: float = 0.6
    fusion_alpha_max: float = 1.0
    rrf_k: float = 60.0
    fusion_candidates: int = 50  # from each retriever, before fusion
    # Evidence gate (see rag.retrieve.is_relevant), calibrated on eval/questions.jsonl: a hit
    # counts when it holds min_coverage of the question's rare words at min_relevance_with_terms,
    # or its similarity is min_relevance standard deviations above random chunks and min_margin
    # above any other topic. Below the cosine floor min_score nothing counts.
    min_score: float = 0.75
    min_relevance: float = 2.4
    min_margin: float = 0.6
    min_relevance_with_terms: float = 1.5
    min_coverage: float = 0.6
    # "When / which sessions" questions list every relevant topic whose relevance is within this
    # margin of the best one, or that holds this share of the question's rare words.
    list_relevance_margin: float = 1.0
    list_min_coverage: float = 0.8
    # Extractive answers: how many sentences/bullets to quote, from how many top topics.
    extract_points: int = 4
    extract_topics: int = 3
    # The LLM: any OpenAI-compatible endpoint. Configured when a base URL or an API key is set
    # (also read from the standard OPENAI_BASE_URL / OPENAI_API_KEY); else answers stay extractive.
    llm_base_url: str | None = None  # None with a key: api.openai.com
    llm_api_key: str | None = field(default=None, repr=False)  # secret; local servers need none
    llm_model: str | None = None  # None: gpt-4o-mini
    llm_timeout: float = 60.0  # seconds per request (per streamed chunk when streaming)
    llm_max_retries: int = 1
    llm_temperature: float = 0.1
    llm_max_tokens: int = 512  # bounds an answer's cost and, on a CPU, its time
    llm_sources: int = 4  # retrieved chunks the LLM sees (relevant ones only), as sources S1…
    llm_source_chars: int = 500  # each source's text is cut to this (prompt time on a CPU grows with it)
    llm_json_schema: str = "auto"  # send a JSON-schema response_format: auto (drop if rejected) | on | off
    # An English question that finds no evidence is translated into Japanese by the LLM and searched
    # again (the notes are mostly Japanese; see rag.translate). Off: one search, no extra LLM call.
    translate_questions: bool = True
    # An LLM answer to an English question written mostly in Japanese (the model copied the notes) is
    # translated into English by the LLM, citations kept. Off: such an answer is shown as written.
    translate_answers: bool = True
    # The chat UI (`python app.py`, `rag serve`). Only loopback hosts are served without a login:
    # another host needs ui_auth ("user:password", several separated by commas) or ui_allow_open.
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    ui_auth: str | None = field(default=None, repr=False)  # secret
    ui_allow_open: bool = False  # serve a non-loopback host to anyone who can reach it
    ui_concurrency: int = 16  # chat answers computed at the same time; more wait in gradio's queue

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, **overrides: object) -> Settings:
        """Defaults, then ``OPENAI_BASE_URL``/``OPENAI_API_KEY``, then ``RAG_<FIELD>`` variables, then overrides."""
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(f"RAG_{f.name.upper()}")
            if raw is not None and raw != "":
                values[f.name] = _convert(f.name, f.type, raw)
        for name, standard in (("llm_base_url", "OPENAI_BASE_URL"), ("llm_api_key", "OPENAI_API_KEY")):
            if name not in values and env.get(standard):
                values[name] = env[standard]
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "cache_dir" not in values:
            values["cache_dir"] = default_cache_dir(env)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def embedding_id(self) -> str:
        """What the index records as its model: int8 vectors differ, so they count as another model."""
        return f"{self.embedding_model}#int8" if self.embedding_backend == "onnx-int8" else self.embedding_model

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def _convert(name: str, type_name: object, raw: str) -> object:
    t = str(type_name)
    try:
        if t.startswith("Path"):
            return Path(raw).expanduser()
        if t == "int":
            return int(raw)
        if t == "float":
            return float(raw)
        if t == "bool":
            return _bool(raw)
    except ValueError as exc:
        raise ConfigError(f"RAG_{name.upper()}={raw!r} is not a valid {t}; fix or unset it.") from exc
    return raw


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)
