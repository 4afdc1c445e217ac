"""Command line: ``rag index | import | search | ask | eval | serve | mcp`` and ``rag llm serve | check``."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import click

from rag.assistant import Assistant
from rag.config import Settings
from rag.errors import ConfigError, LocalLLMError, RagError
from rag.retrieval.retriever import MODES, Mode
from rag.types import Answer, Filters, Hit

F = TypeVar("F", bound=Callable[..., Any])


def _err(msg: str) -> None:
    click.echo(msg, err=True)


def common_options(f: F) -> F:
    f = click.option(
        "--index", "index_dir", type=click.Path(path_type=Path), help="Index folder (default: ./index, RAG_INDEX_DIR)."
    )(f)
    f = click.option(
        "--notes", "notes_dir", type=click.Path(path_type=Path), help="Notes folder (default: ./notes, RAG_NOTES_DIR)."
    )(f)
    return f


def _filters(since: dt.datetime | None, until: dt.datetime | None, presenter: str | None, tag: str | None) -> Filters:
    if since and until and since > until:
        raise click.BadParameter(f"--since {since.date()} is after --until {until.date()}")
    return Filters(
        since=since.date() if since else None, until=until.date() if until else None, presenter=presenter, tag=tag
    )


def query_options(f: F) -> F:
    """-k, --json and the filters; the command receives ``filters: Filters``."""

    @functools.wraps(f)
    def wrapper(*args: Any, since: Any, until: Any, presenter: Any, tag: Any, **kwargs: Any) -> Any:
        return f(*args, filters=_filters(since, until, presenter, tag), **kwargs)

    day = click.DateTime(formats=["%Y-%m-%d"])
    g: Any = wrapper
    g = click.option("--tag", help="Only topics with this tag: 論文 (paper), blog, slide, やってみた…")(g)
    g = click.option("--presenter", help="Only topics by this presenter (full, given or family name).")(g)
    g = click.option("--until", type=day, help="Only sessions on or before YYYY-MM-DD.")(g)
    g = click.option("--since", type=day, help="Only sessions on or after YYYY-MM-DD.")(g)
    g = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(g)
    g = click.option(
        "-k", "--top-k", "k", type=click.IntRange(1, 100), default=None, help="How many chunks to retrieve (default 5)."
    )(g)
    return common_options(g)  # type: ignore[no-any-return]


def handle_errors(f: F) -> F:
    """Project errors become a one-line message and exit code 1, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except RagError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


@click.group()
@click.version_option(package_name="study-notes-rag")
def cli() -> None:
    """Ask the study group's notes: retrieval over topic sections with cited session dates."""


def _assistant(notes: Path | None, index: Path | None) -> Assistant:
    return Assistant(Settings.from_env(notes_dir=notes, index_dir=index), log=_err)


