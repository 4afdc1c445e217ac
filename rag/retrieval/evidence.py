"""A Query → its Evidence: retrieval the way the query's kind needs it, the gate applied once.

Questions answered from the catalogue (lists, summaries, counts, rankings, a session by its place in
time) get the topics their filters select. Searched questions get the hits that pass the evidence gate,
narrowed to those whose topic supports the question's specific terms (rag.retrieval.support) — so "o3"
is not answered from notes about o1 — and, for facts, to the topics that stand with the best one. A
"which sessions" question gets every topic with evidence, mentions inside other topics included.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rag.query.concepts import concepts_named_in, is_concept, names_of
from rag.query.kinds import asks_share
from rag.query.loanwords import katakana, katakana_forms
from rag.query.occurrence import is_said_word
from rag.query.specific import answer_kind_terms, identifier_parts, is_framing
from rag.query.tally import rank_of
from rag.retrieval.gate import is_relevant
from rag.retrieval.mentions import MAX_LINES, holding_lines, holds_every_word, mention_relevance
from rag.retrieval.support import MAX_DISTINCTIVE_TOPICS, Text
from rag.store.lexical import question_terms
from rag.text import fold
from rag.types import Evidence, best_per_topic

if TYPE_CHECKING:
    from rag.config import Settings
    from rag.retrieval.retriever import Mode, Retriever
    from rag.retrieval.support import Support
    from rag.types import Hit, Query


def gather(query: Query, retriever: Retriever, settings: Settings, k: int | None = None) -> Evidence:
    """The evidence for ``query`` (see the module's docstring). Raises NoMatchError when its filters
    match nothing; a query naming something the notes don't have gets no evidence at all."""
    if query.unknown:
        return Evidence(query)
    if not query.searches:
        listing = [h for h in _listing(query, retriever) if h.chunk.topic_key not in query.exclude]
        return Evidence(query, listing=tuple(listing))
    if query.tag_worded and query.filters.tag:
        # A tag said as a word beside the topic's own words ("the graph neural net paper", 「アノテーターの
        # 論文」) describes the topic as the asker remembers it: it narrows the sessions to that tag's topics
        # where one of them answers ("papers about RAG": the [論文] survey, not the search blog), and else
        # describes the untagged (or otherwise tagged) topic that does.
        tag = query.filters.tag
        wide = gather(
            dataclasses.replace(query, filters=dataclasses.replace(query.filters, tag=None), tag_worded=False),
            retriever,
            settings,
            k,
        )
        if wide.relevant and not any(h.chunk.tag == tag for h in wide.relevant):
            return wide
    support = retriever.support
    many = query.kind in ("sessions", "count", "rank")
    # "What Python library does the GPU puzzle notebook teach CUDA with?": Python is the kind of thing
    # asked for, which the topic that GPU and CUDA name need not write (nor AWS in "Which AWS service was
    # the Yu-Gi-Oh Neuron platform built on?"). Where nothing else names a topic, the qualifier is what the
    # question is about and is judged as any specific term.
    typed = () if query.japanese else answer_kind_terms(query.text, query.specific)
    distinctive = support.distinctive(query.specific, japanese_too=many)
    if not any(t not in typed for t in distinctive):
        typed = ()
    absent = [t for t in support.absent(query.specific) if t not in typed and not _written_apart(t, query, support)]
    pins = [t for t in distinctive if t not in typed]
    hits = retriever.search(
        query.text,
        settings.fusion_candidates if many else k,
        query.filters,
        terms=query.terms,
        loanwords=query.loanwords,
    )
    if pins and not many and not any(support.covers(h.chunk.topic_key, pins) for h in hits):
        # The few topics that name the question's distinctive term ranked below the cut: look for them.
        wider = retriever.search(
            query.text, settings.fusion_candidates, query.filters, terms=query.terms, loanwords=query.loanwords
        )
        named = [h for h in wider if support.covers(h.chunk.topic_key, pins)]
        hits = (named + [h for h in hits if h not in named])[: max(len(hits), len(named))]
    # The identifying part must be what is missing: "generative-AI" is not refused for want of "generative"
    # when the notes say 生成AI; "GPT-5" and "o3" are.
    missing = [t for t in absent if any(p == t or support.absent([p]) for p in identifier_parts(t))]
    # A plain name the notes write in neither script ("Grafana", グラファナ) next to one that pins the topic
    # ("did the KPI talk use Grafana?"): the topic is found, the thing asked about is not in it.
    missing += [t for t in absent if t not in missing and _unwritten(t, support)]
    # A katakana loanword of a Japanese compound that the notes write in neither script (ストリーミング in
    # 「Polarsのストリーミングエンジン」), next to a name that pins the topic: the same. Without such a name
    # (「ディテクトロン2って何?」, a katakana spelling the notes' Latin names don't reveal) retrieval and the
    # relevance gates judge, as for any question.
    missing += [t for t in absent if t not in missing and query.japanese and pins and _unwritten_loanword(t, retriever)]
    # A concept named by everyday words ("speculative decoding") that no note names, in English or Japanese.
    missing += [t for t in absent if t not in missing and is_concept(t)]
    if missing:  # a version, model size or acronym the notes never mention: they don't cover the question
        return Evidence(query, hits=tuple(hits), unsupported=tuple(missing))
    apart = _held_apart(query, support, typed) if not many and not query.japanese else None
    if apart is not None:  # "Mixture of Experts for object detection": two things no topic has together
        return Evidence(query, hits=tuple(hits), unsupported=(f"{apart[1]} with {apart[0]}",))
    unsaid = _unsaid_qualifier(query, support) if not many and not query.japanese else None
    if unsaid is not None:  # "graph neural networks for molecules": the notes never say what it is for
        return Evidence(query, hits=tuple(hits), unsupported=(unsaid,))
    # An English question, or English terms in a Japanese one that the notes write in Japanese: the
    # cross-lingual topic test applies.
    cross = not query.japanese or _english_words_unknown(query, retriever)
    if many:
        unseen: list[Hit] = []
        if query.kind == "sessions":
            pins = _spelled_pins(pins, query, support)
            unseen = _unseen_mentions(hits, pins, query, retriever, settings)
        relevant = _every_session(
            hits, pins, support, settings, cross, unseen, lambda h: _mention_holds(h, pins, query, retriever, settings)
        )
        if query.kind == "sessions":
            relevant = _mentioned_too(relevant, hits, query, retriever, settings)
            relevant = _naming_the_concept(relevant, hits, query, retriever, settings)
    else:
        relevant = [h for h in hits if is_relevant(h, settings, cross) and support.covers(h.chunk.topic_key, pins)]
        if pins and not relevant:  # the topics that name it are the evidence, if they are about the question
            # ... and name every other term of it the notes hold: a GPU post does not answer a question about
            # the GPUs serving an in-house LLM because it says GPU.
            held = [t for t in query.specific if t not in absent and t not in typed]
            relevant = [
                h
                for h in hits
                if support.covers(h.chunk.topic_key, held)
                and (h.topic_relevance or 0.0) >= settings.pinned_min_relevance
            ]
        relevant = _about_the_conversation(relevant + _conversation_topics(hits, relevant, query, settings), query)
        relevant = _presented(relevant, query, retriever) if query.kind == "who" else _standing_out(relevant, settings)
    if relevant and not query.japanese and not pins and not _chosen_already(query):
        # An English question over Japanese notes is linked to a topic by the embedding alone when the topic
        # holds none of its content words — in English, in the katakana the notes write them in, or by a
        # concept's Japanese name: "blockchain" or "protein structure prediction" is not answered by an LLM
        # infrastructure talk that merely reads like it. A topic that holds one of them still may answer.
        # A follow-up, a presenter, a date or a tag has already chosen the topics ("which of his topics that
        # day were papers?"): the embedding is not what links them.
        words = _content_words(query)
        if words:
            relevant = [h for h in relevant if any(support.covers(h.chunk.topic_key, [w]) for w in words)]
            if not relevant:
                return Evidence(query, hits=tuple(hits))
    if query.compound and relevant and not _pinned_word(query.compound[0], pins):
        # "prompt caching", "a streaming engine": a topic that holds one word of the compound the question is
        # about (the KV cache, the Polars GPU engine) but nowhere the compound is about something else.
        # Where no relevant topic is left, but one retrieved writes the compound, the gate is left to judge.
        # A word that names a few topics (CREPE in "what does CREPE output?") pins the answer instead.
        spelled = _compound_katakana(query)
        holds = {h.chunk.topic_key: support.holds_compound(h.chunk.topic_key, query.compound[0], spelled) for h in hits}
        whole = [
            h for h in relevant if holds.get(h.chunk.topic_key) != 1 or _compound_said(h, query, retriever, settings)
        ]
        if whole:
            relevant = whole
        elif 2 not in holds.values():
            return Evidence(query, hits=tuple(hits), unsupported=query.compound)
    if absent:  # a name or a Japanese word the notes never use: only a topic that clearly answers may
        relevant = [
            h
            for h in relevant
            if (h.topic_relevance or 0.0) >= settings.unknown_word_clear_relevance
            or (
                (h.topic_relevance or 0.0) >= settings.unknown_word_min_relevance
                and h.coverage >= settings.unknown_word_min_coverage
            )
        ]
    shares = any(support.gives_share(h.chunk.topic_key) for h in relevant)
    if relevant and not many and asks_share(query.text) and not shares:
        # "By what percentage …?" of topics that give no share: the notes don't have the figure asked for.
        return Evidence(query, hits=tuple(hits), unsupported=(_SHARE_TERM[query.japanese],))
    return Evidence(query, hits=tuple(hits), relevant=tuple(relevant), unsupported=() if relevant else tuple(absent))


_SHARE_TERM = {False: "a percentage", True: "割合の数値"}  # what the refusal says is missing


def _content_words(query: Query) -> list[str]:
    """The words an English question asks about, each as the notes may hold it: its topic terms (not the
    frame: "note", "say", "discussed"), its specific terms (and their identifying parts) and concepts, and the katakana
    of its loanwords."""
    words = [
        t
        for t in query.terms
        if t.isascii() and t.isalpha() and len(t) > 2 and not is_said_word(t) and not is_framing(t)
    ]
    # A specific term, and its identifying parts: "generative-AI" is held where the notes write 生成AI.
    words += [w for t in query.specific for w in (t, *identifier_parts(t)) if w not in words]
    words += [kana for _, kana in query.loanwords if kana not in words]
    return words


def _chosen_already(query: Query) -> bool:
    """Whether a follow-up, a presenter, a date or a tag has chosen the topics ("which of his topics that
    day were papers?"): the question's words are then not what links it to them."""
    return bool(query.prefer or query.filters.presenter or query.filters.since or query.filters.tag)


def _held_apart(query: Query, support: Support, typed: Sequence[str] = ()) -> tuple[str, str] | None:
    """Two specific terms of an English question that each pin a few topics (rag.retrieval.support) and
    that no topic holds together — "Mixture of Experts" and "object detection", KPI and "continual
    learning": the question joins what the notes keep apart, however close each topic looks. A term is
    held where the notes write it in English, by a concept's Japanese name, or in the katakana its plan
    found the notes write it in (annotators: アノテーター). A term most topics hold (LLM, GPU) pins
    nothing, a term that only qualifies the kind of thing asked for (``typed``: Python in "What Python library
    …") need not be held with the rest, and a follow-up, a presenter, a date or a tag has chosen the topics
    already."""
    if _chosen_already(query):
        return None
    held: dict[str, set[tuple[str, int]]] = {}
    for term in (t for t in query.specific if t not in typed):
        topics = set(support.topics_mentioning(term))
        if " " not in term:
            topics.update(
                key
                for stem, kana in query.loanwords
                if term.lower().startswith(stem) and not kana.isascii()
                for key in support.topics_mentioning(kana)
            )
        if 0 < len(topics) <= MAX_DISTINCTIVE_TOPICS:
            held[term] = topics
    terms = sorted(held, key=len, reverse=True)  # a phrase before its words: "mixture of experts", not "Mixture"
    return next(
        ((a, b) for i, a in enumerate(terms) for b in terms[i + 1 :] if not held[a] & held[b]),
        None,
    )


# The noun that ends an English question after "for" or "on" (a modifier may stand before it): what the
# thing asked about is applied to or measured on — "… for molecules", "… on CPU clusters", "… on receipts".
_FINAL_QUALIFIER = re.compile(r"\b(?:for|on)\s+(?:[A-Za-z][A-Za-z0-9-]*\s+)?([A-Za-z]{4,})\s*[?.!]*\s*$")
# A nominalisation ("execution", "improvement", "performance") says an act or a quality, which the notes
# write as a Japanese compound (実行, 改善, 性能): its absence in Latin letters says nothing.
_NOMINALISATION = re.compile(r"(?:tion|sion|ment|ance|ence|ity|ness|ing)s?$")
# A preposition and a bare noun that say how or how much, not what the thing was applied to ("annotating
# on average", "Polars for example"): fixed adverbial phrases, whatever the noun.
_ADVERBIAL = frozenset(
    f"{p} {n}"
    for p, nouns in (
        ("on", ("average", "purpose", "time", "top", "board", "hand", "demand", "schedule", "paper", "balance")),
        ("for", ("example", "instance", "sure", "now", "free", "long", "real", "good", "certain", "once", "sale")),
    )
    for n in nouns
)


def _unsaid_qualifier(query: Query, support: Support) -> str | None:
    """The noun an English question ends on after "for" or "on" when the notes write it nowhere — not in
    Latin letters, nor in any katakana it spells as — while another of its terms pins a few topics: "What
    did we learn about graph neural networks for molecules?", "… active learning for speech?": the pinned
    topic is found, what the question applies it to is not in the notes. A word of the pinned names, a
    framing or said word, and a nominalisation (written as a Japanese compound: "for GPU execution") are
    no such qualifier; a follow-up, a presenter, a date or a tag has chosen the topics already."""
    if _chosen_already(query):
        return None
    match = _FINAL_QUALIFIER.search(query.text)
    if match is None:
        return None
    word = match.group(1)
    lowered = word.lower()
    if " ".join(match.group(0).lower().rstrip("?.! ").split()) in _ADVERBIAL:
        return None
    named = {w.lower() for t in query.specific for w in re.findall(r"[A-Za-z]+", t)}
    if lowered in named or is_said_word(lowered) or is_framing(lowered) or _NOMINALISATION.search(lowered):
        return None
    if not any(0 < len(support.topics_mentioning(t)) <= MAX_DISTINCTIVE_TOPICS for t in query.specific):
        return None
    if any(lowered.startswith(stem) for stem, _ in query.loanwords):
        return None  # its plan found the katakana the notes write it in
    if support.anywhere(word) or any(support.begins_word(kana) for kana in katakana_forms(word)):
        return None
    return word


def _pinned_word(phrase: str, pins: Sequence[str]) -> bool:
    """Whether a word of the compound is a name that pins the answer (CREPE in "CREPE output")."""
    return any(p.casefold() in phrase.split() for p in pins)


def _compound_said(hit: Hit, query: Query, retriever: Retriever, settings: Settings) -> bool:
    """Whether a topic that writes one word of the question's compound, not the compound, may say it in
    Japanese: a line of it that holds the word is about the question (rag.retrieval.mentions) —
    「カードを最大20枚まで同時に検出」 for "card detection", 「tokenizerの適応」 for "tokenizer adaptation";
    not 「エンジンをGPUに移行する」 for "a streaming engine". A word only in the title says nothing, nor one
    only inside another English name ("Batch Active Learning" for "static batching": Text.in_other_names)."""
    lines: list[str] = []
    spelled = _compound_katakana(query)
    for chunk in retriever.index.topic_chunks(hit.chunk.topic_key):
        for raw in chunk.text.splitlines():
            line = raw.strip().removeprefix("- ").strip()
            text = Text(line)
            if (
                len(line) >= 4
                and line not in lines
                and text.holds_compound(query.compound[0], spelled) == 1
                and not text.in_other_names(query.compound[0])
            ):
                lines.append(line)
    relevance = mention_relevance(retriever, query.text, lines[:MAX_LINES])
    return relevance is not None and relevance >= settings.mention_line_min_relevance


def _compound_katakana(query: Query) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """For each word of the question's compound, the katakana its plan found the notes write it in."""
    first, second = query.compound[0].split()

    def spelled(word: str) -> tuple[str, ...]:
        return tuple(kana for term, kana in query.loanwords if word.startswith(term))

    return spelled(first), spelled(second)


def _unwritten(term: str, support: Support) -> bool:
    """Whether a Latin-script name is in the notes neither as written nor as its katakana loanword."""
    return term.isascii() and term.isalpha() and not any(support.begins_word(k) for k in katakana(term))


def _written_apart(term: str, query: Query, support: Support) -> bool:
    """Whether a hyphenated name of an acronym and plain words ("AI-agent") is in the notes word by word —
    the acronym as written, each other word as written or in the katakana the plan found they write it in
    (AIエージェント): the notes name it, in the way Japanese joins the words. A version or a one-letter part
    (GPT-5, R-CNN) is the name itself, and a part the notes write nowhere (SWE in SWE-bench) leaves it absent."""
    parts = re.split(r"[-_/]", term)
    if len(parts) < 2 or any(ch.isdigit() for ch in term) or any(len(p) < 2 for p in parts):
        return False
    if not term.isascii() or not any(sum(ch.isupper() for ch in p) >= 2 for p in parts):
        return False

    def held(part: str) -> bool:
        if support.anywhere(part):
            return True
        lowered = part.lower()
        return any(lowered.startswith(stem) and support.begins_word(kana) for stem, kana in query.loanwords)

    return all(held(p) for p in parts)


_KATAKANA_WORD = re.compile(r"[ァ-ヴ][ァ-ヴー]{2,}")


def _unwritten_loanword(term: str, retriever: Retriever) -> bool:
    """Whether a Japanese term holds a katakana word (three kana or more) that the notes write neither in
    katakana, where a katakana word begins, nor as the English word it spells (ゲーティング is Gating there,
    ルーカー is Looker): ストリーミング in ストリーミングエンジン; not エンジン, which the notes write."""
    if term.isascii():
        return False
    support = retriever.support
    words = [w for run in _KATAKANA_WORD.findall(term) for w in retriever.tokenizer.surfaces(run)]
    return any(
        _KATAKANA_WORD.fullmatch(w) is not None and not support.begins_word(w) and not retriever.variants.english_of(w)
        for w in words
    )


def _about_the_conversation(hits: list[Hit], query: Query) -> list[Hit]:
    """The relevant hits of the topics the conversation is about, when there are any and the question names
    no thing of its own: 「日本語の性能はどうだって?」 after an answer about Reflection 70B asks about it,
    not about another topic that also mentions Japanese."""
    if not query.prefer or query.specific:
        return hits
    kept = [h for h in hits if h.chunk.topic_key in query.prefer]
    return kept or hits


def _conversation_topics(hits: Sequence[Hit], relevant: Sequence[Hit], query: Query, settings: Settings) -> list[Hit]:
    """The retrieved hits of the topics the conversation is about, for a follow-up that names no thing of
    its own: "who presented that one?" after an answer citing the batching blog asks about that blog, even
    where the question's words, carried over from the turn before ("continuous batching"), read closer to
    another topic (Batch Active Learning). The topic must still be somewhat about them (pinned_min_relevance)."""
    if not query.prefer or query.specific:
        return []
    return [
        h
        for h in hits
        if h.chunk.topic_key in query.prefer
        and h not in relevant
        and (h.topic_relevance or 0.0) >= settings.pinned_min_relevance
    ]


def _english_words_unknown(query: Query, retriever: Retriever) -> bool:
    """Whether a Japanese question's English words are unknown to the notes (they say them in Japanese:
    "weak distribution shift" is 弱い分布シフト there): it is then judged as cross-lingual."""
    vocab = retriever.index.lexical.vocab
    english = [t for t in query.terms if t.isascii() and t.isalpha() and len(t) > 2]
    return bool(english) and sum(t not in vocab for t in english) >= max(2, len(english) // 2)


def ranked(query: Query, retriever: Retriever, depth: int, mode: Mode | None = None) -> list[Hit]:
    """What retrieval ranks for the query, as its answer sees it (filters applied): for evaluation."""
    if query.unknown:
        return []
    if not query.searches:
        return _listing(query, retriever)[:depth]
    return retriever.search(query.text, depth, query.filters, mode, query.terms, query.loanwords)


def _listing(query: Query, retriever: Retriever) -> list[Hit]:
    if query.kind in ("latest", "first", "before", "after") and query.filters.since is None:
        return []  # no session there (e.g. "the session after the latest one")
    if query.neighbours:  # each of a presenter's sessions' neighbours: those sessions' topics, in order
        days = sorted({landed for _, landed in query.neighbours})
        return [
            h for day in days for h in retriever.list_topics(dataclasses.replace(query.filters, since=day, until=day))
        ]
    listed = retriever.list_topics(query.filters)
    if query.kind == "rank":  # the winners' topics first, as the answer cites them
        _, top, key = rank_of(query, [h.chunk for h in listed])
        first = [h for h in listed if key(h.chunk) in top]
        listed = [
            dataclasses.replace(h, rank=i) for i, h in enumerate(first + [h for h in listed if h not in first], 1)
        ]
    return listed


def _standing_out(hits: list[Hit], settings: Settings) -> list[Hit]:
    """The relevant hits of the topics that stand with the best one (within ``fact_topic_margin`` of its
    relevance): a fact comes from the topic that holds it, not from every topic that passed the gate."""
    scored = [h.topic_relevance for h in hits if h.topic_relevance is not None]
    if not scored:
        return hits
    best = max(scored)
    return [h for h in hits if h.topic_relevance is None or h.topic_relevance >= best - settings.fact_topic_margin]


_KATAKANA_WORD = re.compile(r"[ァ-ヴ][ァ-ヴー]{2,}")  # a loanword of three kana or more (not ミス, not ラン)


def _spelled_pins(pins: Sequence[str], query: Query, support: Support) -> list[str]:
    """A "which sessions" question's distinctive terms, with the katakana the notes write one of its
    English words in, or that a Japanese question writes — the one the fewest topics use ("bias": バイアス;
    「バイアスの話」: バイアス; "multi-agent frameworks": エージェント; "software licenses": ライセンス, not
    ソフトウェア, which only qualifies it) — when only a few topics use it, every topic that writes the
    English word writes the katakana too (Multimodal in a cited title is a mention that マルチモーダル
    would lose), and some topic holds it with the other pins."""
    spelled = [
        kana for word, kana in query.loanwords if support.topics_mentioning(word) <= support.topics_mentioning(kana)
    ]
    if query.japanese:  # a Japanese question writes the katakana itself (「バイアスの話が出た回は?」) — as the
        # thing it names, not a word of a compound it names (グラフ in 知識グラフ: a graph paper is not it)
        spelled += [
            t
            for t in query.terms
            if _KATAKANA_WORD.fullmatch(t) and t not in spelled and not any(t in s and t != s for s in query.specific)
        ]
    more = [t for t in support.distinctive(spelled, japanese_too=True) if t not in pins]
    if not more:
        return list(pins)
    rarest = min(more, key=lambda t: len(support.topics_mentioning(t)))
    if not any(support.covers(key, [*pins, rarest]) for key in support.topics_mentioning(rarest)):
        return list(pins)
    return [*pins, rarest]


def _unseen_mentions(
    hits: Sequence[Hit], pins: Sequence[str], query: Query, retriever: Retriever, settings: Settings
) -> list[Hit]:
    """The best chunk of each topic that mentions the pinned terms but ranked below the cut: a mention in
    a long topic's later chunk is found however far down retrieval put it."""
    if not pins:
        return []
    support = retriever.support
    found = {h.chunk.topic_key for h in hits}
    missing = [k for k in support.topics_mentioning(pins[0]) if k not in found and support.covers(k, pins)]
    if not missing:
        return []
    extra = retriever.search(
        query.text, settings.fusion_candidates, query.filters, terms=query.terms, loanwords=query.loanwords,
        within=missing,
    )  # fmt: skip
    best = best_per_topic(extra)
    last = max((h.rank for h in hits), default=0)
    return [dataclasses.replace(h, rank=last + i + 1) for i, h in enumerate(best.values())]


def _mention_holds(hit: Hit, pins: Sequence[str], query: Query, retriever: Retriever, settings: Settings) -> bool:
    """Whether the topic's lines that hold the pinned terms are about the question (rag.retrieval.mentions):
    a line that holds every content word of the question needs less (「物体検出やセグメンテーションで解く
    タスク」 for 「セグメンテーションが出てきた回」) than one that holds only some of them (「CPU/GPU利用率」
    for 「GPUプログラミングやGPU高速化の話」)."""
    lines = holding_lines(retriever.index.topic_chunks(hit.chunk.topic_key), pins)
    relevance = mention_relevance(retriever, query.text, lines)
    if relevance is None:
        return False
    least = (
        settings.full_mention_line_min_relevance
        if holds_every_word(lines, query.terms)
        else settings.mention_line_min_relevance
    )
    return relevance >= least


def _every_session(
    hits: Sequence[Hit],
    pins: Sequence[str],
    support: Support,
    settings: Settings,
    cross_lingual: bool,
    unseen: Sequence[Hit] = (),
    holds: Callable[[Hit], bool] = lambda _: False,
) -> list[Hit]:
    """Every topic with evidence (best chunk each, best first): the ones that pass the gate and those close
    to the best; with a distinctive term, only topics that mention it — and every one of them that is
    somewhat about the question (a paper cited in a conference report), or whose line that holds it is
    (``holds``; ``unseen``: the mentioning topics retrieval ranked below the cut)."""
    s = settings
    topics = list(best_per_topic(hits).values())
    relevant = [h for h in topics if is_relevant(h, s, cross_lingual)]
    top = max((h.topic_relevance for h in relevant if h.topic_relevance is not None), default=None)

    def close(h: Hit) -> bool:
        near = top is not None and (h.topic_relevance or -99.0) >= top - s.list_relevance_margin
        worded = h.coverage >= s.list_min_coverage and (h.relevance or 0.0) >= s.min_relevance_with_terms
        return near or worded

    if pins:
        mentioned = [h for h in topics if support.covers(h.chunk.topic_key, pins)]
        keep = [
            h
            for h in mentioned
            if h in relevant or close(h) or (h.relevance or 0.0) >= s.mention_min_relevance or holds(h)
        ]
        keep += [h for h in unseen if support.covers(h.chunk.topic_key, pins) and holds(h)]
    else:
        keep = [h for h in topics if h in relevant or close(h)] if relevant else []
    return sorted(keep, key=lambda h: h.rank)


def _mentioned_too(
    kept: list[Hit], hits: Sequence[Hit], query: Query, retriever: Retriever, settings: Settings
) -> list[Hit]:
    """A "which sessions" answer with the topics that mention what the question names — as it is written
    there or in another spelling of the notes (OCR for "optical character recognition", Transformer for
    トランスフォーマー) — when only a few topics do and they are somewhat about the question: a mention
    inside another topic (a paper cited in a conference report) is a session where it came up."""
    support = retriever.support
    named = [t for t in query.specific if 0 < len(support.topics_mentioning(t)) <= MAX_DISTINCTIVE_TOPICS]
    terms_of = retriever.tokenizer.tokenize
    other = retriever.variants.of(
        query.text,
        support.anywhere,
        lambda w: bool(set(terms_of(w)) & set(query.terms)),
        lambda w: len(support.topics_mentioning(w)) > settings.mention_max_topics,
    )
    other = [t for t in other if 0 < len(support.topics_mentioning(t)) <= settings.mention_max_topics]
    terms = list(dict.fromkeys([*named, *other]))
    # Every name the question gives (Polars and GPU), or any one other spelling of what it names.
    spelled = _mentioning(other, support)  # what only the notes' spelling finds: the mention is the evidence
    wanted = spelled | ({k for k in _mentioning(named, support) if support.covers(k, named)} if named else set())
    if not wanted:
        return kept
    kept = [h for h in kept if h.chunk.topic_key in wanted]  # the thing named is the evidence: its topics
    missing = wanted - {h.chunk.topic_key for h in kept}
    if not missing:
        return kept
    if not missing <= {h.chunk.topic_key for h in hits}:  # look for them with the notes' spellings too
        extra = question_terms(retriever.tokenizer, " ".join(terms))
        hits = retriever.search(
            f"{query.text} {' '.join(terms)}",
            settings.fusion_candidates,
            query.filters,
            terms=(*query.terms, *extra),
            loanwords=query.loanwords,
        )
    added = [
        h
        for h in best_per_topic(hits, missing).values()
        if (h.relevance or 0.0)
        >= (settings.spelled_mention_min_relevance if h.chunk.topic_key in spelled else settings.mention_min_relevance)
    ]
    return sorted([*kept, *added], key=lambda h: h.rank)


def _naming_the_concept(
    kept: list[Hit], hits: Sequence[Hit], query: Query, retriever: Retriever, settings: Settings
) -> list[Hit]:
    """A "which sessions" question about a concept (rag.query.concepts) that only a few topics name — by its
    English phrase, a Japanese name or an acronym: "entity resolution" is 名寄せ there — is answered by those
    topics, each where its line that names the concept is about the question: a topic that does not name
    it is no session where it came up however like the question it reads (a talk on entity relations for
    名寄せ), and one that names it is, however far down retrieval ranked it or however little the rest
    of it is like the question (「ゼロショット画像分類」 in a model release for zero-shot learning)."""
    concepts = concepts_named_in(query.text)
    if not concepts:
        return kept
    support = retriever.support
    # A name beside the concept that pins topics of its own (ソーラーパネル in 「ソーラーパネルのアノテーションの
    # 論文」) chose the topics already: the concept only qualifies it.
    # A word of the concept's own family (annotators beside annotation) is the concept asked again.
    names = {fold(n) for c in concepts for n in names_of(c)}
    others = [t for t in query.specific if not any(_same_family(fold(t), n) for n in names)]
    if support.distinctive(others, japanese_too=True):
        return kept
    wanted = {k for k in support.topics_mentioning(concepts[0]) if support.covers(k, concepts)}
    if not wanted or len(wanted) > settings.mention_max_topics:
        return kept
    best = best_per_topic(hits, wanted)
    missing = [k for k in wanted if k not in best]
    if missing:
        last = max((h.rank for h in hits), default=0)
        extra = retriever.search(
            query.text, settings.fusion_candidates, query.filters, terms=query.terms, loanwords=query.loanwords,
            within=missing,
        )  # fmt: skip
        for h in extra:
            if h.chunk.topic_key not in best:
                best[h.chunk.topic_key] = dataclasses.replace(h, rank=last + len(best) + 1)
    # A question that names nothing but the concept is answered by every topic that names it; one that asks
    # more of it (object detection of solar panels) by those whose line naming it is about the question.
    own = {t for c in concepts for name in names_of(c) for t in retriever.tokenizer.tokenize(name)}
    own |= {kana for _, kana in query.loanwords}
    more = [t for t in query.terms if t not in own and not is_said_word(t)]
    named = [h for h in best.values() if h in kept or not more or _names_it(h, concepts, query, retriever, settings)]
    return sorted(named, key=lambda h: h.rank)


def _same_family(word: str, name: str) -> bool:
    """Whether two folded words are one, or share a stem of six letters or more (annotators, annotation)."""
    return word == name or (len(word) >= 6 and len(name) >= 6 and word[:6] == name[:6])


def _names_it(hit: Hit, concepts: Sequence[str], query: Query, retriever: Retriever, settings: Settings) -> bool:
    """Whether the topic's line that names the concepts is about the question: it holds what the question
    asks about, so it needs no more than a line holding every content word of the question."""
    lines = holding_lines(retriever.index.topic_chunks(hit.chunk.topic_key), concepts)
    relevance = mention_relevance(retriever, query.text, lines)
    return relevance is not None and relevance >= settings.full_mention_line_min_relevance


def _mentioning(terms: Sequence[str], support: Support) -> set[tuple[str, int]]:
    """The topics that mention any of ``terms``."""
    return {key for t in terms for key in support.topics_mentioning(t)}


def _presented(hits: list[Hit], query: Query, retriever: Retriever) -> list[Hit]:
    """For "who presented X?": the topics whose titles name X best. A talk that only mentions X in
    passing (a conference report citing the paper) did not present it; without X in any title, all."""
    wanted = set(query.terms)
    named = [len(wanted & set(question_terms(retriever.tokenizer, h.chunk.title))) for h in hits]
    most = max(named, default=0)
    return [h for h, n in zip(hits, named, strict=True) if n == most] if most else hits
