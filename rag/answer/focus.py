"""Which lines of an answer's topics answer a fact question, beyond their similarity to it.

Two things point at the line that answers:

- the question's words that are rare among the topics' lines. The words every line of a topic shares
  (the paper's name, 重み付き有向グラフ in a graph paper) only say which topic it is; the words few lines
  hold (エッジ, 重み) say which line. Each of the question's terms counts by how few lines hold it
  (lines compared by their terms, so 重み matches 重み whatever Sudachi cuts it into, and an English
  question's "modules" matches モジュール through its loanword). A line under a heading holds half of
  its heading's words: "Word Embedding Module" heads the line that says BERT.
- the kind of fact the question wants (``rag.query.wants``): a number with its unit for how much, a
  name for which tool, "使う / 利用 / based on" for what was used, "ため / ので / 防ぐ" for why, "結果 /
  上回る / 高い" for how it performed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from rag.query.wants import Want, fact_wants
from rag.text import fold

if TYPE_CHECKING:
    import numpy.typing as npt

    from rag.store.lexical import Tokenizer
    from rag.types import Query

WORD_WEIGHT = 0.5  # a line holding all the question's (line-weighted) words scores this much more
PARENT_SHARE = 0.5  # a line holds this share of its heading's words
_WANT_WEIGHTS: dict[Want, float] = {"amount": 0.2, "name": 0.05, "use": 0.12, "reason": 0.12, "result": 0.12}

# English number words, for a question over Japanese lines that write the number ("three modules" → 3つ)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "hundred": "100",
}  # fmt: skip

_NUMBER = re.compile(r"\d")
_AMOUNT = re.compile(
    r"\d[\d,.]*\s*(?:倍|%|％|人|名|件|個|枚|回|ポイント|点|ステップ|step|段階|つ|割|ヶ月|か月|年|秒|位|パーセンタイル|万|億"
    r"|x\b|times\b|percent|points?\b|ms\b|[kmgt]b\b)|\b(?:twice|double|half)\b|約\d|最大\d|\d+\s*/\s*\d+",
    re.I,
)
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]{2,}|[ァ-ヴー]{3,}")
_USE = re.compile(r"使|利用|用い|採用|活用|ベース|によって|により|\busing\b|\bused?\b|\bbased\b|\bvia\b", re.I)
_REASON = re.compile(
    r"ため|ので|から[、。]|理由|なぜ|目的|防[ぐげ]|抑え|削減|効率|利点|メリット|恩恵|できる|可能|不要|しない|したい"
    r"|\bbecause\b|\bso\s+that\b|\bto\s+avoid\b|\bin\s+order\s+to\b|\bbenefit|\badvantage",
    re.I,
)
_RESULT = re.compile(
    r"結果|結論|上回|下回|向上|達成|改善|短縮|高い|低い|良い|よい|有意|精度|スコア|一致|優れ|超え|最も|一番|方が|傾向"
    r"|影響|\boutperform|\bimprov|\bbetter\b|\bworse\b|\bhigher\b|\blower\b|\bachiev|\bbest\b",
    re.I,
)
_MARKERS: dict[Want, re.Pattern[str]] = {
    "amount": _AMOUNT,
    "name": _NAME,
    "use": _USE,
    "reason": _REASON,
    "result": _RESULT,
}


def _query_terms(query: Query, tokenizer: Tokenizer) -> list[str]:
    """The question's content terms (its loanwords among them), and the digits of its number words."""
    terms = list(dict.fromkeys((*query.terms, *(t for s in query.specific for t in tokenizer.tokenize(s)))))
    words = re.findall(r"[a-z]+", query.text.lower())
    terms += [_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS]
    return [t for t in dict.fromkeys(terms) if t]


# A question often sets its topic first and asks after: 「重み付き有向グラフの論文、エッジの重みには何を使ってる?」,
# "In the ZOZO blog, where did they move…". The setting clause holds no question word; its words say which
# topic (retrieval found it by them) and count this share in choosing the line.
SETTING_SHARE = 0.2
_CLAUSE_BREAK = re.compile(r"[、,，]\s*|(?<=[でとは])\s+")
_QUESTION_WORD = re.compile(
    r"何|なに|なん|どの|どれ|どう|どっち|どちら|どこ|どんな|いくつ|いくら|誰|なぜ|いつ"
    r"|\b(?:what|which|who|whom|whose|how|why|when|where|did|does|do|is|are|was|were)\b",
    re.I,
)


