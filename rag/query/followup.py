"""Follow-up questions → standalone queries, using the conversation so far.

"and the week after?" / "その次の回は?" are resolved in code from the dates the last answer
cited and the sessions the index holds; 「その回で他に…」 / "what else was in that session?" means
that session (its other topics). Other follow-ups that lean on the conversation
("その論文の著者は?", "what did they use it for?") are rewritten by the LLM when one is
configured, else the previous question is put in front of them so retrieval sees its topic.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.errors import LLMError
from rag.llm.base import reply_line
from rag.query.dates import COUNT_WORD, read_dates, step_count
from rag.query.kinds import strip_framing
from rag.query.prompts import rewrite_messages
from rag.text import ISO_DATE_RE, is_japanese
from rag.types import CITATION_LABEL

if TYPE_CHECKING:
    from rag.llm.base import ChatLLM

Turn = tuple[str, str]  # (user, assistant)
History = Sequence[Mapping[str, object]] | Sequence[Sequence[str]]  # chat messages, or (user, assistant) pairs

_THAT = r"(?:that|it|this)(?:\s+(?:one|session|meeting|week))?\s*(?=[?？.!,]|$)"  # "after that?", not "after that talk"
# "The one after that" / その次の回: a session counted from the one the conversation is about ("after"
# alone is no such cue: "the replay ratio after switching languages").
_NEXT = re.compile(
    rf"the (?:week|session|meeting|one) (?:right |just )?after|\bafter {_THAT}"
    r"|next (?:week|session|meeting|one)|the following (?:week|session|meeting|one)"
    r"|\b(?:came|comes|was|is|happened)\s+next\b|^\s*(?:and\s+)?(?:the\s+)?next\s*[?？.!]*$"
    r"|翌週|次の(?:週|回)|その次|その後の回|次回|(?:その)?直後|その(?:一つ|ひとつ|1つ)(?:次|後|あと)"
    r"|^\s*(?:じゃあ|では)?\s*次(?:は|って)?\s*[?？]*$",
    re.I,
)
_PREVIOUS = re.compile(
    rf"the (?:week|session|meeting|one) (?:right |just )?before|\bbefore {_THAT}"
    r"|(?:previous|last) (?:week|session)|\b(?:previous|prior|preceding) (?:one|meeting|session)\b"
    r"|\b(?:came|comes|was|happened) (?:just |right )?before (?:it|that|this)\b"
    r"|前の(?:週|回)|前々回|前回|その(?:すぐ)?(?:一つ|ひとつ|1つ)?前|(?:その)?直前",
    re.I,
)
# Steps of more than one: 前々回, "two sessions after that", その2つ後の回.
_TWICE = re.compile(
    rf"前々回|\b{COUNT_WORD} (?:sessions|meetings|weeks) (?:before|after|earlier|later)\b"
    rf"|{COUNT_WORD}つ(?:前|後|あと|次)",
    re.I,
)
_REFERS_EN = re.compile(
    r"\b(?:it|its|this|that|these|those|they|them|their|he|she|his|her|the same|the paper|the talk|the author)\b"
    r"|^\s*(?:and|what about|how about|also)\b",
    re.I,
)
_REFERS_JA = re.compile(r"その|それ|これ|この|あの|あれ|彼|同じ|そこ|^\s*(?:じゃあ|では|で、|あと)")
_FILLER = re.compile(r"^\s*(?:and|what about|how about|じゃあ|では)\s*|[?？。、,]\s*$", re.I)
# "That session" / その回: the session the conversation is about.
# …and "then" / その時 / 当時 in a question about the past: "what else was discussed then?" (not "then" opening a
# question, nor "what should I read then?", which asks nothing about that time).
_SAME_SESSION = re.compile(
    r"(?:その|この|あの|同じ)(?:回|日|週|セッション|勉強会)|\b(?:that|this|the\s+same)\s+(?:session|day|week|meeting)\b"
    r"|その(?:時|とき)|当時|\b(?:was|were|did|had)\b.*\b(?:back\s+)?then\s*[?？.!]*$|\bat\s+that\s+time\b",
    re.I,
)
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
    """How many sessions after (+) or before (-) the one the conversation is about; 0: none named."""
    twice = _TWICE.search(question)
    steps = (2 if twice.group(0) == "前々回" else step_count(twice.group(0))) if twice else 1
    later = re.search(r"after|later|後|あと|次", twice.group(0)) if twice else None
    if later or _NEXT.search(question):
        return steps
    if twice or _PREVIOUS.search(question):
        return -steps
    return 0


def _relative_session(question: str, turns: Sequence[Turn], sessions: Sequence[dt.date]) -> str | None:
    """The question with "the week after/before" replaced by that session's date, if it can be told."""
    step = _relative(question)
    if not step or not turns or not sessions:
        return None
    cited = turn_days(turns[-1], sessions)
    if not cited:
        return None
    base = dt.date.fromisoformat(cited[0])
    ordered = sorted(set(sessions))
    later = [d for d in ordered if d > base] if step > 0 else [d for d in reversed(ordered) if d < base]
    if len(later) < abs(step):
        return None
    day = later[abs(step) - 1].isoformat()
    rest = (_NEXT if step > 0 else _PREVIOUS).sub(" ", _TWICE.sub(" ", question))  # その2つ前: the count first
    if is_japanese(question):
        rest = _LEFT_JA.sub("", _REFERS_JA.sub("", rest)).strip(" ?？、。はのでを")
        return f"{day}の回の{rest}?" if len(rest) >= 2 else f"{day}の回で発表されたトピックは?"
    rest = " ".join(_LEFT_EN.sub(" ", _FILLER.sub("", _FILLER.sub("", rest))).split())
    rest = re.sub(r"\s+(?:in|at|on|during|from|of|for)$", "", rest, flags=re.I)
    return f"{rest} on {day}?" if rest else f"What was presented on {day}?"


