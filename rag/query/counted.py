"""What a count, "all" or "who presented" word attaches to, read from the words around it.

A count question counts the catalogue: sessions, topics (papers, blogs, slides) and presenters —
「発表者は何人?」「[論文]は何件?」"how many sessions". The same counters ask a number written inside one
topic when they attach to anything else: 「専門家は何人?」「ラベルを何個用意した?」, or when the count is
scoped to one topic's contents: 「表データのブログでは論文が何本紹介されてた?」 "in the blog on …, how
many papers were introduced?". 全部 asks for every topic, but 「全部で何ステップ?」 is a total and
「サーベイの中身をざっくり全部教えて」 one topic's contents. 「発表したのは誰?」 asks a member, but
「発表したのはどこの会社?」 an organisation the notes name.
"""

from __future__ import annotations

import re

# The catalogue's own nouns, as the noun a Japanese counter attaches to ends: 発表者, [論文], ブログ, 回…
_CATALOGUE_NOUN_JA = re.compile(
    r"(?:発表者|登壇者|紹介者|発表|登壇|紹介|資料|話題|ネタ|投稿|エントリー?|トピック|テーマ|論文|ブログ|スライド|記事|"
    r"セッション|勉強会|回|メンバー|人|方|"
    r"(?:発表|登壇|紹介)(?:した|して(?:い)?た|する|された)(?:の|人|方)|"  # 「発表したのは何人?」: the presenters
    r"タグ|\]|\)|paper|blog|slide|topic)$",
    re.I,
)
# The noun before a counter and its particle: 「被験者って全部で」「ラベルを」「論文が」.
_ATTACHED_JA = re.compile(
    r"([\w\]\)ー]+?)(?:さん)?(?:は|が|を|って|の数は|も|の)\s*(?:全部で|ぜんぶで|全体で|合計で?|トータルで|総数で|計)?\s*$"
)
# A noun ending right where the counter starts, no particle between (「Eloいくつ」「発表者何人」).
_BARE_NOUN_JA = re.compile(r"([A-Za-z0-9ァ-ヶー一-龥\]\)]+)\s*$")
# A word that says "in total", not what is counted (「トピック合計いくつ」).
_TOTAL_WORD_JA = re.compile(r"(?:全部|全体|合計|総数|総計|トータル|計)$")
# A scope that is the catalogue's own (a session, a month, the whole notes): 「9月26日には何人」 counts.
_SESSION_SCOPE_JA = re.compile(r"(?:日|回|月|週|年|セッション|勉強会|全体|ノート|全部|合計|\d)$")
# A count scoped to one topic's contents: 「…ブログでは」「この論文の中で」 (a session scope, 回では, is a count).
_TOPIC_SCOPE_JA = re.compile(r"(?:ブログ|論文|記事|スライド|サーベイ|ポスト)(?:では|で|の中で|内で|中で|の中では)")
_TOPIC_SCOPE_EN = re.compile(
    r"\b(?:in|within|inside)\s+(?:the|that|this)\s+(?:[\w'-]+\s+){0,3}?(?:blog|paper|post|article|survey|slides?|"
    r"talk|presentation|study(?!\s+group)|experiments?|dataset)\b(?:\s+(?:on|about|that|which|where|by|from)\b)?",
    re.I,
)
# Who a verb's subject is: the member who presented, unless an organisation is asked for.
_ORGANISATION_JA = re.compile(
    r"\s*(?:は|って)\s*(?:どこ|どの|何処|何社|何て(?:会社|企業|組織))|\s*(?:会社|企業|組織|機関|大学|研究所|チーム)"
)
# 全部 with a counter after it is a total (全部で何人); with contents before it, one topic's contents.
_TOTAL_AFTER = re.compile(r"\s*(?:で|の)?\s*(?:何|いくつ|いくら)")
_CONTENTS_BEFORE = re.compile(
    r"(?:中身|内容|詳細|ポイント|要点|仕組み|手順|特徴)(?:を|は|って)?\s*(?:ざっくり|ざっと)?\s*$"
)
_SESSION_OWNER = re.compile(r"(?:回|日|セッション|勉強会|週|\d)の(?:中身|内容|詳細|ポイント|要点)")


# A session's date just before the counter's particle is its scope: 「9/19は何人発表した?」「9月26日って何件?」.
_DATE_SCOPE_JA = re.compile(
    r"(?:\d{1,2}/\d{1,2}|\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})\s*(?:は|って|も)\s*"
    r"(?:全部で|ぜんぶで|全体で|合計で?|トータルで|計)?\s*$"
)