_QUOTED = re.compile(r"[「『\"“]([^」』\"”]{1,40})[」』\"”]")


def quoted(text: str) -> list[str]:
    """The literals a question quotes (「When?」, "PIPE"), folded for comparison."""
    return [fold(m) for m in _QUOTED.findall(text) if fold(m)]


def asking_part(text: str) -> str | None:
    """The part of a question that asks, when a clause before it only sets the topic (None: the whole
    question asks)."""
    parts = _CLAUSE_BREAK.split(text.strip(), maxsplit=1)
    if len(parts) < 2 or not parts[1].strip() or _QUESTION_WORD.search(parts[0]):
        return None
    return parts[1] if _QUESTION_WORD.search(parts[1]) else None


def word_scores(
    query: Query, texts: Sequence[str], titles: Sequence[str], parents: Sequence[int | None], tokenizer: Tokenizer
) -> npt.NDArray[np.float32]:
    """How much of the question's line-weighted words each line holds (0…1): a term counts by how few
    of ``texts`` hold it, a line's topic title (``titles[i]``) counting as held by each of its lines (the
    title's words say which topic, not which line; another topic's line that names it is no better for
    naming it); a line holds ``PARENT_SHARE`` of the words of its heading (``parents[i]``)."""
    out = np.zeros(len(texts), dtype=np.float32)
    terms = _query_terms(query, tokenizer)
    if not terms or not texts:
        return out
    line_terms = [set(tokenizer.tokenize(t)) for t in texts]
    title_terms = {title: set(tokenizer.tokenize(title)) for title in set(titles)}
    for literal in quoted(query.text):  # 「When?」: a line holds it as written (its words may be stopwords)
        key = f"「{literal}」"
        terms.append(key)
        for i, text in enumerate(texts):
            if literal in fold(text):
                line_terms[i].add(key)
        for title, tt in title_terms.items():
            if literal in fold(title):
                tt.add(key)
    df = {
        t: sum(t in lt or t in title_terms[title] for lt, title in zip(line_terms, titles, strict=True)) for t in terms
    }
    # squared: a term half the lines hold counts a tenth of one a single line holds, not a third
    weights = {t: math.log((len(texts) + 1) / (n + 0.5)) ** 2 for t, n in df.items() if n}
    asking = asking_part(query.text)
    if asking is not None:
        asked = set(tokenizer.tokenize(asking)) | {
            _NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", asking.lower()) if w in _NUMBER_WORDS
        }
        weights = {t: w if t in asked else SETTING_SHARE * w for t, w in weights.items()}
    # each term at most counts as much as one only a single line holds: a term every line holds adds little
    total = math.log((len(texts) + 1) / 1.5) ** 2 * len(weights)
    if not total:
        return out
    for i, lt in enumerate(line_terms):
        held = {t for t in weights if t in lt}
        parent = parents[i]
        inherited = {t for t in weights if parent is not None and t in line_terms[parent]} - held
        out[i] = (sum(weights[t] for t in held) + PARENT_SHARE * sum(weights[t] for t in inherited)) / total
    return out


def want_scores(query: Query, texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """What each line adds for stating the kind of fact the question wants."""
    wants = fact_wants(query.text)
    out = np.zeros(len(texts), dtype=np.float32)
    for want in wants:
        marker = _MARKERS[want]
        out += np.array([_WANT_WEIGHTS[want] * bool(marker.search(t)) for t in texts], dtype=np.float32)
    if "amount" in wants:  # any number at all, when none says its unit
        out += np.array([0.05 * bool(_NUMBER.search(t)) for t in texts], dtype=np.float32)
    return out


def line_bonuses(
    query: Query, texts: Sequence[str], titles: Sequence[str], parents: Sequence[int | None], tokenizer: Tokenizer
) -> npt.NDArray[np.float32]:
    """What each line adds beyond its similarity to the question (see the module's docstring)."""
    return WORD_WEIGHT * word_scores(query, texts, titles, parents, tokenizer) + want_scores(query, texts)