# What is left of a relative phrase once it is cut out: さらにその前の回 → さらに, の回; "the one after that" → that.
_LEFT_JA = re.compile(r"^\s*(?:さらに|もう一つ|もうひとつ)|^\s*の(?:回|週|勉強会)|さらに|もう(?:一つ|ひとつ)")
_LEFT_EN = re.compile(r"\b(?:that|it|this|one|ones|sessions?|meetings?|weeks?|the|two)\b", re.I)


def heuristic_rewrite(question: str, turns: Sequence[Turn], sessions: Sequence[dt.date] = ()) -> str:
    """The previous question's topic in front of this one, so its words carry over to retrieval (without
    its question words: "who presented CREPE?" must not make "what does it output?" a who-question)."""
    topic = strip_framing(read_dates(turns[-1][0], sessions).rest) or turns[-1][0]
    return f"{topic.rstrip('?？ ')} — {question}"


@dataclass(frozen=True)
class Resolved:
    """A follow-up made standalone."""

    text: str  # the question to search with
    session: dt.date | None = None  # the session "その回" / "that session" refers to
    presenter: str | None = None  # the presenter "その人" / "he" / "that presenter" refers to
    among_previous: bool = False  # "which of those…": the topics the previous answer gave
    previous: str = ""  # the turn it follows, question and answer (what "the other topics" leave out)
    previous_question: str = ""  # the question of that turn ("those" = what it asked for, re-planned)


# "That person" / その人: the presenter the conversation is about; "those" / その中: what it listed.
_SAME_PERSON = re.compile(
    r"(?:その|この|あの|同じ)(?:人|方|発表者|人物)|彼女?|\b(?:he|she|him|his|her|that\s+(?:presenter|person|speaker)"
    r"|the\s+same\s+(?:presenter|person|speaker)|this\s+(?:presenter|person))\b"
    # a singular "they" is a person where it presents: "what else did they present?", "their other talks"
    r"|\bthey\s+(?:also\s+)?(?:present|introduc|gave|give)\w*"
    r"|\btheir\s+(?:other\s+)?(?:talks?|presentations?|topics?|slides?|posts?)\b|\b(?:by|from)\s+them\b",
    re.I,
)
_AMONG = re.compile(r"その(?:中|うち)|それらの?(?:中|うち)?|\b(?:of|among)\s+(?:those|them|these)\b|\bthose\b", re.I)
_WHOLE = re.compile(
    r"^\s*(?:summari[sz]e|recap|まとめて|要約して)\b.{0,12}$|\b(?:summari[sz]e|recap)\s+(?:it|that|this)\b"
    r"|(?:それ|これ|そこ)を?(?:まとめ|要約)",
    re.I,
)
_AT_NAME = re.compile(r"@([^\s—\-\[\]()]+(?:\s[A-Z][a-zA-Z]+)?)")


def _cited_session(turn: Turn, sessions: Sequence[dt.date]) -> dt.date | None:
    """The session the last turn was about: the first date its answer cited (else its question named)."""
    for day in turn_days(turn, sessions):
        d = dt.date.fromisoformat(day)
        if not sessions or d in sessions:
            return d
    return None


def turn_days(turn: Turn, sessions: Sequence[dt.date]) -> list[str]:
    """The session dates a turn was about: the ones its answer cites ([2024-09-19]), else the ISO dates its
    question or answer writes, else the day either names in another format (9/19の回, "on September 19")."""
    user, assistant = turn
    found = _LABEL_DATE.findall(assistant) or ISO_DATE_RE.findall(user) or ISO_DATE_RE.findall(assistant)
    if found or not sessions:
        return found
    for text in (user, assistant):
        day = read_dates(unicodedata.normalize("NFKC", text), sessions).day
        if day is not None and day in sessions:
            return [day.isoformat()]
    return []


