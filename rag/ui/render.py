"""What the chat UI shows, as Markdown/HTML strings: answers with linked citations, source cards,
the index summary, update progress and the timeline.

Everything that comes from a note (answers quote notes) is escaped here, before any of our own
markup is added: a note's ``<script>`` or ``<img onerror=…>`` shows as text and never runs.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.types import Citation
from rag.ui.i18n import Lang, is_japanese_text, t

if TYPE_CHECKING:
    from rag.store.catalogue import Catalogue
    from rag.store.format import Manifest
    from rag.types import Answer, Chunk

# Markdown that would turn note text into links, images, code or HTML is escaped; emphasis and
# lists are left alone so an LLM's own formatting still renders.
_MD_ESCAPES = str.maketrans({"\\": "\\\\", "`": "\\`", "[": "\\[", "]": "\\]", "&": "&amp;", "<": "&lt;", ">": "&gt;"})
SNIPPET_CHARS = 360
STREAM_CURSOR = " ▍"
PHASES = ("read", "embed", "write", "publish")
_URL = re.compile(r"https?://[^\s<>\"']+")


def escape_md(text: str) -> str:
    """Markdown that shows ``text`` literally (HTML, links, images and code spans neutralised)."""
    return text.translate(_MD_ESCAPES)


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


def render_user(question: str) -> str:
    return escape_md(question)


def render_streaming(text: str) -> str:
    """An answer still being written: escaped, with a cursor."""
    return escape_md(text) + STREAM_CURSOR


def render_notice(text: str) -> str:
    """A status line in the chat (e.g. while the first index is built)."""
    return f"*{escape_md(text)}*"


def render_error(message: str, details: str | None = None, lang: Lang = "en") -> str:
    """An error line; ``details`` (the message in the other language) folded away under it."""
    line = f"⚠️ {escape_md(message)}"
    if details:
        summary = escape_html(t("err_details", lang))
        line += f'\n\n<details class="rag-err-details"><summary>{summary}</summary>{escape_html(details)}</details>'
    return line


def mode_label(llm_model: str | None, lang: Lang = "en") -> str:
    """The answer-mode indicator: the LLM's model name, or that answers are extractive."""
    return t("mode_llm", lang, model=llm_model) if llm_model else t("mode_extractive", lang)


@dataclass(frozen=True)
class Section:
    """A whole topic section as the source panel shows it: all its lines and its session's other topics."""

    text: str
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Card:
    """One source card of an answer: the citation and the chunk behind it."""

    anchor: str
    label: str
    date: str | None
    presenter: str | None
    tag: str | None
    title: str
    text: str
    section: Section | None = None


def _cards(answer: Answer, turn: int, sections: Mapping[str, Section]) -> list[_Card]:
    chunks = {h.chunk.id: h.chunk for h in answer.hits}
    cards = []
    for i, c in enumerate(answer.citations, start=1):
        chunk = chunks.get(c.chunk_id)
        cards.append(_card(f"src-{turn}-{i}", c, chunk, sections.get(c.chunk_id)))
    return cards


def _card(anchor: str, citation: Citation, chunk: Chunk | None, section: Section | None = None) -> _Card:
    if chunk is None:
        return _Card(anchor, citation.label, citation.date, citation.presenter, None, citation.title, "", section)
    return _Card(anchor, citation.label, chunk.date, chunk.presenter, chunk.tag, chunk.title, chunk.text, section)


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a chunk's text, bullets kept one per line."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    flat = "\n".join(line for line in lines if line)
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def merge_parts(texts: Sequence[str]) -> str:
    """A topic's whole text from its chunks, in order, without the lines the chunks repeat (overlap)."""
    lines: list[str] = []
    for text in texts:
        part = text.splitlines()
        k = min(len(lines), len(part))
        while k and lines[-k:] != part[:k]:
            k -= 1
        lines.extend(part[k:])
    return "\n".join(lines)


