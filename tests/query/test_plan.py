"""The question plan: kinds read from phrases in context, time, names and tags resolved against the
catalogue, and what the question names that the notes don't have."""

from __future__ import annotations

import datetime as dt

import pytest

from rag.query.plan import plan_query
from rag.query.specific import identifier_parts
from rag.store.catalogue import Catalogue
from rag.store.lexical import get_tokenizer
from rag.types import Chunk, Query, Unknown
from tests.helpers.catalogues import catalogue_of

SESSIONS = [dt.date(2024, 4, 11), dt.date(2024, 5, 16), dt.date(2024, 9, 19), dt.date(2024, 9, 26)]
TOPICS = [
    ("2024-04-11", "Naoto Shimakoshi", "論文", "DMOps: Data Management Operations and Recipes"),
    ("2024-05-16", "Shun Ito", "論文", "CREPE: Coordinate-Aware End-to-End Document Parser"),
    ("2024-05-16", "Yuta Kamikawa", "やってみた", "Detectron2でDocument Layout Analysis"),
    ("2024-09-19", "Naoto Shimakoshi", "blog", "GPU acceleration with Polars and NVIDIA RAPIDS"),
    ("2024-09-19", "MatsudaKazuki", "blog", "Mixture of Experts Explained"),
    ("2024-09-26", "Yuya Matsumura", "slide", "研究の進め方 ランダムネスとの付き合い方について"),
    ("2024-09-26", "Shun Ito", "blog", "名寄せの定量評価とGroup Sequential Test"),
]
CATALOGUE = catalogue_of(TOPICS)
TODAY = dt.date(2026, 12, 1)


def plan(question: str, history: tuple[tuple[str, str], ...] = ()) -> Query:
    words = {"sansan", "polars", "crepe"}  # words the notes use (a company, not a presenter)
    return plan_query(
        question, CATALOGUE, get_tokenizer("A"), history=history, in_notes=lambda w: w.lower() in words, today=TODAY
    )


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # fact
        ("ZOZOのKPI監視で異常検知はどう実現した?", "fact"),
        ("How did they detect anomalies in the KPI monitoring?", "fact"),
        # who
        ("who presented CREPE?", "who"),
        ("Detectron2でレイアウト解析を試したのは誰?", "who"),
        # sessions
        ("o1の話って何日だった?", "sessions"),
        ("When did we talk about running Polars on the GPU?", "sessions"),
        ("Which sessions covered OpenAI o1?", "sessions"),
        ("ドキュメント解析の話題が出たのはどの回?", "sessions"),
        # list
        ("Shun Itoさんが発表したトピックを一覧にして", "list"),
        ("List all the papers Naoto presented.", "list"),
        # summary
        ("2024-05-16の回をまとめて", "summary"),
        ("Summarize the September 19 session.", "summary"),
        # count
        ("勉強会は全部で何回あった?", "count"),
        ("How many sessions are in the notes?", "count"),
        # rank
        ("一番多く発表したのは誰?", "rank"),
        ("Who presented the most topics?", "rank"),
        # a session by its place in time
        ("最新の回は?", "latest"),
        ("What was the latest session?", "latest"),
        ("最初の回はいつ?", "first"),
        ("When was the first session?", "first"),
        ("9/26の前の回は?", "before"),
        ("Which session came right before September 19?", "before"),
        ("5/16の次の回で何を話した?", "after"),
        ("What was the session after May 16?", "after"),
        ("9月26日の一つ前の回で話したことは?", "before"),
        ("What came after the 2024-04-11 session?", "after"),
    ],
)
def test_every_kind_in_both_languages(question: str, kind: str) -> None:
    assert plan(question).kind == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("どの回でPolarsの話をした?", "sessions"),
        ("PolarsのGPU対応でどれくらい速くなった?", "fact"),  # どれくらい asks an amount, not "which"
        ("When did we discuss continual pre-training?", "sessions"),
        ("How much data should be replayed when switching languages?", "fact"),  # a clause, not "when?"
        ("CREPEを発表したのは誰?", "who"),
        ("誰でも使えるツールの話はあった?", "sessions"),  # 誰でも is "anyone", not "who"
        ("Who presented Mixture of Experts?", "who"),
        ("Is there a tool anyone who is new can use?", "fact"),  # "anyone who": no who-question
        ("いつ開催された回でCREPEを扱った?", "sessions"),
        ("いつも使っている評価指標の話は?", "fact"),  # いつも is "always"
        ("Shun Itoさんのトピックを一覧にして", "list"),
        ("MLシステムのモデル評価のチェックリストはある?", "fact"),  # チェックリスト is no list request
        ("Who presented the most?", "rank"),
        ("What was the most important finding of the Polars blog?", "fact"),  # "most important" ranks nothing
        ("アノテーションが話題になった回は?", "sessions"),  # a clause ending in the session asks which one
        ("LoRAを使った回数は?", "count"),  # 回数 counts
        ("バージョン管理の話が出てきたのはどこ?", "sessions"),
        ("Polarsで速くなったのはどこ?", "fact"),  # どこ of a change, not of a session
        ("再現性の話はどこで出た?", "sessions"),  # where it came up: a session
        ("cuDFはどこで使われている?", "fact"),  # where it is used: a fact
        ("Yosuke Yoshidaさんはどんな話題を発表した?", "list"),  # 話題 is one word: no topic '題' is left
        ("Which of the notes discuss data-centric AI?", "sessions"),  # the notes that hold it
        ("Which notebook format did the GPU Puzzles use?", "fact"),  # a notebook is no note
        ("Which of our meetings covered CREPE?", "sessions"),
    ],
)
def test_every_trigger_against_its_look_alike(question: str, kind: str) -> None:
    assert plan(question).kind == kind


