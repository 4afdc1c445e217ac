"""The chat page in a real Chromium, as its users meet it: a ja-JP or en-US browser, chats that
outlast a reload, 🗑 that really forgets, a phone, the source panel, votes on answers.

Screenshots go to artifacts/ (``issue16-*.png``).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rag.ui.i18n import EN, JA
from tests.helpers.paths import ARTIFACTS
from tests.helpers.ui_server import ServedApp
from tests.system import test_ui_browser
from tests.system.test_ui_browser import ANSWER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"),
]

app = test_ui_browser.app  # the same served page fixture (a server of this module's own)
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
# Note content shown on the page (timeline topics, source cards, the examples' sample questions,
# the chat titles and questions people typed) is in whatever language the notes are: the language
# walk reads only the page's own text around it.
CONTENT = (
    ".tl-topic, .tl-who, .tl-session h4, .rag-src, .rag-panel-body, .user-row,"
    " .bot-row .prose > :not(.rag-meta):not(details), #rag-examples button, #rag-chat-list label span,"
    " #rag-lang label span"
)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def open_page(playwright: Any, app: ServedApp) -> Iterator[Callable[..., Any]]:
    """Open the page in a fresh browser profile with this locale and viewport (its localStorage persists
    across reloads within the test)."""
    opened: list[tuple[Any, list[str]]] = []
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:

        def open_(locale: str, viewport: dict[str, int] = DESKTOP) -> Any:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, viewport=viewport, locale=locale
            )
            page = context.pages[0] if context.pages else context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            opened.append((context, errors))
            page.goto(app.url)
            page.wait_for_selector("#rag-timeline button.tl-topic", state="attached", timeout=ANSWER_TIMEOUT_MS)
            return page

        yield open_
        for context, errors in opened:
            context.close()
            assert errors == [], f"JavaScript errors on the page: {errors}"


def shot(page: Any, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"issue16-{name}.png"), full_page=full_page)


def ask(page: Any, question: str) -> Any:
    """Send a question and wait for its final answer; returns the answer's row."""
    before = page.locator("#rag-chat .rag-meta").count()
    page.fill("#rag-question textarea", question)
    page.click("#rag-send")
    page.locator("#rag-chat .rag-meta").nth(before).wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    return page.locator("#rag-chat .bot-row").last


def own_text(page: Any) -> str:
    """The page's visible text without the notes' content (see CONTENT)."""
    text: str = page.evaluate(
        """(content) => {
          const copy = document.body.cloneNode(true);
          copy.querySelectorAll(content).forEach((e) => e.remove());
          copy.style.position = 'absolute'; copy.style.left = '-99999px';
          document.body.append(copy);
          const text = copy.innerText;
          copy.remove();
          return text;
        }""",
        CONTENT,
    )
    return text


def pieces(table: dict[str, str], other: dict[str, str]) -> set[str]:
    """The fixed parts of a language's strings that the other language does not share."""
    out = set()
    for key, value in table.items():
        if value == other.get(key):
            continue
        for raw in re.split(r"\{[^}]*\}|\*\*|`|\n", value):
            part = raw.strip(" ·:()—-")
            if len(part) >= 4 and part not in other.values():
                out.add(part)
    return out


def foreign(text: str, table: dict[str, str], other: dict[str, str]) -> list[str]:
    found = []
    for part in pieces(table, other):
        pattern = re.escape(part)
        if part.isascii():
            pattern = rf"(?<![A-Za-z]){pattern}(?![A-Za-z])"
        if re.search(pattern, text):
            found.append(part)
    return sorted(found)


@pytest.mark.parametrize(
    ("locale", "lang", "question", "other"),
    [
        ("ja-JP", JA, "名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?", EN),
        ("en-US", EN, "Who presented CREPE?", JA),
    ],
    ids=["ja-JP", "en-US"],
)
def test_the_page_speaks_the_browsers_language_only(
    open_page: Callable[..., Any], locale: str, lang: dict[str, str], question: str, other: dict[str, str]
) -> None:
    page = open_page(locale)
    answer = ask(page, question)
    answer.locator("a.rag-cite").first.click()  # the source panel's frame, too
    page.fill("#rag-since input", "yesterday")  # and an error message
    page.keyboard.press("Enter")
    page.locator("#rag-chips .rag-chip").wait_for()
    page.fill("#rag-question textarea", question)
    page.click("#rag-send")
    page.locator("#rag-chat .bot-row", has_text="⚠️").wait_for(timeout=ANSWER_TIMEOUT_MS)
    text = own_text(page)
    for key in ("send", "clear", "new_chat", "filters", "presenter", "timeline", "chat_list", "export"):
        assert lang[key] in text, (key, text)
    assert lang["sources"].format(n=1) in text and lang["mode_extractive"] in text
    assert lang["err_not_date"].split("{")[0] in page.inner_text("#rag-chat")
    assert foreign(text, other, lang) == [], text
    shot(page, f"desktop-{locale[:2]}")
    page.get_by_role("tab", name=lang["index"]).click()  # the index tab's own labels, too
    page.locator("#rag-rebuild", has_text=lang["rebuild"]).wait_for()
    index_text = own_text(page)
    assert foreign(index_text, other, lang) == [], index_text


