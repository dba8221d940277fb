"""ingest.expand_paths and read_file_bytes: files, folders, globs and what can go wrong reading them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pledgewatch.errors import NotFound, TooLarge, Unreadable
from pledgewatch.ingest import DEFAULT_MAX_SIZE, expand_paths, read_document, read_file_bytes


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "b" / "deep").mkdir()
    (root / ".hidden").mkdir()
    for rel in ("a.txt", "b/c.md", "b/deep/d.html", "b/deep/e.pdf", ".hidden/x.txt", "b/.dotfile.txt"):
        (root / rel).write_text("The ministers met.\n", encoding="utf-8")


def _names(files) -> list[str]:
    return [p.name for p in files]


def test_paths_folders_are_read_recursively_in_a_stable_order(tmp_path):
    _tree(tmp_path / "in")
    got = expand_paths([str(tmp_path / "in")])
    assert got.errors == []
    assert _names(got.files) == ["a.txt", "c.md", "d.html", "e.pdf"]  # hidden files and folders are skipped


def test_paths_globs_including_recursive_ones(tmp_path):
    _tree(tmp_path / "in")
    assert _names(expand_paths([str(tmp_path / "in" / "*.txt")]).files) == ["a.txt"]
    assert _names(expand_paths([str(tmp_path / "in" / "**" / "*.pdf")]).files) == ["e.pdf"]
    assert _names(expand_paths([str(tmp_path / "in" / "b")]).files) == ["c.md", "d.html", "e.pdf"]


def test_paths_each_file_once_and_errors_for_what_is_missing(tmp_path):
    _tree(tmp_path / "in")
    a = str(tmp_path / "in" / "a.txt")
    got = expand_paths([a, a, str(tmp_path / "in" / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "none*.md")])
    assert _names(got.files) == ["a.txt"]
    assert [(e.code, Path(e.path).name) for e in got.errors] == [("PW101", "nope.txt"), ("PW101", "none*.md")]
    assert "no file matches this pattern" in str(got.errors[1])


def test_paths_a_file_whose_name_looks_like_a_glob_is_taken_literally(tmp_path):
    odd = tmp_path / "statement[1].txt"
    odd.write_text("The ministers met.\n", encoding="utf-8")
    (tmp_path / "statement1.txt").write_text("Another.\n", encoding="utf-8")
    assert expand_paths([str(odd)]).files == [odd]


def test_paths_read_file_bytes_errors(tmp_path):
    with pytest.raises(NotFound):
        read_file_bytes(tmp_path / "missing.txt")
    with pytest.raises(Unreadable, match="folder"):
        read_file_bytes(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 400)
    with pytest.raises(TooLarge) as info:
        read_file_bytes(big, max_size=1000)
    assert info.value.code == "PW106" and "--max-size" in str(info.value)
    assert "the file is 2,000 bytes, over the 1,000 bytes limit" in str(info.value)
    assert read_file_bytes(big, max_size=2000) == b"word " * 400
    assert DEFAULT_MAX_SIZE == 20 * 1024 * 1024


def test_paths_broken_link_is_not_found(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "target-that-does-not-exist.txt")
    assert expand_paths([str(link)]).files == [link]  # listed, then reported when read
    with pytest.raises(NotFound, match="broken link"):
        read_file_bytes(link)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_paths_named_pipe_is_refused_not_read_forever(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _names(expand_paths([str(tmp_path)]).files) == ["pipe.txt"]
    with pytest.raises(Unreadable, match="not a regular file"):
        read_file_bytes(fifo)


def test_paths_permission_denied_file_is_pw102(tmp_path, monkeypatch):
    # Simulated, so it runs as root too (where chmod 000 does not stop reading).
    target = tmp_path / "secret.txt"
    target.write_text("The ministers met.\n", encoding="utf-8")
    real = Path.read_bytes

    def denied(self):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(Unreadable) as info:
        read_document(target)
    assert str(info.value).startswith(f"PW102: {target}: cannot read the file (Permission denied)")


def test_paths_permission_denied_subfolder_is_reported_and_the_rest_listed(tmp_path, monkeypatch):
    _tree(tmp_path / "in")
    locked = tmp_path / "in" / "b" / "deep"
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    got = expand_paths([str(tmp_path / "in")])
    assert _names(got.files) == ["a.txt", "c.md"]
    assert [(e.code, e.path) for e in got.errors] == [("PW102", str(locked))]


def _chmod_blocks_reading(path: Path) -> bool:
    try:
        path.read_bytes()
    except PermissionError:
        return True
    return False


def test_paths_chmod_000_file_and_folder(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "inside.txt").write_text("The ministers met.\n", encoding="utf-8")
    file = tmp_path / "locked.txt"
    file.write_text("The ministers met.\n", encoding="utf-8")
    file.chmod(0)
    folder.chmod(0)
    try:
        if not _chmod_blocks_reading(file):
            pytest.skip("running as root: chmod 000 does not block reading (the simulated tests above cover this)")
        with pytest.raises(Unreadable):
            read_file_bytes(file)
        got = expand_paths([str(folder)])
        assert got.files == [] and [e.code for e in got.errors] == ["PW102"]
    finally:
        file.chmod(0o644)
        folder.chmod(0o755)
