"""Citation verification: the model cites source ids; only the retrieved sources' dates are ever shown.

Pure functions over the model's reply and the sources it was given. ``[S2]`` becomes that
source's ``[2024-09-26]`` (or ``[undated: title]``); an id that was not given, a date-looking
citation that is not a given source's date, and any ISO date in the prose that is not one are
removed, and the answer says so. A sentence with no citation after it is marked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rag.text import DATE_CITATION, ISO_DATE_RE
from rag.types import CITATION_LABEL, Citation

if TYPE_CHECKING:
    from rag.answer.prompts import Source

_ID = r"(?:[Ss](?:ource)?\s*)?\d{1,3}"
# [S1] [S1, S2] [s1] [Source 1] 【S1】 [1] (S1): the forms small models actually write.
_MARKER = re.compile(
    rf"[\[【［]\s*{_ID}(?:\s*[,、，;]\s*{_ID})*\s*[\]】］]|[(（]\s*[Ss]\d{{1,3}}(?:\s*[,、，]\s*[Ss]\d{{1,3}})*\s*[)）]"
)
_WRAPPED_LABELS = re.compile(r"[(（]\s*((?:\[(?:\d{4}-\d{2}-\d{2}|undated: [^\]\n]+)\])+)\s*[)）]")
# A citation cut off by the reply's token limit: "… [S" or "… 【S1" at the very end.
_CUT_MARKER = re.compile(r"[\[【［(（]\s*(?:[Ss](?:ource)?\s*)?\d{0,3}\s*$")
_ADJACENT_SAME = re.compile(r"(\[[^\]\n]+\])(?:\s*\1)+")
_SENTENCE = re.compile(r"(?<=[。！？!?])|(?<=\.)(?=\s)")
_MIN_CLAIM_CHARS = 12


@dataclass(frozen=True)
class Verified:
    """The reply with citations rendered and checked."""

    text: str
    citations: tuple[Citation, ...]  # the sources the text cites, in order of first use
    removed: tuple[str, ...]  # citation markers and dates taken out because no retrieved source backs them
    unsupported: int  # sentences marked as having no source

    def notice(self, japanese: bool) -> str:
        """One line for the user about what the check changed ("" when nothing)."""
        bits = []
        if self.removed:
            bits.append(
                f"出典にない引用 {len(self.removed)} 件を削除しました"
                if japanese
                else f"removed {len(self.removed)} citation(s) not backed by a retrieved note"
            )
        if self.unsupported:
            bits.append(
                f"出典のない文 {self.unsupported} 件に印を付けました"
                if japanese
                else f"marked {self.unsupported} sentence(s) with no source"
            )
        if not bits:
            return ""
        if japanese:
            return "引用チェック: " + "、".join(bits) + "。"
        return "Citation check: " + "; ".join(bits) + "."


def reply_text(reply: str) -> str:
    """The answer with inline ``[S#]`` markers, from any reply form: plain text, ``{"answer",
    "citations"}`` or ``{"sentences": [{"text", "sources"}]}`` JSON."""
    body = reply.strip()
    if not body.startswith("{"):
        return reply
    try:
        data: Any = json.loads(body)
    except ValueError:
        return reply
    if not isinstance(data, dict):
        return reply
    if isinstance(data.get("sentences"), list):
        parts = []
        for s in data["sentences"]:
            if isinstance(s, dict) and isinstance(s.get("text"), str):
                # The citation goes before the full stop, as the prompt asks of free text.
                text = s["text"].strip()
                body = text.rstrip("。.!?！？")
                parts.append(body + _markers(s.get("sources")) + text[len(body) :])
        return " ".join(parts)
    if isinstance(data.get("answer"), str):
        answer: str = data["answer"].strip()
        # Inline markers are best; a bare list of cited ids still beats an uncited answer.
        return answer if _MARKER.search(answer) else answer + _markers(data.get("citations"))
    return reply


def _markers(ids: object) -> str:
    if not isinstance(ids, list):
        return ""
    return "".join(f" [{i}]" for i in ids if isinstance(i, str | int))


def _source_number(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def cited_numbers(text: str) -> frozenset[int]:
    """The source numbers a reply's markers cite ([S1] [S2, S3] 【S4】 … → {1, 2, 3, 4})."""
    return frozenset(_source_number(t) for m in _MARKER.finditer(text) for t in re.findall(_ID, m.group(0)))


