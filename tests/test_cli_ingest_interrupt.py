"""Ctrl-C during an ingest: exit status 130, a word on what was stored (each document
complete), and the same command again continues where it stopped (real SQLite; a real
KeyboardInterrupt in-process, and a real SIGINT to the installed command)."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pledgewatch.cli as cli
import pledgewatch.tracker as tracker
from pledgewatch.cli import app

from .test_cli_ingest import _entry_point, _stored_names

runner = CliRunner()
STORED = re.compile(r"Interrupted: (\d+) new document\(s\) stored in this run, each complete with its units and commitments")


def _statements(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"s{i:03d}.txt").write_text(
            f"Statement {i}\n\nThe ministers of Chile and Peru agreed in round {i} to fund {i} ports by {2030 + i} "
            f"and will meet again in Lima.\n", encoding="utf-8")
    return folder


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_interrupt_after_a_document_was_committed_but_not_yet_reported(tmp_path, monkeypatch):
    """Ctrl-C lands in the per-file callback: the third document is stored, its line not
    printed; the message counts what the database holds, not what was printed."""
    folder = _statements(tmp_path / "in", 6)
    real = cli._status_line
    calls = {"n": 0}

    def interrupted_while_reporting(outcome):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(outcome)

    monkeypatch.setattr(cli, "_status_line", interrupted_while_reporting)
    db = tmp_path / "i.db"
    aborted = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert aborted.exit_code == 130
    assert STORED.search(aborted.output).group(1) == "3" and _count(db, "documents") == 3, aborted.output
    assert "Run the same command again to continue where it stopped" in aborted.output
    assert "Traceback" not in aborted.output
    monkeypatch.setattr(cli, "_status_line", real)
    again = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert again.exit_code == 0 and "3 added, 3 already present, 0 failed" in again.output
    assert _stored_names(db) == {f"s{i:03d}.txt" for i in range(6)}


def test_interrupt_while_tracking_keeps_the_documents_and_tracks_on_the_next_run(tmp_path, monkeypatch):
    folder = _statements(tmp_path / "in", 3)
    real = tracker.ensure_tracking

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(tracker, "ensure_tracking", interrupted)
    db = tmp_path / "t.db"
    aborted = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert aborted.exit_code == 130
    assert "Interrupted while tracking: the 3 new document(s) of this run are stored" in aborted.output
    assert "Run the same command again to bring tracking up to date" in aborted.output
    assert _count(db, "documents") == 3
    monkeypatch.setattr(tracker, "ensure_tracking", real)
    again = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert again.exit_code == 0 and "0 added, 3 already present" in again.output and "tracked:" in again.output


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
def test_sigint_to_the_command_mid_batch(tmp_path):
    n = 150
    folder = _statements(tmp_path / "batch", n)
    db = tmp_path / "s.db"
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([*_entry_point(), "ingest", "--db", str(db), str(folder)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:  # wait until some documents are in
        try:
            if _count(db, "documents") >= 3:
                break
        except sqlite3.Error:  # not created yet, or busy
            pass
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    stored = int(STORED.search(err).group(1))
    assert 3 <= stored < n and stored == _count(db, "documents") == _count(db, "sources"), err
    # each stored document is complete: its units and its commitments are there
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents d where not exists "
                            "(select 1 from units u where u.doc_id = d.id)").fetchone()[0] == 0
        assert conn.execute("select count(distinct doc_id) from commitments").fetchone()[0] == stored
    assert "Run the same command again to continue where it stopped" in err and "Traceback" not in err
    again = subprocess.run([*_entry_point(), "ingest", "--db", str(db), str(folder)], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{n - stored} added, {stored} already present, 0 failed" in again.stderr
    assert _count(db, "documents") == n