def test_presenter_and_date_become_filters() -> None:
    q = plan("What did Naoto present on 2024-05-16?")
    assert (q.filters.presenter, q.filters.since, q.filters.until) == ("Naoto Shimakoshi", SESSIONS[1], SESSIONS[1])
    assert "naoto" not in q.topic.lower() and "2024" not in q.topic


def test_presenters_by_any_part_of_their_name_or_as_their_name_sounds() -> None:
    assert plan("Shun Itoさんが発表したトピックを一覧にして").filters.presenter == "Shun Ito"
    assert plan("MatsudaKazukiさんの発表は?").filters.presenter == "MatsudaKazuki"
    assert plan("伊藤さんの論文を全部教えて").filters.presenter == "Shun Ito"  # 伊藤 is read イトウ
    assert plan("Yuta と Yuya の発表").filters.presenter is None  # two presenters: no single filter
    both = plan("伊藤さん(Shun Ito)が発表した回を全部")  # the name in kanji beside the Latin one
    assert both.filters.presenter == "Shun Ito" and both.terms == ()
    assert "田中" in plan("田中さん(Shun Ito)の発表").topic  # another name is no reading of his


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("What did Tanaka present?", Unknown("presenter", "Tanaka")),
        ("田中さんの発表を一覧にして", Unknown("presenter", "田中")),
        ("Kato-san's slide on MLOps — what was it about?", Unknown("presenter", "Kato")),
        ("2024-06-20の回では何を話した?", Unknown("date", "2024-06-20")),
        ("9月1日の回は?", Unknown("date", "09-01")),  # no session that day: said, not guessed
        ("2024年7月の発表は?", Unknown("date", "2024-07")),
        ("[動画]の発表を一覧にして", Unknown("tag", "動画")),
    ],
)
def test_names_dates_and_tags_the_notes_lack_are_kept_as_unknowns(question: str, unknown: Unknown) -> None:
    q = plan(question)
    assert q.unknown == (unknown,)
    assert q.filters.presenter is None and q.filters.tag is None and q.filters.since is None


