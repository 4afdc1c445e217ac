"""Topic sections → chunks with metadata; long topics split inside the topic, with overlap."""

from __future__ import annotations

import itertools

from rag.ingest.chunking import chunk_note, chunking_id
from rag.ingest.formats import read_notes
from rag.ingest.parse import parse_note
from tests.helpers.paths import NOTES


def test_every_topic_gets_chunks_with_metadata_and_header() -> None:
    for note in read_notes(NOTES)[0]:
        chunks = chunk_note(note, 700, 150)
        assert {c.topic_index for c in chunks} == set(range(len(note.topics)))
        for c in chunks:
            topic = note.topics[c.topic_index]
            assert c.title == topic.title
            assert c.tag == topic.tag
            assert c.presenter == topic.presenter
            assert c.date == (note.date.isoformat() if note.date else None)
            assert c.embed_text.startswith(c.header)
            assert topic.title in c.header
            if c.date:
                assert c.header.startswith(c.date)
            if c.presenter:
                assert f"@{c.presenter}" in c.header


def test_toc_only_topic_is_searchable_by_its_header() -> None:
    note = next(n for n in read_notes(NOTES)[0] if n.name.startswith("000"))
    o1 = [c for c in chunk_note(note, 700, 150) if "o1" in c.title]
    assert len(o1) == 1
    assert o1[0].text == ""
    assert "o1" in o1[0].embed_text and "[slide]" in o1[0].embed_text
    assert o1[0].citation == "[2024-09-26]"


def test_long_topic_is_split_into_overlapping_pieces_inside_the_topic() -> None:
    lines = "\n".join(f"- 項目{i}: " + "あ" * 60 for i in range(30))
    note = parse_note(f"2024-10-10 勉強会\n@A\n[blog] Long one\n{lines}\n[論文] Short\n- x\n", "n.txt")
    chunks = chunk_note(note, 300, 80)
    long = [c for c in chunks if c.title == "Long one"]
    assert len(long) > 3
    assert all(len(c.text) <= 300 for c in long)
    assert [c.part for c in long] == list(range(len(long)))
    assert all(c.parts == len(long) for c in long)
    for prev, nxt in itertools.pairwise(long):
        assert prev.text.splitlines()[-1] == nxt.text.splitlines()[0]  # overlap: last line carried over
    # every line of the topic is in some piece, and no piece reaches into the next topic
    body = {line for c in long for line in c.text.splitlines()}
    assert all(f"- 項目{i}: " + "あ" * 60 in body for i in range(30))
    assert not any("- x" in c.text for c in long)


def test_a_single_very_long_line_is_split_at_sentences() -> None:
    text = "。".join(["これは長い文です" * 5] * 20) + "。"
    note = parse_note(f"2024-10-10 勉強会\n@A\n[blog] T\n{text}\n", "n.txt")
    chunks = chunk_note(note, 200, 50)
    assert len(chunks) > 1
    assert all(len(c.text) <= 200 for c in chunks)


def test_undated_citation_and_ids() -> None:
    note = next(n for n in read_notes(NOTES)[0] if n.date is None)
    chunks = chunk_note(note, 700, 150)
    assert all(c.citation.startswith("[undated: ") for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    assert all(c.id.startswith(note.sha256[:16]) for c in chunks)


def test_chunking_id_names_its_parameters() -> None:
    assert chunking_id(700, 150) != chunking_id(600, 150)
