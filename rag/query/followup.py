"""Follow-up questions → standalone queries, using the conversation so far.

"and the week after?" / "その次の回は?" are resolved in code from the dates the last answer
cited and the sessions the index holds. Other follow-ups that lean on the conversation
("その論文の著者は?", "what did they use it for?") are rewritten by the LLM when one is
configured, else the previous question is put in front of them so retrieval sees its topic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rag.errors import LLMError
from rag.llm.base import reply_line
from rag.query.intent import understand
from rag.query.prompts import rewrite_messages
from rag.text import ISO_DATE_RE, is_japanese
from rag.types import CITATION_LABEL

if TYPE_CHECKING:
    from rag.llm.base import ChatLLM

Turn = tuple[str, str]  # (user, assistant)
History = Sequence[Mapping[str, object]] | Sequence[Sequence[str]]  # chat messages, or (user, assistant) pairs

_NEXT = re.compile(r"the (?:week|session) after|next (?:week|session)|翌週|次の(?:週|回)|その次|次回", re.I)
_PREVIOUS = re.compile(
    r"the (?:week|session) before|(?:previous|last) (?:week|session)|前の(?:週|回)|前回|その前", re.I
)
_REFERS_EN = re.compile(
    r"\b(?:it|its|this|that|these|those|they|them|their|he|she|his|her|the same|the paper|the talk|the author)\b"
    r"|^\s*(?:and|what about|how about|also)\b",
    re.I,
)
_REFERS_JA = re.compile(r"その|それ|これ|この|あの|あれ|彼|同じ|そこ|^\s*(?:じゃあ|では|で、|あと)")
_FILLER = re.compile(r"^\s*(?:and|what about|how about|じゃあ|では)\s*|[?？。、,]\s*$", re.I)
_LABEL_DATE = re.compile(rf"\[({ISO_DATE_RE.pattern})\]")
# Words that can carry a topic over: ASCII words, katakana and kanji runs.
_WORD = re.compile(r"[a-z0-9][a-z0-9+#\-]{1,}|[ァ-ヶー]{2,}|[一-龥]{2,}")
_MAX_REWRITE_CHARS = 300


def as_turns(history: History) -> list[Turn]:
    """(user, assistant) pairs from either pairs or chat messages ({"role", "content"})."""
    turns: list[Turn] = []
    user: str | None = None
    for item in history:
        if isinstance(item, Mapping):
            role, content = str(item.get("role", "")), str(item.get("content") or "")
            if role == "user":
                user = content
            elif role == "assistant" and user is not None:
                turns.append((user, content))
                user = None
        elif len(item) == 2:
            turns.append((str(item[0]), str(item[1] or "")))
    return turns


def needs_context(question: str) -> bool:
    """Whether the question leans on the conversation (a pronoun, "and …?", a relative week)."""
    return bool(_REFERS_EN.search(question) or _REFERS_JA.search(question) or _relative(question))


def _relative(question: str) -> int:
    if _NEXT.search(question):
        return 1
    if _PREVIOUS.search(question):
        return -1
    return 0


def _relative_session(question: str, turns: Sequence[Turn], sessions: Sequence[dt.date]) -> str | None:
    """The question with "the week after/before" replaced by that session's date, if it can be told."""
    step = _relative(question)
    if not step or not turns or not sessions:
        return None
    user, assistant = turns[-1]
    cited = _LABEL_DATE.findall(assistant) or ISO_DATE_RE.findall(user)
    if not cited:
        return None
    base = dt.date.fromisoformat(cited[0])
    ordered = sorted(set(sessions))
    later = [d for d in ordered if d > base] if step > 0 else [d for d in reversed(ordered) if d < base]
    if not later:
        return None
    day = later[0].isoformat()
    rest = (_NEXT if step > 0 else _PREVIOUS).sub(" ", question)
    if is_japanese(question):
        rest = _REFERS_JA.sub("", rest).strip(" ?？、。はのでを")
        return f"{day}の回の{rest}?" if len(rest) >= 2 else f"{day}の回で発表されたトピックは?"
    rest = " ".join(_FILLER.sub("", _FILLER.sub("", rest)).split())
    return f"{rest} on {day}?" if rest else f"What was presented on {day}?"


def heuristic_rewrite(question: str, turns: Sequence[Turn]) -> str:
    """The previous question's topic in front of this one, so its words carry over to retrieval (without
    its question words: "who presented CREPE?" must not make "what does it output?" a who-question)."""
    topic = understand(turns[-1][0]).query or turns[-1][0]
    return f"{topic.rstrip('?？ ')} — {question}"


def standalone_question(
    question: str, history: History, llm: ChatLLM | None = None, sessions: Sequence[dt.date] = ()
) -> str:
    """The question to retrieve with: ``question`` itself unless it is a follow-up that needs the history."""
    turns = as_turns(history)
    if not turns or not needs_context(question):
        return question
    relative = _relative_session(question, turns, sessions)
    if relative:
        return relative
    if llm is not None:
        try:
            rewritten = reply_line(llm.complete(rewrite_messages(question, turns)))
        except LLMError:
            rewritten = ""
        rewritten = " ".join(CITATION_LABEL.sub(" ", rewritten).split())
        if _is_rewrite(rewritten, question, turns[-1]):
            return rewritten
    return heuristic_rewrite(question, turns)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _is_rewrite(rewritten: str, question: str, turn: Turn) -> bool:
    """A standalone question brings in something of the conversation (else the reference was not
    resolved: "What does that model output?" → "What does the model output?") and is about as long
    as the two questions (else the model answered, copying the last answer)."""
    if not rewritten or len(rewritten) > min(_MAX_REWRITE_CHARS, 2 * (len(question) + len(turn[0]))):
        return False
    return bool((_words(rewritten) - _words(question)) & _words(" ".join(turn)))
