"""Prompts of the question stage: a follow-up rewritten as a standalone question, an English question put
into Japanese (the notes' language) for searching."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.types import CITATION_LABEL

if TYPE_CHECKING:
    from rag.llm.base import Message


REWRITE_PROMPT = """\
Rewrite the user's last question as one standalone question that can be understood without the conversation:
replace pronouns and references (it, that paper, その, これ, the week after …) with what they refer to.
Keep the question's language. Do not answer it. Reply with the rewritten question only."""


# Shown as earlier turns, as for translation: a small model otherwise answers, or keeps the pronoun.
_REWRITE_EXAMPLES = (
    (
        (("LoRAって何?", "LoRAは低ランク行列で重みの差分だけを学習する手法です。"),),
        "その手法の欠点は?",
        "LoRAの欠点は?",
    ),
    (
        (("Who presented the paper on vector databases?", "Alice presented it on 2023-01-12."),),
        "What did that paper propose?",
        "What did the paper on vector databases propose?",
    ),
)


def _rewrite_request(question: str, history: Sequence[tuple[str, str]]) -> str:
    turns = []
    for user, assistant in history[-2:]:
        # Without citation labels: the rewrite must not carry them into the query.
        short = " ".join(CITATION_LABEL.sub("", assistant).split())[:300]
        turns.append(f"User: {user}\nAssistant: {short}")
    convo = "\n".join(turns)
    return f"Conversation:\n{convo}\n\nLast question: {question}\n\nStandalone question:"


def rewrite_messages(question: str, history: Sequence[tuple[str, str]]) -> list[Message]:
    """Ask for a standalone version of ``question`` given the last turns (answers shortened, without
    their citation labels)."""
    messages: list[Message] = [{"role": "system", "content": REWRITE_PROMPT}]
    for turns, follow_up, standalone in _REWRITE_EXAMPLES:
        messages += [
            {"role": "user", "content": _rewrite_request(follow_up, turns)},
            {"role": "assistant", "content": standalone},
        ]
    return [*messages, {"role": "user", "content": _rewrite_request(question, history)}]


TRANSLATE_PROMPT = """\
Translate the user's question into Japanese, the way a Japanese ML engineer would write it in a chat.
Keep every English technical term, product, model and paper name in English, exactly as written.
Keep every detail of the question. Do not answer it. Reply with the Japanese question only."""

# Shown as earlier turns: a small model follows examples better than rules. (None is about the notes.)
_TRANSLATE_EXAMPLES = (
    ("How did they speed up fine-tuning of BERT with LoRA?", "LoRAでBERTのfine-tuningをどう高速化した?"),
    (
        "Who explained the trade-off between recall and latency in vector databases?",
        "vector databaseのrecallとlatencyのトレードオフを説明したのは誰?",
    ),
    (
        "What does the survey say about hallucination in summarization?",
        "サーベイではsummarizationのhallucinationについて何と言っている?",
    ),
)


def translate_messages(question: str) -> list[Message]:
    """Ask for ``question`` in Japanese (its words as the mostly Japanese notes would write them)."""
    messages: list[Message] = [{"role": "system", "content": TRANSLATE_PROMPT}]
    for english, japanese in _TRANSLATE_EXAMPLES:
        messages += [{"role": "user", "content": english}, {"role": "assistant", "content": japanese}]
    return [*messages, {"role": "user", "content": question}]