def test_a_company_the_notes_talk_about_is_no_unknown_presenter() -> None:
    assert plan("Sansanさんのブログで紹介された検定は?").unknown == ()
    assert plan("What did Shun-san present on CREPE?").unknown == ()  # a presenter with -san


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("2024/09/26の回で何を話した?", SESSIONS[3], SESSIONS[3]),
        ("9月26日の回の話題は?", SESSIONS[3], SESSIONS[3]),  # the year from the sessions
        ("what was discussed on Sep 19?", SESSIONS[2], SESSIONS[2]),
        ("topics from May 2024", dt.date(2024, 5, 1), dt.date(2024, 5, 31)),
        ("9月の論文を一覧にして", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),  # the year of the September sessions
        ("2024年9月以降の論文を一覧に", dt.date(2024, 9, 1), None),
        ("2024年5月までの発表を一覧で", None, dt.date(2024, 5, 31)),
        ("前回の発表を一覧にして", SESSIONS[3], SESSIONS[3]),  # 前回: the latest session
        ("When was the first session in September?", SESSIONS[2], SESSIONS[2]),
        ("What was the last session before September?", SESSIONS[1], SESSIONS[1]),
        ("After the April session, when did we meet next?", SESSIONS[1], SESSIONS[1]),
        # a part of a month: early / mid / late, 上旬 / 中旬 / 下旬 (days 1-10, 11-20, 21-end)
        ("What happened at the mid-May get-together?", dt.date(2024, 5, 11), dt.date(2024, 5, 20)),
        ("9月下旬の回で何を話した?", dt.date(2024, 9, 21), dt.date(2024, 9, 30)),
        ("What was presented at the end of September?", dt.date(2024, 9, 21), dt.date(2024, 9, 30)),
        ("5月の発表は?", dt.date(2024, 5, 1), dt.date(2024, 5, 31)),  # a whole month stays whole
    ],
)
def test_time_is_resolved_against_the_sessions(question: str, since: dt.date | None, until: dt.date | None) -> None:
    f = plan(question).filters
    assert (f.since, f.until) == (since, until)


def test_tags_filter_list_questions_and_brackets() -> None:
    assert plan("2024年9月以降の論文を一覧に").filters.tag == "論文"
    assert plan("Which papers did Naoto present?").filters.tag == "論文"
    assert plan("[slide] の発表を一覧にして").filters.tag == "slide"
    assert plan("CREPEの論文はどんな内容?").filters.tag is None  # a content word here, not a filter
    assert plan("KPI監視の閾値 [2024-09-26] はどう決めた?").filters.tag is None  # a citation label is no tag


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many sessions are in the notes?", "sessions"),
        ("勉強会は全部で何回あった?", "sessions"),
        ("How many [論文] topics are there?", "topics"),
        ("論文は何件ある?", "topics"),
        ("How many presenters were there on Sept 19?", "presenters"),
        ("9/19の発表者は何人?", "presenters"),
        # the counted noun is the one the catalogue counts, after any modifiers; the group holds no topic
        ("How many study sessions did the group hold?", "sessions"),
        ("How many different people presented?", "presenters"),
        ("How many paper topics are in the notes?", "topics"),
    ],
)
def test_a_count_says_what_it_counts(question: str, counted: str) -> None:
    q = plan(question)
    assert q.kind == "count" and q.counted == counted and not q.searches


def test_a_summary_names_one_session() -> None:
    q = plan("4月の勉強会ってどんな話してたっけ?ざっくりでいいので")
    assert q.kind == "summary" and not q.searches
    assert [s for s in SESSIONS if q.filters.since and q.filters.until and q.filters.since <= s <= q.filters.until] == [
        SESSIONS[0]
    ]


def test_the_other_topics_of_that_session_are_a_list_without_the_one_already_given() -> None:
    history = (("CREPEを発表したのは?", "Shun Ito さんが 2024-05-16 に発表しました。\n- 2024-05-16 — @Shun Ito — "
                "[論文] CREPE: Coordinate-Aware End-to-End Document Parser [2024-05-16]"),)  # fmt: skip
    q = plan("その回で他にどんな話があった?", history)
    assert q.kind == "list" and q.filters.since == q.filters.until == SESSIONS[1]
    assert q.exclude == (("2024-05-16.txt", 1),)


@pytest.mark.parametrize("question", ["Which of those were papers?", "そのうち論文はどれ?"])
def test_which_of_those_narrows_the_previous_answer_by_tag(question: str) -> None:
    history = (("What did Naoto present?", "2 topic(s) match (presenter Naoto Shimakoshi):\n- 2024-04-11 — "
                "[論文] DMOps: Data Management Operations and Recipes [2024-04-11]"),)  # fmt: skip
    q = plan(question, history)
    assert q.kind == "list" and q.filters.tag == "論文" and not q.terms
    assert q.filters.presenter == "Naoto Shimakoshi"  # the list "those" refers to: the previous question's
    assert _kept(q) == ["DMOps: Data Management Operations and Recipes"]


