"""No output loses words: whatever the terminal's width, whether stdout is a terminal or a
pipe, and however long the path of the files (real SQLite, real Rich, real terminals)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.cli.output import column_widths, emit, word_wrap

from .conftest import CORPUS
from .test_cli_ingest import _entry_point

DATA = Path(__file__).parent / "data" / "ingest"
runner = CliRunner()
BOX = set("│┃┏┓┗┛┡┩└┘━─┳┻╇╈┣┫┠┨╋┼┬┴├┤")
PIPED = {"COLUMNS": "40"}  # a pipe has no width, whatever COLUMNS says
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class TerminalStream(io.StringIO):
    """Output that says it is a terminal, as a tty does: Rich then takes COLUMNS as its width."""

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def terminal(columns: int):
    out = TerminalStream()
    with mock.patch.dict(os.environ, {"COLUMNS": str(columns), "NO_COLOR": "1"}), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        yield out


def on_terminal(args: list[str], columns: int, code: int = 0) -> str:
    """Run a command in-process with stdout and stderr on a terminal of this many columns."""
    with terminal(columns) as out:
        try:
            status = app(args, standalone_mode=False)
        except SystemExit as exc:
            status = exc.code
    assert (status or 0) == code, out.getvalue()
    return ANSI.sub("", out.getvalue())


def long_folder(root: Path) -> Path:
    """A folder whose path is far wider than any terminal (each name under 255 bytes)."""
    folder = root.joinpath(*["a-folder-with-a-rather-long-name-that-keeps-going-on"] * 6)
    folder.mkdir(parents=True)
    assert len(str(folder)) > 320
    return folder


def words(output: str) -> list[str]:
    return [w for w in output.split() if not set(w) <= BOX]


def run(args: list[str], env: dict[str, str | None]) -> str:
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


def on_a_terminal(args: list[str], columns: int, cwd: Path) -> str:
    """What the command writes on a real terminal (a pseudo-terminal) of this many columns."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"NO_COLOR": "1", "TERM": "xterm"}
    proc = subprocess.Popen([*_entry_point(), *args], stdin=secondary, stdout=secondary, stderr=secondary, cwd=cwd, env=env)
    os.close(secondary)
    out = b""
    with contextlib.suppress(OSError):  # EIO once the command has exited and closed the terminal
        while chunk := os.read(main, 65536):
            out += chunk
    os.close(main)
    assert proc.wait(timeout=120) == 0, out.decode(errors="replace")
    return ANSI.sub("", out.decode("utf-8", errors="replace").replace("\r\n", "\n"))  # bold and cursor codes


# --- the layout: columns at least as wide as their longest word, else records -------------------


WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-–’.,;:/()"), min_size=1, max_size=30)
CELL = st.lists(WORD, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 7).flatmap(lambda n: st.tuples(st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=5),
                                                     st.just(n))),
       st.integers(20, 180), st.sets(st.integers(0, 6)))
def test_emit_keeps_every_word_whole_at_any_width(table, width, wide):
    cells, n = table
    columns = [f"col{i}" for i in range(n)]
    rows = [dict(zip(columns, r)) for r in cells]
    with terminal(width) as out:
        emit(rows, "table", columns, title="A title", wide=[columns[i] for i in wide if i < n])
    printed = words(ANSI.sub("", out.getvalue()))
    for row in cells:
        for cell in row:
            for w in cell.split():
                assert w in printed, (w, out.getvalue())
    for line in ANSI.sub("", out.getvalue()).splitlines():
        assert len(line) <= width or len(line.split()) == 1 or line == "A title", (width, line)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(WORD, max_size=15).map(" ".join).map(Text), min_size=1, max_size=6), st.integers(10, 200),
       st.lists(st.booleans(), min_size=6, max_size=6))
def test_column_widths_fit_and_never_go_under_the_longest_word(columns, width, wide):
    widths = column_widths([[t] for t in columns], wide[: len(columns)], width)
    longest = [max((len(w) for w in t.plain.split()), default=1) or 1 for t in columns]
    whole = [max(1, len(t.plain)) for t in columns]
    budget = width - (len(columns) + 1) - 2 * len(columns)
    if widths is None:
        assert sum(longest) > budget
        return
    assert sum(widths) <= budget
    assert all(lo <= w <= max(lo, hi) for w, lo, hi in zip(widths, longest, whole))
    if sum(whole) <= budget:
        assert widths == whole  # room for everything: nothing wraps


