"""Fuzz: hundreds of generated notes (well-formed and malformed) and questions — no crash, and
every well-formed note is indexed."""

from __future__ import annotations

import random
from pathlib import Path

from rag.config import Settings
from rag.errors import RagError
from rag.retrieval.retriever import Retriever
from rag.store.lexical import get_tokenizer
from rag.store.load import load_index
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder
from tests.helpers.pipelines import pipeline_of

WORDS = "機械学習 継続事前学習 名寄せ 異常検知 Polars GPU RAG LLM アノテーション 評価 データ 推論 o1 CREPE 論文".split()
TAGS = ["[blog]", "[論文]", "[slide]", "[Slide]", "[やってみた]", ""]
BULLETS = ["- ", "• ", "‣ ", "・", "1. ", "    - ", "\t• ", ""]
JUNK = ["[[", "]]", "@", "今週のTOPIC", "※", "\u3000", "\u200b", "\ufeff", "\x0c", "@@", "[]", "｛", "🙂", "\\", "`"]


def well_formed(rng: random.Random, i: int) -> str:
    date_line = rng.choice(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}年{m}月{d}日"]).format(
        y=2023 + i % 3, m=1 + i % 12, d=1 + i % 28
    )
    lines = [f"{date_line} 機械学習勉強会", "今週のTOPIC"]
    for p in range(rng.randint(1, 4)):
        lines.append(f"@Presenter{p} Name{i}")
        for t in range(rng.randint(1, 3)):
            lines.append(f"{rng.choice(TAGS)} Topic{i}x{p}x{t} {rng.choice(WORDS)}")
            lines += [
                rng.choice(BULLETS) + " ".join(rng.choices(WORDS, k=rng.randint(2, 12)))
                for _ in range(rng.randint(0, 8))
            ]
            lines += [""] * rng.randint(0, 2)
    lines.append(f"- unique{i}marker")
    return "\n".join(lines) + "\n"


def malformed(rng: random.Random, i: int) -> bytes:
    kind = i % 8
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000)))
    if kind == 1:
        return "".join(rng.choices(JUNK + WORDS + ["\n"], k=rng.randint(1, 400))).encode("utf-8")
    if kind == 2:
        return well_formed(rng, i).encode("utf-8")[: rng.randint(1, 200)]  # truncated, maybe mid-character
    if kind == 3:
        return ("x" * rng.randint(5000, 40000)).encode()  # one enormous line
    if kind == 4:
        return b""
    if kind == 5:
        return well_formed(rng, i).encode(rng.choice(["cp932", "euc_jp", "utf-16"]), errors="ignore")
    if kind == 6:
        return "\n".join(rng.choice(BULLETS) + rng.choice(JUNK) for _ in range(200)).encode()
    return ("[論文]" * 50 + "\n@" * 50 + "\n今週のTOPIC[blog][blog]\n").encode()


def test_generated_notes_and_questions(tmp_path: Path, fake_embedder: FakeEmbedder) -> None:
    rng = random.Random(2024)
    notes = tmp_path / "notes"
    notes.mkdir()
    good: set[str] = set()
    for i in range(240):
        if i % 2 == 0:
            name = f"good-{i:03d}.txt"
            (notes / name).write_text(well_formed(rng, i), encoding="utf-8")
            good.add(name)
        else:
            (notes / f"bad-{i:03d}.{rng.choice(['txt', 'md'])}").write_bytes(malformed(rng, i))
    settings = Settings(notes_dir=notes, index_dir=tmp_path / "index", embedding_model="fake-bigram")
    report = update_index(settings, fake_embedder)
    index = load_index(settings)
    indexed = set(index.manifest.notes)
    assert good <= indexed  # every well-formed note is in
    for name in sorted(p.name for p in notes.iterdir()):
        assert name in indexed or any(p.startswith(f"{name}: ") for p in report.problems), name
    for name in good:  # and findable by its own unique words
        i = int(name[5:8])
        chunks = [c for c in index.chunks if c.note == name]
        assert chunks and any(f"unique{i}marker" in c.text for c in chunks)
        assert chunks[0].date is not None

    retriever = Retriever(index, fake_embedder, get_tokenizer("A"), settings)
    alphabet = WORDS + JUNK + ["?", "いつ", "誰", "when", "who", "2024-05-16", "Presenter1", "一覧", " ", "\n"]
    for _ in range(220):
        question = "".join(rng.choices(alphabet, k=rng.randint(0, 30)))
        try:
            answer = pipeline_of(retriever, settings).answer(question)
        except RagError:
            continue  # a clear message (empty question, filter matching nothing…), not a crash
        assert answer.text
        cited = {c.chunk_id for c in answer.citations}
        assert cited <= {h.chunk.id for h in answer.hits}