def _kept(q: Query) -> list[str]:
    """The titles a catalogue answer to ``q`` lists: its filters applied, its left-out topics left out."""
    return [c.title for c in CATALOGUE.topics if q.filters.accepts(c) and c.topic_key not in q.exclude]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # the previous answer names its topics by the names they open with, not in full
        (
            "Which of those were papers?",
            "They came up in DMOps and CREPE [2024-04-11][2024-05-16], and in the Polars blog.",
        ),
        ("その中で論文はどれ?", "DMOps、CREPE、Detectron2でDocument Layout Analysisの回です [2024-04-11][2024-05-16]"),
    ],
)
def test_which_of_those_after_a_searched_answer_narrows_the_topics_it_named(question: str, answer: str) -> None:
    q = plan(question, (("Which sessions talked about documents?", answer),))
    assert q.kind == "list" and q.filters.tag == "論文"
    assert _kept(q) == [
        "DMOps: Data Management Operations and Recipes",
        "CREPE: Coordinate-Aware End-to-End Document Parser",
    ]


def test_what_else_did_that_presenter_give() -> None:
    history = (("who presented CREPE?", "Shun Ito presented it on 2024-05-16.\n- 2024-05-16 — @Shun Ito — [論文] "
                "CREPE: Coordinate-Aware End-to-End Document Parser [2024-05-16]"),)  # fmt: skip
    q = plan("What else did he present?", history)
    assert q.kind == "list" and q.filters.presenter == "Shun Ito" and q.exclude == (("2024-05-16.txt", 1),)


@pytest.mark.parametrize(
    ("question", "specific"),
    [
        ("How did o3 do on ARC?", ("o3", "ARC")),
        ("Reflection 405Bの性能は?", ("405B",)),  # a sentence's first word counts as a name only if rare
        # ... or, in a Japanese question (no sentence capitals), if no word list holds it
        ("Kaggleが出てくるのはどのノート?", ("Kaggle",)),
        ("Which sessions mentioned Kaggle?", ("Kaggle",)),
        ("Reflectionの話はどの回?", ()),  # an everyday English word opening a Japanese question: not on its own
        ("量子コンピュータの話はあった?", ("量子コンピュータ",)),
        ("What did we learn about Prophet and pre-training?", ("Prophet", "pre-training")),  # a concept (事前学習)
        ("How do they hold the dashboard review meeting?", ()),  # everyday words only
        # Framing cut off the front ("Did anyone cover"): the name is still mid-sentence in the question.
        ("Did anyone cover Swallow, the Japanese model?", ("Swallow",)),
        ("Swallow is what?", ()),  # the question's first word: an everyday one, not a name
        # Several English names in a Japanese sentence are not Title Case; 「はClaude」 starts a word too.
        ("Reflection 70BはClaude 3 Opusに勝ってた?", ("Claude 3", "70B", "Claude", "Opus")),
        ("Which Papers Did We Read On Ranking?", ()),  # Title Case: capitals say nothing
        # Capitalised everyday words in a row in mid-sentence name a product or feature together.
        ("Did they use a tool like Ground Truth for labels?", ("Ground Truth",)),
        ("Ground Truth labels: who made them?", ()),  # at the start: capitals of grammar
        # Capitals that are everyday words are no names; an acronym of the same length still is.
        ("clip-japanese-baseってライセンス何?商用OK?", ("clip-japanese-base",)),
        ("Is it OK to use CREPE commercially?", ("CREPE",)),
        ("KPIのアラートはOKだった?", ("KPI",)),
    ],
)
def test_specific_terms_are_names_versions_and_rare_words(question: str, specific: tuple[str, ...]) -> None:
    assert plan(question).specific == specific


def _llm_plan(reply: str) -> Query:
    from rag.query.llm_plan import propose
    from tests.helpers.fakes import FakeLLM

    return propose(plan("Polarsの話を教えて"), CATALOGUE, get_tokenizer("A"), FakeLLM(reply))


def test_an_llm_plan_is_used_where_it_checks_out_against_the_catalogue() -> None:
    reply = (
        '{"kind": "list", "since": null, "until": null, "presenter": "Naoto Shimakoshi", "tag": "blog", "topic": ""}'
    )
    q = _llm_plan(reply)
    assert q.kind == "list" and (q.filters.presenter, q.filters.tag) == ("Naoto Shimakoshi", "blog")