def test_the_switch_overrides_the_browser_and_is_remembered(open_page: Callable[..., Any]) -> None:
    page = open_page("en-US")
    page.locator("#rag-lang label", has_text="日本語").click()
    page.locator("#rag-send", has_text=JA["send"]).wait_for()
    page.locator("#rag-mode", has_text=JA["mode_extractive"]).wait_for()
    page.reload()
    page.locator("#rag-send", has_text=JA["send"]).wait_for(timeout=30_000)
    assert foreign(own_text(page), EN, JA) == []


def test_a_chat_survives_a_reload_and_chats_can_be_switched(open_page: Callable[..., Any]) -> None:
    page = open_page("ja-JP")
    ask(page, "o1の話って何日だった?")
    page.wait_for_timeout(500)  # the browser saves the chat after the answer
    page.reload()
    page.wait_for_selector("#rag-timeline button.tl-topic", timeout=ANSWER_TIMEOUT_MS)
    chat = page.locator("#rag-chat")
    chat.locator(".rag-meta").first.wait_for(state="attached", timeout=30_000)
    assert "o1の話って何日だった?" in chat.inner_text()

    page.click("#rag-new-chat")
    page.locator("#rag-chat .rag-meta").wait_for(state="detached")
    ask(page, "who presented CREPE?")
    chats = page.locator("#rag-chat-list label")
    assert chats.count() == 2
    page.fill("#rag-chat-title textarea, #rag-chat-title input", "CREPE の件")
    page.click("#rag-rename")
    page.locator("#rag-chat-list label", has_text="CREPE の件").wait_for()
    shot(page, "chat-list")
    page.click("#rag-export")
    link = page.locator("#rag-exported a[download], #rag-exported a").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("# CREPE の件\n") and "## who presented CREPE?" in exported
    assert "[2024-05-16]" in exported and "<a" not in exported and "\\[" not in exported, exported
    page.locator("#rag-chat-list label", has_text="o1の話").click()
    page.locator("#rag-chat", has_text="o1の話って何日だった?").wait_for()
    assert "CREPE" not in page.inner_text("#rag-chat")

    page.click("#rag-delete-chat")
    page.locator("#rag-chat-list label").nth(1).wait_for(state="detached")
    assert "CREPE の件" in page.inner_text("#rag-chat-list")


def test_after_the_bin_a_follow_up_is_a_new_question(open_page: Callable[..., Any], app: ServedApp) -> None:
    page = open_page("ja-JP")
    ask(page, "CREPEを発表したのは誰?")
    follow = ask(page, "その回で他にどんな話があった?")
    cited = set(re.findall(r"\[(\d{4}-\d\d-\d\d)\]", follow.inner_text()))
    assert cited == {"2024-05-16"}, follow.inner_text()  # a follow-up of the CREPE answer: that session
    page.click("#rag-chat button[aria-label='会話をクリア']")  # the chatbot's own 🗑 (Gradio's label)
    page.locator("#rag-chat .rag-meta").first.wait_for(state="detached", timeout=10_000)
    # Sent at once after the bin: the question travels with the emptied chat, so nothing earlier counts.
    again = ask(page, "その回で他にどんな話があった?")
    assert set(re.findall(r"\[(\d{4}-\d\d-\d\d)\]", again.inner_text())) - {"2024-05-16"}, again.inner_text()
    page.reload()
    page.wait_for_selector("#rag-timeline button.tl-topic", timeout=ANSWER_TIMEOUT_MS)
    page.locator("#rag-chat .rag-meta").first.wait_for(state="attached", timeout=30_000)
    assert "CREPEを発表したのは誰?" not in page.inner_text("#rag-chat")


