"""Notes are read only from files whose real path is inside the notes folder: a link out of it
(``x.txt -> /etc/passwd``) is skipped with one warning naming the link, a link into it is a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.config import Settings
from rag.errors import NoteSaveError
from rag.ingest.add import save_note
from rag.ingest.files import OUTSIDE, scan_notes
from rag.ingest.watch import snapshot
from rag.store.load import load_index
from rag.store.update import update_index
from tests.helpers.fakes import FakeEmbedder

NOTE = "2024-10-03 機械学習勉強会\n@山田 太郎\n[論文] {title}\n- {body}\n"


@pytest.fixture
def linked(tmp_path: Path) -> Settings:
    """A notes folder with a real note, a link out of the folder and a link to a file inside it."""
    d = tmp_path / "notes"
    (d / "data").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text(NOTE.format(title="Outside secret", body="zzsecretqq root:x:0:0"), encoding="utf-8")
    (d / "real.txt").write_text(NOTE.format(title="Real note", body="real body"), encoding="utf-8")
    (d / "data" / "session.dat").write_text(NOTE.format(title="Inside target", body="zzinsideqq"), encoding="utf-8")
    (d / "x.txt").symlink_to(secret)
    (d / "passwd.txt").symlink_to("/etc/passwd")
    (d / "alias.txt").symlink_to(Path("data") / "session.dat")  # relative, into the folder
    return Settings(notes_dir=d, index_dir=tmp_path / "index", embedding_model="fake-bigram")


def test_a_file_link_out_of_the_notes_folder_is_never_indexed(linked: Settings, fake_embedder: FakeEmbedder) -> None:
    messages: list[str] = []
    report = update_index(linked, fake_embedder, log=messages.append)
    index = load_index(linked)
    assert set(index.manifest.notes) == {"real.txt", "alias.txt"}
    text = "\n".join(c.text + c.title for c in index.chunks)
    assert "zzsecretqq" not in text and "root:x:0" not in text and "zzinsideqq" in text
    for link in ("x.txt", "passwd.txt"):
        warned = [m for m in messages if m.startswith(f"warning: {link}:")]
        assert warned == [f"warning: {link}: {OUTSIDE}"]
    assert sum("outside the notes folder" in p for p in report.problems) == 2


def test_the_notes_folder_itself_may_be_a_link(linked: Settings, tmp_path: Path) -> None:
    alias = tmp_path / "notes-alias"
    alias.symlink_to(linked.notes_dir, target_is_directory=True)
    files, problems = scan_notes(alias)
    assert [f.name for f in files] == ["alias.txt", "real.txt"]
    assert sorted(p.name for p in problems) == ["passwd.txt", "x.txt"]


def test_the_watcher_does_not_look_through_links_out_of_the_folder(linked: Settings) -> None:
    assert set(snapshot(linked.notes_dir)) == {"alias.txt", "real.txt"}


def test_inside_follows_every_link(linked: Settings) -> None:
    from rag.ingest.files import inside  # the rule `rag import` and the UI share

    d = linked.notes_dir
    assert inside(d, d / "alias.txt") and inside(d, d / "real.txt")
    assert not inside(d, d / "x.txt") and not inside(d, d / "passwd.txt") and not inside(d, d / ".." / "secret.txt")


def test_adding_a_note_never_writes_through_a_link_out_of_the_folder(linked: Settings, tmp_path: Path) -> None:
    with pytest.raises(NoteSaveError, match="not a plain file name"):
        save_note(linked.notes_dir, "x.txt", NOTE.format(title="Overwrite", body="new"), overwrite=True)
    assert "zzsecretqq" in (tmp_path / "secret.txt").read_text(encoding="utf-8")
