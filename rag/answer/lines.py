"""Lines of a topic to show in an answer: its key lines, and the line that supports a question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.query.concepts import concept_named, is_concept, names_of
from rag.text import fold, quote_labels

if TYPE_CHECKING:
    from rag.types import Chunk

MAX_LINE_CHARS = 160
_HEADING = re.compile(
    r"^(?:概要|背景|目的|手法|実験|結果|考察|まとめ|課題|Introduction|Method|Results?|Summary)$", re.I
)


def note_lines(text: str) -> list[str]:
    """A chunk's lines as an answer quotes them (date-like labels in them quoted, see ``quote_labels``),
    without bullet marks, blank lines and bare sub-headings."""
    out = []
    for raw in text.splitlines():
        line = raw.strip().removeprefix("- ").strip()
        if line and not _HEADING.match(line):
            out.append(quote_labels(line))
    return out


def quoted_title(chunk: Chunk) -> str:
    """A topic's tag and title as an answer shows them: a date-like label in the title is quoted text."""
    return quote_labels(chunk.display_title)


def shorten(line: str, limit: int = MAX_LINE_CHARS) -> str:
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# A heading after which the topic states its point: the line right after it is a key line.
_POINT_HEADING = re.compile(
    r"^(?:\d+\.\s*)?(?:概要|結論|ひとことまとめ|まとめ|結果|所感|感想|Summary|Abstract|Conclusions?|TL;?DR|Overview)\s*[:：]?$",
    re.I,
)
# Where a topic comes from, not what it says: the blog it is on, where it was accepted, its authors.
_SOURCE = re.compile(
    r"https?://|tech\s*blog|テックブログ|のブログ|採択|プレプリント|preprint|arxiv|^(?:ICML|ICLR|ICDAR|AAAI|ACL|NeurIPS|CVPR)",
    re.I,
)
_SOURCE_MAX_CHARS = 40
_SUBHEADING_MAX_CHARS = 30  # a short line that is no bullet and no sentence heads the lines after it
_KANA_OR_KANJI = re.compile(r"[ぁ-んァ-ヴ一-龯]")
# A line that states a result: a number with its unit, a comparison, what was achieved.
_RESULT = re.compile(
    r"\d\s*(?:倍|%|％|パーセンタイル|ポイント)|上回|下回|向上|短縮|削減|達成|改善|最も|一番(?:良|よ|高|低|速|多|少|強)|方が|超え|\boutperform|\bimprov",
    re.I,
)
_POSITION_STEP = 0.04  # each line further into the topic counts this much less…
_POSITION_LINES = 15  # …among its first lines (the ones a key line is taken from)
_POINT_BONUS = 0.3  # the first line after a 概要 / 結論 heading
_RESULT_BONUS = 0.3  # a line that states a result


def _is_source(line: str) -> bool:
    """A line that says where the topic comes from (ZOZO Techblog, ICDAR2024採択, a URL, the authors'
    names), not what it says."""
    if len(line) <= _SOURCE_MAX_CHARS and _SOURCE.search(line):
        return True
    if _KANA_OR_KANJI.search(line):
        return False
    words = re.findall(r"[A-Za-z][\w\-]*", line)  # an English line: an author list, a title-case heading
    return len(words) < 6 or sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def key_lines(chunks: Sequence[Chunk], n: int = 2, min_chars: int = 10) -> list[str]:
    """The ``n`` lines that carry a topic's point, in reading order: among its first substantial lines,
    the ones right after a 概要 / 結論 heading and the ones stating a result (13倍, 最も高い) first, earlier
    ones before later; never a line that only names its source (ZOZO Techblog, the authors)."""
    candidates: list[tuple[float, int, str]] = []
    after_point = False
    for c in chunks:
        for raw in c.text.splitlines():
            bare = raw.strip()
            line = bare.removeprefix("- ").strip()
            if not line:
                continue
            if _POINT_HEADING.match(line):
                after_point = True
                continue
            subheading = not bare.startswith("- ") and len(line) <= _SUBHEADING_MAX_CHARS and line[-1] not in "。.!！"
            if subheading or _HEADING.match(line) or len(line) < min_chars or _is_source(line):
                continue
            i = len(candidates)
            if i >= _POSITION_LINES:
                break
            score = 1.0 - _POSITION_STEP * i + _POINT_BONUS * after_point + _RESULT_BONUS * bool(_RESULT.search(line))
            candidates.append((score, i, quote_labels(line)))
            after_point = False
    best = sorted(candidates, key=lambda c: (-c[0], c[1]))[:n]
    return [shorten(line) for _, _, line in sorted(best, key=lambda c: c[1])]


def supporting_line(chunks: Sequence[Chunk], specific: Sequence[str], terms: Sequence[str]) -> str | None:
    """The line of a topic that holds the question's specific terms (else most of its terms): why the
    topic is listed for a "which sessions" question."""
    lines = [line for c in chunks for line in note_lines(c.text)]
    if not lines:
        return None
    # A concept is held by any of its names: the line that writes ハルシネーション supports "hallucination".
    wanted = [_spellings(t) for t in specific] or [(fold(t),) for t in terms if len(t) >= 2]
    if not wanted:
        return None

    def score(line: str) -> int:
        key = fold(line)
        return sum(any(w in key for w in names) for names in wanted)

    best = max(lines, key=score)
    return shorten(best) if score(best) else None


def _spellings(term: str) -> tuple[str, ...]:
    """A specific term as a line may write it: itself, or any name of the concept it is or names."""
    concept = term if is_concept(term) else concept_named(term)
    names = (term, *names_of(concept)) if concept is not None else (term,)
    return tuple(dict.fromkeys(fold(n) for n in names))