@pytest.mark.parametrize(
    "reply",
    [
        '{"kind": "list", "since": null, "until": null, "presenter": "Tanaka", "tag": null, "topic": ""}',  # no such
        '{"kind": "list", "since": "2023-01-01", "until": "2023-12-31", "presenter": null, "tag": null, "topic": ""}',
        '{"kind": "gossip", "since": null, "until": null, "presenter": null, "tag": null, "topic": ""}',
        "not json at all",
    ],
)
def test_an_llm_plan_that_does_not_check_out_leaves_the_parsers(reply: str) -> None:
    assert _llm_plan(reply) == plan("Polarsの話を教えて")


@pytest.mark.parametrize(
    ("term", "parts"),
    [
        ("GPT-5", ("GPT-5",)),  # a version: the whole term identifies
        ("o3", ("o3",)),
        ("LoRA", ("LoRA",)),
        ("generative-AI", ("AI",)),  # only the acronym identifies; 'generative' the notes may say 生成
        ("Yu-Gi-Oh", ()),  # a phrase of plain words, which the notes may write 遊戯王
        ("Kubernetes", ()),
    ],
)
def test_what_makes_a_term_an_identifier(term: str, parts: tuple[str, ...]) -> None:
    assert identifier_parts(term) == parts


@pytest.mark.parametrize(
    ("question", "kind", "session"),
    [
        # counted back from the latest session: 前回 is the latest, 前々回 the one before it
        ("前々回はいつ?", "before", SESSIONS[2]),
        ("前回はいつ?", "latest", SESSIONS[3]),
        ("前回の発表者は?", "latest", SESSIONS[3]),  # the latest session's presenters, not the one before
        ("What was covered two sessions before the latest one?", "before", SESSIONS[1]),
        ("What was covered in the meeting before the last one?", "before", SESSIONS[2]),
        ("9/26の2つ前の回は?", "before", SESSIONS[1]),
        ("9/26の前の回は?", "before", SESSIONS[2]),
        # the last time the group met is the latest session
        ("When did we last meet?", "latest", SESSIONS[3]),
        ("最後に集まったのはいつでしたっけ?", "latest", SESSIONS[3]),
        # a month named as "the April one"
        ("Which session came right after the April one?", "after", SESSIONS[1]),
        ("What was the meeting two sessions after the April one?", "after", SESSIONS[2]),  # as far after as before
        ("4/11の2つ後の回は?", "after", SESSIONS[2]),
        ("Which meeting took place after the 2024-05-16 one?", "after", SESSIONS[2]),
        ("What came next after 9/19?", "after", SESSIONS[3]),
        ("5/16のあとの回は?", "after", SESSIONS[2]),
        ("4月11日の後に開かれた勉強会はいつ?", "after", SESSIONS[1]),
        ("What was the session prior to September 26?", "before", SESSIONS[2]),
        ("9月19日の直前の回は?", "before", SESSIONS[1]),
        ("前の回は何を話した?", "latest", SESSIONS[3]),  # 前の回 on its own: the last one held
        # counted from the session of the topic the question names
        ("What did we discuss in the session after the one about CREPE?", "after", SESSIONS[2]),
        ("CREPEの回の次の回は?", "after", SESSIONS[2]),
        ("Polarsの話が出た回の前の回は?", "before", SESSIONS[1]),
        ("When did the group meet most recently?", "latest", SESSIONS[3]),
        ("4月の次の回は?", "after", SESSIONS[1]),
    ],
)
def test_sessions_placed_relative_to_another(question: str, kind: str, session: dt.date) -> None:
    q = plan(question)
    assert q.kind == kind and q.filters.since == q.filters.until == session


@pytest.mark.parametrize(
    "question",
    [
        "Who presented two papers before the break?",  # a number of papers, not of sessions
        "How much data should be replayed after switching languages?",  # "after" in a clause
        "最後に発表したのは誰?",  # 最後に: lastly, not the last meeting
    ],
)
def test_look_alikes_of_a_placed_session_name_no_session(question: str) -> None:
    q = plan(question)
    assert q.kind not in ("latest", "first", "before", "after") and q.filters.since is None


def test_the_session_before_the_latest_names_the_latest_as_its_anchor() -> None:
    assert plan("前々回の内容は?").anchor == SESSIONS[3]


