#!/usr/bin/env python3
"""HTML parsers for Notion's HTML export: selectolax (Lexbor) vs BeautifulSoup + lxml, same work each.

Usage: .venv/bin/pip install beautifulsoup4 lxml && .venv/bin/python bench/html_parsers.py [--repeat N]
Each parser reads the 20 Notion-style HTML pages of the fixtures (5 bundled notes × 4 workspace
styles, tests/helpers/notion_export.py) and collects the text of every heading, paragraph and list
item — what the note reader needs. Results go to bench/results/html_parsers.json.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.notion_export import sources, to_html  # noqa: E402

SELECTOR = "h1, h2, h3, p, li, summary, td, th"


def with_selectolax(page: str) -> int:
    tree = LexborHTMLParser(page)
    return sum(len(n.text(deep=True)) for n in tree.css(SELECTOR))


def with_bs4(bs4: Any) -> Callable[[str], int]:
    def run(page: str) -> int:
        soup = bs4.BeautifulSoup(page, "lxml")
        return sum(len(n.get_text()) for n in soup.select(SELECTOR))

    return run


def timed(parse: Callable[[str], int], pages: list[str], repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            parse(page)
        runs.append((time.perf_counter() - start) * 1000)
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    pages = [to_html(src, style) for src in sources() for style in range(4)]
    parsers: dict[str, Callable[[str], int]] = {"selectolax": with_selectolax}
    try:
        parsers["bs4+lxml"] = with_bs4(importlib.import_module("bs4"))
    except ImportError:
        print("beautifulsoup4 is not installed: `pip install beautifulsoup4 lxml` to compare", file=sys.stderr)
    results: dict[str, Any] = {"pages": len(pages), "bytes": sum(len(p.encode()) for p in pages), "ms": {}}
    for name, parse in parsers.items():
        parse(pages[0])  # warm-up
        runs = timed(parse, pages, args.repeat)
        results["ms"][name] = {"median": round(statistics.median(runs), 2), "min": round(min(runs), 2)}
        print(f"{name:<11} {statistics.median(runs):8.2f} ms median for {len(pages)} pages (min {min(runs):.2f})")
    out = ROOT / "bench" / "results" / "html_parsers.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
