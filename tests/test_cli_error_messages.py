"""Every error on bad input says what went wrong once and what to do once: no clause of
a message is said twice, and the part after the message is what to do (real files through
`pledgewatch ingest` and `pledgewatch extract`, and through the library)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import errors
from pledgewatch.cli import app
from pledgewatch.errors import IngestError, PledgewatchError
from pledgewatch.ingest import expand_paths, read_document

from .test_cli_ingest import BROKEN, MALFORMED_FRONT_MATTER

runner = CliRunner()
BAD = {  # file name → (bytes, the code it must fail with)
    **BROKEN,
    "blank.txt": (b"  \n\t\n   \n", "PW103"),
    "nul_bytes.txt": (b"The ministers\x00 met\x00 in Lima\x00." * 20, "PW105"),
    "controls.txt": (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 30, "PW105"),
    "archive.txt": (b"PK\x03\x04" + bytes(range(256)) * 2, "PW105"),
    "empty_page.html": (b"<html><head><title>Home</title></head><body><nav>Home | News</nav></body></html>", "PW109"),
}
# What to do starts with a verb telling the reader to do it.
IMPERATIVES = {"check", "give", "run", "download", "fix", "quote", "end", "save", "raise", "list", "pass", "remove",
               "use", "reinstall", "retry", "write"}


def clauses(text: str) -> list[str]:
    """A message's clauses: split on ';' and '(' (the brief's rule), each normalised."""
    return [c for c in (re.sub(r"[\s)?.!,:]+$", "", part.strip()).strip().lower()
                        for part in re.split(r"[;(]", text)) if c]


def after_prefix(line: str) -> str:
    """The message after "PWnnn: PATH: " (the path may hold ';' or '(')."""
    m = re.search(r"PW\d{3}: (.*)$", line)
    assert m, line
    rest = m.group(1)
    for path_end in re.finditer(r": ", rest):  # the path is the longest prefix naming a real file or folder
        if Path(rest[: path_end.start()]).exists() or "*" in rest[: path_end.start()]:
            return rest[path_end.end():]
    return rest


def assert_said_once(line: str) -> None:
    said = clauses(after_prefix(line))
    repeated = {c for c in said if said.count(c) > 1}
    assert not repeated, (repeated, line)
    # and no clause says again what a longer one says ("the PDF has no text layer" / "… (a scan?)")
    for a in said:
        for b in said:
            assert a is b or len(a.split()) < 3 or a not in b, (a, b, line)


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, (raw, _code) in BAD.items():
        (folder / name).write_bytes(raw)
    (folder / "frontmatter.md").write_bytes(MALFORMED_FRONT_MATTER)
    (folder / "unclosed.md").write_bytes(b"---\ntitle: Chile-Peru\n\nThe ministers of Chile and Peru will meet in Lima.\n")
    return folder


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_cli_each_bad_input_says_what_went_wrong_once_and_what_to_do_once(bad_folder, tmp_path, command):
    args = [command, str(bad_folder), str(tmp_path / "missing.txt"), str(tmp_path / "none*.md"), "/dev/null",
            "--max-size", "30000"]
    if command == "ingest":
        args += ["--db", str(tmp_path / "e.db")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if re.search(r"PW\d{3}:", ln)]
    for name, (_raw, code) in BAD.items():
        found = [ln for ln in lines if f"{code}: {bad_folder / name}:" in ln]
        assert found, (name, result.output)
    assert [ln for ln in lines if "PW101" in ln and "missing.txt" in ln]
    assert [ln for ln in lines if "PW101" in ln and "none*.md" in ln]
    assert [ln for ln in lines if "PW102" in ln and "/dev/null" in ln]
    assert [ln for ln in lines if "PW110" in ln and "frontmatter.md" in ln]
    assert [ln for ln in lines if "PW110" in ln and "unclosed.md" in ln]
    for line in lines:
        assert_said_once(line)


def _raised(path: Path, **kwargs) -> PledgewatchError:
    with pytest.raises(PledgewatchError) as info:
        read_document(path, **kwargs)
    return info.value


def assert_message_then_what_to_do(err: PledgewatchError) -> None:
    """The message is what went wrong (never an instruction); the hint is what to do, once."""
    assert err.message and err.hint, str(err)
    assert err.message.split()[0].lower() not in IMPERATIVES, str(err)
    assert err.hint.split()[0].lower() in IMPERATIVES, str(err)
    assert ";" not in err.hint, str(err)
    said = clauses(err.message) + clauses(err.hint)
    assert len(said) == len(set(said)), str(err)


def test_library_errors_on_bad_files_are_a_message_and_what_to_do(bad_folder, tmp_path):
    for name, (_raw, code) in BAD.items():
        kwargs = {"max_size": 30000} if name == "big.txt" else {}
        err = _raised(bad_folder / name, **kwargs)
        assert err.code == code, (name, str(err))
        assert_message_then_what_to_do(err)
    for err in (_raised(bad_folder), _raised(tmp_path / "missing.txt"), _raised(Path("/dev/null")),
                _raised(bad_folder / "broken_utf8.txt", encoding="ascii"),
                _raised(bad_folder / "broken_utf8.txt", encoding="no-such-codec")):
        assert_message_then_what_to_do(err)
    assert _raised(bad_folder).code == "PW102" and "folder" in _raised(bad_folder).message
    (glob_err,) = expand_paths([str(tmp_path / "none*.md")]).errors
    assert_message_then_what_to_do(glob_err)


def test_every_default_hint_is_what_to_do():
    """A class's hint follows every message raised without one, so it may only say what to do."""
    for _name, cls in inspect.getmembers(errors, inspect.isclass):
        if issubclass(cls, PledgewatchError) and cls.hint and cls is not errors.NotEnglish:  # a warning: nothing to do
            assert cls.hint.split()[0].lower() in IMPERATIVES, (cls.__name__, cls.hint)


def test_binary_files_say_what_they_are():
    from pledgewatch.ingest.decode import decode_bytes

    for raw, kind in ((b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"), (b"PK\x03\x04" + bytes(200), "a zip archive"),
                      (b"SQLite format 3\x00" + bytes(200), "an SQLite database")):
        with pytest.raises(IngestError) as info:
            decode_bytes(raw)
        assert info.value.code == "PW105" and info.value.message.startswith(f"this is {kind}"), str(info.value)
    # "BM" opens English words too: only with a NUL near the start is it a bitmap
    assert decode_bytes(b"BMW and Airbus will build a plant.").text.startswith("BMW")