def test_a_cited_date_opens_the_whole_topic_and_votes_are_saved(open_page: Callable[..., Any], app: ServedApp) -> None:
    page = open_page("ja-JP")
    answer = ask(page, "名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?")
    answer.locator("a.rag-cite").first.click()
    panel = page.locator("#rag-source-panel .rag-panel-body")
    panel.locator(".rag-src-full").wait_for()
    text = panel.inner_text()
    for line in (
        "Sansanさんのテックブログ",
        "Group Sequential Test (GST) を使って抑える",
        "実際にリリース後の評価をGSTで実施",
    ):
        assert line in text  # every bullet, the first and the last included
    assert "@Shun Ito" in text and "[blog]" in text and "2024-09-26" in text
    assert JA["other_topics"] in text and "GPU Puzzles" in text  # the session's other topics
    shot(page, "source-panel")

    page.fill("#rag-comment textarea", "日付は合っているが要点が薄い")
    page.locator("#rag-chat button[aria-label='よくないね']").last.click()  # Gradio's 👎
    page.locator("#rag-feedback-result", has_text="回答 1").wait_for(timeout=10_000)
    lines = (app.index_dir / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    vote = json.loads(lines[-1])
    assert vote["liked"] is False and vote["comment"] == "日付は合っているが要点が薄い"
    assert vote["question"].startswith("名寄せの評価") and vote["cited"] == ["[2024-09-26]"]
    assert vote["mode"] == "extractive" and "2024-09-26" in vote["answer"]


def test_on_a_phone_the_input_and_the_answer_stay_in_view(open_page: Callable[..., Any]) -> None:
    page = open_page("ja-JP", PHONE)
    assert not page.locator("#rag-side").is_visible()  # filters and tabs wait in the drawer
    answer = ask(page, "o1の話って何日だった?")
    page.wait_for_timeout(500)
    for selector in ("#rag-question textarea", "#rag-send"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (selector, box)
    meta = answer.locator(".rag-meta").bounding_box()
    assert meta and 0 <= meta["y"] <= PHONE["height"], meta
    assert page.evaluate("window.scrollY") == 0 or page.evaluate("document.scrollingElement.scrollTop") >= 0
    shot(page, "phone-ja")

    page.click("#rag-menu")
    topic = page.locator("#rag-timeline button.tl-topic", has_text="GPU Puzzles").first
    topic.wait_for()
    topic.click()
    page.locator("#rag-chat .rag-meta").nth(1).wait_for(state="attached", timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(500)
    last = page.locator("#rag-chat .bot-row").last.locator(".rag-meta").bounding_box()
    assert last and 0 <= last["y"] <= PHONE["height"], last
    assert page.locator("#rag-send").bounding_box()["y"] <= PHONE["height"]
    shot(page, "phone-timeline-answer")


def test_filters_show_as_chips_enter_keeps_what_was_typed_and_copy_is_plain(open_page: Callable[..., Any]) -> None:
    page = open_page("en-US")
    page.click("#rag-presenter input")
    page.keyboard.type("Yosuke")
    page.get_by_role("option", name="Yosuke Yoshida", exact=True).click()
    chip = page.locator("#rag-chips .rag-chip", has_text="Yosuke Yoshida")
    chip.wait_for()
    assert "Presenter" in chip.inner_text()

    # Emptying the box and pressing Enter must not pick the first presenter listed.
    page.fill("#rag-presenter input", "")
    page.keyboard.press("Enter")
    page.locator("#rag-chips .rag-chips-none").wait_for()
    assert page.input_value("#rag-presenter input") == ""

    page.click("#rag-tag input")
    page.keyboard.type("blog")
    page.get_by_role("option", name="blog", exact=True).click()
    page.locator("#rag-chips .rag-chip", has_text="blog").wait_for()
    page.locator("#rag-chips .rag-chip", has_text="blog").locator("button.rag-chip-x").click()
    page.locator("#rag-chips .rag-chips-none").wait_for()
    assert page.input_value("#rag-tag input") == ""

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    answer = ask(page, "Who presented CREPE?")
    answer.hover()
    page.locator("#rag-chat button[aria-label='Copy message']").last.click()
    copied: str = page.evaluate("navigator.clipboard.readText()")
    assert "[2024-05-16]" in copied and "Shun Ito" in copied, copied
    for markup in ("<a", "rag-cite", "\\[", "<div", "Sources ("):
        assert markup not in copied, (markup, copied)