def _linked(line: str) -> str:
    """An escaped line of a note with its web addresses as links (opened in a new tab)."""
    out, last = [], 0
    for m in _URL.finditer(line):
        url = m.group(0).rstrip(".,)")
        out += [escape_html(line[last : m.start()]), f'<a href="{escape_html(url)}" target="_blank" rel="noopener">']
        out += [escape_html(url), "</a>"]
        last = m.start() + len(url)
    out.append(escape_html(line[last:]))
    return "".join(out)


def _card_html(card: _Card, lang: Lang) -> str:
    bits = [f"<b>{escape_html(card.date or t('undated', lang))}</b>"]
    if card.presenter:
        bits.append(f"@{escape_html(card.presenter)}")
    if card.tag:
        bits.append(f'<span class="rag-tag">[{escape_html(card.tag)}]</span>')
    bits.append(f'<span class="rag-title">{escape_html(card.title)}</span>')
    text = snippet(card.text)
    body = "<br>".join(_linked(line) for line in text.splitlines()) or f"<i>{escape_html(t('toc_only', lang))}</i>"
    ident = f' id="{card.anchor}"' if card.anchor else ""
    full = ""
    if card.section is not None:
        lines = [f"<li>{_linked(line.lstrip('-・* '))}</li>" for line in card.section.text.splitlines() if line.strip()]
        others = "".join(f"<li>{escape_html(o)}</li>" for o in card.section.others)
        more = f"<h5>{escape_html(t('other_topics', lang))}</h5><ul>{others}</ul>" if others else ""
        full = f'<div class="rag-src-full" hidden><ul>{"".join(lines)}</ul>{more}</div>'
    return (
        f'<div class="rag-src"{ident}><div class="rag-src-head">{" · ".join(bits)}</div>'
        f'<div class="rag-src-snip">{body}</div>{full}</div>'
    )


def _sources_html(cards: Sequence[_Card], summary: str, lang: Lang, css_class: str = "rag-sources") -> str:
    # One line, no blank lines: Markdown keeps an HTML block whole only up to a blank line.
    inner = "".join(_card_html(c, lang) for c in cards)
    return f'<details class="{css_class}"><summary>{escape_html(summary)}</summary>{inner}</details>'


def _link_line(line: str, cards: Sequence[_Card], current: int | None) -> tuple[str, int | None]:
    """One escaped answer line with its citation labels turned into links to their cards; the
    card of a topic named on the line is preferred (two topics of one session share a label)."""
    titled = [i for i, c in enumerate(cards) if escape_md(c.title) in line]
    if titled:
        current = max(titled, key=lambda i: len(cards[i].title))
    labels = sorted({escape_md(c.label) for c in cards}, key=len, reverse=True)
    if not labels:
        return line, current

    def link(m: re.Match[str]) -> str:
        label = m.group(0)
        same = [i for i, c in enumerate(cards) if escape_md(c.label) == label]
        i = current if current in same else same[0]
        card = cards[i]
        hint = escape_html(" · ".join(x for x in (card.presenter and f"@{card.presenter}", card.title) if x))
        return f'<a class="rag-cite" href="#{card.anchor}" title="{hint}">{label}</a>'

    return re.sub("|".join(map(re.escape, labels)), link, line), current


def mode_name(answer: Answer, lang: Lang) -> str:
    if answer.model:
        return f"LLM: {answer.model}"
    key = f"mode_name_{answer.mode}"
    return t(key, lang) if key in ("mode_name_extractive", "mode_name_llm") else answer.mode


def render_answer(answer: Answer, turn: int, lang: Lang = "en", sections: Mapping[str, Section] | None = None) -> str:
    """The final answer: escaped Markdown with each citation linked to its source card below
    (``sections``: the whole topic of each cited chunk, by chunk id, for the source panel)."""
    cards = _cards(answer, turn, sections or {})
    lines, current = [], None
    for raw in answer.text.splitlines():
        line, current = _link_line(escape_md(raw), cards, current)
        lines.append(line)
    parts = ["\n".join(lines)]
    meta = [mode_name(answer, lang)]
    if answer.notice:
        meta.append(answer.notice)
    parts.append(f'<div class="rag-meta">{escape_html(" · ".join(meta))}</div>')
    if cards:
        parts.append(_sources_html(cards, t("sources", lang, n=len(cards)), lang))
    elif answer.hits:
        closest = [_card("", Citation.of(h.chunk), h.chunk) for h in answer.hits]
        parts.append(_sources_html(closest, t("closest", lang, n=len(closest)), lang, "rag-sources rag-closest"))
    return "\n\n".join(parts)