@given(st.lists(WORD, max_size=40), st.integers(1, 60))
def test_word_wrap_keeps_words_in_order_and_lines_in_width(ws, width):
    lines = word_wrap(Text(" ".join(ws)), width)
    assert [w for line in lines for w in line.plain.split()] == ws
    assert all(len(line.plain) <= width or len(line.plain.split()) == 1 for line in lines)


# --- ingest: status lines are whole lines ---------------------------------------------------------


def test_cli_ingest_lines_name_the_whole_long_path_and_the_doc_id(tmp_path):
    folder = long_folder(tmp_path)
    statement = folder / "jp_au_statement.md"
    shutil.copy(DATA / "jp_au_statement.md", statement)
    repost = folder / "daily_herald_repost.txt"
    shutil.copy(DATA / "daily_herald_repost.txt", repost)
    (folder / "empty.txt").write_bytes(b"")
    outputs = []
    for columns in (None, 40, 20):  # piped, then terminals of 40 and 20 columns
        db = str(tmp_path / f"{len(outputs)}.db")
        first_args = ["ingest", "--db", db, str(statement)]
        second_args = ["ingest", "--db", db, str(repost), str(folder / "empty.txt")]
        if columns is None:
            first, second = runner.invoke(app, first_args).output, runner.invoke(app, second_args).output
        else:
            first, second = on_terminal(first_args, columns), on_terminal(second_args, columns, code=1)
        doc_id = json.loads(runner.invoke(app, ["docs", "--db", db, "--format", "json"]).stdout)[0]["id"]
        added = [line for line in first.splitlines() if "added" in line and str(statement) in line]
        assert added and f"→ {doc_id}, 10 units" in added[0], first
        near = [line for line in second.splitlines() if "near_duplicate" in line]
        assert near and str(repost) in near[0] and f"same statement as {doc_id} (similarity" in near[0]
        assert near[0].endswith("stored as a second source"), second
        failed = [line for line in second.splitlines() if "PW103" in line]
        assert failed and str(folder / "empty.txt") in failed[0] and failed[0].endswith("downloaded completely"), second
        outputs.append((first, second))
    assert outputs[0] == outputs[1] == outputs[2]  # the width changes nothing


def test_cli_ingest_long_path_whole_when_piped_and_on_a_narrow_terminal(tmp_path):
    folder = long_folder(tmp_path)
    shutil.copy(DATA / "jp_au_statement.md", folder / "jp_au_statement.md")
    piped = subprocess.run([*_entry_point(), "ingest", "--db", str(tmp_path / "p.db"), str(folder)], cwd=tmp_path,
                           capture_output=True, text=True, env={k: v for k, v in os.environ.items() if k != "COLUMNS"},
                           timeout=120)
    assert piped.returncode == 0, piped.stderr
    line = [ln for ln in piped.stdout.splitlines() if "added" in ln]
    assert line and str(folder / "jp_au_statement.md") in line[0] and line[0].endswith(", 10 units"), piped.stdout
    terminal = on_a_terminal(["ingest", "--db", str(tmp_path / "t.db"), str(folder)], 40, tmp_path)
    # on the terminal the line is one line too: the terminal wraps it, nothing is cut or ellipsised
    line = [ln for ln in terminal.splitlines() if "added" in ln]
    assert line and str(folder / "jp_au_statement.md") in line[0] and line[0].endswith(", 10 units"), terminal
    assert "…" not in terminal


# --- tables: every word of every cell, at 40 columns, on a terminal and in a pipe -----------------


