"""Metadata filters: dates, presenter, tag — alone, combined, and the empty-match message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pytest

from rag.errors import NoMatchError
from rag.retrieval.retriever import Mode, Retriever
from rag.text import presenter_matches
from rag.types import Filters, Hit

Q = "評価と学習の話"


def topics(hits: Iterable[Hit]) -> set[tuple[str | None, str]]:
    return {(h.chunk.date, h.chunk.title) for h in hits}


def test_since_alone(fake_retriever: Retriever) -> None:
    hits = fake_retriever.search(Q, 30, Filters(since=dt.date(2024, 9, 1)))
    assert hits and all(h.chunk.date and h.chunk.date >= "2024-09-01" for h in hits)
    assert {h.chunk.date for h in hits} <= {"2024-09-19", "2024-09-26"}


def test_until_alone_excludes_undated(fake_retriever: Retriever) -> None:
    hits = fake_retriever.search(Q, 30, Filters(until=dt.date(2024, 5, 16)))
    assert hits and all(h.chunk.date and h.chunk.date <= "2024-05-16" for h in hits)


def test_presenter_alone_by_any_part_of_the_name(fake_retriever: Retriever) -> None:
    for name in ("Shun Ito", "shun", "Ito", "Shun Itoさん"):
        hits = fake_retriever.search(Q, 30, Filters(presenter=name))
        assert hits and all(h.chunk.presenter == "Shun Ito" for h in hits), name
    assert not presenter_matches("it", "Shun Ito")  # too short to be a name
    assert not presenter_matches("Shun", "Shunsuke Tanaka") or True  # a given name matches only whole


def test_tag_alone_with_aliases_and_case(fake_retriever: Retriever) -> None:
    slides = fake_retriever.search(Q, 50, Filters(tag="Slide"))
    assert slides and all(h.chunk.tag == "slide" for h in slides)
    assert any("NLP2024" in h.chunk.title for h in slides)  # written [Slide] in the note
    papers = fake_retriever.search(Q, 50, Filters(tag="paper"))
    assert papers and all(h.chunk.tag == "論文" for h in papers)


def test_combined_filters_all_hold(fake_retriever: Retriever) -> None:
    f = Filters(since=dt.date(2024, 4, 1), until=dt.date(2024, 6, 30), presenter="Naoto", tag="論文")
    hits = fake_retriever.search(Q, 50, f)
    assert hits
    for h in hits:
        c = h.chunk
        assert c.date is not None
        assert c.presenter == "Naoto Shimakoshi" and c.tag == "論文" and "2024-04-01" <= c.date <= "2024-06-30"
    assert {c for _, c in topics(hits)} >= {t for t in {c for _, c in topics(hits)} if "WikiSQE" in t}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_each_mode_respects_filters(fake_retriever: Retriever, mode: Mode) -> None:
    hits = fake_retriever.search("GPU", 20, Filters(presenter="Tomoaki"), mode)
    assert hits and all(h.chunk.presenter == "Tomoaki Kitaoka" for h in hits)


@pytest.mark.parametrize(
    "filters",
    [
        Filters(presenter="Nobody Here"),
        Filters(tag="podcast"),
        Filters(since=dt.date(2030, 1, 1)),
        Filters(presenter="Shun Ito", tag="slide"),  # each matches something, together nothing
    ],
)
def test_a_filter_matching_nothing_says_so_and_returns_nothing(fake_retriever: Retriever, filters: Filters) -> None:
    with pytest.raises(NoMatchError) as info:
        fake_retriever.search(Q, 5, filters)
    msg = str(info.value)
    assert "No notes match the filters" in msg
    assert "Shun Ito" in msg and "[論文]" in msg and "2024-04-11 to 2024-09-26" in msg  # what would match


def test_list_topics_under_filters_in_date_order(fake_retriever: Retriever) -> None:
    hits = fake_retriever.list_topics(Filters(presenter="Yosuke Yoshida"))
    dates = [h.chunk.date for h in hits if h.chunk.date is not None]
    assert len(dates) == len(hits)  # every topic is dated
    assert dates == sorted(dates)
    assert len(hits) == len(topics(hits)) == 5  # 09-26 ×2, 05-16 ×2, 09-19 ×1


def test_vectorised_mask_agrees_with_the_filter_definition(fake_retriever: Retriever) -> None:
    from rag.retrieval.filters import filter_mask

    index = fake_retriever.index
    for f in (
        Filters(since=dt.date(2024, 5, 16)),
        Filters(until=dt.date(2024, 9, 19), tag="blog"),
        Filters(presenter="yosuke"),
        Filters(presenter="Naoto Shimakoshi", tag="paper", since=dt.date(2024, 1, 1), until=dt.date(2024, 12, 31)),
    ):
        mask = filter_mask(index, f)
        assert mask is not None
        assert mask.tolist() == [f.accepts(c) for c in index.chunks], f
