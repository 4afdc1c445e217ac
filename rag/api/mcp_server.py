"""The notes as an MCP server (the official ``mcp`` SDK): read-only tools ``ask_notes``, ``search_notes``
and ``list_sessions``, and each session's note as the resource ``notes://YYYY-MM-DD``. ``rag mcp``
serves it over stdio; ``rag serve`` over streamable HTTP at /mcp (see ``rag.api.mount``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from mcp.types import Resource, ToolAnnotations
from pydantic import Field

from rag.api.schemas import (
    AskResult,
    FilterArgs,
    Presenter,
    SearchHit,
    SearchResult,
    SessionsResult,
    Since,
    Tag,
    Until,
    note_uri,
)
from rag.api.service import NotesService
from rag.errors import NoMatchError, RagError

T = TypeVar("T")

NAME = "study-notes"
INSTRUCTIONS = (
    "The session notes of a weekly machine-learning study group (機械学習勉強会), in Japanese and English. "
    "ask_notes answers a question with the dates of the sessions it relies on ([2024-09-26]); search_notes "
    "finds the passages; list_sessions tells which sessions, presenters and topics exist; the resource "
    "notes://YYYY-MM-DD is a session's whole note. Keep the [YYYY-MM-DD] citations when you quote an answer.\n"
    "機械学習勉強会の各回のノート(日本語・英語)です。ask_notes は質問に答え、根拠の回の日付を [2024-09-26] の形で"
    "示します。search_notes は該当箇所を検索、list_sessions は回・発表者・トピックの一覧、リソース "
    "notes://YYYY-MM-DD はその回のノート全文です。回答を引用するときは [YYYY-MM-DD] の出典を残してください。"
)
ASK = (
    "Answer a question from the study group's notes, in the question's language (Japanese or English), each "
    "claim followed by the date of its session, e.g. [2024-09-26]; says so when the notes do not cover it. "
    "Returns the answer, its sources (date, presenter, tag, title, snippet) and how it was made. Dates, "
    "presenters and tags named in the question filter too. Read-only.\n"
    "勉強会ノートから質問に答えます(質問と同じ言語で)。各記述の後に根拠の回の日付 [2024-09-26] が付き、ノートに"
    "ない場合はそう答えます。回答・出典(日付・発表者・タグ・タイトル・抜粋)・回答方法を返します。読み取り専用。"
)
SEARCH = (
    "Search the notes: the best-matching passages with their session date, presenter, tag, title and a "
    "snippet, best first (hybrid dense + BM25 retrieval; only the given filters apply). Read-only.\n"
    "ノートを検索し、一致した箇所を回の日付・発表者・タグ・タイトル・抜粋付きで良い順に返します。読み取り専用。"
)
SESSIONS = (
    "List every session in the notes, oldest first, with its presenters and topics (title, tag, presenter) "
    "and the resource URI of its note (notes://YYYY-MM-DD). Read-only.\n"
    "ノートにある全ての回を古い順に、発表者とトピック(タイトル・タグ・発表者)、ノートのリソース URI 付きで返します。"
)
NOTE = "The whole note of the session held on that date (YYYY-MM-DD), as written. / その日の回のノート全文。"
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

Question = Annotated[str, Field(min_length=1, description="The question, in Japanese or English. / 質問(日本語・英語)")]
Query = Annotated[str, Field(min_length=1, description="What to search for. / 検索語")]
TopK = Annotated[int, Field(ge=1, le=50, description="How many passages to return (default 5). / 件数")]


class NotesMCP(MCPServer[Any]):
    """An MCP server whose resource list follows the index: one ``notes://`` resource per session."""

    def __init__(self, service: NotesService) -> None:
        # WARNING: the SDK configures the root logger; at INFO it would log every request of `rag serve`.
        super().__init__(NAME, instructions=INSTRUCTIONS, log_level="WARNING")
        self.service = service

    async def list_resources(self) -> list[Resource]:
        """The server's resources and, read from the current index, every session's note."""
        try:
            dates = await anyio.to_thread.run_sync(self.service.session_dates)
        except RagError:
            dates = []  # the index cannot be read now: reading a note says why
        notes = [
            Resource(
                uri=note_uri(d), name=f"session-{d}", title=f"勉強会 {d}", description=NOTE, mime_type="text/plain"
            )
            for d in dates
        ]
        return [*await super().list_resources(), *notes]


def notes_mcp(service: NotesService) -> NotesMCP:
    """The MCP server over ``service``'s notes (not yet serving)."""
    server = NotesMCP(service)

    @server.tool(title="Ask the notes / ノートに質問", description=ASK, annotations=READ_ONLY)
    def ask_notes(
        question: Question, since: Since = None, until: Until = None, presenter: Presenter = None, tag: Tag = None
    ) -> AskResult:
        filters = FilterArgs(since=since, until=until, presenter=presenter, tag=tag)
        return _tool(lambda: AskResult.of(service.ask(question, filters.filters())))

    @server.tool(title="Search the notes / ノート検索", description=SEARCH, annotations=READ_ONLY)
    def search_notes(
        query: Query,
        k: TopK = 5,
        since: Since = None,
        until: Until = None,
        presenter: Presenter = None,
        tag: Tag = None,
    ) -> SearchResult:
        filters = FilterArgs(since=since, until=until, presenter=presenter, tag=tag)
        return _tool(lambda: SearchResult(hits=[SearchHit.of(h) for h in service.search(query, k, filters.filters())]))

    @server.tool(title="List the sessions / 回の一覧", description=SESSIONS, annotations=READ_ONLY)
    def list_sessions() -> SessionsResult:
        return _tool(service.sessions)

    @server.resource("notes://{date}", name="session-note", title="Session note / 勉強会ノート", description=NOTE,
                     mime_type="text/plain")  # fmt: skip
    def session_note(date: str) -> str:
        try:
            return service.note(date)
        except NoMatchError as exc:
            raise ResourceNotFoundError(str(exc)) from exc
        except RagError as exc:
            raise ResourceError(str(exc)) from exc

    _ = (ask_notes, search_notes, list_sessions, session_note)  # registered by the decorators
    return server


def _tool(call: Callable[[], T]) -> T:
    """The project's errors as tool errors: the client's model reads the message (what to fix), not a crash."""
    try:
        return call()
    except RagError as exc:
        raise ToolError(str(exc)) from exc


def serve_stdio(service: NotesService) -> None:
    """Serve over stdin/stdout until the client closes them (logs and progress go to stderr)."""
    service.start()
    notes_mcp(service).run("stdio")
