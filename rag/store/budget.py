"""Chunk budgets: no single note, and no single update, can hold the index hostage.

A note is cut to ``max_note_chunks`` chunks (its first ones, in reading order), with a warning saying
from which topic on it was cut. An incremental update embeds at most ``max_update_chunks`` chunks:
the new and changed notes beyond that wait for the next update (a changed one stays published as it
was), each with a warning, so a pile of large notes cannot keep a small one waiting for an hour. Notes
are taken oldest change first: one that waited goes before notes changed since.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rag.ingest.chunking import chunk_note
from rag.ingest.files import Problem
from rag.types import Chunk, Note


@dataclass
class Plan:
    """What an update embeds: each taken note's chunks (cut to the note budget), and the notes left for later."""

    chunks: dict[str, list[Chunk]] = field(default_factory=dict)
    taken: list[Note] = field(default_factory=list)
    deferred: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    to_embed: int = 0


def cut_note(note: Note, chunks: list[Chunk], limit: int) -> tuple[list[Chunk], Problem | None]:
    """The note's first ``limit`` chunks, and a warning saying what was left out when it had more."""
    if len(chunks) <= limit:
        return chunks, None
    first = chunks[limit]
    topics = len({c.topic_index for c in chunks})
    left_out = len({c.topic_index for c in chunks[limit:]} - {c.topic_index for c in chunks[:limit]})
    return chunks[:limit], Problem(
        note.name,
        f"has {len(chunks)} chunks ({topics} topics), over the note budget of {limit} (RAG_MAX_NOTE_CHUNKS): "
        f"only its first {limit} chunks are indexed; cut from topic {first.topic_index + 1} “{first.title}” "
        f"(part {first.part + 1}) on, {left_out} topic(s) left out entirely. Split the note into sessions, "
        "or raise RAG_MAX_NOTE_CHUNKS",
    )


def plan_update(
    notes: Sequence[Note],
    chunking: tuple[int, int],
    known: Callable[[Chunk], bool],
    note_budget: int,
    update_budget: int | None,
) -> Plan:
    """Chunk the new and changed notes (in the order given: oldest change first) within the budgets.
    ``known``: whether a chunk's vector can be reused (it does not count against the update budget);
    ``update_budget`` None: no limit (a full rebuild or the first build must take every note)."""
    plan = Plan()
    for note in notes:
        chunks, cut = cut_note(note, chunk_note(note, *chunking), note_budget)
        fresh = sum(not known(c) for c in chunks)
        if update_budget is not None and plan.to_embed and plan.to_embed + fresh > update_budget:
            plan.deferred.append(note)
            plan.problems.append(
                Problem(
                    note.name,
                    f"waits for the next update: this one already embeds {plan.to_embed} chunks and this note "
                    f"needs {fresh} more, over the update budget of {update_budget} (RAG_MAX_UPDATE_CHUNKS); "
                    "`rag index` and the UI run that update right after this one",
                )
            )
            continue
        if cut is not None:
            plan.problems.append(cut)
        plan.chunks[note.name] = chunks
        plan.taken.append(note)
        plan.to_embed += fresh
    return plan
