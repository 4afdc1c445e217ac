"""What the page does for one visitor apart from answering: their chats (kept in their browser),
the language switch, filter chips, feedback and the export of a chat."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from rag.evaluation.feedback import Feedback, append_feedback
from rag.ui import history as chats
from rag.ui.i18n import AUTO, LANGS, Lang, label, resolve_lang, t
from rag.ui.render import escape_html

if TYPE_CHECKING:
    from rag.ui.chat import ChatUI

FILTERS = ("since", "until", "presenter", "tag")


@dataclass
class Labels:
    """The page's translatable properties: (component, property, key), to relabel on a switch."""

    items: list[tuple[Any, str, str]] = field(default_factory=list)

    def add(self, component: Any, prop: str, key: str) -> Any:
        self.items.append((component, prop, key))
        return component

    def components(self) -> list[Any]:
        return list(dict.fromkeys(c for c, _, _ in self.items))

    def updates(self, pref: str | None) -> list[Any]:
        props: dict[int, dict[str, Any]] = {}
        for component, prop, key in self.items:
            props.setdefault(id(component), {})[prop] = label(key, pref)
        return [gr.update(**props[id(c)]) for c in self.components()]


class SessionUI:
    """One visitor's chats, language, filters and votes; answering stays with :class:`ChatUI`."""

    def __init__(self, ui: ChatUI) -> None:
        self.ui = ui
        self.labels = Labels()

    def bind_labels(self, labels: Labels) -> None:
        self.labels = labels

    # -- language ---------------------------------------------------------------------------

    def switch(self, choice: str | None, request: gr.Request) -> tuple[Any, ...]:
        """The language switch: remembered in the browser; relabels the page."""
        pref = choice if choice in LANGS else AUTO
        lang = resolve_lang(pref, request)
        return (pref, self.source_placeholder(lang), gr.skip(), *self.labels.updates(pref))

    @staticmethod
    def source_placeholder(lang: Lang | None) -> str:
        hint = t("source_hint", lang) if lang else ""
        head = t("source_panel", lang) if lang else ""
        close = escape_html(t("close", lang)) if lang else "×"
        return (
            f'<div class="rag-panel"><div class="rag-panel-head"><b>{escape_html(head)}</b>'
            f'<button class="rag-panel-close" title="{close}" aria-label="{close}">×</button></div>'
            f'<div class="rag-panel-body"><p class="rag-panel-hint">{escape_html(hint)}</p></div></div>'
        )

    # -- chats ------------------------------------------------------------------------------

    def _show(self, store: chats.Store, lang: Lang) -> tuple[Any, ...]:
        chat = chats.current(store)
        listed = gr.update(choices=chats.choices(store, t("untitled", lang)), value=store["current"])
        return chat["messages"], store, listed, chat["title"]

    def restore(self, raw: Any, pref: str | None, request: gr.Request) -> tuple[Any, ...]:
        """Page load: the chats this browser kept, the current one shown; the language it chose."""
        lang = resolve_lang(pref, request)
        shown = self._show(chats.normalise(raw), lang)[:3]
        choice = pref if pref in LANGS else AUTO
        relabel = self.labels.updates(pref) if pref in LANGS else [gr.skip()] * len(self.labels.components())
        return (*shown, choice, self.source_placeholder(lang), self._chips((None,) * 4, lang), *relabel)

    def new_chat(self, raw: Any, pref: str | None, request: gr.Request) -> tuple[Any, ...]:
        return self._show(chats.new_chat(raw), resolve_lang(pref, request))

    def select(self, raw: Any, chat_id: str | None, pref: str | None, request: gr.Request) -> tuple[Any, ...]:
        return self._show(chats.select(raw, chat_id), resolve_lang(pref, request))

    def delete(self, raw: Any, pref: str | None, request: gr.Request) -> tuple[Any, ...]:
        return self._show(chats.delete(raw), resolve_lang(pref, request))

    def rename(self, raw: Any, title: str | None, pref: str | None, request: gr.Request) -> tuple[Any, ...]:
        return self._show(chats.rename(raw, title), resolve_lang(pref, request))[1:3]

    def clear(self, raw: Any, pref: str | None, request: gr.Request) -> tuple[Any, ...]:
        return self._show(chats.clear(raw), resolve_lang(pref, request))[:3]

    def export(self, raw: Any, pref: str | None, request: gr.Request) -> Any:
        """The current chat as a Markdown file to download."""
        store = chats.normalise(raw)
        chat = chats.current(store)
        text = chats.export_markdown(chat, t("untitled", resolve_lang(pref, request)))
        folder = Path(tempfile.mkdtemp(prefix="rag-export-"))
        path = folder / f"chat-{chat['id']}.md"
        path.write_text(text, encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    # -- feedback ---------------------------------------------------------------------------

    def feedback(
        self, raw: Any, comment: str | None, pref: str | None, evt: gr.LikeData, request: gr.Request
    ) -> tuple[Any, ...]:
        """👍/👎 on an answer: one line in the index folder's feedback.jsonl."""
        lang = resolve_lang(pref, request)
        chat = chats.current(chats.normalise(raw))
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        n = sum(1 for m in chat["messages"][: int(index) + 1] if m.get("role") == "assistant")
        if not 0 < n <= len(chat["turns"]) or evt.liked is None:
            return gr.skip(), gr.skip()
        append_feedback(self.ui.settings.index_dir, Feedback.of(chat["turns"][n - 1], bool(evt.liked), comment))
        return t("feedback_saved", lang, n=n), ""

    # -- filter chips -----------------------------------------------------------------------

    def chips(
        self, since: str | None, until: str | None, presenter: str | None, tag: str | None, pref: str | None,
        request: gr.Request,
    ) -> str:  # fmt: skip
        return self._chips((since, until, presenter, tag), resolve_lang(pref, request))

    @staticmethod
    def _chips(values: tuple[str | None, ...], lang: Lang) -> str:
        active = [(f, (v or "").strip()) for f, v in zip(FILTERS, values, strict=True) if (v or "").strip()]
        if not active:
            return f'<div class="rag-chips rag-chips-none">{escape_html(t("chips_none", lang))}</div>'
        remove = escape_html(t("remove_filter", lang))
        chips = "".join(
            f'<span class="rag-chip">{escape_html(t(f, lang))}: <b>{escape_html(v)}</b>'
            f'<button class="rag-chip-x" data-field="{f}" title="{remove}" aria-label="{remove}">×</button></span>'
            for f, v in active
        )
        return f'<div class="rag-chips">{escape_html(t("chips_label", lang))} {chips}</div>'

    @staticmethod
    def drop_filter(evt: gr.EventData) -> tuple[Any, ...]:
        """A chip's ×: that filter emptied, the others left alone."""
        field_name = str(getattr(evt, "field", ""))
        return tuple(None if f == field_name else gr.skip() for f in FILTERS)
