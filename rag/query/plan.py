"""A question (and the conversation before it) → its Query, decided once and passed down the pipeline.

The plan: the kind of answer (rag.query.kinds), the time it names resolved against the sessions
(rag.query.dates), the presenter and tag resolved against the catalogue (rag.query.names), the topic
words left over, their specific terms (rag.query.specific), and what the question names that the notes
don't have. Kinds then settle on what the question can be answered from: a "who" or "when" without a
topic but with a date is a list of that session's topics; a session named by its place (前回, the latest)
is an overview of that session unless the question asks something about it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from rag.errors import QuestionError
from rag.query.bridges import acronym_terms, concept_terms
from rag.query.calendar_words import plain_calendar
from rag.query.compounds import compound_topic
from rag.query.dates import TAGGED_TALK, Dates, read_dates, talk_position
from rag.query.followup import Resolved, as_turns, mentioned, resolve_followup, turn_days
from rag.query.framing import without_source
from rag.query.kinds import kind_scores, read_kind, strip_framing
from rag.query.loanwords import acronym_spelled, english_terms, loanword_terms, spelled_in_english
from rag.query.names import Names, Tag, read_presenter, read_tag, without_tag
from rag.query.occurrence import occurrence_clause, read_occurrence
from rag.query.specific import specific_terms
from rag.query.talks import talk_step
from rag.query.tally import extreme, tally
from rag.store.lexical import question_terms, topic_terms
from rag.text import is_japanese, presenter_matches
from rag.types import Counted, Filters, Kind, Query, Unknown

if TYPE_CHECKING:
    from rag.llm.base import ChatLLM
    from rag.query.followup import History
    from rag.store.catalogue import Catalogue
    from rag.store.lexical import Tokenizer

MAX_QUESTION_CHARS = 2000  # the model reads ~512 tokens; the rest would only slow tokenising

# Words for the study group and its parts: what a count or a list is of, not what it is about.
_GENERIC = frozenset(
    "勉強 会 勉強会 セッション ミーティング ノート 全体 全部 全て 数 合計 トータル 多い 一番 最も 以上 "
    "各回 各 毎回 回ごと 発表 発表者 紹介 登壇 資料 内容 件 人 タグ 付く トピック 少ない 開く 開催 行う うち 参加 全 "
    "session meet meeting study group note notes total overall number count present presenter talk topic "
    "differ distinct separ each every per give gave given shown show fewest least tag deck spoke speak introduc "
    "held hold holds got overal write up post bring brought across altogeth meetup gather entri item top all studi "
    "pleas we've between among appear attend".split()
)
_EVERYONE = frozenset(
    "全員 皆 みんな 皆さん 全部 全て すべて それぞれ 各自 発表者 登壇者 "
    "everyon everybodi everi all name list each present presenter speaker".split()
)
_STRANDED = frozenset("で は が の を に と も へ や か ね よ な から まで より って".split())
_COUNT_SESSIONS = re.compile(
    r"sessions?|meetings?|meetups?|gatherings?|get-togethers?|study\s+groups?|times|回(?!目)|セッション|勉強会|日", re.I
)
_COUNT_PRESENTERS = re.compile(r"presenters?|people|speakers?|members?|persons?|人|名|発表者|誰", re.I)
_COUNT_TOPICS = re.compile(
    r"topics?|talks?|papers?|blogs?|slides?|presentations?|articles?|件|本|トピック|発表|論文|ブログ", re.I
)
# A ranking of sessions (not of presenters): which session / どの回 / いつ / 一番多かった回 / the session with the most.
_RANK_SESSIONS = re.compile(
    r"\bwhich\s+(?:session|meeting|day|date|week)|\bwhen\b|どの(?:回|日|セッション)|いつ|(?:た|の)回(?:は|を|って|が|の)"
    r"|(?:多|少な)(?:い|かった)回|\b(?:session|meeting|day)s?\s+(?:with|that\s+had|which\s+had|had)\s+the\s+"
    r"(?:most|fewest|least)",
    re.I,
)
# What a session ranking tallies: its distinct presenters ("the most different presenters", 発表者が一番少ない回).
_RANK_BY_PRESENTERS = re.compile(r"\b(?:presenters|speakers|people)\b|発表者|人数|発表した人", re.I)
# What a presenters ranking tallies when it is their sessions: "appeared in the most sessions", 一番多くの回で.
_RANK_BY_SESSIONS = re.compile(
    r"\b(?:most|fewest|least|more|fewer)\s+(?:different\s+|separate\s+)?(?:sessions|meetings)\b"
    r"|(?:多く|たくさん|少ない|多い)の(?:回|セッション|勉強会)",
    re.I,
)
# What a ranking tallies, said as the noun it calls the most or fewest: 「トピックが一番多かった回」 (topics, though
# 発表者 comes later: 「…回の発表者は誰?」 asks who presented there), 「発表した回が一番多いのは誰?」 (sessions: 回 is
# the subject of 多い), "the session with the most presenters", "who presented at the fewest sessions".
_TALLY_NOUN_JA = re.compile(
    r"(トピック|発表者|人数|発表|論文|ブログ|記事|スライド|回数|回|セッション|勉強会|人)(?:の数)?(?:が|の)\s*"
    r"(?:一番|最も|いちばん|もっとも)?\s*(?:多|少な)"
)
_TALLY_NOUN_EN = re.compile(
    r"\b(?:most|fewest|least|more|fewer)\s+(?:different\s+|distinct\s+|separate\s+)?"
    r"(topics?|talks?|presentations?|papers?|posts?|presenters?|speakers?|people|sessions?|meetings?)\b",
    re.I,
)
_TALLIES: dict[str, Counted] = {
    **dict.fromkeys("トピック 発表 論文 ブログ 記事 スライド topic talk presentation paper post".split(), "topics"),
    **dict.fromkeys("発表者 人数 人 presenter speaker people".split(), "presenters"),
    **dict.fromkeys("回数 回 セッション 勉強会 session meeting".split(), "sessions"),
}


def _tallied(text: str) -> Counted | None:
    """What the question's ranking tallies, by the noun it says the most or fewest of; None when it names none."""
    m = _TALLY_NOUN_JA.search(text) or _TALLY_NOUN_EN.search(text)
    if m is None:
        return None
    noun = m.group(1).lower()
    return _TALLIES.get(noun) or _TALLIES.get(noun.rstrip("s"))