def _named_presenter(turn: Turn, presenters: Sequence[str]) -> str | None:
    """The presenter the last turn was about: the first @Name its answer gives, else the first presenter
    its answer or question names."""
    user, assistant = turn
    for m in _AT_NAME.finditer(assistant):
        name = next((p for p in presenters if m.group(1).startswith(p) or p.startswith(m.group(1))), None)
        if name:
            return name
    text = f"{assistant}\n{user}".lower()
    found = sorted((text.find(p.lower()), p) for p in presenters if p.lower() in text)
    return found[0][1] if found else None


def resolve_followup(
    question: str,
    history: History,
    llm: ChatLLM | None = None,
    sessions: Sequence[dt.date] = (),
    presenters: Sequence[str] = (),
) -> Resolved:
    """``question`` standalone: itself unless it is a follow-up that needs the history."""
    turns = as_turns(history)
    if not turns:
        return Resolved(question)
    last = turns[-1]
    previous = f"{last[0]}\n{last[1]}"
    if _SAME_PERSON.search(question):
        presenter = _named_presenter(last, presenters)
        if presenter is not None:  # 「その人の次の回の発表は?」: that presenter, in the session after
            session = _cited_session(last, sessions) if _SAME_SESSION.search(question) else None
            if session is not None:  # "what else did he present that day?": that presenter, that session
                return Resolved(
                    _with_session(question, session), session=session, presenter=presenter, previous=previous
                )
            text = _relative_session(question, turns, sessions) or question
            return Resolved(text, presenter=presenter, previous=previous)
    if _SAME_SESSION.search(question) or _WHOLE.search(question):
        session = _cited_session(last, sessions)
        if session is not None:
            return Resolved(_with_session(question, session), session=session, previous=previous)
    if _AMONG.search(question):
        return Resolved(question, among_previous=True, previous=previous, previous_question=last[0])
    if not needs_context(question):
        return Resolved(question, previous=previous)
    return Resolved(standalone_question(question, history, llm, sessions), previous=previous)


def _with_session(question: str, session: dt.date) -> str:
    """The question with "that session" / その回 replaced by the session's date, so that the plan reads it
    as any named session (「その週の発表者は何人?」 → 「2024-09-19の回の発表者は何人?」)."""
    day = session.isoformat()
    if is_japanese(question):
        return _SAME_SESSION.sub(f"{day}の回", question, count=1)
    return _SAME_SESSION_EN.sub(
        lambda m: f"{m.group(1) + ' ' if m.group(1) else ''}the {day} session", question, count=1
    )


_SAME_SESSION_EN = re.compile(
    r"\b(?:(in|at|on|during|from|of)\s+)?(?:that|this|the\s+same)\s+(?:session|day|week|meeting)\b", re.I
)


def mentioned(title: str, text: str) -> bool:
    """Whether ``text`` names the topic titled ``title``: in full, or by the name it opens with
    ("DMOps" for "DMOps: Data Management Operations and Recipes", Reflection70B for 【Reflection70B】…)."""
    text = " ".join(text.lower().split())
    if " ".join(title.lower().split()) in text:
        return True
    head = next((part.strip() for part in _TITLE_PARTS.split(title.lower()) if len(part.strip()) >= 4), "")
    return bool(head) and head in text


_TITLE_PARTS = re.compile(r"[:：、,「」【】|]| - | – ")


def names_own_topic(question: str) -> bool:
    """Whether the question names a thing of its own, so that a pronoun in it points inside it ("What is the
    Group Sequential Test and why is it used?"): a name capitalised in mid-sentence, an acronym or a word
    with digits in English; any Latin-script name in Japanese (CREPE, Detectron2)."""
    if is_japanese(question):
        return bool(re.search(r"[A-Za-z][A-Za-z0-9+#\-]+", question))
    words = re.findall(r"[A-Za-z][A-Za-z0-9+#'\-]*", question)
    return any(
        (w[0].isupper() and i > 0 and w not in ("I", "I'm"))
        or (len(w) > 1 and w.isupper())
        or any(c.isdigit() for c in w)
        for i, w in enumerate(words)
    )


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
    if names_own_topic(question):  # a pronoun inside a question that names its own topic points inside it
        return question
    if llm is not None:
        try:
            rewritten = reply_line(llm.complete(rewrite_messages(question, turns)))
        except LLMError:
            rewritten = ""
        rewritten = " ".join(CITATION_LABEL.sub(" ", rewritten).split())
        if _is_rewrite(rewritten, question, turns[-1]):
            return rewritten
    return heuristic_rewrite(question, turns, sessions)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _is_rewrite(rewritten: str, question: str, turn: Turn) -> bool:
    """A standalone question brings in something of the conversation (else the reference was not
    resolved: "What does that model output?" → "What does the model output?") and is about as long
    as the two questions (else the model answered, copying the last answer)."""
    if not rewritten or len(rewritten) > min(_MAX_REWRITE_CHARS, 2 * (len(question) + len(turn[0]))):
        return False
    return bool((_words(rewritten) - _words(question)) & _words(" ".join(turn)))
