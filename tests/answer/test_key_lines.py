"""A summary's lines for each topic: the ones that carry its point, not the ones naming its source."""

from __future__ import annotations

from rag.answer.lines import key_lines
from rag.answer.route import Pipeline
from rag.types import Chunk


def _chunk(text: str) -> Chunk:
    return Chunk("c0", "n.txt", "2031-01-09", "A", "blog", "A topic", 0, 0, 1, text)


def test_lines_naming_the_source_are_never_key_lines() -> None:
    text = "\n".join(
        [
            "- ZOZO Techblog",
            "- AAAI2024に採択された論文(日本人著者)",
            "- https://github.com/example/repo",
            "Roni Blushtein-Livnon , Tal Svoray , and Michael Dorman",
            "- 推薦システムごとにKPIを策定しているが、定常的に確認する必要がある。",
            "- Lookerで運用していたが、いくつか問題が出てきたので改善した話。",
        ]
    )
    assert key_lines([_chunk(text)]) == [
        "推薦システムごとにKPIを策定しているが、定常的に確認する必要がある。",
        "Lookerで運用していたが、いくつか問題が出てきたので改善した話。",
    ]


def test_the_line_after_a_conclusion_heading_and_a_stated_result_come_first_in_reading_order() -> None:
    text = "\n".join(
        [
            "- 近年は高品質なデータの需要が高いのでアノテーションの品質が重要視される",
            "- どのようにアノテーションをすれば品質が高くなるかを知りたい",
            "- 同じ画像中でもソーラーパネルの見え方は変わってくる",
            "- 結論",
            "  - 物体検出タスクの方が、セグメンテーションタスクよりも品質が高い",
            "- 処理が最大13倍速くなるらしい",
        ]
    )
    assert key_lines([_chunk(text)]) == [
        "物体検出タスクの方が、セグメンテーションタスクよりも品質が高い",
        "処理が最大13倍速くなるらしい",
    ]


def test_a_subheading_is_no_key_line() -> None:
    text = "\n".join(
        [
            "バージョン管理の基礎",
            "バージョン管理とは?",
            "- バージョン管理とは、変更を追跡・管理することです。",
            "- 主要な概念は以下。",
        ]
    )
    assert key_lines([_chunk(text)], n=1) == ["バージョン管理とは、変更を追跡・管理することです。"]


def test_a_session_summary_shows_a_topics_result_not_its_source(fake_pipeline: Pipeline) -> None:
    text = fake_pipeline.answer("2024-04-11の回をまとめて").text
    assert "約3倍短縮" in text  # the Continual Active Learning topic's result
    assert "AAAI2024に採択された論文" not in text