# A ranking grouped by month or by tag, not by session or presenter: "which month had the most topics?",
# 「トピックが一番多かった月」, "which tag is the most common?", 「一番多いタグ」 (a month named by its number, 9月,
# is a date, and タグなし is no tag).
_RANK_BY_MONTH = re.compile(
    r"\b(?:which|what)\s+months?\b|\bmonths?\s+(?:with|had|that\s+had)\b"
    r"|(?<![0-9〇一二三四五六七八九十今先来毎翌前同])月(?:は|が|って|を|ごと|別|\s*[??]|\s*$)",
    re.I,
)
_RANK_BY_TAG = re.compile(
    r"\b(?:which|what)\s+tags?\b|\b(?:most|least)\s+(?:common|frequent|used|popular)\s+tags?\b"
    r"|(?:多|少な)(?:い|かった)タグ|タグ(?:は|が|で)(?:どれ|何|一番|最も|もっとも)|タグ(?:ごと|別)",
    re.I,
)
# The place of a ranking asked for, past the first: "the second most", 「2番目に多い」, 「二番目に少ない」.
_PLACE_EN = re.compile(r"\b(second|third|fourth|2nd|3rd|4th)[\s-]+(?:most|fewest|least|highest|lowest|largest)\b", re.I)
_PLACE_JA = re.compile(r"([2-4二三四])番目に(?:多|少な)")
_PLACES = dict(zip("second third fourth 2nd 3rd 4th 2 3 4 二 三 四".split(), (2, 3, 4) * 4, strict=True))
# The words that only say which ranking is asked: they are no topic of it.
_RANK_WORDS = frozenset(
    "月 month months tag tags common frequent popular second third fourth 2nd 3rd 4th 番 目".split()
)


def _rank_by(text: str) -> Literal["", "months", "tags"]:
    """What a ranking groups its topics by when it names a month or a tag as what is ranked; else ""."""
    if _RANK_BY_TAG.search(text):
        return "tags"
    return "months" if _RANK_BY_MONTH.search(text) else ""


def _rank_measure(text: str, rank_by: str, measure: Counted) -> Counted:
    """What a ranking tallies: for months their sessions when sessions are what is said the most of
    ("which month had the most sessions?", 「勉強会が一番多かった月」), else what ``_ranking`` read."""
    if rank_by == "months":
        return "sessions" if _tallied(text) == "sessions" else "topics"
    return measure


def _place(text: str) -> int:
    """The place of a ranking the question asks for: 2 for "the second most", 1 when it names none."""
    m = _PLACE_EN.search(text) or _PLACE_JA.search(text)
    return _PLACES[m.group(1).lower()] if m else 1


_FEWEST = re.compile(r"(?<!at )\b(?:fewest|least|fewer|less|smallest|lowest)\b|少な(?:い|かった|く)|最少", re.I)
# A ranking of people: who / which presenter / 誰 / 人 — else one that names sessions ranks them.
_RANK_PEOPLE = re.compile(
    r"\bwho\b|\bwhich\s+(?:presenter|person|speaker|member)|誰|だれ|どなた|人(?:は|が|って)", re.I
)
_NAMES_SESSIONS = re.compile(r"\b(?:sessions?|meetings?)\b|回(?!目)", re.I)
# A count broken down by presenter: "how many talks did each presenter give", 発表者ごとの件数.
_PER_PRESENTER = re.compile(
    r"\b(?:each|every|per)\s+(?:presenter|person|speaker|member)\b|\bby\s+presenter\b"
    r"|発表者(?:ごと|毎|別)|各発表者|人ごと|一人(?:ずつ|あたり|当たり)|それぞれの(?:人|発表者)",
    re.I,
)


def clean_question(question: str) -> str:
    """The question with surrounding space removed; raises if there is nothing to search for."""
    q = " ".join(question.split())
    if not q:
        raise QuestionError("The question is empty: type what you want to know about the notes.")
    if not any(ch.isalnum() for ch in q):
        raise QuestionError("The question has no words to search for (only symbols or emoji): add a few words.")
    return q[:MAX_QUESTION_CHARS]