class _ProgressBar:
    """A tqdm bar on stderr for the embedding phase of an index update."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != "embed":
            if self._bar is not None:
                self._bar.close()
                self._bar = None
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc="Embedding chunks", unit="chunk", file=sys.stderr, leave=False)
        self._bar.update(done - self._bar.n)


@cli.command("index")
@common_options
@click.option("--full", is_flag=True, help="Re-read and re-embed every note instead of only new or changed ones.")
@click.option("--no-wait", is_flag=True, help="Exit with an error instead of waiting if another update is running.")
@click.option("--watch", is_flag=True, help="Keep running and update whenever the notes folder changes.")
@click.option("--interval", type=click.FloatRange(0.2), default=2.0, show_default=True, help="Seconds between checks.")
@handle_errors
def index_cmd(
    notes_dir: Path | None, index_dir: Path | None, full: bool, no_wait: bool, watch: bool, interval: float
) -> None:
    """Update the index from the notes folder: embeds only new or changed notes."""
    # Ctrl-C (SIGINT) cancels even where it was inherited ignored, as by a job a script started in the
    # background: the update stops and says the published index is unchanged (as `rag llm serve` stops).
    signal.signal(signal.SIGINT, _interrupt)
    assistant = _assistant(notes_dir, index_dir)
    if not watch:
        try:
            _update_all(assistant, full, not no_wait)
        except KeyboardInterrupt:
            _err(_cancelled(assistant.settings.index_dir))
            raise SystemExit(130) from None
        return
    from rag.ingest.watch import watch as watch_notes

    first = [full]

    def update() -> None:
        _update_all(assistant, first.pop() if first else False, not no_wait)

    with contextlib.suppress(KeyboardInterrupt):
        watch_notes(assistant.settings.notes_dir, update, _err, interval)


def _update_all(assistant: Assistant, full: bool, wait: bool) -> None:
    """One update, then more while notes wait over the update chunk budget (each one publishes)."""
    report = assistant.update(full=full, wait=wait, progress=_ProgressBar())
    while report.deferred:
        _err(f"Continuing with the {len(report.deferred)} note(s) that waited for the chunk budget …")
        report = assistant.update(wait=wait, progress=_ProgressBar())


def _cancelled(index_dir: Path) -> str:
    from rag.store.format import current_build

    try:
        build = current_build(index_dir)
    except RagError:
        build = None
    where = f"the published index ({build.name}) is unchanged" if build else "nothing was published"
    return f"Cancelled (Ctrl-C): {where}; run `rag index` again to finish the update."


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@common_options
@click.option("--include-undated", is_flag=True, help="Import pages with no session date as undated documents.")
@click.option("--dry-run", is_flag=True, help="Say what would be added, changed and skipped; write nothing.")
@handle_errors
def import_cmd(
    paths: tuple[Path, ...], notes_dir: Path | None, index_dir: Path | None, include_undated: bool, dry_run: bool
) -> None:
    """Import Notion exports (.zip, zips inside zips), folders or .md/.html/.txt pages: one note per
    session in the notes folder, then update the index."""
    from rag.ingest.importer import run_import
    from rag.ingest.zipimport import Limits

    settings = Settings.from_env(notes_dir=notes_dir, index_dir=index_dir)
    limits = Limits(settings.import_max_bytes, settings.import_max_files, settings.max_note_bytes)
    report = run_import(list(paths), settings.notes_dir, limits, include_undated, dry_run)
    click.echo(report.summary())
    if report.written:
        _update_all(Assistant(settings, log=_err), full=False, wait=True)
    elif not dry_run:
        _err("Nothing changed in the notes; the index is left as it is.")


def _snippet(text: str, width: int = 100) -> str:
    flat = " ".join(text.replace("\n- ", " / ").removeprefix("- ").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _hit_line(hit: Hit) -> str:
    c = hit.chunk
    who = f"@{c.presenter}" if c.presenter else "-"
    part = f" ({c.part + 1}/{c.parts})" if c.parts > 1 else ""
    evidence = f"  (cos {hit.dense:.3f}, bm25 {hit.lexical:.1f})" if hit.dense is not None else ""
    return f"{hit.rank:>2}. {c.date or 'undated':<10}  {who:<20} {c.display_title}{part}{evidence}"


@cli.command("search")
@click.argument("question")
@query_options
@click.option("--mode", type=click.Choice(MODES), default=None, help="hybrid (default), dense or lexical retrieval.")
@handle_errors
def search_cmd(
    question: str,
    notes_dir: Path | None,
    index_dir: Path | None,
    k: int | None,
    as_json: bool,
    filters: Filters,
    mode: Mode | None,
) -> None:
    """Show the chunks that best match QUESTION, with date, presenter, topic and scores."""
    hits = _assistant(notes_dir, index_dir).search(question, k, filters, mode)
    if as_json:
        click.echo(
            json.dumps({"question": question, "hits": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=2)
        )
        return
    for hit in hits:
        click.echo(_hit_line(hit))
        click.echo(f"      {_snippet(hit.chunk.text) or '(listed in the table of contents only)'}")


def _print_answer(answer: Answer, text_shown: bool = False) -> None:
    if answer.notice:
        _err(f"notice: {answer.notice}")
    if not text_shown:
        click.echo(answer.text)
    if answer.hits:
        click.echo("")
        click.echo("Sources:" if answer.found else "Closest chunks (below the relevance threshold, not used):")
        for hit in answer.hits:
            click.echo("  " + _hit_line(hit))


def _stream_answer(events: Iterator[str | Answer]) -> Answer:
    """Print text pieces as they come; the final Answer's text follows them when it replaces them (a
    fallback, or the model's Japanese reply to an English question put into English)."""
    shown: list[str] = []
    for event in events:
        if isinstance(event, Answer):
            if event.mode == "llm":
                click.echo("\n" if event.translated else "")
                _print_answer(event, text_shown=not event.translated)
            else:
                if shown and "".join(shown) != event.text:
                    click.echo("\n")
                _print_answer(event, text_shown="".join(shown) == event.text)
            return event
        shown.append(event)
        click.echo(event, nl=False)
    raise RagError("The answer stream ended without an answer; retry.")


