"""The answer when the notes have nothing for a question: said plainly, with what the notes do have.

A presenter, date or tag the question names that the notes don't have is answered as such, with the
presenters, the nearest sessions or the tags there are; a question whose specific terms no topic holds
("o3" when the notes cover o1) says which term is missing and shows the closest topics, uncited.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.answer.lines import quoted_title
from rag.types import Answer

if TYPE_CHECKING:
    from rag.store.catalogue import Catalogue
    from rag.types import Hit, Query, Unknown


def not_found(query: Query, closest: Sequence[Hit] = (), reason: str = "") -> Answer:
    """ "Not in the notes", in the question's language; ``reason`` says why when it is known."""
    if reason:
        head = "ノートには該当する回がありません。" if query.japanese else "The notes have nothing for that."
        text = f"{head} {reason}"
    elif query.japanese:
        text = "ノートにはこの質問に関係する内容が見つかりませんでした。"
    else:
        text = "The notes don't seem to cover this."
    return _answer(query, text, closest)


def _answer(query: Query, text: str, closest: Sequence[Hit] = ()) -> Answer:
    return Answer(
        question=query.question, text=text, mode="extractive", found=False, hits=tuple(closest), query=query.rewritten
    )


def unknown_answer(query: Query, catalogue: Catalogue) -> Answer:
    """What the question names that the notes don't have, and what they have instead."""
    return _answer(query, "\n".join(_unknown_line(u, catalogue, query.japanese) for u in query.unknown))


def _unknown_line(unknown: Unknown, catalogue: Catalogue, ja: bool) -> str:
    if unknown.what == "presenter":
        names = ", ".join(catalogue.presenters) or ("なし" if ja else "none")
        if ja:
            return f"ノートに「{unknown.text}」という発表者はいません。発表者: {names}"
        return f"No presenter named {unknown.text} in the notes. The presenters are: {names}."
    if unknown.what == "tag":
        tags = ", ".join(f"[{t}]" for t in catalogue.tags) or ("なし" if ja else "none")
        if ja:
            return f"ノートに [{unknown.text}] のタグが付いたトピックはありません。タグ: {tags}"
        return f"No topic in the notes is tagged [{unknown.text}]. The tags are: {tags}."
    if unknown.what == "talk":  # "what did Ito present after 名寄せ?", their latest talk
        step, presenter, day, title = unknown.detail
        if ja:
            end = "最後" if step == "after" else "最初"
            way = "後" if step == "after" else "前"
            head = f"ノートには {presenter} さんの「{title}」({day}) より{way}の発表はありません。"
            return f"{head}これがノートにある{end}の発表です。"
        way, end = ("after", "latest") if step == "after" else ("before", "first")
        return f"The notes hold no talk by {presenter} {way} “{title}” ({day}): it is their {end} talk in the notes."
    if unknown.what == "session":  # "the 7th session" of notes that hold four
        held = ", ".join(d.isoformat() for d in catalogue.sessions) or ("なし" if ja else "none")
        if ja:
            return f"{unknown.text}回目の回はノートにありません (ノートの回は {len(catalogue.sessions)} 回: {held})。"
        return f"The notes hold {len(catalogue.sessions)} sessions, so there is no session #{unknown.text}: {held}."
    nearest = ", ".join(d.isoformat() for d in nearest_sessions(unknown.text, catalogue.sessions))
    when = _when(unknown.text, ja)
    if ja:
        return f"{when}の回はノートにありません。近い回: {nearest or 'なし'}"
    return f"No session {when} in the notes. The nearest sessions are: {nearest or 'none'}."


def _when(text: str, ja: bool) -> str:
    """A date label as people say it: 2024-06-20, 6月20日 / on June 20, 7月 / in July, a range (early May)."""
    if ".." in text:
        lo, hi = text.split("..")
        return f"{lo}〜{hi}" if ja else f"between {lo} and {hi}"
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return text if ja else f"on {text}"
    if len(parts) == 2 and parts[0] > 12:
        return f"{parts[0]}年{parts[1]}月" if ja else f"in {calendar.month_name[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{parts[0]}月{parts[1]}日" if ja else f"on {calendar.month_name[parts[0]]} {parts[1]}"
    if parts[0] > 12:
        return f"{parts[0]}年" if ja else f"in {parts[0]}"
    return f"{parts[0]}月" if ja else f"in {calendar.month_name[parts[0]]}"


def nearest_sessions(when: str, sessions: Sequence[dt.date]) -> list[dt.date]:
    """The sessions just before and just after a day (YYYY-MM-DD), month (YYYY-MM, MM), day of a month
    (MM-DD) or range (YYYY-MM-DD..YYYY-MM-DD) no session has."""
    if not sessions:
        return []
    if ".." in when:  # a part of a month (YYYY-MM-DD..YYYY-MM-DD): the sessions on either side of it
        lo, hi = (dt.date.fromisoformat(d) for d in when.split(".."))
        return [*[s for s in sessions if s < lo][-1:], *[s for s in sessions if s > hi][:1]]
    parts = [int(p) for p in when.split("-")]
    if len(parts) == 1 and parts[0] > 12:  # a year
        day = dt.date(parts[0], 6, 30)
    elif len(parts) == 3:
        day = dt.date(*parts)
    elif len(parts) == 2 and parts[0] > 12:
        day = dt.date(parts[0], parts[1], 15)
    elif len(parts) == 2:  # a month and day without a year: the latest year the sessions hold
        day = dt.date(sessions[-1].year, parts[0], min(parts[1], 28))
    else:
        day = dt.date(sessions[-1].year, parts[0], 15)
    before = [s for s in sessions if s < day]
    after = [s for s in sessions if s > day]
    return [*before[-1:], *after[:1]]


def unsupported_answer(query: Query, missing: Sequence[str], closest: Sequence[Hit]) -> Answer:
    """The notes don't mention the question's specific terms: say which, show the closest topics uncited."""
    terms = "、".join(f"「{t}」" for t in missing) if query.japanese else ", ".join(missing)
    seen: list[str] = []
    for h in closest:
        line = f"- {h.chunk.date or ('日付なし' if query.japanese else 'undated')} {quoted_title(h.chunk)}"
        if line not in seen:
            seen.append(line)
    near = "\n".join(seen[:3])
    if query.japanese:
        text = f"ノートには{terms}についての記載が見つかりませんでした。"
        text += f"\n近いトピック (引用ではありません):\n{near}" if near else ""
    else:
        text = f"The notes don't mention {terms}."
        text += f"\nClosest topics (not cited):\n{near}" if near else ""
    return _answer(query, text, closest)