def plan_query(
    question: str,
    catalogue: Catalogue,
    tokenizer: Tokenizer,
    filters: Filters | None = None,
    history: History = (),
    llm: ChatLLM | None = None,
    *,
    in_notes: Callable[[str], bool] = lambda _word: False,
    english_of: Callable[[str], Sequence[str]] = lambda _word: (),
    acronym_of: Callable[[str, str], str | None] = lambda _text, _word: None,
    today: dt.date | None = None,
) -> Query:
    """What the question asks, resolved against what the index holds (see the module's docstring).

    ``history``: earlier turns (a follow-up is made standalone first); ``filters`` given explicitly win
    over the ones the question names; ``in_notes`` says whether a word occurs in the notes (a name in a
    presenter's place that does is a topic, not an unknown presenter); ``english_of`` gives the notes'
    English spelling of a katakana word (セージメーカー → SageMaker), ``acronym_of`` the acronym they write
    for a run of a text's words holding a word (International Olympiad in Informatics → IOI); ``today``
    resolves 先月/last month.
    """
    q = clean_question(question)
    resolved = resolve_followup(q, history, llm, catalogue.sessions, catalogue.presenters) if history else Resolved(q)
    text = without_source(plain_calendar(unicodedata.normalize("NFKC", resolved.text)))
    dates = read_dates(text, catalogue.sessions, today)
    clause = occurrence_clause(text) if dates.position in ("first", "latest") and not dates.both_ends else None
    clause = clause if clause and _described_by_topic(dates.rest, tokenizer) else None
    if clause:  # "the first session that mentioned RAG", 「RAGが出た最初の回」: when RAG first came up
        dates = Dates(rest=dates.rest)
    dates, anchor_terms = _anchored_by_topic(dates, text, catalogue, tokenizer)
    names = read_presenter(dates.rest, catalogue.presenters, in_notes, tokenizer.reading)
    step = talk_step(text, names.presenter, catalogue, tokenizer) if not resolved.session else None
    if step is not None and step.target is None and names.presenter:  # none there: said so, with their talk
        detail = (step.step, names.presenter, step.anchor.date or "", step.anchor.title)
        none_after = (Unknown("talk", step.anchor.title, detail),)
        return _whole_topics(q, resolved.text, "list", filters, Filters(), unknown=none_after)
    if step is not None and step.target is not None and step.target.date and names.presenter:
        # 「CREPEの発表のあと、伊藤さんが次に発表したのは?」: the presenter's own next (or previous) talk
        day = dt.date.fromisoformat(step.target.date)
        theirs = Filters(since=day, until=day, presenter=names.presenter)
        return _whole_topics(q, resolved.text, "list", filters, theirs, exclude=step.others)
    by_presenter = names.presenter
    content = read_kind(text)
    if _UNDATED.search(text) and any(not c.date for c in catalogue.topics):
        # 「日付のないノートの要点は?」, "summarise the undated note": the documents without a session date,
        # summarised (or listed, counted) whole — unless it asks something inside them (a fact, searched)
        rest = _CONTENTS.sub(" ", _UNDATED.sub(" ", text))
        asks_inside = content in ("fact", "who", "sessions") and bool(_catalogue_terms(rest, tokenizer))
        if not asks_inside:
            whole: Kind = content if content in ("list", "count", "summary") else "summary"
            return _whole_topics(q, resolved.text, whole, filters, Filters(undated=True))
    dates, names, neighbours = _anchored_by_presenter(dates, names, text, catalogue, bool(anchor_terms))
    by_presenter = by_presenter if names.presenter is None else None
    tagged_talk = dates.position is None and bool(TAGGED_TALK.search(names.rest))
    talk = talk_position(names.rest) if dates.position is None and (names.presenter or tagged_talk) else None
    if talk is not None:  # "Kamikawa's first talk", "the first paper": the first of their own sessions (below)
        dates, names = dataclasses.replace(dates, position=talk[0]), dataclasses.replace(names, rest=talk[1])
    content = "sessions" if clause else read_kind(text)
    if resolved.among_previous and content in ("fact", "sessions"):
        content = "list"  # "which of those were papers?": the previous answer's topics, narrowed
    list_like = content in ("list", "count", "rank")
    tag = read_tag(
        text, catalogue.tags, list_like=list_like or tagged_talk or content in ("sessions", "summary"), loose=list_like
    )
    if not (tag.tag or tag.untagged) and content in ("fact", "who"):
        # "Slide decks presented in September?", 「スライドで発表したのは誰?」: a tag and nothing else to look
        # for asks for the topics with that tag.
        tagged = read_tag(text, catalogue.tags, list_like=True, loose=False)
        if (tagged.tag or tagged.untagged) and not _catalogue_terms(without_tag(names.rest, tagged), tokenizer):
            content, tag = "list", tagged
    rest = without_tag(names.rest, tag)
    topic = strip_framing(rest)
    # The topic's terms as BM25 and the gate read them — or none, when nothing in it can carry a topic
    # (requests, politeness, generic nouns: 「一覧で教えていただけますか」 has no topic).
    terms = tuple(question_terms(tokenizer, topic)) if topic_terms(tokenizer, topic) else ()
    # What cutting a cue or a name leaves stranded says nothing: a particle (全部で → で), a possessive's s.
    terms = tuple(t for t in terms if t not in _STRANDED and not (len(t) == 1 and t.isascii()))
    # "何回勉強会があった?", "when did the group last meet?": the group itself is no topic
    if content in ("count", "rank", "summary", "list") or dates.position is not None:
        terms = tuple(t for t in terms if t not in _GENERIC | _PLACE_WORDS and t not in anchor_terms)
    if dates.position is not None:  # what cutting the place out leaves: 「Ferret-UIの回 で発表…」, "Kitaoka's"
        terms = tuple(t for t in terms if not _LEFTOVER.fullmatch(t))
    if anchor_terms or by_presenter:  # "after Kamikawa's o1 slides": the kind of talk anchored is the anchor too
        terms = tuple(t for t in terms if t not in _TALK_NOUNS)
    if content == "who":  # "name every presenter of the Sept 19 meeting", 「発表した人を全員」: all of them, no topic
        terms = tuple(t for t in terms if t not in _EVERYONE)
    if content == "rank":  # "which month had the most?", 「2番目に多い」: what is ranked, and its place, not a topic
        terms = tuple(t for t in terms if t.lower() not in _RANK_WORDS and t != "多い")
    if content == "summary" and dates.session is None and dates.since is None and _SESSION_OF_TOPIC.search(text):
        # 「CREPEが紹介された回の内容をまとめて」: the session of that topic, summarised whole
        found = topic_session(rest, text, catalogue, tokenizer)
        if found is not None:
            dates = dataclasses.replace(dates, since=found[0], until=found[0], session=found[0])
            terms = tuple(t for t in terms if t not in found[1] and t not in _TALK_NOUNS)
    if content in ("summary", "rank"):  # "9月の2回をまとめて", "the two September meetings": how many, not what about
        terms = tuple(t for t in terms if not t.isdigit() and t not in ("both", "two", "all"))
    if (
        dates.position in ("latest", "first")
        and not dates.both_ends
        and resolved.session is None
        and (names.presenter or tag.tag)
    ):
        dates = _own_session(dates, catalogue, Filters(presenter=names.presenter, tag=tag.tag))
    group, measure, fewest = _ranking(text)
    nested = _nested_in(text) if content == "rank" and group == "sessions" and not terms else None
    if nested is not None:
        # "Summarise the session with the most topics": the ranking picks the session, which is then
        # summarised (or listed) whole.
        pool = Filters(since=dates.since, until=dates.until, presenter=names.presenter, tag=tag.tag)
        top = extreme(tally((c for c in catalogue.topics if pool.accepts(c)), "sessions", measure), fewest)
        if top:
            day = dt.date.fromisoformat(top[0])
            dates = dataclasses.replace(dates, since=day, until=day, position=None, session=day)
            content, tag, names = nested, Tag(None), dataclasses.replace(names, presenter=None)
    # English words the notes write in katakana (multimodal → マルチモーダル) are searched so too.
    loanwords = loanword_terms(topic, tokenizer, in_notes) if terms else ()
    if anchor_terms:  # the anchor's name in katakana is the anchor too ("GPU Puzzles" → パズル)
        loanwords = tuple(pair for pair in loanwords if not set(question_terms(tokenizer, pair[0])) <= anchor_terms)
    # A concept's other names the notes use (statistical testing → 統計的検定) are searched too.
    loanwords += concept_terms(topic, tokenizer, in_notes) + acronym_terms(topic, tokenizer, in_notes) if terms else ()
    # Katakana for a word the notes write in English (ルッカー: Looker) is searched as the notes spell it.
    loanwords += english_terms(topic, tokenizer, in_notes, english_of) if terms else ()
    specific = spelled_in_english(specific_terms(topic, tokenizer, text), in_notes, english_of)
    # Words the notes write only as an acronym (International Olympiad in Informatics: IOI) are the acronym.
    specific, shortened = acronym_spelled(topic, specific, tokenizer, in_notes, acronym_of)
    loanwords += shortened if terms else ()
    terms += tuple(dict.fromkeys(kana for _, kana in loanwords if kana not in terms))
    if anchor_terms and dates.session is not None and dates.day is not None:
        terms = _about_the_session(terms, dates.day, dates.session, catalogue)
    if history and _elliptical(resolved, content, terms, dates, names.presenter, tag, text):
        # "who presented?" right after an answer about one session: that session's presenters
        last_session = _only_session(history, catalogue.sessions)
        resolved = dataclasses.replace(resolved, session=last_session) if last_session else resolved
    named = not dates.unknown  # a time the notes have no session in filters nothing: it is answered as such
    implied = Filters(
        since=resolved.session or dates.session or (dates.since if named else None),
        until=resolved.session or dates.session or (dates.until if named else None),
        presenter=resolved.presenter or names.presenter,
        tag=tag.tag,
        untagged=tag.untagged,
    )
    if dates.position is not None and dates.session is None and resolved.session is None and not dates.both_ends:
        implied = Filters(presenter=resolved.presenter or names.presenter, tag=tag.tag, untagged=tag.untagged)
    previous_list = _listed_before(resolved, catalogue, tokenizer, in_notes, today)
    if previous_list is not None:  # "which of those were papers?" after a list: that list's filters, narrowed
        implied = implied.merged(previous_list)
    kind = _settle(content, dates, terms, implied, bool(resolved.session), catalogue.sessions)
    occurrence, said = (None, "") if kind != "sessions" else (clause, "") if clause else read_occurrence(text)
    if occurrence:  # "When did we first talk about RAG?": 'first' says which session, it is no topic
        said_terms = set(question_terms(tokenizer, said))
        terms = tuple(t for t in terms if t not in said_terms)
    if dates.both_ends and not terms and kind not in ("count", "rank"):
        kind = "first"  # the two end sessions, from the catalogue (among a presenter's own, if one is named)
    if kind == "latest" and implied.since is None and dates.position is None and catalogue.sessions:
        last = catalogue.sessions[-1]  # "summarise the notes": the latest session's overview, not nothing
        implied = dataclasses.replace(implied, since=last, until=last)
    unknown = tuple(
        u
        for u in (
            Unknown("presenter", names.unknown_presenter) if names.unknown_presenter else None,
            Unknown("date", dates.unknown) if dates.unknown else None,
            Unknown("tag", tag.unknown) if tag.unknown else None,
            Unknown("session", str(dates.missing_ordinal)) if dates.missing_ordinal else None,
        )
        if u is not None
    )
    rank_by = _rank_by(text) if kind == "rank" else ""
    return Query(
        question=q,
        text=resolved.text,
        kind=kind,
        filters=filters.merged(implied) if filters is not None else implied,
        topic=topic,
        terms=terms,
        japanese=is_japanese(q),
        specific=specific if kind in ("fact", "who", "sessions", "count") else (),
        compound=compound_topic(topic, tokenizer) if kind in ("fact", "who", "sessions") and not is_japanese(q) else (),
        unknown=unknown,
        anchor=dates.day if dates.position in ("before", "after") else None,
        anchor_missing=dates.no_session_at if dates.position in ("before", "after") else "",
        neighbours=neighbours if kind in ("before", "after") else (),
        anchored_by=by_presenter if neighbours and kind in ("before", "after") else None,
        steps=dates.steps if kind in ("before", "after") else 1,
        both_ends=dates.both_ends and kind == "first",
        within=(dates.since, dates.until) if _ranged_place(dates) and kind in ("latest", "first") else None,
        counted=_counted(kind, text),
        fewest=kind == "rank" and fewest,
        measure=_rank_measure(text, rank_by, measure) if kind == "rank" else "topics",
        rank_by=rank_by,
        place=_place(text) if kind == "rank" else 1,
        per_presenter=kind == "count" and bool(_PER_PRESENTER.search(text)),
        occurrence=occurrence,
        exclude=() if previous_list is not None else _already_given(resolved, catalogue, q),
        prefer=_referents(resolved, catalogue) if kind in ("fact", "who") else (),
        loanwords=loanwords,
        tag_worded=kind == "sessions" and tag.worded and bool(terms) and not (filters is not None and filters.tag),
    )


