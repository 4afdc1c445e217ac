"""Chats kept in the browser, the strings of both languages, votes on answers and their drafts."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from click.testing import CliRunner

from rag.cli import cli
from rag.errors import FilterError, NoMatchError
from rag.evaluation.bank import load_questions
from rag.evaluation.drafts import draft_questions
from rag.evaluation.feedback import Feedback, append_feedback, feedback_path, read_feedback
from rag.ui import history
from rag.ui.i18n import EN, JA, browser_lang, error_text, localized
from rag.ui.render import merge_parts, timeline_html

USER = {"role": "user", "content": "q"}
BOT = {"role": "assistant", "content": "a"}


def _turn(q: str, a: str = "It was on 2024-09-26 [2024-09-26].") -> dict[str, object]:
    return {"q": q, "a": a, "cited": ["[2024-09-26]"], "mode": "extractive", "model": None}


def test_both_languages_have_every_string_with_the_same_placeholders() -> None:
    assert EN.keys() == JA.keys()
    for key in EN:
        assert sorted(_fields(EN[key])) == sorted(_fields(JA[key])), key


def _fields(text: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(text) if f]


def test_the_browser_language_is_the_first_the_page_speaks() -> None:
    assert browser_lang("ja-JP,ja;q=0.9,en;q=0.8") == "ja"
    assert browser_lang("fr-FR,en-US;q=0.8,ja;q=0.5") == "en"
    assert browser_lang("de-DE") == "en" and browser_lang(None) == "en"


def test_errors_are_shown_in_the_pages_language() -> None:
    own = localized(FilterError, "err_range", start="2024-09-26", end="2024-05-16")
    assert str(own) == "From 2024-09-26 is after To 2024-05-16: swap them."
    assert error_text(own, "ja") == ("開始日 2024-09-26 が終了日 2024-05-16 より後です: 入れ替えてください。", None)
    library = NoMatchError("No presenter named Tanaka in the notes; the presenters are A, B.")
    line, details = error_text(library, "ja")
    assert line == JA["err_NoMatchError"] and details == str(library)  # the English message, folded away
    assert error_text(library, "en") == (str(library), None)


def test_a_chat_remembers_its_turns_and_a_cleared_chat_remembers_none() -> None:
    store = history.record({}, [], [USER, BOT], _turn("CREPEを発表したのは誰?"))
    assert history.history(store, [USER, BOT]) == [
        {"role": "user", "content": "CREPEを発表したのは誰?"},
        {"role": "assistant", "content": "It was on 2024-09-26 [2024-09-26]."},
    ]
    assert history.current(store)["title"] == "CREPEを発表したのは誰?"
    # The question sent right after 🗑 comes with an empty chat: the store may not know yet.
    assert history.history(store, []) == []
    again = history.record(store, [], [USER, BOT], _turn("その回で他には?"))
    assert [t["q"] for t in history.current(again)["turns"]] == ["その回で他には?"]
    assert history.current(history.clear(again))["turns"] == []


def test_chats_are_listed_switched_renamed_and_deleted() -> None:
    first = history.record({}, [], [USER, BOT], _turn("first question"))
    first_id = first["current"]
    second = history.record(history.new_chat(first), [], [USER, BOT], _turn("second question"))
    assert [title for title, _ in history.choices(second, "New chat")] == ["second question", "first question"]
    renamed = history.rename(second, "  CREPE  の件 ")
    assert history.current(renamed)["title"] == "CREPE の件"
    back = history.select(renamed, first_id)
    assert history.current(back)["title"] == "first question"
    left = history.delete(back)
    assert [title for title, _ in history.choices(left, "New chat")] == ["CREPE の件"]
    assert history.normalise("garbage")["chats"][0]["messages"] == []  # a damaged store starts afresh


def test_a_chat_exports_as_markdown_with_plain_citations() -> None:
    store = history.record({}, [], [USER, BOT], _turn("名寄せの話は何日?", "2024-09-26 の回です [2024-09-26]"))
    text = history.export_markdown(history.current(store), "New chat")
    assert text.startswith("# 名寄せの話は何日?\n")
    assert "## 名寄せの話は何日?\n\n2024-09-26 の回です [2024-09-26]\n" in text
    assert "Sources: [2024-09-26]" in text and "<" not in text and "\\[" not in text


def test_votes_append_whole_lines_even_at_once_and_export_as_draft_questions(tmp_path: Path) -> None:
    def vote(i: int) -> None:
        append_feedback(tmp_path, Feedback.of(_turn(f"質問 {i % 5} は何日?"), liked=i % 2 == 0, comment=f"c{i}"))

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = feedback_path(tmp_path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 20 and all(json.loads(line)["mode"] == "extractive" for line in lines)
    votes = list(read_feedback(feedback_path(tmp_path)))
    drafts = draft_questions(votes)
    disliked = {v.question for v in votes if not v.liked}
    assert {d["question"] for d in drafts} == disliked and len(drafts) == len(disliked)
    assert all(d["lang"] == "ja" and d["gold"] == [{"date": "2024-09-26", "topic": ""}] for d in drafts)

    result = CliRunner().invoke(cli, ["feedback", "export", "--index", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "drafts.jsonl"
    out.write_text(result.stdout, encoding="utf-8")
    assert [q.question for q in load_questions(out)] == [d["question"] for d in drafts]  # the bank's own reader


def test_export_without_votes_says_how_to_get_some(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["feedback", "export", "--index", str(tmp_path)])
    assert result.exit_code == 1 and "Vote 👍/👎 on answers in the chat UI first" in result.output


def test_a_topics_chunks_merge_back_without_their_overlap_and_links_stay_links() -> None:
    from rag.ui.render import Section, render_answer
    from tests.ui.test_chat import _answer, _chunk

    assert merge_parts(["- a\n- b\n- c", "- b\n- c\n- d", "- d\n- e"]) == "- a\n- b\n- c\n- d\n- e"
    chunk = _chunk(text="- 記事 https://example.com/post?id=1 を読んだ")
    section = Section("- 記事 https://example.com/post?id=1 を読んだ\n- <script>x()</script>", ("GPU Puzzles — @A",))
    html = render_answer(_answer("- x [2024-09-26]", chunk), 1, "ja", {chunk.id: section})
    assert '<a href="https://example.com/post?id=1" target="_blank" rel="noopener">' in html
    assert '<div class="rag-src-full" hidden>' in html and "&lt;script&gt;" in html and "<script>" not in html
    assert "同じ回の他のトピック" in html and "出典 (1)" in html and "<li>GPU Puzzles — @A</li>" in html


def test_the_timeline_says_the_index_is_being_built() -> None:
    assert "インデックスを構築中です" in timeline_html([], "ja", building=True)
    assert "No notes indexed yet." in timeline_html([], "en")


def test_an_update_report_is_shown_in_the_pages_language() -> None:
    from rag.ui.render import result_html

    report = "Rebuilt the index: 83 chunks from 5 notes."
    assert result_html(report, True, "en") == f'<div class="rag-job rag-ok">✓ {report}</div>'
    ja = result_html(report, True, "ja")
    assert ja.startswith('<div class="rag-job rag-ok">✓ インデックスを更新しました。<details')
    assert "<summary>詳細</summary>" + report in ja
