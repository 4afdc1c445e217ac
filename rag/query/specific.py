"""The specific terms of a question: what the evidence must contain for the notes to cover it.

A question about "o3", "Reflection 405B", "Kubernetes" or 量子コンピュータ is not answered by notes about
o1, Reflection 70B, a general infrastructure talk or 量子化, however similar they look to the embedding.
Specific are: names with digits or versions (o1, GPT-4o, 70B), acronyms and mixed-case names (KPI, MoE,
AutoGen), capitalised words inside a sentence (Prophet, Looker), very rare English words, katakana words
that are not everyday ones, and Japanese compounds (kanji/katakana runs of several words) that a general
word list does not hold as one word. Everyday words in either language (model, データ, 精度) are not:
the dense and lexical scores judge those. Word frequencies come from ``wordfreq`` (loaded on first use).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from rag.query.concepts import concepts_in
from rag.store.lexical import ENGLISH_STOPWORDS, QUESTION_TERMS

if TYPE_CHECKING:
    from rag.store.lexical import Tokenizer

_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#]*(?:[.\-'][A-Za-z0-9+#]+)*")
# The number ends where the Latin run ends: a Japanese particle may follow at once (Claude 4とも比べた?), which
# ``\b`` would not see as a boundary.
_NAMED_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][A-Za-z]+)\s+(\d{1,3}(?:\.\d)?)(?![A-Za-z0-9.])(?!\s*(?:年|月|日|人|件|回|%))"
)
# A tier word after a versioned name names another model of the family (GPT-4o mini is not GPT-4o).
_TIERED = re.compile(
    r"(?<![A-Za-z0-9.\-])((?=[A-Za-z0-9.\-]*\d)[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*)\s+"
    r"(mini|nano|pro|turbo|max|flash|ultra|lite|plus)(?![A-Za-z])",
    re.I,
)
# A name with a year (AIME 2025, ICDAR'24 is a date-like label of the same kind): an edition, like a version.
_NAMED_YEAR = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z]+)\s*((?:19|20)\d{2})(?![\d.])(?!\s*(?:年|/|-\d))")
# A year before an acronym-like name (the 2023 IOI, 2025年のAIME): the same edition, said the other way round.
_YEAR_NAMED = re.compile(r"(?<![\d\-/])((?:19|20)\d{2})(?:年の|年|\s+)([A-Z][A-Za-z]*[A-Z][A-Za-z]*)(?![A-Za-z0-9])")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter".split()
)
_JA_RUN = re.compile(r"[一-龥々〆ヵヶァ-ヴー]+")
_JA_CHAR = re.compile(r"[ぁ-んァ-ヴ一-龥]")
_KATAKANA = re.compile(r"^[ァ-ヴー]+$")
_NAME_MAX_ZIPF = 5.0  # capitalised words at least this frequent are everyday words
# Words English capitalises by grammar, not because they name something: languages, nationalities, days.
_GRAMMAR_CAPITALS = frozenset(
    "japanese english chinese korean french german spanish american british european asian japan "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# Names of distinct models, libraries and products that sit a typo away from one another (Mixtral is not a
# misspelt Mistral, nor LLaVA a misspelt Llama): a question that writes one of them means that one. Written
# lowercase they are still names (tritonで書く), unless they are everyday English words too (spark, palm).
KNOWN_NAMES = frozenset(
    "mistral mixtral codestral llama llava alpaca vicuna gemma gemini qwen falcon bloom claude bert bart "
    "roberta deberta electra xlnet palm bard grok jamba mamba sora dalle whisper codex copilot cursor devin "
    "polars pandas spark dask keras torch triton flask flax optuna prophet looker tableau redash grafana "
    "sagemaker vertex bedrock azure gpt chatgpt openai anthropic cohere nvidia rapids numba numpy scipy "
    "docker kubernetes kubeflow airflow mlflow wandb jax tensorflow pytorch onnx tensorrt vllm langchain "
    "llamaindex huggingface streamlit gradio fastapi kafka databricks bigquery deepspeed megatron".split()
)
# Words written in capitals that are everyday words, never names: 「商用OK?」「NGワード」 ask nothing specific.
_EVERYDAY_CAPITALS = frozenset({"ok", "okay", "ng"})
_KNOWN_NAME_MAX_ZIPF = 3.5  # a known name this frequent in English is an everyday word in an English sentence
_DICTIONARY_ZIPF = 2.5  # English words at least this frequent are words of their own, not typos (polaris 3.1)
_RARE_ENGLISH = 1.5  # zipf frequency below which a lowercase English word counts as a name (polars 1.4)
_COMMON_KATAKANA = 3.0  # katakana words at least this frequent are everyday words (モデル, ライブラリ, インフラ)
# Framing words a question uses that are never what it is about.
_FRAMING = (
    frozenset(
        "勉強会 発表 発表者 話題 紹介 一覧 回 トピック セッション ノート 資料 内容 話 件 中 人 方 時 日 今回 前回 次回 "
        "session sessions meeting note notes topic topics talk talks paper papers blog blogs slide slides presentation "
        "study group please".split()
    )
    | QUESTION_TERMS
)


def is_framing(word: str) -> bool:
    """Whether a question's word only frames it (session, notes, talk, what …): never what it is about."""
    return word.lower() in _FRAMING or word.lower() in ENGLISH_STOPWORDS