def _whole_topics(
    question: str,
    text: str,
    kind: Kind,
    given: Filters | None,
    chosen: Filters,
    unknown: tuple[Unknown, ...] = (),
    exclude: tuple[tuple[str, int], ...] = (),
) -> Query:
    """A question answered by whole topics its filters choose, not by searching words: a presenter's next talk
    (or the note that there is none), the undated documents. ``chosen`` narrows the caller's ``given`` filters."""
    return Query(
        question=question,
        text=text,
        kind=kind,
        filters=given.merged(chosen) if given is not None else chosen,
        topic="",
        terms=(),
        japanese=is_japanese(question),
        unknown=unknown,
        exclude=exclude,
    )


# The documents without a session date, as a question names them: 日付のないノート / 日付なしのノート / 日付が
# ないノート, "the undated note(s)", "the note without a date" / "that has no date".
_UNDATED = re.compile(
    r"日付(?:の|が)?(?:ない|無い|なし|無し)の?(?:ノート|資料|記事|文書|ドキュメント)"
    r"|\bundated\s+(?:notes?|documents?|articles?|pages?)\b"
    r"|\b(?:notes?|documents?|articles?)\s+(?:(?:that|which)\s+(?:has|have|had)\s+no|with\s+no|without\s+(?:a|any))\s+dates?\b",
    re.I,
)