def _built(built_at: str) -> str:
    try:
        when = dt.datetime.fromisoformat(built_at)
    except ValueError:
        return built_at
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def index_summary(manifest: Manifest, lang: Lang = "en") -> str:
    """Sessions, chunks, the newest session, the model and when the index was built (Markdown)."""
    sessions = manifest.sessions
    undated = sum(1 for r in manifest.notes.values() if not r.date)
    extra = t("summary_undated", lang, n=undated) if undated else ""
    newest = sessions[-1] if sessions else t("none", lang)
    return t(
        "summary",
        lang,
        sessions=len(sessions),
        extra=extra,
        chunks=manifest.chunks,
        newest=newest,
        model=escape_md(manifest.model_id),
        built=_built(manifest.built_at),
    )


def progress_html(title: str, phase: str, done: int, total: int, lang: Lang = "en") -> str:
    """A running index update: what it is doing and a progress bar."""
    what = t(f"phase_{phase}" if phase in PHASES else "phase_start", lang)
    count = f" {done}/{total}" if total and phase in ("read", "embed") else ""
    bar = f'<progress value="{done}" max="{total}"></progress>' if total else "<progress></progress>"
    return f'<div class="rag-job rag-running">{escape_html(title)}: {escape_html(what)}{count} {bar}</div>'


def result_html(message: str, ok: bool, lang: Lang = "en") -> str:
    """The outcome of the last index update (in Japanese, the updater's English report folded under 詳細)."""
    mark, cls = ("✓", "rag-ok") if ok else ("⚠️", "rag-failed")
    if lang == "en" or is_japanese_text(message):
        return f'<div class="rag-job {cls}">{mark} {escape_html(message)}</div>'
    line = escape_html(t("job_done" if ok else "job_failed", lang))
    details = f'<details class="rag-err-details"><summary>{escape_html(t("err_details", lang))}</summary>'
    return f'<div class="rag-job {cls}">{mark} {line}{details}{escape_html(message)}</details></div>'


def topic_question(title: str) -> str:
    """The question a click on a timeline topic asks."""
    return f"「{title}」について教えて"


def timeline_html(topics: Sequence[Chunk], lang: Lang = "en", building: bool = False) -> str:
    """Sessions by date (undated last), each with its topics and presenters; topics are buttons."""
    if not topics:
        return (
            f'<div class="rag-timeline"><p>{escape_html(t("indexing_now" if building else "no_notes", lang))}</p></div>'
        )
    sessions: dict[str | None, list[Chunk]] = {}
    for chunk in sorted(topics, key=lambda c: c.date or "9999-99-99"):
        sessions.setdefault(chunk.date, []).append(chunk)
    out = ['<div class="rag-timeline">']
    for date, chunks in sessions.items():
        out.append(f'<section class="tl-session"><h4>{escape_html(date or t("undated", lang))}</h4><ul>')
        for c in chunks:
            tag = f'<span class="rag-tag">[{escape_html(c.tag)}]</span> ' if c.tag else ""
            by = f' <span class="tl-who">@{escape_html(c.presenter)}</span>' if c.presenter else ""
            q = escape_html(topic_question(c.title))
            out.append(f'<li><button class="tl-topic" data-q="{q}">{tag}{escape_html(c.title)}</button>{by}</li>')
        out.append("</ul></section>")
    out.append("</div>")
    return "".join(out)


def filter_choices(catalogue: Catalogue) -> tuple[list[str], list[str], list[str]]:
    """Session dates, presenters and tags the filters can choose from."""
    return [d.isoformat() for d in catalogue.sessions], list(catalogue.presenters), list(catalogue.tags)