@functools.cache
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict(lang))


def _zipf(word: str, lang: str) -> float:
    import math

    f = _frequencies(lang).get(word.lower(), 0.0)
    return math.log10(f * 1e9) if f > 0 else 0.0


def dictionary_word(word: str) -> bool:
    """Whether an English word is one a word list holds (Polaris, Triton): not a misspelling of another
    word, whatever it sits a typo away from (Polaris is not a misspelt Polars; Polers is)."""
    return _zipf(word, "en") >= _DICTIONARY_ZIPF


def _latin_specific(term: str, sentence_initial: bool, japanese: bool = False) -> bool:
    """A Latin-script word is specific if it is an identifier (see ``is_identifier``), a name (capitalised
    in mid-sentence and not an everyday word, or the name of a known model or product — in a Japanese
    question, where English words are names, even when it is an everyday English word), or very rare; a
    hyphenated one if a part of it is."""
    word = re.sub(r"'s$", "", term)
    if _package_name(word):
        return True
    if word.lower() in KNOWN_NAMES and (japanese or _zipf(word, "en") < _KNOWN_NAME_MAX_ZIPF):
        return True  # triton, pandas: a product, written lowercase
    if "-" in word and not any(ch.isdigit() for ch in word) and sum(ch.isupper() for ch in word) < 2:
        parts = [p for p in word.split("-") if p]
        return any(_latin_specific(part, sentence_initial and i == 0, japanese) for i, part in enumerate(parts))
    lower = word.lower()
    if lower in ENGLISH_STOPWORDS or lower in _FRAMING or lower in _EVERYDAY_CAPITALS:
        return False
    if len(word) < 2 and not word.isdigit():
        return False
    if re.fullmatch(r"(?:19|20)\d{2}|\d{1,2}", word):  # a year or a day is a date, not a name
        return False
    if any(ch.isdigit() for ch in word):
        return True
    capitals = sum(ch.isupper() for ch in word)
    if capitals >= 2:  # KPI, MoE, AutoGen, GPT
        return True
    if capitals == 1 and word[0].isupper() and not sentence_initial and lower not in _GRAMMAR_CAPITALS:
        # A capitalised word in mid-sentence is a name (Prophet, Looker), unless an everyday one English
        # capitalises anyway (Japanese, English, Monday).
        return _zipf(word, "en") < _NAME_MAX_ZIPF
    if capitals == 1 and word[0].isupper() and japanese and not dictionary_word(word):
        # Japanese has no sentence capitals: a capitalised English word that opens a Japanese question and
        # that no word list holds is a name too (「Kaggleが出てくるのは…」; not Reflection in 「Reflection
        # 405Bの性能は?」, an everyday word there, whose version is the name).
        return True
    return _zipf(word, "en") < _RARE_ENGLISH