# Asking what a document holds, not something inside it: 何が書いてある, 要点, "what's in", "the gist".
_CONTENTS = re.compile(
    r"何が(?:書いて|書かれて|載って)(?:ある|あった|いる|いた)|内容|要点|概要|まとめ|"
    r"\bwhat(?:'s|\s+is|\s+was)\s+in\b|\bwhat\s+does\s+(?:it|the\s+note)\s+say\b|\b(?:gist|summary|contents?)\b",
    re.I,
)


# Words that make a question about all the notes, not the session just talked about.
_WHOLE_NOTES = re.compile(
    r"\b(?:all|every|total|overall|altogether|ever|in\s+the\s+notes)\b|全部|全て|すべて|全体|合計|トータル|これまで|今まで",
    re.I,
)


def _elliptical(
    resolved: Resolved, content: Kind, terms: tuple[str, ...], dates: Dates, presenter: str | None, tag: Tag, text: str
) -> bool:
    """A follow-up that names nothing of its own — no topic, time, presenter or tag ("who presented?",
    「発表者は何人?」) — and asks who or how many: it is about the session the last answer was about."""
    if resolved.session is not None or resolved.presenter or resolved.among_previous or content not in ("who", "count"):
        return False
    own_time = dates.position is not None or dates.since is not None or dates.until is not None or dates.unknown
    if terms or own_time or presenter or tag.tag or tag.untagged or _WHOLE_NOTES.search(text):
        return False
    return content != "count" or _counted("count", text) != "sessions"


def _only_session(history: History, sessions: Sequence[dt.date]) -> dt.date | None:
    """The one session the last answer was about (None when it cited several, or none)."""
    turns = as_turns(history)
    days = set(turn_days(turns[-1], sessions)) if turns else set()
    day = dt.date.fromisoformat(days.pop()) if len(days) == 1 else None
    return day if day in sessions else None


def _ranged_place(dates: Dates) -> bool:
    """Whether a first/latest place is counted within a range the question names ("the first session in
    September", 「7/1より前で一番最近の回」), not among all sessions."""
    ranged = dates.since is not None or dates.until is not None
    return dates.position in ("latest", "first") and ranged and not dates.both_ends


# Verbs of the meeting itself, which describe no topic: "the first session we had", 参加した最初の回.
_SESSION_VERBS = frozenset({"参加", "開催", "attend", "had", "have", "join"})


def _described_by_topic(rest: str, tokenizer: Tokenizer) -> bool:
    """Whether the clause describing a first/last session names a topic (「RAGが出た最初の回」, "the first
    session that mentioned CREPE"), not only the meeting itself ("the first session we had")."""
    return any(t not in _PLACE_WORDS | _SESSION_VERBS for t in _catalogue_terms(rest, tokenizer))


