"""What kind of fact a fact question wants: an amount (how much, 何倍), a name (which tool, どのモデル),
what was used (何を使った, what is X based on), a reason or benefit (why, なぜ, 何がうれしい), or a result
(how did it perform, 結果, どっちが良かった). The answer's lines that state that kind of fact count more.

Each cue is a whole phrase read in its context: "why" asks a reason, but the title "Learning to Reason"
does not; なんで asks why, but 何で作った asks with what; どれくらい asks an amount, どれ alone does not.
"""

from __future__ import annotations

import re
from typing import Literal

from rag.query.kinds import asks_amount, asks_name

Want = Literal["amount", "name", "use", "reason", "result"]

_USE = re.compile(
    r"\bwhat\s+(?:is|was|were|are)\s+(?:\w+\s+){0,2}?used\b|\bwhat\s+(?:do|does|did)\b.{0,50}?\buse\b"
    r"|\b(?:using|with)\s+what\b|\bwhich\s+\w+\s+(?:do|does|did)\b.{0,50}?\buse\b|\bbased\s+on\b|\bbuilt\s+on\b"
    r"|何(?:を|が)?(?:使|利用|用い|採用)|(?<!な)何で(?!す)|ベース|元に(?:なっ|し)",
    re.I,
)
_REASON = re.compile(
    r"^\s*why\b|[\s,]why\b|\bthe\s+reasons?\b|\breasons?\s+(?:why|for)\b|\bwhat\s+(?:is|was|are)\s+(?:\w+\s+)?for\b"
    r"|\bpurpose\b|\bbenefits?\b|\badvantages?\b|\bgood\s+(?:fit|for|about)\b|\bwhat\s+problem\b"
    r"|なぜ|何故|なんで(?!も)|理由|何の?ため|目的|うれし|嬉し|メリット|利点|良さ|いいところ|良いところ|何がいい|何が良い"
    r"|何がすごい",
    re.I,
)
_RESULT = re.compile(
    r"\bresults?\b|\bperform(?:ed|s|ance)?\b|\boutcome\b|\bconclu(?:sion|ded|de)\b|\bfindings?\b|\bfound\b"
    r"|\bhow\s+(?:did|does|do|well)\b.{0,60}?\b(?:do|does|did|perform|compare|fare|work|go)\b"
    # "which did better", "was it more accurate" (not the "Better" of a title: "Building Better ML Systems")
    r"|\b(?:was|is|were|are|did|does|do|perform(?:ed|s)?)\s+(?:(?:it|they|one|this|that|much)\s+)?(?:better|worse|higher|lower|more\s+accurate)\b"
    r"|\bmake\s+(?:much\s+)?(?:a\s+)?difference\b|\bmatter\b"
    r"|結果|結論|どうだった|どうなった|性能|精度|成果|効果|影響|比較|どっち|どちら|良かった|よかった|高かった|低かった",
    re.I,
)


def fact_wants(text: str) -> frozenset[Want]:
    """The kinds of fact ``text`` asks for (none: the question's words alone pick the lines)."""
    wants: set[Want] = set()
    if asks_amount(text):
        wants.add("amount")
    if asks_name(text):
        wants.add("name")
    if _USE.search(text):
        wants.add("use")
    if _REASON.search(text):
        wants.add("reason")
    if _RESULT.search(text):
        wants.add("result")
    return frozenset(wants)
