"""Conversations kept in the visitor's browser (``gr.BrowserState``): pure functions on a plain dict.

A store is ``{"current": id, "chats": [chat, …]}``; a chat is ``{"id", "title", "messages", "turns",
"updated"}``: ``messages`` are the chatbot's rendered messages, ``turns`` what was asked and answered
(``q``, ``a`` with plain ``[YYYY-MM-DD]`` citations, ``cited``, ``mode``, ``model``). Nothing here
leaves the browser except through an export the visitor asks for.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rag.llm.base import Message

Store = dict[str, Any]
Chat = dict[str, Any]
TITLE_CHARS = 40


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _new_chat() -> Chat:
    return {"id": uuid.uuid4().hex[:12], "title": "", "messages": [], "turns": [], "updated": _now()}


def normalise(store: Any) -> Store:
    """A well-formed store from whatever the browser held (nothing, an old shape, a damaged value)."""
    chats = (
        [c for c in (store or {}).get("chats", []) if isinstance(c, dict) and c.get("id")]
        if isinstance(store, dict)
        else []
    )
    for chat in chats:
        chat.setdefault("title", "")
        chat["messages"] = list(chat.get("messages") or [])
        chat["turns"] = list(chat.get("turns") or [])
        chat.setdefault("updated", _now())
    if not chats:
        chats = [_new_chat()]
    current = store.get("current") if isinstance(store, dict) else None
    if current not in {c["id"] for c in chats}:
        current = chats[-1]["id"]
    return {"current": current, "chats": chats}


def current(store: Store) -> Chat:
    chat: Chat = next(c for c in store["chats"] if c["id"] == store["current"])
    return chat


def new_chat(raw: Any) -> Store:
    """Start an empty chat (reusing the current one if it is still empty)."""
    store = normalise(raw)
    if current(store)["messages"]:
        chat = _new_chat()
        store["chats"].append(chat)
        store["current"] = chat["id"]
    return store


def select(raw: Any, chat_id: str | None) -> Store:
    store = normalise(raw)
    if chat_id in {c["id"] for c in store["chats"]}:
        store["current"] = chat_id
    return store


def rename(raw: Any, title: str | None) -> Store:
    store = normalise(raw)
    text = " ".join((title or "").split())
    if text:
        current(store)["title"] = text
    return store


def delete(raw: Any) -> Store:
    """Delete the current chat; the most recent other chat (or a new empty one) becomes current."""
    store = normalise(raw)
    store["chats"] = [c for c in store["chats"] if c["id"] != store["current"]]
    store["current"] = None
    return normalise(store)


def clear(raw: Any) -> Store:
    """Empty the current chat: its messages and the turns follow-ups are read against."""
    store = normalise(raw)
    chat = current(store)
    chat["messages"], chat["turns"], chat["updated"] = [], [], _now()
    return store


def _answers(messages: Sequence[dict[str, Any]]) -> int:
    return sum(1 for m in messages if m.get("role") == "assistant")


def history(store: Any, messages: Sequence[dict[str, Any]]) -> list[Message]:
    """The turns a follow-up is read against: only those still shown in ``messages``, the chat the
    question came with (after 🗑 or Clear it is empty, so nothing earlier counts, whatever the store says)."""
    turns = current(normalise(store))["turns"][: _answers(messages)] if messages else []
    out: list[Message] = []
    for turn in turns:
        if not turn.get("a"):
            continue  # an error: nothing was answered
        out += [{"role": "user", "content": str(turn["q"])}, {"role": "assistant", "content": str(turn["a"])}]
    return out


def record(raw: Any, before: Sequence[dict[str, Any]], messages: list[dict[str, Any]], turn: dict[str, Any]) -> Store:
    """Save a finished turn into the current chat (``before``: the chat the question came with)."""
    store = normalise(raw)
    chat = current(store)
    chat["turns"] = [*chat["turns"][: _answers(before)], turn] if before else [turn]
    chat["messages"] = messages
    chat["updated"] = _now()
    if not chat["title"]:
        q = " ".join(str(turn["q"]).split())
        chat["title"] = q if len(q) <= TITLE_CHARS else q[: TITLE_CHARS - 1] + "…"
    return store


def choices(store: Any, untitled: str) -> list[tuple[str, str]]:
    """The chat list, most recently used first: (title, id)."""
    chats = list(enumerate(normalise(store)["chats"]))
    chats.sort(key=lambda ic: (str(ic[1]["updated"]), ic[0]), reverse=True)  # a tie: the newer chat first
    return [(str(c["title"] or untitled), str(c["id"])) for _, c in chats]


def export_markdown(chat: Chat, untitled: str) -> str:
    """A chat as Markdown: questions as headings, answers with their plain [YYYY-MM-DD] citations."""
    lines = [f"# {chat.get('title') or untitled}", ""]
    for turn in chat.get("turns", []):
        lines += [f"## {turn['q']}", "", str(turn["a"]).rstrip(), ""]
        if turn.get("cited"):
            lines += ["Sources: " + ", ".join(str(label) for label in turn["cited"]), ""]
    return "\n".join(lines)