@pytest.fixture(scope="module")
def long_path_db(tmp_path_factory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp("wide")
    folder = long_folder(root)
    for p in [*sorted(CORPUS.glob("0*.txt")), DATA / "jp_au_statement.md"]:
        shutil.copy(p, folder / p.name)
    db = str(root / "w.db")
    result = runner.invoke(app, ["ingest", "--db", db, str(folder)])
    assert result.exit_code == 0, result.output
    return db, folder


def _csv_words(args: list[str], columns: list[str]) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(run([*args, "--format", "csv"], PIPED))))
    assert rows, args
    return [w.strip("[]") for r in rows for c in columns for w in r[c].split()]


LISTINGS = {  # the command, and the columns its table shows
    "docs": (["docs"], ["id", "date", "type", "parties", "units", "commitments", "sources", "title"]),
    "commitments": (["commitments"], ["ref", "doc", "date", "kind", "actors", "domain", "mechanisms", "amounts",
                                      "timeframes", "text"]),
    "threads": (["threads"], ["id", "status", "appearances", "domain", "history", "latest"]),
    "search": (["search", "cable"], ["doc", "unit", "start", "end", "score", "snippet"]),
    "show": (["show", "jp_au_statement.md"], ["index", "start", "end", "text"]),
    "meetings": (["meetings"], ["id", "date", "parties", "documents", "order"]),
    "mechanisms": (["mechanisms"], ["name", "aliases", "domain", "lifecycle"]),
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
@pytest.mark.parametrize("columns", [40, 80, None], ids=["40-columns", "80-columns", "piped"])
def test_cli_tables_keep_every_word(long_path_db, listing, columns):
    db, _folder = long_path_db
    args, shown = LISTINGS[listing]
    expected = _csv_words([*args, "--db", db], shown)
    out = run([*args, "--db", db], PIPED) if columns is None else on_terminal([*args, "--db", db], columns)
    printed = words(out)
    if columns is not None and listing != "show":  # (show's metadata lines run on, as messages do)
        assert all(len(line) <= columns or len(line.split()) == 1 for line in out.splitlines()), out
    missing = [w for w in expected if w not in printed]
    assert not missing, (listing, missing[:10])
    assert "…" not in [w for w in printed if w not in expected]  # nothing ellipsised (a snippet's own "…" is expected)


def test_cli_piped_table_rows_are_one_line_each(long_path_db):
    db, _folder = long_path_db
    out = run(["docs", "--db", db], PIPED)
    for doc in json.loads(run(["docs", "--db", db, "--format", "json"], PIPED)):
        line = [ln for ln in out.splitlines() if doc["id"] in ln]
        assert line and doc["title"] in line[0] and doc["type"] in line[0], out


def test_cli_show_prints_the_whole_path_and_provenance(long_path_db):
    db, folder = long_path_db
    shown = json.loads(run(["show", "jp_au_statement.md", "--db", db, "--format", "json"], PIPED))
    for out in (on_terminal(["show", "jp_au_statement.md", "--db", db], 40), run(["show", "jp_au_statement.md", "--db", db], PIPED)):
        assert str(folder / "jp_au_statement.md") in out
        for field in shown["provenance"].values():
            assert field["evidence"] in out  # never cut at a width


def test_cli_docs_on_a_40_column_terminal_keeps_every_word(long_path_db, tmp_path):
    db, folder = long_path_db
    expected = _csv_words(["docs", "--db", db], LISTINGS["docs"][1])
    docs = on_a_terminal(["docs", "--db", db], 40, tmp_path)
    assert [w for w in expected if w not in words(docs)] == []
    assert "title:" in docs  # too narrow for the table: records
    shown = on_a_terminal(["show", "jp_au_statement.md", "--db", db], 40, tmp_path)
    assert str(folder / "jp_au_statement.md") in shown.replace("\n", "")  # the terminal may wrap it, never cut it


def test_cli_eval_at_40_columns_keeps_every_word(gold_dir):
    wide = run(["eval", str(gold_dir), "--holdout", "none"], PIPED)
    narrow = on_terminal(["eval", str(gold_dir), "--holdout", "none"], 40)
    printed = {w.rstrip(":") for w in words(narrow)}  # a record's "column:" is the table's header
    assert [w for w in words(wide) if w.rstrip(":") not in printed] == []
    assert all(p.name.removesuffix(".jsonl") in printed for p in gold_dir.glob("*.txt.jsonl"))