def _catalogue_terms(text: str, tokenizer: Tokenizer) -> tuple[str, ...]:
    """The topic terms of ``text`` once question words and the catalogue's generic nouns are left out."""
    topic = strip_framing(text)
    if not topic_terms(tokenizer, topic):
        return ()
    return tuple(t for t in question_terms(tokenizer, topic) if t not in _GENERIC)


def _ranking(text: str) -> tuple[Literal["sessions", "presenters"], Counted, bool]:
    """What a ranking ranks (sessions or presenters), what it tallies for each session (topics or
    distinct presenters) and whether it asks for the fewest."""
    people = _RANK_PEOPLE.search(text)
    fewest = bool(_FEWEST.search(text))
    tallied = _tallied(text)
    if tallied == "sessions" and people:  # 「発表した回が一番多いのは誰?」: presenters, by their sessions
        return "presenters", "sessions", fewest
    if tallied == "presenters":  # "the session with the most presenters", 発表者が一番少ない回
        return "sessions", "presenters", fewest
    if tallied == "topics" and (_RANK_SESSIONS.search(text) or not people):  # 「トピックが一番多かった回の発表者は誰?」
        return "sessions", "topics", fewest
    by_sessions = _RANK_SESSIONS.search(text) or (_NAMES_SESSIONS.search(text) and not people)
    group: Literal["sessions", "presenters"] = "sessions" if by_sessions else "presenters"
    measure: Counted = "topics"
    if group == "sessions" and _RANK_BY_PRESENTERS.search(text):
        measure = "presenters"
    elif group == "presenters" and _RANK_BY_SESSIONS.search(text):
        measure = "sessions"  # "who presented at the most sessions": their distinct sessions, not topics
    return group, measure, fewest


_ASKS_WHO = re.compile(r"\bwho\b|誰|だれ|どなた", re.I)


def _nested_in(text: str) -> Kind | None:
    """The kind a ranking is asked inside of: a summary or a list of the top session, if either (who presented
    at it is its list: 「トピックが一番多かった回の発表者は誰?」)."""
    scores = kind_scores(text)
    if scores.get("summary"):
        return "summary"
    return "list" if scores.get("list", 0.0) >= 3.0 or _ASKS_WHO.search(text) else None


def _own_session(dates: Dates, catalogue: Catalogue, filters: Filters) -> Dates:
    """ "Kamikawa's first talk", "the latest [論文]": the first or latest session among the presenter's
    (or the tag's) own, not the first or latest session of all."""
    own = sorted({c.date for c in catalogue.topics if c.date and filters.accepts(c)})
    if not own:
        return dates
    return dataclasses.replace(dates, session=dt.date.fromisoformat(own[0] if dates.position == "first" else own[-1]))


# Words that stand for a session beside its place: "the one where …", "the week before"; and the question's
# verbs for what a session held ("what did the session after 9/19 deal with?", 何を扱った).
_PLACE_WORDS = frozenset(
    {"one", "ones", "week", "weeks", "週", "中", "扱う", "話す", "next", "discuss", "cover", "happen"}
    | {"after", "befor", "before", "prior", "follow", "previou", "what", "whats", "right", "just", "came", "come"}
)
# What a talk is, beside the presenter or topic that anchors a place: "Kamikawa's o1 slides", 「CREPEの論文」.
_TALK_NOUNS = frozenset(
    "slide slides deck paper papers blog post article talk talks スライド 論文 ブログ 記事 発表 紹介".split()
)
# A particle left where a place phrase was cut out (a lone letter is gone already: see _STRANDED's filter).
_LEFTOVER = re.compile(r"[ぁ-ゖー]{1,3}")


def _anchored_by_topic(
    dates: Dates, text: str, catalogue: Catalogue, tokenizer: Tokenizer
) -> tuple[Dates, frozenset[str]]:
    """A before/after place counted from the session of the topic the question names instead of the latest
    ("the session after the one about CREPE", 「Polarsの話が出た回の前の回」): the one session whose topic
    titles hold a name of the question; and that name's terms, which are the anchor, not the subject."""
    if dates.position not in ("before", "after") or not dates.from_latest:
        return dates, frozenset()
    found = topic_session(dates.rest, text, catalogue, tokenizer)
    if found is None:
        return dates, frozenset()
    return dates.counted_from(found[0], catalogue.sessions), found[1]


# A session named by a topic in it: 「CREPEが紹介された回」, 「Polarsの話が出た回」, "the session where Polars was
# presented", "the meeting about CREPE" — asked to be summarised, it is that session, whole.
_SESSION_OF_TOPIC = re.compile(
    r"(?:が|の)(?:話|発表|紹介|議論)?(?:が)?(?:紹介|発表|議論|言及|登場|話題に)?(?:され|し|出|な|上が)?(?:た|てた|ていた)?"
    r"(?:回|勉強会|セッション)(?!数|目)"
    r"|\b(?:session|meeting|meetup)\s+(?:where|when|in\s+which|that\s+(?:had|covered|featured))\b"
    r"|\b(?:session|meeting|meetup)\s+(?:about|on|with)\s+(?!\d)",
    re.I,
)


