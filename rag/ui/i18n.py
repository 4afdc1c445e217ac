"""Every string the chat page shows of its own, in Japanese and English.

The page's static labels are ``gr.I18n`` keys, so Gradio shows them in the browser's language
together with its own strings; what the server renders (answers' frames, progress, errors) uses
:func:`t` with the language :func:`resolve_lang` picks from the switch or the browser.
"""

from __future__ import annotations

from typing import Literal, TypeVar

import gradio as gr

Lang = Literal["ja", "en"]
E = TypeVar("E", bound=Exception)
LANGS: tuple[Lang, ...] = ("ja", "en")
AUTO = "auto"

EN: dict[str, str] = {
    "title": "Study-notes QA",
    "title_md": "## Study-notes QA",
    "intro": "Ask the study group's notes in Japanese or English; answers cite session dates "
    "— click a date to see its whole topic.",
    "mode": "Answer mode",
    "mode_extractive": "extractive, no LLM configured",
    "mode_llm": "LLM: {model}",
    "mode_misconfigured": "LLM misconfigured ({error})",
    "chat": "Chat",
    "chat_placeholder": "Ask a question — e.g. “who presented CREPE?”",
    "question_placeholder": "Your question…",
    "send": "Send",
    "clear": "Clear",
    "filters": "Filters",
    "since": "From (date)",
    "until": "To (date)",
    "presenter": "Presenter",
    "tag": "Tag",
    "chips_none": "No filters: every session is searched.",
    "chips_label": "Searching only:",
    "remove_filter": "Remove this filter",
    "examples_md": "**Examples**",
    "timeline": "Timeline",
    "index": "Index",
    "chats": "Chats",
    "rebuild": "Rebuild index",
    "add_heading": "**Add a session note** — a .txt/.md/.html file or a Notion export .zip, or paste its text. "
    "Check the preview, then add it.",
    "cancel_update": "Cancel update",
    "note_file": "Note file",
    "paste": "…or paste the note",
    "file_name": "File name (optional)",
    "file_name_placeholder": "e.g. 2024-10-03.txt",
    "overwrite": "Overwrite a note with the same name",
    "add_note": "Add note",
    "language": "Language",
    "new_chat": "New chat",
    "chat_list": "Past chats",
    "rename_to": "New name for this chat",
    "rename": "Rename",
    "delete_chat": "Delete chat",
    "export": "Export as Markdown",
    "untitled": "New chat",
    "feedback_comment": "Comment on an answer (optional), then press 👍 or 👎 on it",
    "feedback_saved": "Thanks — your feedback on answer {n} was saved.",
    "source_panel": "Source",
    "source_hint": "Click a cited date to see its whole topic here.",
    "close": "Close",
    "menu": "☰ Menu",
    "sources": "Sources ({n})",
    "closest": "Closest notes ({n}, not relevant enough to cite)",
    "undated": "undated",
    "toc_only": "(in the table of contents only)",
    "other_topics": "Other topics of this session",
    "no_notes": "No notes indexed yet.",
    "indexing_now": "The index is being built; the timeline appears when it is ready.",
    "summary": "**{sessions}** sessions{extra} · **{chunks}** chunks · newest session **{newest}**  \n"
    "model `{model}` · built {built}",
    "summary_undated": " + {n} undated",
    "none": "none",
    "no_index": "No index yet: building it from `{notes}` (progress below).",
    "press_rebuild": "Press “Rebuild index”.",
    "phase_read": "reading notes",
    "phase_embed": "embedding chunks",
    "phase_write": "writing the index",
    "phase_publish": "publishing",
    "phase_start": "starting (loading the model)",
    "job_first": "First index build",
    "job_full": "Full rebuild",
    "job_update": "Update",
    "job_indexing": "Indexing {name}",
    "job_queued": " (another update queued)",
    "job_done": "The index is up to date.",
    "job_failed": "The update failed: press “Rebuild index”.",
    "first_build_line": "Indexing the notes for the first time: {done}/{total} chunks embedded…",
    "first_build_loading": "Indexing the notes for the first time (loading the model)…",
    "err_not_date": "{what} {value!r} is not a date: use YYYY-MM-DD, e.g. 2024-09-26.",
    "err_range": "From {start} is after To {end}: swap them.",
    "err_no_answer": "The assistant ended without an answer; please ask again.",
    "err_details": "Details",
    "err_RagError": "Something went wrong.",
    "err_ConfigError": "A setting is wrong: fix it and restart the server.",
    "err_ModelError": "The embedding model could not be loaded.",
    "err_NotesError": "The notes folder is missing or holds no readable notes.",
    "err_IndexMissingError": "There is no index yet: press “Rebuild index”.",
    "err_IndexMismatchError": "The index was built with other settings: press “Rebuild index”.",
    "err_IndexBusyError": "Another update is running: wait a moment and ask again.",
    "err_IndexCorruptError": "The index is damaged: press “Rebuild index”.",
    "err_NoMatchError": "No note matches these filters: remove a filter (× above the question).",
    "err_QuestionError": "This question cannot be searched: write it with words.",
    "err_FilterError": "A filter is not valid: fix or remove it.",
    "err_NoteSaveError": "The note was not saved.",
    "err_NoteExistsError": "A note with that name already exists: tick “Overwrite” or pick another name.",
    "err_LLMError": "The LLM endpoint failed: check it with `rag llm check`.",
    "from_label": "From",
    "to_label": "To",
    "mode_name_extractive": "extractive",
    "mode_name_llm": "LLM",
}

