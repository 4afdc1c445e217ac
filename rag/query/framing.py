"""Words that only say where to look: "according to the notes", "per our notes", 「ノートによると」,
「ノートに残っている中で」. They name no topic and no kind, so the plan reads the question without them:
"per the notes, when was o1 discussed?" is a when-question ("when" opens its clause), and
「ノートに残っている中で一番古い勉強会は?」 asks for the first session, not for notes about 残る.

"Which of the notes …" and 「どのノートで」 ask which notes (sessions) and keep their words."""

from __future__ import annotations

import re

_NOTES_EN = r"(?:the|our|my|these|those|your)\s+(?:study[- ]?group(?:'s)?\s+|session\s+|meeting\s+)?notes?"
_NOTES_JA = r"(?:この|その|今の)?(?:ノート|メモ|議事録|記録)"
_SOURCE = re.compile(
    # "according to the notes,", "per our notes", "based on the notes", "from the notes", "in the notes"
    rf"\b(?:according\s+to|as\s+per|per|based\s+on|going\s+by|from|in)\s+{_NOTES_EN}\b\s*,?"
    rf"|\b(?:at|in|during)\s+(?:the|our)\s+study[- ]?group\b(?!\s+(?:sessions?|meetings?)\b)\s*,?|"
    # 「ノートによると」「ノートでは」「ノートに残っている中で」「記録に書いてある範囲で」 (not どのノート)
    rf"(?<!どの){_NOTES_JA}(?:に(?:よると|よれば)|では|の中で|に(?:書いて|書かれて|残って|載って)"
    r"(?:ある|あった|いる|いた|ます|る|た)?(?:中で|範囲で|限り(?:では)?|もの(?:の中)?で)?)\s*[、,]?",
    re.I,
)


def without_source(text: str) -> str:
    """``text`` without the phrases that only say the answer is to come from the notes."""
    stripped = " ".join(_SOURCE.sub(" ", text).split())
    return stripped or text