def test_that_session_becomes_its_date_in_the_standalone_question() -> None:
    history = (("Who presented CREPE?", "Shun Ito presented it on 2024-05-16.\n- 2024-05-16 — @Shun Ito — [論文] "
                "CREPE: Coordinate-Aware End-to-End Document Parser [2024-05-16]"),)  # fmt: skip
    q = plan("その週の発表者は何人?", history)
    assert q.text == "2024-05-16の回の発表者は何人?" and q.kind == "count" and q.counted == "presenters"
    assert q.filters.since == q.filters.until == SESSIONS[1] and not q.terms
    q = plan("What else was presented in that session?", history)
    assert q.text == "What else was presented in the 2024-05-16 session?" and q.kind == "list"
    assert q.exclude == (("2024-05-16.txt", 1),)  # CREPE, already given
    assert plan("その他の論文は?", history).filters.since is None  # その他: no session named


def test_what_else_leaves_out_the_topic_the_previous_question_named() -> None:
    history = (("Who presented CREPE?", "Shun Ito, at the 2024-05-16 session [2024-05-16]."),)
    q = plan("What else did he present?", history)
    assert q.filters.presenter == "Shun Ito" and q.exclude == (("2024-05-16.txt", 1),)


@pytest.mark.parametrize(
    ("question", "prefer"),
    [
        ("日本語の性能はどうだって?", (("2024-09-19.txt", 3),)),  # no topic words: about the previous topic
        ("How fast was it?", (("2024-09-19.txt", 3),)),
    ],
)
def test_a_question_after_an_answer_about_one_topic_prefers_it(question: str, prefer: tuple[object, ...]) -> None:
    history = (("Polarsの話はどこ?", "2024-09-19 — @Naoto Shimakoshi — [blog] GPU acceleration with Polars and NVIDIA "
                "RAPIDS [2024-09-19]"),)  # fmt: skip
    assert plan(question, history).prefer == prefer


def test_an_overview_answer_is_about_no_one_topic() -> None:
    overview = "\n".join(f"- {title} [{d}]" for d, _who, _tag, title in TOPICS)
    assert plan("日本語の性能はどうだって?", (("全部見せて", overview),)).prefer == ()


@pytest.mark.parametrize(
    "question",
    [
        "What was discussed prior to the break?",  # prior to no session
        "9/26の前の発表は?",  # の前の: a talk before, no session named by its place
        "Polarsの後の話は?",
    ],
)
def test_look_alikes_of_more_placed_sessions(question: str) -> None:
    assert plan(question).kind not in ("before", "after")


def test_a_session_counted_from_a_topic_in_the_first_session_has_none_before() -> None:
    q = plan("Which session came before the one where DMOps was presented?")
    assert q.kind == "before" and q.anchor == SESSIONS[0] and q.filters.since is None


def test_a_topic_named_only_in_its_text_anchors_by_it_when_one_session_has_it() -> None:
    moe = Chunk("m", "09-19.txt", "2024-09-19", "MatsudaKazuki", "blog", "Mixture of Experts Explained", 0, 0, 1, "MoE")
    chunks = [moe, Chunk("c", "05-16.txt", "2024-05-16", "Shun Ito", "論文", "CREPE", 0, 0, 1, "")]
    q = plan_query("MoEの回の一つ前の回では何を話した?", Catalogue.of(chunks), get_tokenizer("A"))
    assert q.kind == "before" and q.anchor == SESSIONS[2] and q.filters.since == SESSIONS[1]


def test_a_presenter_of_several_sessions_anchors_each_of_them() -> None:
    q = plan("What was the session after the one about Naoto?")  # a presenter of two sessions, no topic
    # not counted from the latest session: the session after each of his (4/11 → 5/16, 9/19 → 9/26)
    assert q.kind == "after" and q.neighbours == ((SESSIONS[0], SESSIONS[1]), (SESSIONS[2], SESSIONS[3]))
    assert q.anchored_by == "Naoto Shimakoshi" and q.filters.presenter is None


def test_right_after_a_day_in_japanese() -> None:
    q = plan("9/19のすぐあとの回の内容は?")
    assert q.kind == "after" and q.filters.since == SESSIONS[3]


def test_that_presenter_in_the_session_after() -> None:
    history = (("DMOpsを紹介したのは誰?", "Naoto Shimakoshi さんが 2024-04-11 に発表しました。\n- 2024-04-11 — "
                "@Naoto Shimakoshi — [論文] DMOps: Data Management Operations and Recipes [2024-04-11]"),)  # fmt: skip
    q = plan("その人の次の回の発表は?", history)
    assert q.filters.presenter == "Naoto Shimakoshi" and q.filters.since == q.filters.until == SESSIONS[1]
