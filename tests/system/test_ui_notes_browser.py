"""Adding notes in a real browser: a Markdown upload shows its parsed preview before it is saved, and a
pasted note with no date is refused with a message (Chromium via Playwright against `rag serve`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers.ui_server import ServedApp
from tests.system import test_ui_browser as harness

# The chat's browser harness: its own `rag serve` over copies of the notes and index, for this module.
pytestmark = harness.pytestmark
app = harness.app
browser = harness.browser
page = harness.page
shot = harness.shot
ANSWER_TIMEOUT_MS = harness.ANSWER_TIMEOUT_MS

NOTION_NOTE = """\
# 機械学習勉強会 第30回

日付: 2024年10月17日
タグ: 勉強会

## 今週のTOPIC

- [[論文] ミジンコ蒸留: 小さなモデルへの知識の移し方](#a1)

<aside>
💡 ※ [論文] [blog] など何に関するTOPICなのかパッと見で分かるようにしましょう。

</aside>

## @Hanako Tester

### [論文] ミジンコ蒸留: 小さなモデルへの知識の移し方

- 教師モデルの中間層を[ミジンコ](https://example.com/daphnia)のように少しずつ写す
    - 生徒モデルは 1/10 の大きさ

### 蒸留の実験ログ

- https://www.notion.so/team/log-0123456789abcdef0123456789abcdef
- 精度は 2 ポイント低下
"""

UNDATED = "機械学習勉強会\n@Hanako Tester\n[blog] 日付を書き忘れたノート\n- 今日の日付にしてはいけない\n"


def test_a_markdown_upload_is_previewed_before_it_is_saved(page: Any, app: ServedApp, tmp_path: Path) -> None:
    note = tmp_path / "機械学習勉強会 第30回 0123456789abcdef0123456789abcdef.md"
    note.write_text(NOTION_NOTE, encoding="utf-8")
    page.get_by_role("tab", name="Index").click()
    page.set_input_files("#rag-upload input[type=file]", str(note))
    preview = page.locator("#rag-note-preview")
    preview.get_by_text("Date:").wait_for(timeout=30_000)
    text = preview.inner_text()
    assert "2024-10-17" in text and "@Hanako Tester" in text
    assert "[論文] ミジンコ蒸留: 小さなモデルへの知識の移し方 — @Hanako Tester" in text
    assert "蒸留の実験ログ — @Hanako Tester" in text and "Topics (2)" in text
    assert not (app.notes_dir / "機械学習勉強会 第30回.md").exists()  # a preview saves nothing
    shot(page, "notes-1-markdown-preview")

    page.click("#rag-add-note")
    page.locator("#rag-add-result").get_by_text("Saved").wait_for(timeout=30_000)
    assert "session 2024-10-17, 2 topic(s), @Hanako Tester" in page.inner_text("#rag-add-result")
    assert (app.notes_dir / "機械学習勉強会 第30回.md").read_text(encoding="utf-8") == NOTION_NOTE
    page.locator("#rag-job .rag-ok").wait_for(timeout=ANSWER_TIMEOUT_MS)


def test_a_pasted_note_without_a_date_is_refused(page: Any, app: ServedApp) -> None:
    before = sorted(p.name for p in app.notes_dir.iterdir())
    page.get_by_role("tab", name="Index").click()
    page.fill("#rag-paste textarea", UNDATED)
    page.locator("#rag-note-preview").get_by_text("No session date found").wait_for(timeout=30_000)
    page.click("#rag-add-note")
    result = page.locator("#rag-add-result")
    result.get_by_text("no session date, so it is not saved").wait_for(timeout=30_000)
    assert "2024-10-10 機械学習勉強会" in result.inner_text()  # how to add one
    assert sorted(p.name for p in app.notes_dir.iterdir()) == before
    assert page.input_value("#rag-paste textarea") == UNDATED  # kept, to add the date to
    shot(page, "notes-2-no-date-refused")