def topic_session(
    rest: str, text: str, catalogue: Catalogue, tokenizer: Tokenizer
) -> tuple[dt.date, frozenset[str]] | None:
    """The one session whose topic titles (else opening text) hold a name of ``rest``, and that name's
    terms (the anchor, not the subject); None when no name, or a name of several sessions, says which."""
    topic = strip_framing(rest)
    specific = specific_terms(topic, tokenizer, text)
    # its names first; else any longer word of it that one session's titles hold ("the Cursor talk"), as
    # written before as stemmed ("batching" names the batching talk; its stem "batch" is in another title)
    stems = [t for t in question_terms(tokenizer, topic) if len(t) >= 3 and t not in _GENERIC | _PLACE_WORDS]
    written = [w for w in re.findall(r"[A-Za-z][\w-]{2,}", topic) if set(question_terms(tokenizer, w)) & set(stems)]
    names = tuple(dict.fromkeys(n for n in (*specific, *written, *stems)))
    for name in names:
        # by the titles first; else by the topics' opening text ("MoE" opens "Mixture of Experts Explained")
        for where in (lambda c: c.title, lambda c: f"{c.title}\n{c.text}"):
            days = {c.date for c in catalogue.topics if c.date and _word(name).search(where(c))}
            if len(days) == 1:
                day = days.pop()
                # every name the anchor session's topics hold is the anchor ("GPU" of "the GPU Puzzles talk"
                # is named in two sessions, but it is part of the one topic's name too)
                held = [c for c in catalogue.topics if c.date == day]
                anchor_names = [n for n in names if any(_word(n).search(where(c)) for c in held)]
                terms = frozenset(t for n in anchor_names for t in question_terms(tokenizer, n))
                return dt.date.fromisoformat(day), terms
            if days:
                break  # named in several sessions: no one session to count from
    return None


def _about_the_session(
    terms: tuple[str, ...], anchor: dt.date, session: dt.date, catalogue: Catalogue
) -> tuple[str, ...]:
    """The terms of a question counted from a topic's session that ask about the session it lands on: the
    words describing the anchor topic beside its name ("the KPI monitoring talk", 「RAGのサーベイ」) are the
    anchor too; only a word the landed session's topics hold and the anchor's don't is asked about."""

    def text_of(day: dt.date) -> str:
        return "\n".join(f"{c.title}\n{c.text}" for c in catalogue.topics if c.date == day.isoformat()).lower()

    landed, anchored = text_of(session), text_of(anchor)
    return tuple(t for t in terms if t.lower() in landed and t.lower() not in anchored)


Neighbours = tuple[tuple[dt.date, dt.date], ...]


def _anchored_by_presenter(
    dates: Dates, names: Names, text: str, catalogue: Catalogue, by_topic: bool
) -> tuple[Dates, Names, Neighbours]:
    """A before/after place counted from the sessions a presenter spoke at ("the session after the one
    where Nishijima presented", 「Hiranoさんの発表の次の回」, "the session before Kitaoka's talk"); the
    presenter is then the anchor, not a filter. Of a presenter who spoke at several sessions, each
    session's neighbour is named ("before Kitaoka's talk": 5/16, before 9/19, and 9/19, before 9/26), or
    the one there is ("after Kitaoka's talk": 9/26, after 9/19; 9/26 has none after it). Counted from a
    topic the question names ("the one where Ito presented CREPE"), the presenter is part of the anchor."""
    if dates.position not in ("before", "after") or not names.presenter:
        return dates, names, ()
    if not _talk_is_anchor(text, names.presenter):
        return dates, names, ()
    own = sorted({c.date for c in catalogue.topics if c.date and presenter_matches(names.presenter, c.presenter)})
    unnamed = dataclasses.replace(names, presenter=None)
    if by_topic:  # the topic's session is the anchor; the presenter only says whose talk it was
        return (dates, unnamed, ()) if dates.day is not None and dates.day.isoformat() in own else (dates, names, ())
    if not dates.from_latest or not own:
        return dates, names, ()
    counted = [dates.counted_from(dt.date.fromisoformat(day), catalogue.sessions) for day in own]
    landed = [d for d in counted if d.session is not None]
    if not landed:  # "the session after Kamikawa's latest talk", none after it: counted from the nearest end
        return counted[-1 if dates.position == "after" else 0], unnamed, ()
    pairs = tuple((d.day, d.session) for d in landed if d.day is not None and d.session is not None)
    return landed[0], unnamed, pairs if len(pairs) > 1 else ()


# The talk as the anchor: 「…さんが発表した回の次の回」「…さんの発表の前の回」; in English the name after the
# place word ("after the one where Nishijima presented", "before Hirano's talk") — not "what did Hirano
# present in the session before last?", where the presenter filters the place.
_TALK_BEFORE_PLACE_JA = re.compile(
    r"(?:発表|紹介|登壇|話)(?:が?(?:し|され|あっ)(?:た|てた|ていた)|がある|があった)?(?:回|日|時|とき)?の(?:その)?(?:すぐ)?(?:一つ|ひとつ|1つ)?"
    r"(?:直?前|次|後|あと|直後)"
)
_PLACE_WORD_EN = re.compile(r"\b(?:after|before|follow(?:ing|ed|s)|preced(?:ing|ed|es)|prior\s+to)\b", re.I)


def _talk_is_anchor(text: str, presenter: str) -> bool:
    if is_japanese(text):
        return bool(_TALK_BEFORE_PLACE_JA.search(text))
    place = _PLACE_WORD_EN.search(text)
    lowered = text.lower()
    return place is not None and any(lowered.find(part.lower(), place.end()) >= 0 for part in presenter.split())


def _word(name: str) -> re.Pattern[str]:
    """``name`` as a whole word (not a piece of a longer one)."""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", re.I)