class _Renderer:
    """Replaces markers and dates in text, remembering what it cited and removed."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.by_number = {_source_number(s.id): s for s in sources}
        self.dates = {s.date for s in sources if s.date}
        self.labels = {s.label for s in sources}
        self.cited: dict[str, Citation] = {}
        self.removed: list[str] = []

    def marker(self, m: re.Match[str]) -> str:
        labels = []
        for token in re.findall(_ID, m.group(0)):
            source = self.by_number.get(_source_number(token))
            if source is None:
                self.removed.append(f"[{token.strip()}]")
                continue
            self.cited.setdefault(source.hit.chunk.id, Citation.of(source.hit.chunk))
            if source.label not in labels:
                labels.append(source.label)
        return "".join(labels)

    def date_cite(self, m: re.Match[str]) -> str:
        if m.group(1) is None:  # an [undated: …] label the model wrote itself
            text = m.group(0)
            if text in self.labels:
                return text
            self.removed.append(text)
            return ""
        iso = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        if iso in self.dates:
            # The model should cite ids, but a date that is a retrieved source's date is true.
            return f"[{iso}]"
        self.removed.append(m.group(0))
        return ""

    def bare_date(self, m: re.Match[str]) -> str:
        if m.group(0) in self.dates:
            return m.group(0)
        self.removed.append(m.group(0))
        return ""

    def render(self, text: str) -> str:
        # Dates first: an ISO date inside a label rendered from an id is then never re-checked.
        text = DATE_CITATION.sub(self.date_cite, text)
        text = ISO_DATE_RE.sub(self._bare_outside_labels, text)
        text = _MARKER.sub(self.marker, text)
        text = _WRAPPED_LABELS.sub(r"\1", text)
        return _ADJACENT_SAME.sub(r"\1", text)

    def _bare_outside_labels(self, m: re.Match[str]) -> str:
        before = m.string[max(0, m.start() - 1) : m.start()]
        after = m.string[m.end() : m.end() + 1]
        if before == "[" and after == "]":  # already a checked [YYYY-MM-DD]
            return m.group(0)
        return self.bare_date(m)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+([。、.,!?！？])", r"\1", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _is_claim(sentence: str) -> bool:
    bare = CITATION_LABEL.sub("", sentence).strip()
    if bare.endswith((":", "：")):  # an introduction to the lines that follow
        return False
    return sum(ch.isalnum() for ch in bare) >= _MIN_CLAIM_CHARS


def _sentences(line: str) -> list[str]:
    """Sentences of a line, each keeping the citation labels written right after its full stop."""
    out: list[str] = []
    for piece in _SENTENCE.split(line):
        lead = re.match(r"\s*(?:\[[^\]\n]+\]\s*)+", piece)
        rest = piece
        if out and lead and CITATION_LABEL.match(lead.group(0).strip()):
            out[-1] += lead.group(0).rstrip()
            rest = piece[lead.end() :]
        if rest.strip():
            out.append(rest)
    return out


def mark_unsupported(text: str, japanese: bool) -> tuple[str, int]:
    """Mark each claim with no citation after it on its line; a citation covers the sentences before it."""
    flag = "（出典なし）" if japanese else " (no source)"
    lines, count = [], 0
    for line in text.splitlines():
        sentences = _sentences(line)
        last_cited = max((i for i, s in enumerate(sentences) if CITATION_LABEL.search(s)), default=-1)
        for i in range(last_cited + 1, len(sentences)):
            if _is_claim(sentences[i]):
                sentences[i] = sentences[i].rstrip() + flag + (" " if i + 1 < len(sentences) else "")
                count += 1
        lines.append("".join(sentences))
    return "\n".join(lines), count


def verify_reply(reply: str, sources: Sequence[Source], japanese: bool) -> Verified:
    """Render the reply's citations from ``sources``, drop any they don't back, mark uncited claims
    (in Japanese or English, as the answer is)."""
    renderer = _Renderer(sources)
    text = _tidy(renderer.render(_CUT_MARKER.sub("", reply_text(reply))))
    text, unsupported = mark_unsupported(text, japanese)
    return Verified(
        text=text, citations=tuple(renderer.cited.values()), removed=tuple(renderer.removed), unsupported=unsupported
    )


# Text that may still become a marker or a date once more arrives: an open bracket, or trailing
# digits/labels (so "[S1]" + "[S2]" render together and "2024-" + "09-26" is checked whole).
_HOLD = re.compile(r"(?:\s*[\[【［][^\]】］\n]{0,24}[\]】］])*\s*(?:[\[【［(（][^\]】］)）\n]{0,24}|[\d\-/]+)?$")


class StreamRenderer:
    """Renders a streamed reply piece by piece with the same rules as ``verify_reply``."""

    def __init__(self, sources: Sequence[Source], hold_prefix: str = "") -> None:
        self._renderer = _Renderer(sources)
        self._pending = ""
        self._hold_prefix = hold_prefix  # e.g. the not-in-notes reply: never shown while it may still be that

    def feed(self, delta: str) -> str:
        """What can be shown now of the reply so far."""
        self._pending += delta
        if self._hold_prefix and self._hold_prefix.startswith(self._pending.strip()):
            return ""
        self._hold_prefix = ""
        m = _HOLD.search(self._pending)
        cut = m.start() if m else len(self._pending)
        ready, self._pending = self._pending[:cut], self._pending[cut:]
        return self._renderer.render(ready) if ready else ""

    def flush(self) -> str:
        """The rest, at the end of the stream."""
        rest, self._pending = self._pending, ""
        if self._hold_prefix and rest.strip() == self._hold_prefix:
            return ""
        return self._renderer.render(_CUT_MARKER.sub("", rest))