def _package_name(word: str) -> bool:
    """Whether ``word`` is a lowercase name of three or more hyphen-joined plain words (clip-japanese-base,
    clip-japanese-large): how models and packages are named on hubs. Such a name is one thing — its
    siblings differ by a single part — unlike a phrase English hyphenates, which has a function word
    (state-of-the-art, end-to-end, easy-to-use)."""
    parts = word.split("-")
    return (
        len(parts) >= 3
        and word.islower()
        and all(p.isalpha() for p in parts)
        and not any(p in ENGLISH_STOPWORDS for p in parts)
    )


def _japanese_specific(run: str, tokenizer: Tokenizer) -> bool:
    if len(run) < 2 or run in _FRAMING:
        return False
    if _KATAKANA.match(run):
        return len(run) >= 3 and _zipf(run, "ja") < _COMMON_KATAKANA
    words = [w for w in tokenizer.tokenize(run) if w not in _FRAMING]
    if len(words) < 2:  # one word: specific only if rare
        return bool(words) and len(run) >= 3 and _zipf(run, "ja") == 0.0
    return _zipf(run, "ja") == 0.0  # a compound no word list holds as one word: 量子コンピュータ, 継続事前学習


_SENTENCE_STARTS = ".?!。？！:：「『(（"  # a word right after one of these starts a sentence


