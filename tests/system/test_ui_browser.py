"""The chat UI in a real browser: Debian's Chromium driven by Playwright against `rag serve`.

Screenshots go to artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rag.config import Settings
from tests.helpers.paths import ARTIFACTS
from tests.helpers.ui_server import ServedApp, serve_app

CHROMIUM = Path("/usr/bin/chromium")
# This machine's closed network refuses Chromium's background connections: switch them off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWER_TIMEOUT_MS = 90_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"),
]

NEW_NOTE = """2024-10-03 機械学習勉強会

@Hanako Tester

[blog] ゾウリムシ最適化でハイパーパラメータ探索を速くする
- ゾウリムシの走性を真似た探索アルゴリズムでハイパーパラメータを探す話
- ベイズ最適化より少ない試行回数で同じくらいの精度に届いたらしい
"""

SCRIPT_NOTE = """2024-10-10 機械学習勉強会

@Mallory Markup

[blog] XSS検証メモ <script>window.__pwned = 1</script>
- ノートに <img src=x onerror="window.__pwned = 2"> と書かれていても実行されないこと
- <b>太字タグ</b> も <a href="javascript:window.__pwned=3">リンク</a> も文字のまま表示されること
"""


@pytest.fixture(scope="module")
def app(real_index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with serve_app(real_index_settings, tmp_path_factory.mktemp("ui-browser")) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()


@pytest.fixture
def page(browser: Any, app: ServedApp) -> Iterator[Any]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app.url)
    # Chats are kept in the browser (the profile is shared by the module's tests): each test starts with none.
    page.evaluate("() => localStorage.clear()")
    page.reload()
    page.wait_for_selector("#rag-timeline button.tl-topic", timeout=ANSWER_TIMEOUT_MS)
    yield page
    page.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"ui-{name}.png"), full_page=True)


def record_chat(page: Any) -> None:
    """Keep every state the chat passes through in window.__chatStates (to see it stream)."""
    page.evaluate(
        """() => {
          window.__chatStates = [];
          const chat = document.querySelector('#rag-chat');
          new MutationObserver(() => window.__chatStates.push(chat.innerText))
            .observe(chat, {childList: true, subtree: true, characterData: true});
        }"""
    )


def ask(page: Any, question: str, answers_before: int = 0) -> Any:
    """Send a question and wait for its final answer (the one with a sources block); returns it."""
    page.fill("#rag-question textarea", question)
    page.click("#rag-send")
    meta = page.locator("#rag-chat .rag-meta")
    meta.nth(answers_before).wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    return page.locator("#rag-chat .bot-row").last


def add_note_and_wait(page: Any, expected: str) -> None:
    """Press "Add note", then wait for the note to be saved and indexed."""
    page.click("#rag-add-note")
    page.locator("#rag-add-result").get_by_text("Saved").wait_for(timeout=30_000)
    assert expected in page.inner_text("#rag-add-result")
    page.locator("#rag-job .rag-ok").wait_for(timeout=ANSWER_TIMEOUT_MS)


def test_japanese_question_streams_a_cited_answer_with_its_source_card(page: Any) -> None:
    question = "名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?"
    assert "extractive, no LLM configured" in page.inner_text("#rag-mode")
    record_chat(page)
    answer = ask(page, question)
    text = answer.inner_text()
    assert "[2024-09-26]" in text
    states: list[str] = page.evaluate("window.__chatStates")
    assert any(question in s and "Sources (" not in s for s in states), "no partial state before the final answer"

    cite = answer.locator("a.rag-cite").first
    assert cite.inner_text().startswith("[2024-")
    card = page.locator(cite.get_attribute("href"))
    assert not card.is_visible()  # the sources start collapsed …
    cite.click()
    card.wait_for(state="visible")  # … and a click on the cited date opens its card
    head = card.locator(".rag-src-head").inner_text()
    assert "2024-09-26" in head
    assert "@Shun Ito" in head
    assert "[blog]" in head
    assert "名寄せの定量評価とGroup Sequential Test" in head
    assert "Group Sequential Test (GST)" in card.locator(".rag-src-snip").inner_text()
    shot(page, "1-japanese-answer-with-source")


def test_presenter_filter_keeps_answers_to_that_presenter(page: Any) -> None:
    page.click("#rag-presenter input")
    page.keyboard.type("Yosuke")
    page.get_by_role("option", name="Yosuke Yoshida", exact=True).click()
    assert page.input_value("#rag-presenter input") == "Yosuke Yoshida"
    answer = ask(page, "どんな話題を発表した?")
    answer.locator("summary").first.click()
    heads = answer.locator(".rag-src-head").all_inner_texts()
    assert heads, answer.inner_text()
    assert all("@Yosuke Yoshida" in h for h in heads), heads
    assert any("Cursorはじめました" in h for h in heads), heads
    shot(page, "2-presenter-filter")


def test_uploaded_note_is_saved_indexed_and_answered(page: Any, app: ServedApp, tmp_path: Path) -> None:
    note = tmp_path / "zourimushi.md"
    note.write_text(NEW_NOTE, encoding="utf-8")
    page.get_by_role("tab", name="Index").click()
    page.set_input_files("#rag-upload input[type=file]", str(note))
    page.locator("#rag-upload").get_by_text("zourimushi.md").wait_for()
    add_note_and_wait(page, "Saved zourimushi.md: session 2024-10-03")
    assert (app.notes_dir / "zourimushi.md").read_text(encoding="utf-8") == NEW_NOTE
    assert "2024-10-03" in page.inner_text("#rag-index-summary")  # the newest session
    shot(page, "3-note-uploaded-and-indexed")

    answer = ask(page, "ゾウリムシ最適化の話は何日?")
    assert "[2024-10-03]" in answer.inner_text()
    answer.locator("summary").first.click()
    assert "@Hanako Tester" in answer.locator(".rag-src-head").first.inner_text()

    # The same name again with other text is refused, not overwritten.
    note.write_text(NEW_NOTE.replace("ゾウリムシ", "ミドリムシ"), encoding="utf-8")
    page.set_input_files("#rag-upload input[type=file]", str(note))
    page.click("#rag-add-note")
    page.locator("#rag-add-result").get_by_text("already exists").wait_for(timeout=30_000)
    assert (app.notes_dir / "zourimushi.md").read_text(encoding="utf-8") == NEW_NOTE
    shot(page, "4-overwrite-refused")


def test_markup_in_a_note_is_shown_as_text_never_run(page: Any) -> None:
    page.get_by_role("tab", name="Index").click()
    page.fill("#rag-paste textarea", SCRIPT_NOTE)
    add_note_and_wait(page, "Saved 2024-10-10.txt")
    page.get_by_role("tab", name="Timeline").click()
    topic = page.locator("#rag-timeline button.tl-topic", has_text="XSS検証メモ")
    topic.wait_for(timeout=ANSWER_TIMEOUT_MS)  # the timeline refreshes after the update
    assert "<script>window.__pwned = 1</script>" in topic.inner_text()

    topic.click()  # a timeline click asks about the topic
    answer = page.locator("#rag-chat .rag-meta").first
    answer.wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    chat = page.locator("#rag-chat")
    chat.locator("summary").last.click()
    text = chat.inner_text()
    assert "「XSS検証メモ <script>window.__pwned = 1</script>」について教えて" in text
    assert '<img src=x onerror="window.__pwned = 2">' in text
    assert "<b>太字タグ</b>" in text
    for injected in ("script", "img[src='x']", "b:has-text('太字タグ')", "a[href^='javascript']"):
        assert chat.locator(injected).count() == 0, injected
    assert page.evaluate("window.__pwned") is None
    shot(page, "5-markup-shown-as-text")
