"""The alternatives a sessions question joins: 「GPUを使った高速化やGPUプログラミングの話があった日」,
"when did we discuss quantization or distillation?" ask for the sessions of either thing: when the
question searched whole finds nothing (neither topic holds all the words), each is searched on its own
and the sessions of both are listed.

Only the words that join alternatives split a topic: や / とか / または / もしくは / あるいは between two
words (not inside one: やってみた, はやい, 使ったやつ; not in brackets) and "or" ("either" before the first
goes). "and" does not ("RAG and knowledge graphs" may ask for the two together), nor a comma."""

from __future__ import annotations

import re

_NOT_KANA = r"[^\sぁ-ゖ、。,.?？!！]"
_JOIN = re.compile(
    rf"(?<={_NOT_KANA})\s*(?:や|とか|または|もしくは|あるいは)\s*(?={_NOT_KANA})|\s+or\s+",
    re.I,
)
_OPEN, _CLOSE = "(（「『[", ")）」』]"
_EITHER = re.compile(r"^\s*either\s+", re.I)
_MIN_CHARS = 2


def alternatives(topic: str) -> tuple[str, ...]:
    """The alternatives ``topic`` names, or the topic alone when it names one thing."""
    cuts = [m.span() for m in _JOIN.finditer(topic) if not _inside_brackets(topic, m.start())]
    edges = [0, *(i for span in cuts for i in span), len(topic)]
    pieces = [topic[edges[i] : edges[i + 1]] for i in range(0, len(edges), 2)]
    parts = tuple(_EITHER.sub("", p).strip(" 、,") for p in pieces)
    if len(parts) < 2 or any(len(p) < _MIN_CHARS for p in parts):
        return (topic,)
    return parts


def _inside_brackets(text: str, at: int) -> bool:
    """Whether ``at`` is inside brackets: 「バージョン管理(データやモデル)」 names one thing, its parts in brackets."""
    before = text[:at]
    return sum(before.count(c) for c in _OPEN) > sum(before.count(c) for c in _CLOSE)