def _listed_before(
    resolved: Resolved,
    catalogue: Catalogue,
    tokenizer: Tokenizer,
    in_notes: Callable[[str], bool],
    today: dt.date | None,
) -> Filters | None:
    """The filters of the list "those" refers to: the previous question, re-read on its own, when it was
    answered from the catalogue by filters ("What did Naoto present on 2024-04-11?"); None otherwise (its
    topics are then the ones the previous answer names)."""
    if not resolved.among_previous or not resolved.previous_question:
        return None
    try:
        before = plan_query(resolved.previous_question, catalogue, tokenizer, in_notes=in_notes, today=today)
    except QuestionError:
        return None
    if before.searches or before.unknown or before.filters.empty:
        return None
    return before.filters


_MAX_REFERENTS = 3  # an answer naming more topics than this (a list, an overview) is about no one of them


def _referents(resolved: Resolved, catalogue: Catalogue) -> tuple[tuple[str, int], ...]:
    """The topics the previous turn was about (named in its question or answer), when they are few: a
    follow-up with no topic words of its own (「日本語の性能はどうだって?」) is answered from them first."""
    if not resolved.previous or resolved.session or resolved.presenter or resolved.among_previous:
        return ()
    named = tuple(c.topic_key for c in catalogue.topics if mentioned(c.title, resolved.previous))
    return named if len(named) <= _MAX_REFERENTS else ()


_OTHER = re.compile(r"他|ほか|以外|別の|\b(?:other|else|besides|apart from|more)\b", re.I)


def _already_given(resolved: Resolved, catalogue: Catalogue, question: str) -> tuple[tuple[str, int], ...]:
    """The topics a follow-up leaves out: for "the other topics of that session" / "what else did he
    present", the ones the previous answer already named; for "which of those…", all but those."""
    if resolved.among_previous:
        return tuple(c.topic_key for c in catalogue.topics if not mentioned(c.title, resolved.previous))
    if (resolved.session is None and resolved.presenter is None) or not _OTHER.search(question):
        return ()
    day = resolved.session.isoformat() if resolved.session else None
    return tuple(
        c.topic_key
        for c in catalogue.topics
        if (day is None or c.date == day) and mentioned(c.title, resolved.previous)
    )


def _settle(
    content: Kind,
    dates: Dates,
    terms: tuple[str, ...],
    implied: Filters,
    same_session: bool,
    sessions: Sequence[dt.date],
) -> Kind:
    """The kind the question is answered as, from its strongest cue and what it names."""
    held = [
        s
        for s in sessions
        if (implied.since is None or s >= implied.since) and (implied.until is None or s <= implied.until)
    ]
    one_session = (implied.since is not None or implied.until is not None) and len(held) == 1
    if dates.position is not None and not (terms and content in ("fact", "who", "sessions")):
        if content == "list" and not implied.presenter and not implied.tag and not implied.untagged:
            return dates.position  # "what was in the session after 5/16?": that session's overview
        return content if content in ("list", "count", "rank") else dates.position
    if content == "summary":
        if one_session:
            return "summary"
        if terms:
            return "fact"
        # "Summarise Yoshida's talks", "9月の勉強会をまとめて": every session the filters hold; with none, the latest.
        return "latest" if implied.empty else "summary"
    if content in ("fact", "who", "sessions", "list") and not terms:
        if one_session and not implied.presenter and not implied.tag and not implied.untagged:
            return "list" if same_session else "summary"
        return "list"
    if content == "list":  # "every talk about X": the sessions that discussed it
        return "sessions"
    return content


# The words after "how many" / "number of": the first of them the catalogue counts is what is counted
# ("how many study sessions" counts sessions, "how many paper topics" topics).
_HOW_MANY = re.compile(
    r"\bhow\s+many\s+((?:[\w'-]+\s+){0,2}[\w'-]+)|\bnumber\s+of\s+((?:[\w'-]+\s+){0,2}[\w'-]+)", re.I
)
_NOUN_COUNTED: tuple[tuple[re.Pattern[str], Counted], ...] = (
    (
        re.compile(
            r"^(?:sessions?|meetings?|meetups?|gatherings?|get-togethers?|groups?|times|weeks?|days?|dates?)$", re.I
        ),
        "sessions",
    ),
    (re.compile(r"^(?:presenters?|people|persons?|speakers?|members?|presenting)$", re.I), "presenters"),
    (
        re.compile(r"^(?:topics?|talks?|papers?|blogs?|posts?|slides?|decks?|presentations?|articles?|entries)$", re.I),
        "topics",
    ),
)


def _counted(kind: Kind, text: str) -> Counted | None:
    """What a count or rank question counts: sessions, topics or presenters (by the noun it counts)."""
    if kind == "rank":
        return _ranking(text)[0]
    if kind != "count":
        return None
    m = _HOW_MANY.search(text)
    if m:
        words = (m.group(1) or m.group(2)).split()
        return next((c for word in words for pattern, c in _NOUN_COUNTED if pattern.match(word)), "topics")
    if re.search(r"何人|何名|人数|発表者の?数", text):
        return "presenters"
    if re.search(r"何回(?!目)|回数|何日", text) or (_COUNT_SESSIONS.search(text) and not _COUNT_TOPICS.search(text)):
        return "sessions"
    return "topics"


def with_topic(query: Query, topic: str, catalogue: Catalogue, tokenizer: Tokenizer) -> Query:
    """The query searched with another wording of its topic (e.g. its Japanese translation): the topic
    words of ``topic``, as the question stage reads them; everything else stays."""
    words = strip_framing(read_dates(unicodedata.normalize("NFKC", topic), catalogue.sessions).rest)
    words = read_presenter(words, catalogue.presenters, lambda _w: True, tokenizer.reading).rest
    return dataclasses.replace(query, topic=words, terms=tuple(question_terms(tokenizer, words)))