@cli.command("ask")
@click.argument("question")
@query_options
@click.option(
    "--stream/--no-stream", default=None, help="Print the LLM's answer as it is written (default: on a terminal)."
)
@handle_errors
def ask_cmd(
    question: str,
    notes_dir: Path | None,
    index_dir: Path | None,
    k: int | None,
    as_json: bool,
    filters: Filters,
    stream: bool | None,
) -> None:
    """Answer QUESTION from the notes, citing session dates. Builds the index if missing.

    With an LLM endpoint configured (OPENAI_BASE_URL / OPENAI_API_KEY), the LLM writes the answer
    from the retrieved notes and its citations are checked against them."""
    assistant = _assistant(notes_dir, index_dir)
    if as_json:
        click.echo(json.dumps(assistant.ask(question, k, filters).to_dict(), ensure_ascii=False, indent=2))
    elif stream if stream is not None else sys.stdout.isatty():
        _stream_answer(assistant.ask_stream(question, k, filters))
    else:
        _print_answer(assistant.ask(question, k, filters))


@cli.command("eval")
@click.argument("questions", type=click.Path(path_type=Path), default=Path("eval/questions.jsonl"))
@common_options
@click.option(
    "--mode", type=click.Choice((*MODES, "all")), default="hybrid", help="Retrieval to evaluate; all: side by side."
)
@click.option("--show-misses", is_flag=True, help="List questions not answered at rank 1 with the right dates.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@handle_errors
def eval_cmd(
    questions: Path, notes_dir: Path | None, index_dir: Path | None, mode: str, show_misses: bool, as_json: bool
) -> None:
    """Score retrieval and answers on a question set (JSONL with gold dates and topics)."""
    import dataclasses

    from rag.evaluation.bank import load_questions
    from rag.evaluation.run import evaluate
    from rag.evaluation.scores import breakdown, format_misses, format_table

    items = load_questions(questions)
    assistant = _assistant(notes_dir, index_dir)
    base = assistant.pipeline()
    report: dict[str, Any] = {}
    for m in MODES if mode == "all" else (mode,):
        pipeline = dataclasses.replace(base, settings=base.settings.replace(retrieval_mode=m))
        results = evaluate(items, pipeline, m)  # type: ignore[arg-type]
        rows = breakdown(results)
        report[m] = [dataclasses.asdict(r) for r in rows]
        if not as_json:
            ms = 1000 * sum(r.seconds for r in results) / len(results)
            click.echo(format_table(rows, f"{m} — {len(items)} questions, {ms:.0f} ms per question"))
            if show_misses:
                click.echo("misses:\n" + format_misses(results))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))


@cli.group("feedback")
def feedback_group() -> None:
    """The 👍/👎 votes the chat UI saved in the index folder (feedback.jsonl)."""


@feedback_group.command("export")
@click.option(
    "--index", "index_dir", type=click.Path(path_type=Path), help="Index folder (default: ./index, RAG_INDEX_DIR)."
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write the drafts to this file instead of stdout."
)
@handle_errors
def feedback_export_cmd(index_dir: Path | None, output: Path | None) -> None:
    """Print the 👎 answers' questions as draft eval questions (the JSONL of eval/bank/*.jsonl)."""
    from rag.evaluation.drafts import draft_questions
    from rag.evaluation.feedback import feedback_path, read_feedback
    from rag.util import write_text

    path = feedback_path(Settings.from_env(index_dir=index_dir).index_dir)
    if not path.exists():
        raise ConfigError(f"No feedback yet: {path} does not exist. Vote 👍/👎 on answers in the chat UI first.")
    drafts = draft_questions(read_feedback(path))
    text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in drafts)
    if output:
        write_text(output, text)
        _err(f"{len(drafts)} draft question(s) written to {output}")
    else:
        click.echo(text, nl=False)
        _err(f"{len(drafts)} draft question(s) from 👎 answers in {path}")


