"""What kind of answer a question wants, read from whole phrases in their context (a session named by its
place in time — the latest, the one before 9/26 — is read in rag.query.dates).

Each kind has cue phrases with a weight; a cue only counts where its context says it is the question's
own word: "when" opens a question ("When did…", "when was…") but not a clause ("…replayed when switching
languages"); どれ asks "which one" but どれくらい asks "how much"; 誰 asks "who" but 誰でも means
"anyone". A cue inside a look-alike phrase is dropped, and the kind with the strongest cue wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.query.counted import asks_presenter, counts_catalogue, counts_in_topic, lists_topics, of_a_session
from rag.text import cut_spans
from rag.types import Kind


@dataclass(frozen=True)
class Cue:
    """A phrase that asks for one kind of answer."""

    kind: Kind
    pattern: re.Pattern[str]
    weight: float
    # Whether the match is the question's own word where it stands (what it attaches to), if that depends
    # on more than the phrase: 何人 counts presenters in 「発表者は何人?」 but not in 「専門家は何人?」.
    context: Callable[[str, re.Match[str]], bool] | None = None

    def holds(self, text: str, match: re.Match[str]) -> bool:
        return self.context is None or self.context(text, match)


def _cues(
    kind: Kind, weight: float, *patterns: str, context: Callable[[str, re.Match[str]], bool] | None = None
) -> list[Cue]:
    # re.A: \b and \w are ASCII's, so an English word inside Japanese has its edges (「4/11のsessionのsummary」)
    return [Cue(kind, re.compile(p, re.I | re.A), weight, context) for p in patterns]


def _of_catalogue(text: str, m: re.Match[str]) -> bool:
    return counts_catalogue(text, m.start())


def _of_topic(text: str, m: re.Match[str]) -> bool:
    return not counts_catalogue(text, m.start())


def _outside_topic(text: str, _m: re.Match[str]) -> bool:
    return not counts_in_topic(text)


def _every_topic(text: str, m: re.Match[str]) -> bool:
    return lists_topics(text, m.start(), m.end())


def _about_session(text: str, m: re.Match[str]) -> bool:
    return of_a_session(text, m.start(), m.end())


def _a_member(text: str, m: re.Match[str]) -> bool:
    return asks_presenter(text, m.end())


# Japanese counters: a count of the catalogue or a number in a topic, by the noun they attach to.
_COUNTER_JA = (
    r"何件",
    r"何本",
    r"何人|何名",
    r"何個",
    r"いくつ(?:の|ある|あった|(?=\s*[?？]|\s*$|です|でした|だった|でしょう))",
    r"件数|人数",
)


_TIME_NOUN = r"(?:sessions?|weeks?|meetings?|days?|dates?|times?|study ?group)"
_TOPIC_NOUN = r"(?:topics?|talks?|papers?|blogs?|blog posts?|slides?|presentations?|articles?|things|items)"
_SESSION_JA = r"(?:回|セッション|勉強会|日|週)"
_TAG_WORDS = r"(?:(?:paper|blog|slide)s?\s+|\(?\[[^\]]{1,12}\]\)?\s*)"  # "paper", "([論文])"
_AUX = r"(?:did|was|were|is|are|have|has|do|does|had)"
# What the catalogue counts, for rankings: topics, talks, presenters, tags…
_COUNTED_JA = r"(?:トピック|発表者?|論文|ブログ|スライド|記事|人|タグなし|登壇)"
_COUNTED_EN = (
    r"(?:topics?|talks?|presentations?|presenters?|speakers?|people|papers?|blogs?|posts?|slides?|decks?|sessions?)\b"
)

CUES: tuple[Cue, ...] = (
    # sessions: when / which session, いつ / 何日 / どの回.
    *_cues(
        "sessions",
        3.0,
        rf"^\s*(?:(?:and|so|but|then|ok|okay)\s*,?\s*)?when\s+{_AUX}\b",
        rf"\bwhen\s+{_AUX}\s+(?:we|they|you|someone|anyone|it|that|this|the)\b",
        r"(?:^|[,.;:]\s*)when\s*\??\s*$",
        rf"\b(?:which|what)\s+{_TIME_NOUN}\b",
        rf"\bin\s+which\s+{_TIME_NOUN}",
        # "which of the notes discuss…", "which of our meetings": the notes (or sessions) that hold it
        r"\bwhich\s+(?:of\s+(?:the|our)\s+)?notes\b|\bwhich\s+of\s+(?:the|our)\s+(?:sessions|meetings)\b",
        # "which note talks about…", 「どのノートに書いてある?」, 「…のはどのメモ?」: the note that holds it is asked
        # for, dated or not — where it is, as for a session
        r"\b(?:which|what)\s+notes?\b(?!\s+(?:says?|said)\s+(?:what|how|why)\b)",
        r"どの(?:ノート|メモ|議事録)",
        r"(?:ノート|メモ|議事録)(?:は|って)どれ",
        r"\bon\s+what\s+(?:date|day)\b",
        r"いつ(?!も|か|でも|まで)",
        r"何日(?!間|分|後|前)",
        r"何月何日",
        r"日付",
        rf"どの{_SESSION_JA}",
        r"何回目",
        r"どこの回",
        # a relative clause ending in the session: 「話題になった回は?」「紹介された日を教えて」
        rf"(?:た|だ)(?:{_SESSION_JA}|時)(?=は|を|って|が|も|教えて|おしえて|知りたい|\s*[?？]|\s*$)",
        r"(?:出て?きた|出た|上がった|登場した|話題になった|扱った|取り上げた)の(?:は|って)どこ",
        # where it came up: 「再現性の話はどこで出た?」 (not 「どこで使われている?」, a fact)
        r"どこで(?:出て?きた|出た|出ました|出てきました|登場した|話題になった|扱(?:った|われた)|取り上げ(?:た|られた)|触れ(?:た|られた|てた|ていた))",
    ),
    *_cues(
        "sessions",
        2.0,
        r"どれ(?:の回|の日)",
        r"\bever\s+(?:discuss|talk|cover|mention|present)",
        r"\b(?:has|have|did)\s+(?:we|anyone|someone|the group)\s+(?:ever\s+)?(?:discuss|talk|cover|mention)",
        r"(?:話題|話)(?:に)?(?:出|上が)(?:た|ました)(?:こと)?(?:は|って)?(?:ある|あります)",
        r"(?:話|話題|発表|紹介)(?:は|って)(?:あった|ありました|ある|あります|出た)",
        r"(?:取り上げ|扱)(?:た|われた|られた)(?:こと)?(?:は|って)?(?:ある|あります|回)",
        r"誰か",
    ),
    # who
    *_cues(
        "who",
        3.0,
        r"^\s*(?:(?:and|so|but|then|ok|okay)\s*,?\s*)?who\b",
        r"\bwho\s+(?:presented|talked|gave|introduced|covered|shared|spoke|discussed|brought|picked|read|wrote|"
        r"was|is|did|presents|explained|tried)\b",
        r"\b(?:presented|introduced|shared|covered|given|brought up)\s+by\s+whom\b",
        r"\bby\s+whom\b",
        r"\bwhose\s+(?:talk|presentation|slides?)\b",
        r"(?<!how many )(?<!number of )\bpresenter\b(?!s)",
        r"(?:誰|だれ|どなた|どちら様)(?!でも|も|か)",
        r"発表者",
        r"紹介者",
    ),
    *_cues("who", 3.0, r"(?:発表|紹介|担当)した(?:の|人|方)", context=_a_member),
    # list: every topic under the filters.
    *_cues(
        "list",
        3.0,
        r"一覧",
        r"(?<![ァ-ヶー])リスト(?!ア(?!ップ))",
    ),
    *_cues("list", 3.0, r"全部|すべて|全て|ぜんぶ", context=_every_topic),
    *_cues(
        "list",
        3.0,
        r"列挙|挙げて|並べて",
        r"\blist\b(?!\s+of\s+(?:ingredients|requirements))",
        # "all the paper ([論文]) topics", "every blog talk": a tag may stand between (a topic word may not:
        # "all the GPU talks" are the ones about GPU)
        rf"\b(?:all|every)\s+(?:the\s+|of\s+the\s+)?{_TAG_WORDS}{{0,2}}?{_TOPIC_NOUN}\b",
        rf"\bwhat\s+{_TOPIC_NOUN}\s+(?:did|were|was|has|have|are)\b",
        # "which topics across all sessions were tagged [slide]?": the topics a tag marks
        rf"\b{_TOPIC_NOUN}\b[^?？.]{{0,40}}?\b(?:tagged|labell?ed|marked)\b",
        rf"\bwhich\s+{_TOPIC_NOUN}\s+(?:did|were|was|has|have|are)\b",
    ),
    *_cues(
        "list",
        2.0,
        r"何を(?:発表|紹介|話|取り上げ)",
        r"どんな(?:話題|話|トピック|発表|論文|ブログ|スライド|テーマ)",
        r"\bwhat\s+(?:else\s+)?(?:did|has|have)\s+.{1,40}?\s+(?:present|talk about|cover|share|introduce)",
    ),
    # summary of a session.
    *_cues(
        "summary",
        3.5,
        r"まとめ(?:て|る|を|ると|お願い|おねがい|ちょうだい|頂戴|頼む|たのむ|よろしく|ください|下さい|が?(?:欲しい|ほしい))",
        # 「5月16日回の要点まとめ」: a session's summary, asked as a noun
        r"(?:回|会|日)の?(?:要点)?まとめ\s*[?？]?\s*$",
        r"要約",
        r"振り返",
        r"サマリ",
        r"総括",
        r"ざっくり(?:教えて|知りたい)",
        r"\bsummar(?:y|ise|ize|ies)\b",
        r"\brecap\b|\brun-?down\b|\bhighlights\b",
        r"\bwhat\s+(?:was|got|were|did\s+we)\s+(?:discussed|covered|presented|talked\s+about|cover|discuss)\b",
        r"\boverview\b",
        r"\bwhat\s+happened\b",
        r"どんな回",
        r"何があった",
    ),
    # overview words that summarise only when they are about a session: 「9/26の回の内容をざっくり」
    # 「最新回の要点」 "the gist of the Sept 26 meeting" (「RAGの概要」 "the gist of the paper" ask one topic)
    *_cues(
        "summary",
        2.5,  # over a stray what / 教えて, under 一覧 (「9/26の回の内容を一覧で」 is a list)
        r"概要|要点|ダイジェスト|あらまし|一通り|ひととおり|ざっくり|ざっと|(?:内容|中身)(?=を|は|って|\s*[?？]|\s*$)",
        r"\bgist\b|\bdigest\b|\bwalk\s+(?:me|us)\s+through\b|\bkey\s+points\b|\bmain\s+points\b|\bbrief\b"
        r"|\bagenda\b|\bline-?up\b",
        context=_about_session,
    ),
    # count
    *_cues("count", 4.0, *_COUNTER_JA, context=_of_catalogue),
    *_cues(
        "count",
        4.0,
        r"\bhow\s+many\s+(?!times\b)(?:\S+\s+){0,2}?(?:sessions?|topics?|talks?|papers?|blogs?|slides?|presentations?|"
        r"presenters?|people|speakers?|members?|meetings?|meetups?|gatherings?|get-togethers?|study\s+groups?|notes?|"
        r"articles?)\b",
        r"\bhow\s+many\s+times\b",
        r"\bhow\s+many\s+\[[^\]]{1,12}\]",  # "how many [slide] entries": a tag in brackets is the catalogue's own
        r"\bnumber\s+of\s+(?:\S+\s+){0,2}?(?:sessions?|topics?|talks?|papers?|blogs?|posts?|slides?|decks?|"
        r"presentations?|presenters?|speakers?|articles?|write-?ups?)\b",
        r"\bcount\s+(?:the\s+)?(?:sessions?|topics?|papers?|talks?)\b",
        r"何回分?(?!目)",  # 何回分記録されてる: 分 is the counter's, no topic
        r"回数|総数",
        r"(?:トピック|発表|論文|ブログ|スライド|記事|セッション|発表者)の?数(?![値式学])",
        r"何(?:トピック|テーマ)",
        context=_outside_topic,
    ),
    # rank: the most.
    *_cues(
        "rank",
        4.5,
        r"一番(?:多く|たくさん|多い|よく)",
        r"最も(?:多く|多い)",
        r"もっとも(?:多く|多い)",
        r"最多",
        r"\b(?:the\s+)?most\s+(?:topics|talks|presentations|papers|often|frequently|times)\b",
        r"\bpresented\s+the\s+most\b",
        # "the largest number of presenters", "the highest count of topics": a ranking said by its size
        r"\b(?:the\s+)?(?:largest|biggest|highest|greatest|smallest|lowest)\s+(?:number|count|amount)\s+of\b",
        r"\bmost\s+active\b",
        r"\btop\s+(?:presenters?|speakers?|sessions?|meetings?)\b",
        # a ranking asked as one: トピック数ランキング, rank the presenters (ランキング学習 is a method, not a ranking)
        r"ランキング(?!学習|モデル|手法|タスク|指標|関数|損失|精度)",
        r"\brank(?:ing)?\s+(?:of\s+)?(?:the\s+)?(?:sessions|meetings|presenters|speakers)\b",
        r"\b(?:which|who|what)\b.{0,40}?\bthe\s+most\b",
        r"\b(?:which|who)\b.{0,40}?\b(?:more|fewer|less)\s+(?:topics|talks|presentations|presenters|papers|blogs)\b",
        r"多(?:い|かった)(?:の|方)は(?:どっち|どちら|誰|どの|いつ)",
        r"(?:どっち|どちら)(?:の回)?(?:が|の方が)多",
        r"(?:一番|最も)(?:トピック|発表|論文|ブログ|スライド)?数?(?:が|の)?多(?:い|かった)",
        # the fewest: 一番少なかった回, 発表者が最も少ない, the fewest presenters, the least topics
        # a ranking of the catalogue's own nouns only: 一番エラーが少ない手法 / the least data is a fact question
        rf"{_COUNTED_JA}(?:が|の|数が)?(?:一番|最も|もっとも)少な(?:い|かった|く)",
        rf"(?:一番|最も|もっとも){_COUNTED_JA}(?:が|の)(?:多|少な)(?:い|かった)",  # 一番発表者が多かった回
        rf"(?:一番|最も|もっとも)少な(?:い|かった)(?:回|人|{_SESSION_JA})",
        r"少な(?:い|かった)(?:の|方)は(?:どっち|どちら|誰|どの|いつ)",
        rf"\b(?:which|who|what)\b.{{0,40}}?\b(?:the\s+)?(?:fewest|least)\s+(?:\w+\s+)?{_COUNTED_EN}",
        # a place past the first: "the second most topics", 「2番目に多く発表した」
        # (of the catalogue's own nouns: the second most accurate model of a paper is a fact)
        rf"\b(?:second|third|fourth|2nd|3rd|4th)[\s-]+(?:most|fewest|least)\s+(?:different\s+|distinct\s+)?{_COUNTED_EN}",
        r"\b(?:presented|spoke|talked|gave)\s+the\s+(?:second|third|fourth|2nd|3rd|4th)[\s-]+(?:most|fewest|least)\b",
        rf"{_COUNTED_JA}(?:が|の|数が)?[2-4二三四]番目に(?:多|少な)",
        r"[2-4二三四]番目に(?:多く|少なく)発表",
        rf"[2-4二三四]番目に(?:多|少な)(?:い|かった)(?:回|人|月|タグ|{_SESSION_JA})",
        # the catalogue's months and tags ranked: "which tag is the most common?" (the most common error
        # of a method is a fact), 「一番少ないタグ」, 「トピックが一番多かった月」
        r"\b(?:which|what)\s+(?:tags?|months?)\b(?=.{0,40}?\b(?:most|fewest|least)\b)",
        r"(?:一番|最も|もっとも)(?:多|少な)(?:い|かった)(?:タグ|月)(?!日)",
    ),
    # fact: an amount, a reason, a way, a name — strong enough to win over a stray when/which.
    *_cues(
        "fact",
        3.5,
        r"\bhow\s+(?:much|fast|big|large|long|well|often|accurate|good|many\s+(?!(?:sessions?|topics?|talks?|papers?|"
        r"presentations?|presenters?|people|speakers?|members?|meetings?|times)\b))",
        r"どれ(?:くらい|ぐらい|だけ|ほど)",
        r"どの(?:くらい|ぐらい|程度)",
        r"何(?:倍|%|パーセント|割|点|位|人(?=の(?:被験者|アノテーター)))",
    ),
    # a counter that attaches to something else asks an amount written in a topic: 「専門家は何人?」
    *_cues("fact", 3.5, *_COUNTER_JA, r"何(?:段階|ステップ|種類|層)", context=_of_topic),
    *_cues(
        "fact",
        2.0,
        r"\b(?:how|why|what|which)\b",
        r"どう(?:やって|して|いう|なった|やる|する|すれば|決め|実現|違|なる)?",
        r"なぜ|何故|なんで|理由",
        r"何(?:が|を|で|と|の)",
        r"どの(?!" + _SESSION_JA + r")",
        r"どんな",
        r"教えて",
    ),
)

# Who made, built or released a thing (Apple made Ferret-UI, HyperWrite released Reflection 70B): a name the
# notes state, as "which company" asks it — not who presented it, which "who presented / shared / wrote" asks.
_MAKER = (
    r"\bwho\s+(?:made|makes|developed|develops|built|builds|created|creates|released|releases|proposed|"
    r"published|designed|invented|trained|open[- ]sourced)\b"
    r"|(?:誰|だれ|どなた)が(?:作|つく|開発|提案|公開|リリース)"
)

# Look-alikes: a cue that overlaps one of these is not the question's own word.
BLOCKERS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I | re.A)
    for p in (
        r"\bwhen\s+\w+ing\b",  # "when switching languages": a clause, not "when did…"
        r"\bwhen\s+(?:the|a|an|you|we|they|it|there|using|training|models?)\s+\w+(?:s|ed)\b(?!\s*\?$)",
        r"\b(?:anyone|someone|people|those|everyone|person|users?|engineers?|teams?)\s+who\b",
        r"\bwho\s+(?:want|wants|need|needs|use|uses|can|could|would|should)\b",
        _MAKER,  # "who made Ferret-UI?": its maker, a fact of the notes, not the member who presented it
        r"誰でも|誰も",
        r"いつも|いつか|いつでも",
        r"どれくらい|どれぐらい|どれだけ|どれほど|どれも",
        r"チェックリスト|ToDoリスト|リストア",
        r"\bmost\s+(?:important|useful|interesting|common|likely|popular)\b",
        r"\bmost\s+recent(?:ly)?\b",  # "the most recent session" is the latest one, no ranking
        r"\bat\s+least\b|\bleast\s+(?:squares?|important|useful|likely)\b",
        r"\bat\s+first\b|\bfirst\s+(?:step|time|author|stage|phase|layer|half)\b",
        r"\blast\s+(?:layer|step|stage|phase|token)s?\b",
        r"(?:最初|最後)に(?!発表|話)",
        r"一番(?:良い|いい|大事|重要|効果|高い|低い|速い|大きい|小さい)",
    )
)


def kind_scores(text: str) -> dict[Kind, float]:
    """The strongest cue of each kind found in ``text`` (cues inside look-alike phrases left out)."""
    blocked = [m.span() for b in BLOCKERS for m in b.finditer(text)]
    scores: dict[Kind, float] = {}
    for cue in CUES:
        for m in cue.pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in blocked) or not cue.holds(text, m):
                continue
            scores[cue.kind] = max(scores.get(cue.kind, 0.0), cue.weight)
    return scores


# When two kinds' cues are equally strong, the more specific one wins.
_PRIORITY: tuple[Kind, ...] = ("rank", "count", "summary", "who", "list", "sessions", "fact")


def read_kind(text: str) -> Kind:
    """The kind of answer ``text`` asks for (``fact`` when no cue says otherwise)."""
    scores = kind_scores(text)
    if not scores:
        return "fact"
    best = max(scores.values())
    return next(k for k in _PRIORITY if scores.get(k) == best)


# Phrases that only shape a question (Japanese question words are dropped term by term later, see
# rag.store.lexical.QUESTION_TERMS, so no word is cut in half here).
# The notes' own record is no topic either: 「記録上いちばん最初の回」, 何回分記録されてる, "on record".
_FRAMING = re.compile(
    r"[?？!！、。「」]|\b(?:when|who|what|which|whose|whom|how|why|where)\b"
    r"|記録上|記録(?:され|に残っ)て(?:い|ま)?(?:る|す)?|\bon\s+record\b|\bin\s+the\s+records?\b",
    re.I,
)


def strip_framing(text: str) -> str:
    """``text`` without its question marks, question words and the phrases that said what kind of answer
    it wants (何回, 一番多く, 一覧, summarise…): the topic words that remain."""
    text = cut_spans(text, [m.span() for cue in CUES for m in cue.pattern.finditer(text)])
    return " ".join(_FRAMING.sub(" ", text).split())


_AMOUNT = re.compile(
    r"\bhow\s+(?:much|many|fast|big|large|long|often|accurate|far|high|low)\b|\bwhat\s+(?:percentage|ratio|number|score|rate)\b"
    # a year or a rank is a figure too: "since what year", "in which year", "what percentile"
    r"|\b(?:what|which)\s+(?:year|percentile)\b|\bsince\s+when\b"
    r"|どれ(?:くらい|ぐらい|だけ|ほど)|どの(?:くらい|ぐらい|程度)|何(?:倍|%|パーセント|割|点|位|人|名|件|個|回|つ|年|ヶ月|ポイント)"
    r"|いくつ|いくら|人数|件数|割合|スコア|精度",
    re.I,
)
_NAMING = re.compile(
    r"\b(?:which|what)\s+(?:tool|tools|format|formats|library|framework|model|models|service|method|algorithm|"
    r"benchmark|dataset|metric|language|organi[sz]ation|company|companies|lab|institution|university|team)s?\b"
    r"|\bwhat\s+(?:was|is|were)\s+used\b|\bwhere\s+(?:are|were|is|was)\s+(?:the\s+)?(?:authors?|researchers?)\b"
    r"|どの(?:ツール|形式|フォーマット|ライブラリ|フレームワーク|モデル|サービス|手法|ベンチマーク|データセット|指標|会社|企業|組織)"
    r"|どこの(?:会社|企業|組織|研究所|大学|チーム|人)|所属|何(?:を使|で)|どんな(?:ツール|手法|モデル|形式)|" + _MAKER,
    re.I,
)


_SHARE = re.compile(
    r"\b(?:what|which)\s+(?:percentage|percent|share|proportion|fraction)\b|\bby\s+what\s+(?:percent|percentage)\b"
    r"|\bhow\s+many\s+percent\b|\bpercentage\s+(?:of|did|was|is)\b|何(?:%|％|パーセント|割)|何割",
    re.I,
)


def asks_share(text: str) -> bool:
    """Whether the question asks for a share: what percentage / by what percent / 何% / 何割 — a figure the
    notes must give (a share, not "what percentile", not どのくらいの割合, which a ratio or a share answers)."""
    return bool(_SHARE.search(text))


def asks_amount(text: str) -> bool:
    """Whether the question asks for an amount: how much / how many / どれくらい / 何倍."""
    return bool(_AMOUNT.search(text))


def asks_name(text: str) -> bool:
    """Whether the question asks for a name: which tool / which format / 何を使った."""
    return bool(_NAMING.search(text))
