"""End to end: `pledgewatch ingest / docs / show / search` on the sample corpus and on broken input."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import pipeline
from pledgewatch.cli import app

from .conftest import CORPUS

DATA = Path(__file__).parent / "data" / "ingest"
runner = CliRunner()


def _pdf(lines: list[str] | None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if lines:
        for i, line in enumerate(lines):
            c.drawString(50, 800 - 14 * i, line)
    else:
        c.rect(50, 50, 300, 400, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


GOOD = {
    "statement.md": (DATA / "jp_au_statement.md").read_bytes(),
    "readout.pdf": _pdf(["Joint Communique of New Zealand and Indonesia", "",
                         "The Foreign Ministers of New Zealand and Indonesia met today and",
                         "agreed to open a joint research centre by 2028."]),
    "page.html": (b"<html><head><title>Chile-Peru Joint Declaration</title><script>var SECRET=1</script></head><body>"
                  b"<article><h1>Chile-Peru Joint Declaration</h1><p>The ministers of Chile and Peru met in Lima and "
                  b"agreed to build a new port in Arica by 2029.</p><p>They will meet again next year.</p></article></body></html>"),
    "windows.txt": "Canada–Mexico Joint Statement\n\nThe ministers agreed “to cooperate” — and will meet in Ottawa.\n".encode("cp1252"),
    "korean.txt": "한·칠레 공동성명\n\n양국 정상은 오늘 산티아고에서 만나 협력을 강화하기로 합의했다.\n".encode("euc-kr"),
}
BROKEN = {  # file → the code its one-line error must show
    "empty.txt": (b"", "PW103"),
    "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PW105"),
    "broken_utf8.txt": ("The leaders “agreed” — ".encode() + b"\xff\xfe\xfd" + " to meet.".encode(), "PW104"),
    "big.txt": (b"The ministers met. " * 2000, "PW106"),
    "scan.pdf": (_pdf(None), "PW107"),
    "truncated.pdf": (_pdf(["The ministers met."])[:300], "PW108"),
    "chrome_only.txt": (b"21.3 C\nLima\nHome > News\n\nRELATED ARTICLES\nOther news.\n", "PW109"),
}
MALFORMED_FRONT_MATTER = b"---\ntitle: [oops\n---\n\nThe ministers of Chile and Peru will meet again in Lima.\n"


def _batch(root: Path) -> Path:
    folder = root / "batch"
    (folder / "sub").mkdir(parents=True)
    for name, raw in GOOD.items():
        (folder / name).write_bytes(raw)
    for name, (raw, _) in BROKEN.items():
        (folder / "sub" / name).write_bytes(raw)
    (folder / "frontmatter.md").write_bytes(MALFORMED_FRONT_MATTER)
    return folder


def _lines_with(output: str, *needles: str) -> list[str]:
    return [line for line in output.splitlines() if all(n in line for n in needles)]


def _stored_names(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("select name from sources")}


def _json(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_ingest_sample_corpus_metadata(tmp_path):
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["ingest", "--db", db, str(CORPUS / "0*.txt")])
    assert result.exit_code == 0, result.output
    assert "5 added, 0 already present" in result.output and "0 failed" in result.output
    docs = {d["name"]: d for d in _json(["docs", "--db", db, "--format", "json"])}
    expected = {
        "000_d2d98a496d566f4a.txt": ("2023-04-26", "joint_statement"),
        "001_803832c92c163606.txt": ("2022-05-21", "joint_statement"),
        "002_4ae3d24060ec3165.txt": ("2021-05-21", "joint_statement"),
        "003_a9605a6f17e006e0.txt": (None, "fact_sheet"),  # only the news site's header has a date
        "004_7f0367b61bf4e2de.txt": ("2023-04-26", "declaration"),
    }
    assert {n: (d["date"], d["type"]) for n, d in docs.items()} == expected
    assert all(d["parties"] == ["US", "KR"] and d["units"] > 0 and d["sources"] == 1 for d in docs.values())
    assert docs["000_d2d98a496d566f4a.txt"]["source_url"].startswith("https://www.whitehouse.gov/briefing-room/statements-releases/2023/04/26/")


def test_cli_ingest_again_is_a_no_op_that_says_so(tmp_path):
    db = str(tmp_path / "c.db")
    runner.invoke(app, ["ingest", "--db", db, str(CORPUS)])
    with sqlite3.connect(tmp_path / "c.db") as conn:
        before = [conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("documents", "sources", "units", "commitments")]
    again = runner.invoke(app, ["ingest", "--db", db, str(CORPUS)])
    assert again.exit_code == 0
    assert len(_lines_with(again.output, "present", "already stored as", "nothing to do")) == len(list(CORPUS.iterdir()))
    assert "0 added" in again.output and "0 failed" in again.output
    with sqlite3.connect(tmp_path / "c.db") as conn:
        after = [conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("documents", "sources", "units", "commitments")]
    assert before == after


def test_cli_ingest_broken_folder_names_each_file_with_its_code_and_keeps_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _batch(tmp_path)
    result = runner.invoke(app, ["ingest", "--db", "b.db", "--max-size", "30000", "batch", "missing.txt", "nothing*.md"])
    assert result.exit_code == 1, result.output
    out = result.output
    for name, (_, code) in BROKEN.items():
        lines = _lines_with(out, f"batch/sub/{name}", code)
        assert len(lines) == 1, (name, code, out)
        assert lines[0].strip().startswith(f"failed  {code}: batch/sub/{name}: ")
        assert "; " in lines[0]  # what went wrong; what to do
    assert _lines_with(out, "missing.txt", "PW101") and _lines_with(out, "nothing*.md", "PW101")
    # malformed front matter: a warning, the body is still stored
    assert _lines_with(out, "warning: PW110: batch/frontmatter.md")
    assert _stored_names(tmp_path / "b.db") == {*GOOD, "frontmatter.md"}
    assert f"{len(GOOD) + 1} added, 0 already present, {len(BROKEN) + 2} failed" in out
    # nothing partial: every stored document has its units
    with sqlite3.connect(tmp_path / "b.db") as conn:
        assert conn.execute("select count(*) from documents d where not exists (select 1 from units u where u.doc_id = d.id)").fetchone()[0] == 0


def test_cli_ingest_documents_decoded_and_read_right(tmp_path):
    db = str(tmp_path / "g.db")
    folder = _batch(tmp_path)
    runner.invoke(app, ["ingest", "--db", db, str(folder)])
    shown = {name: _json(["show", name, "--db", db, "--format", "json"]) for name in GOOD}
    text = {name: " ".join(u["text"] for u in doc["units"]) for name, doc in shown.items()}
    assert "agreed “to cooperate” — and will meet in Ottawa." in text["windows.txt"]
    assert shown["windows.txt"]["sources"][0]["encoding"] == "cp1252"
    assert "양국 정상은 오늘 산티아고에서 만나 협력을 강화하기로 합의했다." in text["korean.txt"]
    assert shown["korean.txt"]["sources"][0]["encoding"] == "cp949"
    assert "agreed to open a joint research centre by 2028." in text["readout.pdf"]
    assert shown["readout.pdf"]["title"] == "Joint Communique of New Zealand and Indonesia"
    assert "SECRET" not in text["page.html"] and shown["page.html"]["title"] == "Chile-Peru Joint Declaration"
    md = shown["statement.md"]
    assert md["date"] == "2027-06-05" and md["parties"] == ["JP", "AU"] and md["type"] == "joint_statement"
    for field in ("title", "date", "doc_type", "parties", "source_url"):
        assert md["provenance"][field]["source"] == "front_matter" or field == "parties"
        assert 0 < md["provenance"][field]["confidence"] <= 1


def test_cli_ingest_near_duplicate_is_reported_and_stored_once(tmp_path):
    db = str(tmp_path / "n.db")
    runner.invoke(app, ["ingest", "--db", db, str(DATA / "jp_au_statement.md")])
    result = runner.invoke(app, ["ingest", "--db", db, str(DATA / "daily_herald_repost.txt")])
    assert result.exit_code == 0
    line = _lines_with(result.output, "near_duplicate", "daily_herald_repost.txt")
    assert line and "same statement as" in line[0] and "stored as a second source" in line[0]
    assert "1 duplicate(s) of stored statements" in result.output
    docs = _json(["docs", "--db", db, "--format", "json"])
    assert len(docs) == 1 and docs[0]["sources"] == 2
    shown = _json(["show", docs[0]["id"], "--db", db, "--format", "json"])
    assert [s["name"] for s in shown["sources"]] == ["jp_au_statement.md", "daily_herald_repost.txt"]
    assert shown["sources"][0]["similarity"] is None and 0.6 <= shown["sources"][1]["similarity"] < 1


def test_cli_ingest_progress_bar_replaces_per_file_lines_on_long_runs(tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for i in range(20):
        (many / f"s{i:02d}.txt").write_text(
            f"Statement {i}\n\nThe ministers of Chile and Peru agreed in round {i} to fund {i} ports by {2030 + i}.\n", encoding="utf-8")
    (many / "zz_empty.txt").write_bytes(b"")
    long_run = runner.invoke(app, ["ingest", "--db", str(tmp_path / "p.db"), str(many)])
    assert long_run.exit_code == 1
    assert not _lines_with(long_run.output, "added", "→")  # no line per stored file…
    assert _lines_with(long_run.output, "zz_empty.txt", "PW103")  # …but failures are still printed
    assert "20 added" in long_run.output
    few = runner.invoke(app, ["ingest", "--db", str(tmp_path / "q.db"), *[str(p) for p in sorted(many.glob("s0*.txt"))]])
    assert len(_lines_with(few.output, "added", "→")) == 10


def test_cli_quiet_prints_only_failures_and_the_summary(tmp_path):
    folder = _batch(tmp_path)
    result = runner.invoke(app, ["ingest", "-q", "--db", str(tmp_path / "q.db"), str(folder)])
    assert result.exit_code == 1
    assert not _lines_with(result.output, "added", "→")
    assert _lines_with(result.output, "empty.txt", "PW103")


def test_cli_encoding_option_overrides_detection(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(GOOD["windows.txt"])
    wrong = runner.invoke(app, ["ingest", "--db", str(tmp_path / "e.db"), "--encoding", "utf-8", str(path)])
    assert wrong.exit_code == 1 and _lines_with(wrong.output, "windows.txt", "PW104")
    right = runner.invoke(app, ["ingest", "--db", str(tmp_path / "e.db"), "--encoding", "cp1252", str(path)])
    assert right.exit_code == 0


@pytest.mark.parametrize(
    "args",
    [["ingest"], ["ingest", "x.txt", "--max-size", "lots"], ["docs", "--format", "yaml"], ["search"],
     ["ingest", "--no-such-option", "x.txt"], ["show"]],
)
def test_cli_usage_errors_exit_2(args, tmp_path):
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "u.db")])
    assert result.exit_code == 2, result.output


def test_cli_show_search_and_docs_formats(tmp_path):
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", "--db", db, str(DATA / "jp_au_statement.md")])
    table = runner.invoke(app, ["show", "jp_au_statement.md", "--db", db])
    assert table.exit_code == 0
    assert "(front_matter, 0.95: date: 2027-06-05)" in table.stdout  # every field with where it came from
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["show", "jp_au", "--db", db, "--format", "csv"]).stdout)))
    assert rows and all(int(r["start"]) < int(r["end"]) for r in rows)
    hits = _json(["search", "undersea cable", "--db", db, "--format", "json"])
    assert len(hits) == 1 and "[undersea] [cable]" in hits[0]["snippet"] and hits[0]["doc"] == "jp_au_statement.md"
    assert "undersea" in runner.invoke(app, ["search", "undersea cable", "--db", db]).stdout
    search_csv = list(csv.DictReader(io.StringIO(runner.invoke(app, ["search", "minerals", "--db", db, "--format", "csv"]).stdout)))
    assert search_csv and set(search_csv[0]) >= {"doc", "unit", "start", "end", "score", "snippet", "text"}
    docs_table = runner.invoke(app, ["docs", "--db", db]).stdout
    assert "Japan–Australia Leaders' Joint" in docs_table
    assert runner.invoke(app, ["show", "no-such-document", "--db", db]).exit_code == 1


def test_cli_statement_text_is_never_interpreted_as_markup(tmp_path):
    page = (b"<html><head><title>Notice</title></head><body><article><h1>Notice</h1><p>Readers of this page see "
            b"&lt;script&gt;alert(1)&lt;/script&gt; and [bold red]styled[/bold red] and [link=http://x]y[/link] as text "
            b"only, and the ministers will meet.</p></article></body></html>")
    path = tmp_path / "notice.html"
    path.write_bytes(page)
    db = str(tmp_path / "m.db")
    assert runner.invoke(app, ["ingest", "--db", db, str(path)]).exit_code == 0
    show = runner.invoke(app, ["show", "notice.html", "--db", db]).stdout
    assert "<script>alert(1)</script>" in show and "[bold red]styled[/bold red]" in show and "[link=http://x]y[/link]" in show
    found = runner.invoke(app, ["search", "styled", "--db", db]).stdout
    assert "[bold red]" in found and "<script>" in found


def test_cli_interrupted_ingest_keeps_the_database_consistent(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"s{i}.txt").write_text(
            f"Statement {i}\n\nThe ministers agreed in round {i} to fund {i} ports by {2030 + i} and will meet in Lima.\n", encoding="utf-8")
    real = pipeline.insert_commitments
    calls = {"n": 0}

    def interrupt(conn, doc_id, found):
        calls["n"] += 1
        real(conn, doc_id, found)
        if calls["n"] == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "insert_commitments", interrupt)
    db = tmp_path / "i.db"
    aborted = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert aborted.exit_code == 130
    assert "Interrupted: 2 new document(s) stored in this run, each complete" in aborted.output
    assert "Run the same command again to continue where it stopped" in aborted.output
    assert _stored_names(db) == {"s0.txt", "s1.txt"}
    monkeypatch.setattr(pipeline, "insert_commitments", real)
    rerun = runner.invoke(app, ["ingest", "--db", str(db), str(folder)])
    assert rerun.exit_code == 0 and "3 added, 2 already present, 0 failed" in rerun.output
    assert _stored_names(db) == {f"s{i}.txt" for i in range(5)}


def _entry_point() -> list[str]:
    exe = Path(sys.executable).with_name("pledgewatch")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pledgewatch"]


def test_cli_entry_point_subprocess_on_broken_folder(tmp_path):
    _batch(tmp_path)
    env = {**os.environ, "PLEDGEWATCH_DB": str(tmp_path / "sub.db"), "NO_COLOR": "1"}
    proc = subprocess.run([*_entry_point(), "ingest", "--max-size", "30000", "batch"], cwd=tmp_path, capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    for name, (_, code) in BROKEN.items():
        assert _lines_with(proc.stderr, name, code), (name, proc.stderr)
    assert "Traceback" not in proc.stderr and "EOF marker" not in proc.stderr
    assert _stored_names(tmp_path / "sub.db") == {*GOOD, "frontmatter.md"}
    listed = subprocess.run([*_entry_point(), "docs", "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
                            env=env, timeout=120)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == len(GOOD) + 1


def test_cli_database_that_is_not_one_is_a_one_line_error(tmp_path):
    (tmp_path / "notes.db").write_text("not a database", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    for args in (["docs"], ["ingest", str(tmp_path / "notes.db")]):
        proc = subprocess.run([*_entry_point(), *args, "--db", str(tmp_path / "notes.db")], cwd=tmp_path, capture_output=True,
                              text=True, env=env, timeout=120)
        assert proc.returncode == 1 and "PW303" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert (tmp_path / "notes.db").read_text(encoding="utf-8") == "not a database"  # left as it was


def test_cli_chmod_000_folder_is_reported(tmp_path):
    folder = _batch(tmp_path)
    locked = folder / "sub"
    locked.chmod(0)
    try:
        try:
            list(locked.iterdir())
            pytest.skip("running as root: chmod 000 does not block reading (test_ingest_paths simulates it)")
        except PermissionError:
            pass
        result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "x.db"), str(folder)])
        assert result.exit_code == 1 and _lines_with(result.output, "sub", "PW102")
        assert _stored_names(tmp_path / "x.db") == {*GOOD, "frontmatter.md"}
    finally:
        locked.chmod(0o755)


def test_cli_unreadable_file_is_reported_even_as_root(tmp_path, monkeypatch):
    folder = _batch(tmp_path)
    target = folder / "statement.md"
    real = Path.read_bytes

    def denied(self):
        if self.name == target.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "r.db"), str(folder)])
    assert result.exit_code == 1 and _lines_with(result.output, "statement.md", "PW102", "Permission denied")
    assert "statement.md" not in _stored_names(tmp_path / "r.db") and "page.html" in _stored_names(tmp_path / "r.db")