def _after_sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins the text or a sentence in it."""
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_STARTS


def _capitals_read(text: str) -> tuple[bool, set[str]]:
    """Whether ``text`` is written in Title Case (every word capitalised: capitals then say nothing about
    names), and the Latin words it capitalises in mid-sentence."""
    words = _LATIN.findall(text)
    # Only an English sentence can be in Title Case: in a Japanese one, English words are names.
    capitals = sum(w[0].isupper() for w in words)
    title_case = not _JA_CHAR.search(text) and len(words) >= 4 and capitals >= 0.6 * len(words)
    inside: set[str] = set()
    for m in _LATIN.finditer(text):
        if not _after_sentence_start(text, m.start()):
            inside.add(m.group())
    return title_case, inside


def specific_terms(topic: str, tokenizer: Tokenizer, question: str | None = None) -> tuple[str, ...]:
    """The specific terms of a question's topic words (dates, names and framing already taken out).

    ``question``: the whole question the topic was cut from — a word is sentence-initial only where the
    question puts it ("Did anyone cover Swallow?" leaves the topic "Swallow", whose capital still counts)."""
    text = unicodedata.normalize("NFKC", topic)
    out: list[str] = []
    whole = unicodedata.normalize("NFKC", question or topic)
    title_case, inside = _capitals_read(whole)
    japanese = bool(_JA_CHAR.search(whole))
    for m in _NAMED_NUMBER.finditer(text):  # "Level 5", "GPT 5": a name with its number
        if m.group(1).lower() not in ENGLISH_STOPWORDS and m.group() not in out:
            out.append(m.group())
    for m in _TIERED.finditer(text):  # "GPT-4o mini": the tier is part of the name
        if m.group() not in out:
            out.append(m.group())
    for m in _NAMED_YEAR.finditer(text):  # "AIME 2025": the edition the notes must name, not any AIME
        if m.group(1).lower() not in ENGLISH_STOPWORDS | _MONTHS and m.group() not in out:
            out.append(m.group())
    for m in _YEAR_NAMED.finditer(text):
        edition = f"{m.group(2)} {m.group(1)}"
        if edition not in out:
            out.append(edition)
    for m in _LATIN.finditer(text):
        initial = title_case or (_after_sentence_start(text, m.start()) and m.group() not in inside)
        word = re.sub(r"'s$", "", m.group())
        if _latin_specific(word, initial, japanese) and word not in out:
            out.append(word)
    if not title_case:
        for phrase in _capitalised_phrases(text, inside):
            if phrase not in out and not all(w in out for w in phrase.split()):
                out.append(phrase)
    # "speculative decoding": one thing, though each word is an everyday one (a Japanese question names its
    # concepts in Japanese compounds, below).
    for concept in () if japanese else concepts_in(text):
        if concept not in out:
            out.append(concept)
    for run in tokenizer.noun_runs(text):
        if _JA_RUN.fullmatch(run) and _japanese_specific(run, tokenizer) and run not in out:
            out.append(run)
    return tuple(out)


_PHRASE = re.compile(r"(?<![\w.])[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)+(?![\w])")


def _capitalised_phrases(text: str, inside: set[str]) -> list[str]:
    """Runs of capitalised everyday words in mid-sentence ("like Ground Truth", "the Feature Store"): a
    product or feature name, though each word alone is an everyday one."""
    out = []
    for m in _PHRASE.finditer(text):
        words = re.split(r"[ \-]", m.group())
        if words[0] in inside and not any(w.lower() in ENGLISH_STOPWORDS for w in words):
            out.append(m.group())
    return out


def is_strong(term: str) -> bool:
    """A Latin-script term (a name, version or acronym) identifies a thing; a Japanese compound may be
    one of several ways to say it (異常検知 / 異常検出) or stand for an English title (レイアウト解析)."""
    return term.isascii()


def is_identifier(term: str) -> bool:
    """A version, model size, acronym or mixed-case name (o3, 405B, GPT-5, LoRA, GraphRAG, TPU): one thing
    and nothing else, written the same in any language. A plain capitalised word (Kubernetes, Neuron) may
    be written in katakana in the notes."""
    return bool(identifier_parts(term))


_EDITION = re.compile(r"([A-Za-z]+)\s*((?:19|20)\d{2})")


def edition_parts(term: str) -> tuple[str, str] | None:
    """The name and year of a term that names an edition (AIME 2025 → AIME, 2025), as ``specific_terms``
    finds them; None for any other term."""
    m = _EDITION.fullmatch(term)
    return (m[1], m[2]) if m else None


def identifier_parts(term: str) -> tuple[str, ...]:
    """What makes ``term`` an identifier: the whole term when it carries a version or size (GPT-5, o3,
    Llama-3-70B) or is a hub-style package name (clip-japanese-large), else its acronym or mixed-case parts
    (AI in generative-AI, LoRA) — not a hyphenated phrase of plain words (Yu-Gi-Oh, which the notes may
    write 遊戯王)."""
    word = re.sub(r"'s$", "", term)
    if not word.isascii():
        return ()
    if any(ch.isdigit() for ch in word) or _package_name(word):
        return (word,)
    return tuple(p for p in re.split(r"[-_/]", word) if sum(ch.isupper() for ch in p) >= 2)


# "What Python library does …", "Which AWS service was …": the words between the question word and the verb
# that opens the clause name the kind of thing the answer is; the last of them is its noun. A phrase set off
# by a comma may come first ("Before the KPI rework, what BI tool were they on?").
_ANSWER_KIND = re.compile(
    r"^\W*(?:[^,?]{1,80},\s*)?(?:what|which)\s+((?:[\w.+\-']+\s+){1,3}?)(?:did|does|do|was|were|is|are|has|have|had|can|could|would|will)\b",
    re.I,
)


def answer_kind_terms(question: str, specific: tuple[str, ...]) -> tuple[str, ...]:
    """The specific terms of an English question that only qualify the kind of thing it asks for — Python
    in "What Python library does the GPU puzzle notebook teach CUDA with?", AWS in "Which AWS service was
    the Yu-Gi-Oh Neuron platform built on?": the answer (NUMBA, SageMaker) is such a thing, and the notes
    need not say the qualifier, as they need not say "library". A qualifier with a digit (GPT-5, F1) is a
    version or a metric, asked about as it is written, and is never one of them; nor is a lowercase word
    ("What reranking model did the RAG survey recommend?"): a technique asked for must be in the notes, where a
    platform or a language (a capitalised name) the answer belongs to need not be."""
    m = _ANSWER_KIND.match(question)
    if not m:
        return ()
    words = m[1].split()[:-1]  # the last word is the kind's noun (library, service)
    return tuple(t for t in specific if t in words and t[:1].isupper() and not any(ch.isdigit() for ch in t))
