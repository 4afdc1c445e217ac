"""Where the project's own files are, for tests in any folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "notes"  # the bundled sample notes
ARTIFACTS = ROOT / "artifacts"  # screenshots of the browser tests (git-ignored)