@cli.group("llm")
def llm_group() -> None:
    """The LLM: serve the bundled local model, or check the configured endpoint."""


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@llm_group.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port on 127.0.0.1.")
@click.option("--threads", type=click.IntRange(1, 512), default=None, help="CPU threads (default: all cores, up to 8).")
@click.option("--ctx", type=click.IntRange(512, 32768), default=4096, show_default=True, help="Context size (tokens).")
@handle_errors
def llm_serve_cmd(port: int, threads: int | None, ctx: int) -> None:
    """Serve Qwen2.5-Coder-1.5B-Instruct with an OpenAI-compatible API until Ctrl-C."""
    from rag.llm.server import LocalLLMServer

    server = LocalLLMServer(Settings.from_env().cache_dir, port=port, threads=threads, n_ctx=ctx, log=_err)
    # Explicit handlers: a background job inherits an ignored SIGINT, and SIGTERM (kill, docker stop)
    # would otherwise end this process without stopping the server child.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    _err(f"Starting the local LLM on port {port} with {server.threads} thread(s) …")
    started = time.monotonic()
    try:
        server.start()
        click.echo(
            f"Local LLM ready in {time.monotonic() - started:.1f} s at {server.base_url} (log: {server.log_path})"
        )
        click.echo("To use it from another shell, set:")
        click.echo(f"  export OPENAI_BASE_URL={server.base_url}")
        click.echo(f"  export RAG_LLM_MODEL={server.model}")
        click.echo("Press Ctrl-C to stop.")
        code = server.wait()
        raise LocalLLMError(f"The local LLM server stopped by itself (exit code {code}); see {server.log_path}")
    except KeyboardInterrupt:
        _err("Stopping the local LLM …")
    finally:
        server.stop()


@llm_group.command("check")
@handle_errors
def llm_check_cmd() -> None:
    """Send a one-line prompt to the configured LLM endpoint; print the model and the latency."""
    from rag.llm.base import DEFAULT_BASE_URL
    from rag.llm.factory import llm_from_settings

    settings = Settings.from_env()
    llm = llm_from_settings(settings.replace(llm_max_tokens=8))
    if llm is None:
        raise ConfigError(
            "No LLM endpoint is configured: set OPENAI_BASE_URL and RAG_LLM_MODEL (for the local model: run "
            "`rag llm serve` and set what it prints), or OPENAI_API_KEY for OpenAI."
        )
    started = time.monotonic()
    reply = llm.complete([{"role": "user", "content": "Reply with one word: ok"}])
    latency = time.monotonic() - started
    click.echo(f"endpoint: {settings.llm_base_url or DEFAULT_BASE_URL}")
    click.echo(f"model:    {llm.model}")
    click.echo(f"latency:  {latency:.2f} s")
    click.echo(f"reply:    {_snippet(reply, 60)}")


@cli.command("serve")
@common_options
@click.option("--host", help="Address to listen on (default: 127.0.0.1, RAG_UI_HOST).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: 7860, RAG_UI_PORT).")
@handle_errors
def serve_cmd(notes_dir: Path | None, index_dir: Path | None, host: str | None, port: int | None) -> None:
    """Serve the chat UI and the API (/v1, /mcp) until Ctrl-C, as `python app.py` does; builds the index if missing."""
    from rag.ui.page import build_app
    from rag.ui.serve import launch_app

    settings = Settings.from_env(notes_dir=notes_dir, index_dir=index_dir, ui_host=host, ui_port=port)
    assistant = Assistant(settings, log=_err)  # one for the page and the API: one model, one index
    launch_app(build_app(settings, assistant), settings, assistant)


@cli.command("mcp")
@common_options
@handle_errors
def mcp_cmd(notes_dir: Path | None, index_dir: Path | None) -> None:
    """Serve the notes to an MCP client over stdio (what desktop assistants launch); logs go to stderr."""
    from rag.api.mcp_server import serve_stdio
    from rag.api.service import NotesService

    serve_stdio(NotesService(_assistant(notes_dir, index_dir), log=_err))


def main() -> None:
    cli(prog_name="rag")


if __name__ == "__main__":
    main()
