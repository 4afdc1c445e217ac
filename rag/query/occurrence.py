"""When something came up first or last: 「o1が初めて話題になったのはいつ?」, "When did we first talk about
RAG?", "When was RAG last discussed?".

A sessions question asks for every session a subject came up in; with *first* or *last* said of the
talking about it (an adverb of the verb), it asks for one of them: the earliest or the latest. The word is
read only in that place — *first* before a verb or in "the first time", 最初に / 初めて beside the subject —
so that the first session ("the first session", 最初の回: a place in the catalogue), the first author, a
model's first layer, or 「最初の提案」 keep their own meaning.
"""

from __future__ import annotations

import re
from typing import Literal

Occurrence = Literal["first", "latest"]

# Verbs a subject is said to come up by ("first talked about", "last mentioned", "first came up").
_VERB = (
    r"(?:talk\w*|discuss\w*|cover\w*|c[ao]me|comes|coming|mention\w*|br(?:ing|ought)\w*|present\w*|appear\w*|"
    r"show\w*|hear\w*|heard|s[ae]e[n]?|saw|look\w*|touch\w*|g[eo]t\w*|introduc\w*|rais\w*|featur\w*|"
    r"spok\w*|speak\w*|deal\w*|address\w*|explor\w*|studi\w*|stud(?:y|ied)|learn\w*|read|share\w*|picked)"
)
# ... and the verbs the notes are said to say it by ("what did the notes say about …").
_SAID = re.compile(
    rf"{_VERB}|say|says|said|tell|told|up|about|on|触れる|出る|出す|話す|扱う|取り上げる|登場", re.IGNORECASE
)


def is_said_word(term: str) -> bool:
    """Whether a question's term only says that a subject came up ("come", "up", "discussed", 触れる, 出る):
    it names nothing the subject is."""
    return _SAID.fullmatch(term) is not None


_PATTERNS: tuple[tuple[Occurrence, str], ...] = (
    ("first", rf"\b(?:for\s+the\s+)?first(?:\s+time)?(?=\s+(?:(?:we|it|they|you)\s+)?{_VERB}\b)"),
    ("first", r"\b(?:the\s+)?first\s+time\b"),
    ("first", r"\bearliest\s+(?:mention|time|discussion|talk)\b|\binitially\b"),
    ("latest", rf"\b(?:the\s+)?last(?:\s+time)?(?=\s+(?:(?:we|it|they|you)\s+)?{_VERB}\b)"),
    ("latest", r"\b(?:the\s+)?last\s+time\b|\bmost\s+recently\b|\blatest\s+(?:mention|time|discussion)\b"),
    ("latest", rf"\b(?:{_VERB})\s+(?:\w+\s+){{0,3}}?last\s*\?*$"),  # "when did we discuss RAG last?"
    ("first", r"初めて|はじめて|一番最初に|最初に"),
    ("latest", r"最後に|一番最近|最も最近|直近で"),
)
_COMPILED = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS)


def read_occurrence(text: str) -> tuple[Occurrence | None, str]:
    """Whether ``text`` asks when something came up first or last, and the words that said so (they are
    no topic: "first" is not what the notes are searched for)."""
    for kind, pattern in _COMPILED:
        m = pattern.search(text)
        if m:
            return kind, m.group(0)
    return None, ""


# The first/last session described by what happened in it: "the first session that mentioned RAG",
# "the last meeting where we discussed o1", 「RAGが出た最初の回」 — when RAG first came up, not the first
# session of all (「最初の回でRAGについて何を話した?」 asks about the first session, and is not this).
_CLAUSES: tuple[tuple[Occurrence, str], ...] = (
    ("first", r"\b(?:first|earliest)\s+(?:session|meeting|time|one)\s+(?:that|which|where|when|in\s+which|we|it)\b"),
    (
        "latest",
        r"\b(?:last|latest|most\s+recent)\s+(?:session|meeting|time|one)\s+(?:that|which|where|when|in\s+which|we|it)\b",
    ),
    ("first", r"(?:た|だ)(?:一番)?(?:最初|初)の(?:回|勉強会|セッション)"),
    ("latest", r"(?:た|だ)(?:一番)?(?:最後|最新|直近)の(?:回|勉強会|セッション)"),
)
_CLAUSES_COMPILED = tuple((kind, re.compile(p, re.IGNORECASE)) for kind, p in _CLAUSES)


def occurrence_clause(text: str) -> Occurrence | None:
    """Whether ``text`` names the first or last session by a clause of what came up in it."""
    for kind, pattern in _CLAUSES_COMPILED:
        if pattern.search(text):
            return kind
    return None
