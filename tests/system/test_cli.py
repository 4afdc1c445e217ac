"""The `rag` command end to end with the real packaged model, real FAISS and real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rag.cli import cli
from rag.config import Settings

pytestmark = pytest.mark.slow


def run(settings: Settings, *args: str) -> Result:
    env = {"RAG_NOTES_DIR": str(settings.notes_dir), "RAG_INDEX_DIR": str(settings.index_dir)}
    result = CliRunner().invoke(cli, list(args), env=env)
    return result


def test_search_json_lists_hits_with_metadata(real_index_settings: Settings) -> None:
    result = run(
        real_index_settings, "search", "--json", "-k", "3", "When did we talk about running Polars on the GPU?"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["question"].startswith("When did we")
    hits = data["hits"]
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert {"score", "date", "presenter", "tag", "title", "text", "citation", "note"} <= set(hits[0])
    assert hits[0]["date"] == "2024-09-19" and "Polars" in hits[0]["title"]
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("名寄せの評価でサンプルサイズを抑える逐次検定の話は何日?", "2024-09-26"),
        ("When did we talk about running Polars on the GPU?", "2024-09-19"),
    ],
)
def test_ask_answers_with_the_session_date(real_index_settings: Settings, question: str, date: str) -> None:
    result = run(real_index_settings, "ask", question)
    assert result.exit_code == 0, result.output
    answer = result.stdout.split("\nSources:")[0]
    assert f"[{date}]" in answer
    assert re.search(rf"1\. .*{date}", result.stdout)  # the top source is that session


def test_ask_json(real_index_settings: Settings) -> None:
    result = run(real_index_settings, "ask", "--json", "who presented CREPE?")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["found"] is True and data["mode"] == "extractive"
    assert data["citations"][0]["label"] == "[2024-05-16]"
    assert "CREPE" in data["citations"][0]["title"]
    assert data["citations"][0]["presenter"] == "Shun Ito"
    assert all(c["label"] in data["answer"] for c in data["citations"])


def test_ask_builds_a_missing_index(real_settings: Settings, tmp_path: Path) -> None:
    settings = real_settings.replace(index_dir=tmp_path / "fresh-index")
    result = run(settings, "ask", "--json", "PolarsのGPUエンジンは何倍速い?")
    assert result.exit_code == 0, result.output
    assert "building it" in result.stderr
    assert (tmp_path / "fresh-index" / "CURRENT").is_file()
    assert json.loads(result.stdout)["citations"][0]["label"] == "[2024-09-19]"


def test_errors_are_one_line_messages_not_tracebacks(real_index_settings: Settings, tmp_path: Path) -> None:
    result = run(real_index_settings, "ask", "   ")
    assert result.exit_code == 1
    assert "question is empty" in result.stderr and "Traceback" not in result.output
    missing = real_index_settings.replace(index_dir=tmp_path / "none")
    result = run(missing, "search", "anything")
    assert result.exit_code == 1 and "rag index" in result.stderr


def test_search_filters_from_the_command_line(real_index_settings: Settings) -> None:
    result = run(real_index_settings, "search", "--json", "-k", "10", "--tag", "論文", "--since", "2024-05-01", "LLM")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert hits and all(h["tag"] == "論文" and h["date"] >= "2024-05-01" for h in hits)


def test_filter_matching_nothing_is_an_error_not_unfiltered_results(real_index_settings: Settings) -> None:
    result = run(real_index_settings, "ask", "--presenter", "Nobody", "GPU")
    assert result.exit_code == 1
    assert "No notes match the filters" in result.stderr and "Naoto Shimakoshi" in result.stderr
    assert result.stdout == ""


def test_ask_with_presenter_filter_cites_only_that_presenter(real_index_settings: Settings) -> None:
    result = run(real_index_settings, "ask", "--json", "--presenter", "Shun Ito", "評価の話")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["citations"] and all(c["presenter"] == "Shun Ito" for c in data["citations"])


def test_eval_prints_scores_per_kind_and_language(real_index_settings: Settings, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    lines = [
        {
            "id": "a",
            "question": "who presented CREPE?",
            "lang": "en",
            "kind": "who",
            "gold": [{"date": "2024-05-16", "topic": "CREPE"}],
        },
        {
            "id": "b",
            "question": "o1の話って何日だった?",
            "lang": "ja",
            "kind": "when",
            "gold": [{"date": "2024-09-26", "topic": "o1"}, {"date": "2024-09-19", "topic": "Learning to Reason"}],
        },
        {"id": "c", "question": "量子コンピュータの話は出た?", "lang": "ja", "kind": "none", "gold": []},
    ]
    questions.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    result = run(real_index_settings, "eval", str(questions), "--mode", "all", "--show-misses")
    assert result.exit_code == 0, result.output
    for label in ("== hybrid", "== dense", "== lexical", "hit@1", "MRR", "lang=ja", "kind=when", "refused"):
        assert label in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("all"))
    assert row.split()[1] == "2"  # two questions with an answer in the notes


def test_eval_rejects_a_malformed_question_file(real_index_settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = run(real_index_settings, "eval", str(bad))
    assert result.exit_code == 1 and "bad.jsonl:1" in result.stderr


@pytest.mark.parametrize("translated", [False, True])
def test_a_streamed_answer_is_printed_once_unless_its_final_text_replaces_it(
    capsys: pytest.CaptureFixture[str], translated: bool
) -> None:
    from rag.cli import _stream_answer
    from rag.types import Answer

    draft = "Level 1: 明示的な事実 [2024-09-26]"
    final = "Level 1: explicit facts [2024-09-26]" if translated else draft
    answer = Answer(question="What are the levels?", text=final, mode="llm", found=True, translated=translated)
    assert _stream_answer(iter(["Level 1: ", "明示的な事実 [2024-09-26]", answer])) is answer
    out = capsys.readouterr().out
    assert out.count(draft) == 1
    assert out.count("explicit facts") == (1 if translated else 0)