def counts_catalogue(text: str, start: int) -> bool:
    """Whether the Japanese counter at ``start`` counts the catalogue's sessions, topics or presenters
    (「発表者は何人?」「何人が発表した?」「9/19は何人発表した?」) rather than a number inside a topic
    (「専門家は何人?」)."""
    before = text[:start]
    if _TOPIC_SCOPE_JA.search(before) or _TOPIC_SCOPE_EN.search(text):
        return False
    if _DATE_SCOPE_JA.search(before):
        return True
    m = _ATTACHED_JA.search(before)
    if m is None:
        # 「Eloいくつ?」「スコア何点?」: a noun written right against the counter, with no particle, is what it
        # counts; 「何人が発表した?」 has no noun of its own and counts the presenters.
        bare = _BARE_NOUN_JA.search(before)
        if bare is None or _TOTAL_WORD_JA.search(bare[1]):
            return True
        return bool(_CATALOGUE_NOUN_JA.search(bare[1]))
    noun = m.group(1)
    if noun.endswith(("に", "で")):  # a scope (「9月26日には」「WikiSQEでは」), not what is counted
        return bool(_SESSION_SCOPE_JA.search(noun[:-1]))
    return bool(_CATALOGUE_NOUN_JA.search(noun))


def counts_in_topic(text: str) -> bool:
    """Whether an English count is scoped to one topic's contents ("in the blog on …, how many papers")."""
    return bool(_TOPIC_SCOPE_EN.search(text))


# A thing a clause describes just before 全部: 「評価に使ったデータセットを全部」 — every dataset, inside a topic —
# unless the thing is a topic (「Itoさんが発表したトピックを全部」).
_THING_BEFORE = re.compile(r"(?:た|る)([ァ-ヶーA-Za-z一-龥]{1,12})(?:を|は|って)?\s*$")
_TOPIC_THING = re.compile(r"^(?:トピック|発表|話題?|論文|ブログ|スライド|記事|テーマ|タイトル|もの|やつ|回)$")


def lists_topics(text: str, start: int, end: int) -> bool:
    """Whether 全部 / すべて at ``start:end`` asks for every topic: not a total (全部で何ステップ) nor
    contents (「サーベイの中身を全部教えて」 one topic's; 「9/26の回の内容を全部教えて」 a session's, a summary;
    「評価に使ったデータセットを全部」 the things a topic names)."""
    if _TOTAL_AFTER.match(text, end):
        return False
    thing = _THING_BEFORE.search(text[:start])
    if thing and not _TOPIC_THING.match(thing[1]):
        return False
    return not _CONTENTS_BEFORE.search(text[:start])


# A session named just before an overview word: 「9/26の回の内容」「最新回の要点」「勉強会について概要を」.
_SESSION_BEFORE_JA = re.compile(
    r"(?:回|勉強会|セッション|ミーティング|\d日|\d)(?:について|に関して|の|で|は|って)?\s*(?:全体|全部)?(?:の|を)?\s*$"
)
# A session (or its date) just after one: "the gist of the Sept 26 meeting", "walk me through the May session".
_SESSION_AFTER_EN = re.compile(
    r"\s*(?:of|from|for|at|on|in)?\s*(?:everything\s+(?:from|at|in)\s+)?(?:the\s+|that\s+|our\s+|last\s+|latest\s+)?"
    r"(?:[\w/'-]+\s+){0,3}?(?:sessions?|meetings?|get-?togethers?|meetups?|week)\b",
    re.I,
)
_SESSION_BEFORE_EN = re.compile(r"\b(?:sessions?|meetings?|get-?togethers?|meetups?)(?:'s)?\s*$", re.I)


def of_a_session(text: str, start: int, end: int) -> bool:
    """Whether an overview word at ``start:end`` (概要, 要点, ざっくり, gist, key points) is about a session —
    「9/26の回の要点」, "the gist of the Sept 26 meeting" — not about one topic (「RAGの概要」)."""
    before = text[:start]
    return bool(
        _SESSION_BEFORE_JA.search(before)
        or _SESSION_BEFORE_EN.search(before)
        or _SESSION_AFTER_EN.match(text, end)
        or _SESSION_OWNER.search(before[-12:])
    )


def asks_presenter(text: str, end: int) -> bool:
    """Whether 「発表したの」 ending at ``end`` asks a member, not an organisation (「発表したのはどこの会社?」)."""
    return not _ORGANISATION_JA.match(text, end)
