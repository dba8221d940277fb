"""End to end: the CLI on the sample corpus and on a folder of broken files."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pledgewatch.cli import app

from .conftest import CORPUS

runner = CliRunner()


def test_cli_ingest_corpus_twice_is_idempotent(tmp_path):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    first = runner.invoke(app, ["ingest", "--db", db, str(CORPUS / "*.txt")])
    assert first.exit_code == 0, first.output
    assert "5 added" in first.output
    second = runner.invoke(app, ["ingest", "--db", db, *[str(p) for p in sorted(CORPUS.glob("*.txt"))]])
    assert second.exit_code == 0
    assert "already stored" in second.output and "0 added" in second.output
    docs = json.loads(runner.invoke(app, ["docs", "--db", db, "--format", "json"]).stdout)
    assert len(docs) == 5 and all(d["units"] > 0 for d in docs)
    csv_out = runner.invoke(app, ["docs", "--db", db, "--format", "csv"]).stdout
    assert csv_out.splitlines()[0].startswith("id,date,type,parties")


def test_cli_show_and_search(tmp_path):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    runner.invoke(app, ["ingest", "--db", db, str(CORPUS / "004_7f0367b61bf4e2de.txt")])
    shown = json.loads(runner.invoke(app, ["show", "004_7f0367b61bf4e2de.txt", "--db", db, "--format", "json"]).stdout)
    assert shown["title"] == "Washington Declaration" and shown["provenance"]["date"]["source"] == "front_matter"
    text_len = max(u["end"] for u in shown["units"])
    assert all(0 <= u["start"] < u["end"] <= text_len for u in shown["units"])
    hits = json.loads(runner.invoke(app, ["search", "consultative group", "--db", db, "--format", "json"]).stdout)
    assert len(hits) >= 2 and all("[" in h["snippet"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    phrase = json.loads(runner.invoke(app, ["search", '"Nuclear Consultative Group"', "--db", db, "--format", "json"]).stdout)
    assert phrase and all("Nuclear Consultative Group" in h["text"] for h in phrase)
    assert runner.invoke(app, ["show", "nope", "--db", db]).exit_code == 1  # a lookup that finds nothing
    none = runner.invoke(app, ["search", "zebra", "--db", db])  # a search without hits is an answer
    assert none.exit_code == 0 and "No matches for 'zebra'" in none.stdout
    assert json.loads(runner.invoke(app, ["search", "zebra", "--db", db, "--format", "json"]).stdout) == []


def test_cli_near_duplicate_from_another_outlet(tmp_path):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    original = (CORPUS / "002_4ae3d24060ec3165.txt").read_text(encoding="utf-8")
    body = original.split("---", 2)[2]
    repost = "12 C\nSpringfield\nHomeNews\n\nU.S.-ROK Leaders' Joint Statement\n\n" + body.replace("\n\n", "\u0000").replace("\n", " ").replace("\u0000", "\n\n") + "\n\nThe post U.S.-ROK Leaders' Joint Statement first appeared on Other Site.\n"
    (tmp_path / "repost.txt").write_text(repost, encoding="utf-8")
    runner.invoke(app, ["ingest", "--db", db, str(CORPUS / "002_4ae3d24060ec3165.txt")])
    result = runner.invoke(app, ["ingest", "--db", db, str(tmp_path / "repost.txt")])
    assert result.exit_code == 0
    assert "same statement as" in result.output
    docs = json.loads(runner.invoke(app, ["docs", "--db", db, "--format", "json"]).stdout)
    assert len(docs) == 1 and docs[0]["sources"] == 2


def test_cli_broken_folder_reports_each_and_keeps_the_rest(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(CORPUS / "001_803832c92c163606.txt", folder / "good.md")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "big.txt").write_bytes(b"word " * 6000)
    (folder / "frontmatter.md").write_text("---\ntitle: [oops\n---\n\nThe two sides will meet again.\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'p.db'}"
    result = runner.invoke(app, ["ingest", "--db", db, "--max-size", "25000", str(folder), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    out = result.output
    for name, code in (("empty.txt", "PW103"), ("image.txt", "PW105"), ("big.txt", "PW106"), ("missing.txt", "PW101")):
        assert any(name in line and code in line for line in out.splitlines()), (name, code, out)
    assert "scan.pdf" in out and ("PW107" in out or "PW108" in out)
    assert "PW110" in out  # malformed front matter: a warning, the body is kept
    conn = sqlite3.connect(tmp_path / "p.db")
    names = {r[0] for r in conn.execute("select name from sources")}
    assert names == {"good.md", "frontmatter.md"}


def test_cli_usage_error_exits_2():
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    assert runner.invoke(app, ["docs", "--format", "yaml"]).exit_code == 2


def test_cli_entry_point_subprocess(tmp_path):
    exe = Path(sys.executable).with_name("pledgewatch")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pledgewatch"]
    env = {**os.environ, "PLEDGEWATCH_DB": str(tmp_path / "env.db")}
    proc = subprocess.run([*cmd, "ingest", str(CORPUS / "000_d2d98a496d566f4a.txt")], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env.db").exists()


def test_cli_interrupted_ingest_leaves_database_consistent(tmp_path):
    import random
    import signal
    import time

    rng = random.Random(7)
    paragraphs = [p for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if len(p) > 200]
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(80):
        picked = rng.sample(paragraphs, 12)
        (folder / f"s{i:03d}.txt").write_text(f"Statement {i}\n\n" + "\n\n".join(picked), encoding="utf-8")
    db = tmp_path / "i.db"
    exe = Path(sys.executable).with_name("pledgewatch")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pledgewatch"]
    proc = subprocess.Popen([*cmd, "ingest", "-q", "--db", str(db), str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline and (not db.exists() or sqlite3.connect(db).execute("select count(*) from sqlite_master where name='documents'").fetchone()[0] == 0):
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    # every stored document is whole: it has its units and its labelled units
    partial = conn.execute(
        "select d.id from documents d where not exists (select 1 from units u where u.doc_id = d.id) "
        "or not exists (select 1 from commitments c where c.doc_id = d.id)"
    ).fetchall()
    assert partial == []
    stored_before = conn.execute("select count(*) from sources").fetchone()[0]
    conn.close()
    assert stored_before < 80  # it really was interrupted
    rerun = subprocess.run([*cmd, "ingest", "-q", "--db", str(db), str(folder)], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from sources").fetchone()[0] == 80
