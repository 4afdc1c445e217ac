"""A presenter's talk counted from another of their own talks: 「CREPEの発表のあと、伊藤さんが次に発表したのは何?」,
"What did Kitaoka present after Learning to Reason with LLMs?", "Fukazawa's previous talk before the RAG
survey". The question names a presenter, one topic of theirs and a step (next / previous, 次 / 前 / あと) of
their presenting, and no session: what it asks is the presenter's own next (or previous) topic in the notes'
order — not the next session, which another presenter may have spoken at ("the session after the one where
Ito presented CREPE" asks that session, and is read by ``rag.query.dates``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rag.query.specific import specific_terms
from rag.store.lexical import question_terms
from rag.text import is_japanese, presenter_matches

if TYPE_CHECKING:
    from rag.store.catalogue import Catalogue
    from rag.store.lexical import Tokenizer
    from rag.types import Chunk

Step = Literal["before", "after"]

# A session asked about: then the step is between sessions, not talks ("the session after …", 「…の次の回」).
_SESSION = re.compile(
    r"\b(?:sessions?|meetings?|meetups?|gatherings?|get-togethers?|study\s+groups?|weeks?)\b|回|勉強会|セッション|ミーティング|週",
    re.I,
)
# The step said of presenting: 次に発表した / 前に発表した / …のあと(に)…発表した / 発表の次は; "present(ed) next",
# "next talk", "previous talk", "presented after / before …", "talk before / after …".
_TALK = r"(?:発表|紹介|登壇|話)"
_AFTER_JA = re.compile(
    rf"次に{_TALK}|の(?:次|後|あと)(?:に|、|,)?.{{0,20}}?{_TALK}(?:し|され)|{_TALK}の(?:次|後|あと)は"
)
_BEFORE_JA = re.compile(rf"(?:その)?前に{_TALK}|の(?:直?前)(?:に|、|,)?.{{0,20}}?{_TALK}(?:し|され)|{_TALK}の前は")
_PRESENT_EN = r"(?:present(?:ed|s)?|talk(?:ed)?|talks|spoke|presentation|gave|cover(?:ed)?)"
_AFTER_EN = re.compile(
    rf"\b{_PRESENT_EN}\s+(?:\w+\s+){{0,2}}?(?:next|after(?:wards)?|later)\b|\bnext\s+(?:talk|presentation|topic)\b"
    rf"|\bafter\b.*\b{_PRESENT_EN}\s+next\b|\bfollow(?:ed|ing)?\s+up\b",
    re.I,
)
_BEFORE_EN = re.compile(
    rf"\b{_PRESENT_EN}\s+(?:\w+\s+){{0,2}}?(?:before|earlier|previously|prior\s+to)\b"
    rf"|\b(?:previous|prior|earlier|preceding)\s+(?:talk|presentation|topic)\b|\bbefore\b.*\b{_PRESENT_EN}\b",
    re.I,
)
_AFTER_LEAD_EN = re.compile(rf"\bafter\b.*\b{_PRESENT_EN}\b", re.I)


# Words of the step itself, never a topic's name.
_STEP_WORDS = (
    "what",
    "which",
    "did",
    "does",
    "present",
    "presented",
    "talk",
    "talks",
    "next",
    "after",
    "before",
    "previous",
    "prior",
    "earlier",
    "later",
    "his",
    "her",
    "their",
    "then",
    "topic",
    "presentation",
    "gave",
)


@dataclass(frozen=True)
class TalkStep:
    """The presenter's talk the question asks for (``target``, None when they gave none there), counted
    ``step`` from ``anchor``, their topic it names; ``others``: their other topics of the target's session."""

    step: Step
    anchor: Chunk
    target: Chunk | None
    others: tuple[tuple[str, int], ...]


def _step(text: str) -> Step | None:
    if is_japanese(text):
        after, before = _AFTER_JA.search(text), _BEFORE_JA.search(text)
    else:
        after = _AFTER_EN.search(text) or _AFTER_LEAD_EN.search(text)
        before = _BEFORE_EN.search(text)
    if after and before:
        return None  # both said: not one step
    return "after" if after else "before" if before else None


def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", re.I)


def _named_topic(text: str, own: list[Chunk], tokenizer: Tokenizer) -> Chunk | None:
    """The one topic of ``own`` whose title holds a name of the question (by its distinctive names first,
    then any longer word of it), else None."""
    specific = list(specific_terms(text, tokenizer, text))
    said = set(question_terms(tokenizer, " ".join(_STEP_WORDS)))
    written = [
        w
        for w in re.findall(r"[A-Za-z][\w'-]{2,}|[ァ-ヶー]{3,}", text)
        if set(question_terms(tokenizer, w)) - said and w.lower() not in _STEP_WORDS
    ]
    stems = [t for t in question_terms(tokenizer, text) if len(t) >= 3 and t not in said]
    for name in dict.fromkeys((*specific, *written)):
        hits = [c for c in own if _word(name).search(c.title)]
        if len(hits) == 1:
            return hits[0]
    for stem in dict.fromkeys(stems):
        hits = [c for c in own if stem in set(question_terms(tokenizer, c.title))]
        if len(hits) == 1:
            return hits[0]
    return None


def talk_step(text: str, presenter: str | None, catalogue: Catalogue, tokenizer: Tokenizer) -> TalkStep | None:
    """The presenter's talk next to (or before) the one of theirs the question names, when it asks so."""
    if presenter is None or _SESSION.search(text):
        return None
    step = _step(text)
    if step is None:
        return None
    own = [c for c in catalogue.topics if c.date and presenter_matches(presenter, c.presenter)]
    name_words = {part.lower() for part in presenter.split()}
    text = " ".join(w for w in text.split() if w.strip("'s?,.").lower() not in name_words)
    anchor = _named_topic(text, own, tokenizer)
    if anchor is None:
        return None
    at = own.index(anchor) + (1 if step == "after" else -1)
    target = own[at] if 0 <= at < len(own) else None
    others = tuple(c.topic_key for c in own if target is not None and c.date == target.date and c is not target)
    return TalkStep(step, anchor, target, others)