JA: dict[str, str] = {
    "title": "勉強会ノート QA",
    "title_md": "## 勉強会ノート QA",
    "intro": "勉強会のノートに日本語か英語で質問できます。回答は回の日付を引用します"
    " — 日付を押すとそのトピック全体を表示します。",
    "mode": "回答モード",
    "mode_extractive": "抜粋 (LLM 未設定)",
    "mode_llm": "LLM: {model}",
    "mode_misconfigured": "LLM の設定に誤りがあります ({error})",
    "chat": "チャット",
    "chat_placeholder": "質問をどうぞ — 例: 「o1の話って何日だった?」",
    "question_placeholder": "質問を入力…",
    "send": "送信",
    "clear": "消去",
    "filters": "絞り込み",
    "since": "開始日",
    "until": "終了日",
    "presenter": "発表者",
    "tag": "タグ",
    "chips_none": "絞り込みなし: すべての回を検索します。",
    "chips_label": "検索対象:",
    "remove_filter": "この絞り込みを外す",
    "examples_md": "**質問例**",
    "timeline": "タイムライン",
    "index": "インデックス",
    "chats": "チャット履歴",
    "rebuild": "インデックスを再構築",
    "add_heading": "**勉強会ノートを追加** — .txt/.md/.html ファイルか Notion のエクスポート .zip、"
    "またはテキストを貼り付け。プレビューを確かめてから追加してください。",
    "cancel_update": "更新を中止",
    "note_file": "ノートファイル",
    "paste": "…またはノートを貼り付け",
    "file_name": "ファイル名 (任意)",
    "file_name_placeholder": "例: 2024-10-03.txt",
    "overwrite": "同名のノートを上書きする",
    "add_note": "ノートを追加",
    "language": "言語",
    "new_chat": "新しいチャット",
    "chat_list": "過去のチャット",
    "rename_to": "このチャットの新しい名前",
    "rename": "名前を変更",
    "delete_chat": "チャットを削除",
    "export": "Markdown で書き出す",
    "untitled": "新しいチャット",
    "feedback_comment": "回答へのコメント (任意)。書いてから回答の 👍 か 👎 を押してください",
    "feedback_saved": "ありがとうございます — 回答 {n} への評価を保存しました。",
    "source_panel": "出典",
    "source_hint": "引用された日付を押すと、そのトピック全体をここに表示します。",
    "close": "閉じる",
    "menu": "☰ メニュー",
    "sources": "出典 ({n})",
    "closest": "近いノート ({n} 件、引用するほど関連していません)",
    "undated": "日付なし",
    "toc_only": "(目次のみ)",
    "other_topics": "同じ回の他のトピック",
    "no_notes": "まだノートがインデックスされていません。",
    "indexing_now": "インデックスを構築中です。完了するとタイムラインが表示されます。",
    "summary": "**{sessions}** 回{extra} · **{chunks}** チャンク · 最新の回 **{newest}**  \n"
    "モデル `{model}` · 構築 {built}",
    "summary_undated": " + 日付なし {n} 件",
    "none": "なし",
    "no_index": "インデックスがまだありません: `{notes}` から構築しています (進捗は下に表示)。",
    "press_rebuild": "「インデックスを再構築」を押してください。",
    "phase_read": "ノートを読み込み中",
    "phase_embed": "チャンクを埋め込み中",
    "phase_write": "インデックスを書き込み中",
    "phase_publish": "公開中",
    "phase_start": "開始中 (モデルを読み込み中)",
    "job_first": "初回のインデックス構築",
    "job_full": "全体の再構築",
    "job_update": "更新",
    "job_indexing": "{name} をインデックス中",
    "job_queued": " (次の更新が待機中)",
    "job_done": "インデックスを更新しました。",
    "job_failed": "更新に失敗しました: 「インデックスを再構築」を押してください。",
    "first_build_line": "初回のインデックス構築中: {done}/{total} チャンクを埋め込み済み…",
    "first_build_loading": "初回のインデックス構築中 (モデルを読み込み中)…",
    "err_not_date": "{what}の {value!r} は日付ではありません: YYYY-MM-DD で入力してください (例: 2024-09-26)。",
    "err_range": "開始日 {start} が終了日 {end} より後です: 入れ替えてください。",
    "err_no_answer": "回答が得られませんでした。もう一度質問してください。",
    "err_details": "詳細",
    "err_RagError": "問題が発生しました。",
    "err_ConfigError": "設定に誤りがあります: 直してからサーバーを再起動してください。",
    "err_ModelError": "埋め込みモデルを読み込めませんでした。",
    "err_NotesError": "ノートのフォルダがないか、読めるノートがありません。",
    "err_IndexMissingError": "インデックスがまだありません: 「インデックスを再構築」を押してください。",
    "err_IndexMismatchError": "インデックスが別の設定で作られています: 「インデックスを再構築」を押してください。",
    "err_IndexBusyError": "別の更新が実行中です: 少し待ってからもう一度質問してください。",
    "err_IndexCorruptError": "インデックスが壊れています: 「インデックスを再構築」を押してください。",
    "err_NoMatchError": "この絞り込みに合うノートがありません: 質問欄の上の × で絞り込みを外してください。",
    "err_QuestionError": "この質問は検索できません: 言葉で書いてください。",
    "err_FilterError": "絞り込みの値が正しくありません: 直すか外してください。",
    "err_NoteSaveError": "ノートは保存されませんでした。",
    "err_NoteExistsError": "同じ名前のノートがあります: 「上書きする」にチェックするか、別の名前にしてください。",
    "err_LLMError": "LLM エンドポイントでエラーが起きました: `rag llm check` で確認してください。",
    "from_label": "開始日",
    "to_label": "終了日",
    "mode_name_extractive": "抜粋",
    "mode_name_llm": "LLM",
}

