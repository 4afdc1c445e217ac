"""The chat UI's behaviour without a browser: rendering, filters, saving notes, chat turns, updates."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.config import Settings
from rag.errors import ConfigError, FilterError, NoteExistsError, NoteSaveError
from rag.ingest.add import safe_note_name, save_note
from rag.store.format import current_build
from rag.types import Answer, Chunk, Citation, Hit
from rag.ui.chat import ChatUI, Messages, parse_filters
from rag.ui.history import Store, history
from rag.ui.jobs import IndexJobs
from rag.ui.render import render_answer, timeline_html
from rag.ui.serve import check_exposure, parse_auth
from tests.helpers.fakes import FakeEmbedder, SlowFakeEmbedder

CITED = "\\[2024-09-26\\]</a>"  # a citation label, Markdown-escaped and linked to its card
EVIL = '<script>window.x=1</script> <img src=x onerror="alert(1)"> [link](javascript:alert(1)) `code`'


def _chunk(title: str = "Tool <b>use</b>", text: str = EVIL, date: str | None = "2024-09-26") -> Chunk:
    return Chunk("c1", "n.txt", date, "Shun Ito", "blog", title, 0, 0, 1, text)


def _answer(text: str, chunk: Chunk) -> Answer:
    cite = Citation(chunk.citation, chunk.date, chunk.presenter, chunk.title, chunk.id)
    return Answer("q", text, "extractive", True, (cite,), (Hit(chunk, 1.0, 1),))


def test_answer_escapes_note_text_and_links_citations_to_source_cards() -> None:
    chunk = _chunk()
    html = render_answer(_answer(f"- {EVIL} [2024-09-26]", chunk), turn=3)
    assert "<script>" not in html and "<img" not in html and "<b>use" not in html
    assert "&lt;script&gt;" in html and "\\[link\\]" in html and "\\`code\\`" in html
    assert '<a class="rag-cite" href="#src-3-1"' in html
    assert '<div class="rag-src" id="src-3-1">' in html
    assert "@Shun Ito" in html and "[blog]" in html and "Tool &lt;b&gt;use&lt;/b&gt;" in html


def test_answer_without_citations_shows_closest_notes_uncited() -> None:
    chunk = _chunk()
    answer = Answer("q", "The notes don't cover that.", "extractive", False, (), (Hit(chunk, 0.2, 1),))
    html = render_answer(answer, turn=1)
    assert "Closest notes (1, not relevant enough to cite)" in html
    assert "rag-cite" not in html


def test_timeline_escapes_titles_and_the_question_a_click_asks() -> None:
    html = timeline_html([_chunk(title='"><script>x()</script>'), _chunk(date=None)])
    assert "<script>" not in html
    assert 'data-q="「&quot;&gt;&lt;script&gt;x()&lt;/script&gt;」について教えて"' in html
    assert html.index("2024-09-26") < html.index("undated")


def test_filters_parse_dates_and_reject_bad_ones() -> None:
    f = parse_filters("2024-05-01", " 2024-09-30 ", "Shun Ito", "")
    assert (f.since, f.until, f.presenter, f.tag) == (dt.date(2024, 5, 1), dt.date(2024, 9, 30), "Shun Ito", None)
    with pytest.raises(FilterError, match="YYYY-MM-DD"):
        parse_filters("May 1st", None, None, None)
    with pytest.raises(FilterError, match="swap them"):
        parse_filters("2024-10-01", "2024-09-01", None, None)


def test_auth_and_exposure(settings_from: Callable[..., Settings]) -> None:
    assert parse_auth("team:s3cret, bob:pw") == [("team", "s3cret"), ("bob", "pw")]
    assert parse_auth(None) is None
    with pytest.raises(ConfigError, match="user:password"):
        parse_auth("team")
    check_exposure(Settings(ui_host="127.0.0.1"))
    check_exposure(Settings(ui_host="0.0.0.0", ui_auth="team:s3cret", api_keys="k3y"))  # the API needs keys there
    check_exposure(Settings(ui_host="0.0.0.0", ui_allow_open=True))
    with pytest.raises(ConfigError, match="RAG_UI_AUTH"):
        check_exposure(Settings(ui_host="0.0.0.0"))
    assert settings_from({"RAG_UI_PORT": "8000", "RAG_UI_ALLOW_OPEN": "yes"}).ui_port == 8000


def test_note_names_stay_inside_the_notes_folder() -> None:
    assert safe_note_name("../../etc/passwd") == "passwd.txt"
    assert safe_note_name("C:\\notes\\2024-10-03.MD") == "2024-10-03.md"
    assert safe_note_name("勉強会 10月.txt") == "勉強会 10月.txt"
    with pytest.raises(NoteSaveError, match="file name"):
        safe_note_name("../..")


def test_saving_a_note_never_overwrites_without_asking(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    first = save_note(notes, "2024-10-03.txt", "2024-10-03 勉強会\n@A B\n[blog] X\n- x\n")
    assert first.date == dt.date(2024, 10, 3) and not first.replaced
    assert save_note(notes, "2024-10-03.txt", "2024-10-03 勉強会\n@A B\n[blog] X\n- x\n").unchanged
    with pytest.raises(NoteExistsError, match="overwrite"):
        save_note(notes, "2024-10-03.txt", "2024-10-03 勉強会\n[blog] Y\n")
    assert "[blog] X" in (notes / "2024-10-03.txt").read_text(encoding="utf-8")
    assert save_note(notes, "2024-10-03.txt", "2024-10-03 勉強会\n[blog] Y\n", overwrite=True).replaced
    with pytest.raises(NoteSaveError, match=r"already in the notes as 2024-10-03\.txt"):
        save_note(notes, "copy.txt", "2024-10-03 勉強会\n[blog] Y\n")
    assert sorted(p.name for p in notes.iterdir()) == ["2024-10-03.txt"]  # no temporary files left


@pytest.fixture
def ui(fake_settings: Settings) -> ChatUI:
    # The fake embedder's similarities mean little: let the evidence gate pass what it retrieves.
    settings = fake_settings.replace(min_score=-1.0, min_relevance=-1e9, min_margin=-1e9)
    return ChatUI(settings, Assistant(settings, log=lambda _m: None, embedder=FakeEmbedder()))


def _turn(
    ui: ChatUI, question: str, messages: Messages, store: Store | None, *filters: str | None
) -> list[tuple[Messages, Store | None, str]]:
    """Every state a chat turn yields (copied: the UI reuses its message list between yields); the
    store is None until the turn is saved."""
    args = filters or (None, None, None, None)
    out: list[tuple[Messages, Store | None, str]] = []
    for msgs, saved, box, _listed in ui.chat(question, messages, store, *args):
        out.append(([dict(m) for m in msgs], saved if isinstance(saved, dict) else None, box))
    return out


def test_a_chat_turn_shows_the_question_then_the_answer_and_keeps_history(ui: ChatUI) -> None:
    states = _turn(ui, "Group Sequential Test アルファ消費", [], None)
    first, last = states[0][0], states[-1][0]
    assert [m["role"] for m in first] == ["user", "assistant"] and "Sources" not in first[-1]["content"]
    assert CITED in last[-1]["content"] and "Sources (" in last[-1]["content"]
    store = states[-1][1]
    assert store is not None and [m["role"] for m in history(store, last)] == ["user", "assistant"]

    follow = _turn(ui, "GPU Puzzles", last, store)[-1]
    assert follow[1] is not None and len(follow[0]) == 4 and len(history(follow[1], follow[0])) == 4
    assert 'href="#src-2-1"' in follow[0][-1]["content"]  # the second answer's cards have their own ids


def test_a_bad_filter_is_an_answer_saying_how_to_fix_it(ui: ChatUI) -> None:
    messages = _turn(ui, "GPU Puzzles", [], None, "yesterday", None, None, None)[-1][0]
    assert messages[-1]["content"].startswith("⚠️") and "YYYY-MM-DD" in messages[-1]["content"]
    unknown = _turn(ui, "GPU Puzzles", [], None, None, None, "Nobody Atall", None)[-1][0]
    assert unknown[-1]["content"].startswith("⚠️")


def test_the_first_question_builds_a_missing_index_and_reports_progress(ui: ChatUI) -> None:
    assert current_build(ui.settings.index_dir) is None
    states = _turn(ui, "Group Sequential Test アルファ消費", [], None)
    assert current_build(ui.settings.index_dir) is not None
    assert any("Indexing the notes for the first time" in s[0][-1]["content"] for s in states)
    assert CITED in states[-1][0][-1]["content"]


def test_updates_run_one_at_a_time_and_a_queued_rebuild_covers_later_requests(fake_settings: Settings) -> None:
    assistant = Assistant(fake_settings, log=lambda _m: None, embedder=SlowFakeEmbedder(0.05))
    jobs = IndexJobs(assistant)
    assert jobs.request("First index build").busy
    # Once the first build runs (~4 s of embedding), the next requests queue behind it. (Asked before
    # it starts, a rebuild replaces it, and a request after that queues behind the rebuild instead.)
    deadline = time.monotonic() + 60
    while not jobs.status().running:
        assert time.monotonic() < deadline, "the first build did not start"
        time.sleep(0.01)
    assert jobs.request("Full rebuild", full=True).queued
    assert jobs.request("Indexing new.txt").queued
    assert jobs.wait(timeout=120)
    done = jobs.status()
    # Three requests, two runs: the first, then one full rebuild covering the incremental update behind it.
    assert done.last_ok and not done.busy and done.finished == 2, done
    assert done.title == "Full rebuild", done
    assert "Rebuilt the index" in done.last_message, done.last_message