TEXTS: dict[Lang, dict[str, str]] = {"ja": JA, "en": EN}
I18N = gr.I18n(en=EN, ja=JA)


def t(key: str, lang: Lang, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``values`` filled in."""
    text = TEXTS[lang][key]
    return text.format(**values) if values else text


def label(key: str, pref: str | None) -> str | gr.I18nData:
    """A static label: Gradio's key (the browser's language) unless the switch names a language."""
    return t(key, pref) if pref in LANGS else I18N(key)


def browser_lang(accept_language: str | None) -> Lang:
    """The first of the browser's languages that the page speaks (English when none is)."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()
        for lang in LANGS:
            if code == lang or code.startswith(lang + "-"):
                return lang
    return "en"


def resolve_lang(pref: str | None, request: gr.Request | None) -> Lang:
    """The switch's language, else the browser's."""
    if pref in LANGS:
        return pref
    headers = getattr(request, "headers", None)
    return browser_lang(headers.get("accept-language") if headers is not None else None)


def error_text(exc: Exception, lang: Lang) -> tuple[str, str | None]:
    """An error as the line to show and, where the message itself is not in ``lang``, its details."""
    message = str(exc)
    own = getattr(exc, "_i18n", None)
    if own is not None:
        return t(own[0], lang, **own[1]), None
    if lang == "en" or is_japanese_text(message):
        return message, None
    for cls in type(exc).__mro__:
        key = f"err_{cls.__name__}"
        if key in JA:
            return JA[key], message
    return JA["err_RagError"], message


def is_japanese_text(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def localized(cls: type[E], key: str, **values: object) -> E:
    """A project error (``rag.errors``) raised by the page, whose message can be shown in either language."""
    exc = cls(t(key, "en", **values))
    setattr(exc, "_i18n", (key, values))  # noqa: B010 — read back by error_text
    return exc
