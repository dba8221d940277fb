"""CLI: tracking after ingest, meetings, threads, mechanisms, diff, report, demo and eval --threads --mechanisms
(real SQLite, in-process with Typer's runner)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.model import CHANGES
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store

from .conftest import CORPUS

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "ingest"
DOCS = {  # the bundled statements by file-name prefix
    "2021": "002_4ae3d24060ec3165.txt", "2022": "001_803832c92c163606.txt", "2023": "000_d2d98a496d566f4a.txt",
    "fact_sheet": "003_a9605a6f17e006e0.txt", "declaration": "004_7f0367b61bf4e2de.txt",
}


def _json(args: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    """The bundled corpus ingested once with `pledgewatch ingest` (which tracks it); tests copy it before changing it."""
    path = tmp_path_factory.mktemp("track") / "corpus.db"
    result = runner.invoke(app, ["ingest", "--db", str(path), str(CORPUS / "0*.txt")])
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output and "tracked: 3 meetings" in result.output
    return path


@pytest.fixture
def db_copy(corpus_db: Path, tmp_path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{corpus_db}{suffix}")
        if src.exists():
            shutil.copy(src, tmp_path / f"copy.db{suffix}")
    return str(tmp_path / "copy.db")


# --- ingest keeps tracking current ---------------------------------------------------------------


def test_cli_ingest_computes_tracking(corpus_db):
    db = str(corpus_db)
    meetings = _json(["meetings", "--db", db, "--format", "json"])
    assert [m["date"] for m in meetings] == ["2021-05-21", "2022-05-21", "2023-04-26"]
    threads = _json(["threads", "--db", db, "--format", "json"])
    assert len(threads) > 100 and any(len(t["members"]) > 1 for t in threads)
    assert {t["status"] for t in threads} <= set(CHANGES)
    assert _json(["mechanisms", "--db", db, "--format", "json"])


def test_cli_ingest_of_nothing_new_does_not_retrack(corpus_db, db_copy):
    again = runner.invoke(app, ["ingest", "--db", db_copy, str(CORPUS / "0*.txt")])
    assert again.exit_code == 0 and "0 added" in again.output
    assert "tracked:" not in again.output


def test_cli_ingest_of_a_new_statement_updates_tracking_and_other_parties_drop_nothing(db_copy):
    before = {t["thread_id"]: t for t in _json(["threads", "--db", db_copy, "--format", "json"])}
    result = runner.invoke(app, ["ingest", "--db", db_copy, str(DATA / "jp_au_statement.md")])
    assert result.exit_code == 0 and "tracked: 4 meetings" in result.output
    meetings = _json(["meetings", "--db", db_copy, "--format", "json"])
    jp_au = [m["id"] for m in meetings if set(m["parties"]) == {"JP", "AU"}]
    assert len(jp_au) == 1
    after = _json(["threads", "--db", db_copy, "--format", "json"])
    # a meeting of other parties is never where a US–ROK undertaking is dropped
    assert not any(jp_au[0] in t["dropped_at"] for t in after if set(t["parties"]) != {"JP", "AU"})
    assert {t["thread_id"]: t["dropped_at"] for t in after if t["thread_id"] in before} == \
        {i: t["dropped_at"] for i, t in before.items()}


def test_cli_ingest_of_a_second_source_that_dates_a_document_retracks(db_copy, tmp_path):
    official = tmp_path / "fact_sheet_official.md"  # the undated fact sheet from an outlet that knows its date
    official.write_text(f"---\ndate: 2022-05-21\n---\n\n{(CORPUS / DOCS['fact_sheet']).read_text(encoding='utf-8')}", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--db", db_copy, str(official)])
    assert result.exit_code == 0 and "near_duplicate" in result.output and "tracked: 3 meetings" in result.output
    meetings = {m["date"]: m for m in _json(["meetings", "--db", db_copy, "--format", "json"])}
    assert sorted(meetings["2022-05-21"]["documents"]) == [DOCS["2022"], DOCS["fact_sheet"]]  # by date now, not by content
    again = runner.invoke(app, ["ingest", "--db", db_copy, str(official)])
    assert again.exit_code == 0 and "present" in again.output and "tracked:" not in again.output


def test_cli_extract_with_db_tracks_too(tmp_path):
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["extract", "--db", db, str(DATA / "jp_au_statement.md"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(_json(["meetings", "--db", db, "--format", "json"])) == 1


# --- meetings, threads, mechanisms ---------------------------------------------------------------------


def test_cli_meetings_say_how_they_were_grouped_and_ordered(corpus_db):
    meetings = {m["date"]: m for m in _json(["meetings", "--db", str(corpus_db), "--format", "json"])}
    assert sorted(meetings["2021-05-21"]["documents"]) == [DOCS["2021"], DOCS["fact_sheet"]]
    assert f"{DOCS['fact_sheet']}: no date; joined by content" in meetings["2021-05-21"]["order"]
    assert f"{DOCS['declaration']}: same parties, same day" in meetings["2023-04-26"]["order"]
    table = runner.invoke(app, ["meetings", "--db", str(corpus_db)])
    assert table.exit_code == 0 and "2021-05-21-KR-US" in table.stdout


def test_cli_meetings_split_and_merge_are_kept(db_copy):
    split = runner.invoke(app, ["meetings", "split", DOCS["fact_sheet"], "--db", db_copy])
    assert split.exit_code == 0 and "now 4 meetings" in split.stdout
    undated = [m for m in _json(["meetings", "--db", db_copy, "--format", "json"]) if m["date"] is None]
    assert len(undated) == 1 and "split by the user" in undated[0]["order"]
    # kept across re-tracking
    assert "3 meetings" not in runner.invoke(app, ["track", "--db", db_copy]).stdout
    merged = runner.invoke(app, ["meetings", "merge", DOCS["fact_sheet"], DOCS["2022"], "--db", db_copy])
    assert merged.exit_code == 0 and "now 3 meetings" in merged.stdout
    meetings = _json(["meetings", "--db", db_copy, "--format", "json"])
    assert any(sorted(m["documents"]) == [DOCS["2022"], DOCS["fact_sheet"]] for m in meetings)
    assert runner.invoke(app, ["meetings", "split", "no-such-doc", "--db", db_copy]).exit_code == 1


def test_cli_threads_filters_jsonl_and_one_thread(corpus_db):
    db = str(corpus_db)
    lines = runner.invoke(app, ["threads", "--db", db, "--format", "jsonl"]).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all({"thread_id", "members"} <= set(r) for r in records)
    assert all({"doc", "text", "start", "end", "change"} <= set(m) for r in records for m in r["members"])
    dropped = _json(["threads", "--db", db, "--status", "dropped", "--format", "json"])
    assert dropped and all(t["status"] == "dropped" and t["dropped_at"] for t in dropped)
    assert runner.invoke(app, ["threads", "--db", db, "--status", "kept"]).exit_code == 2
    linked = next(r for r in records if len(r["members"]) > 1)
    shown = runner.invoke(app, ["thread", linked["thread_id"], "--db", db])
    assert shown.exit_code == 0 and linked["members"][1]["change"] in shown.stdout
    assert _json(["thread", linked["thread_id"], "--db", db, "--format", "json"])[0]["thread_id"] == linked["thread_id"]
    missing = runner.invoke(app, ["thread", "Tnope", "--db", db])
    assert missing.exit_code == 1 and "PW501" in missing.output


def test_cli_mechanisms_and_one_by_acronym(corpus_db):
    db = str(corpus_db)
    registry = _json(["mechanisms", "--db", db, "--format", "json"])
    ncg = next(m for m in registry if "NCG" in [m["name"], *m["aliases"]])
    assert any(e["event"] == "established" for e in ncg["events"])
    shown = runner.invoke(app, ["mechanism", "NCG", "--db", db])
    assert shown.exit_code == 0 and "Nuclear Consultative Group" in shown.stdout
    assert runner.invoke(app, ["mechanism", "No Such Body", "--db", db]).exit_code == 1


# --- diff ---------------------------------------------------------------------------------------------------------


def _check_rows(rows: list[dict], db: str) -> None:
    with Store(db) as store:
        texts = {d.id: store.document(d.id).text for d in store.documents()}
    assert rows
    for r in rows:
        assert r["status"] in ("new", "kept", "dropped")
        assert texts[r["doc_id"]][r["start"] : r["end"]] == r["text"]  # every row points into its document
        if r["status"] == "kept":
            assert r["change"] in ("reiterated", "strengthened", "weakened") and isinstance(r["previous"], str)
            assert isinstance(r["added"], list) and isinstance(r["removed"], list)
            assert [w for op, w in r["diff"] if op == "insert"] == r["added"]
        else:
            assert r["change"] is None and r["previous"] is None and r["diff"] is None


def test_cli_diff_two_documents_table_json_csv(corpus_db):
    db = str(corpus_db)
    data = _json(["diff", DOCS["2021"], DOCS["2022"], "--db", db, "--format", "json"])
    assert data["a"] == DOCS["2021"] and data["b"] == DOCS["2022"]
    rows = data["rows"]
    _check_rows(rows, db)
    statuses = {r["status"] for r in rows}
    assert statuses == {"new", "kept", "dropped"}
    assert all(r["doc"] == (DOCS["2021"] if r["status"] == "dropped" else DOCS["2022"]) for r in rows)
    assert any(r["added"] or r["removed"] for r in rows if r["status"] == "kept")
    table = runner.invoke(app, ["diff", "002", "001", "--db", db])  # file-name prefixes resolve too
    assert table.exit_code == 0
    for status in ("new", "kept", "dropped"):
        assert f"{status}: {sum(r['status'] == status for r in rows)}" in table.stdout
    assert "{+" in table.stdout or "[-" in table.stdout  # the word diff, marked when there are no colours
    out = runner.invoke(app, ["diff", DOCS["2021"], DOCS["2022"], "--db", db, "--format", "csv"]).stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert len(parsed) == len(rows)
    assert set(parsed[0]) >= {"status", "change", "doc", "start", "end", "text", "previous", "added", "removed", "thread_id"}
    assert [r["status"] for r in parsed] == [r["status"] for r in rows]


def test_cli_diff_two_meetings(corpus_db):
    db = str(corpus_db)
    meetings = _json(["meetings", "--db", db, "--format", "json"])
    first, last = meetings[0], meetings[-1]
    data = _json(["diff", first["id"], last["id"], "--db", db, "--format", "json"])
    assert data["a"].startswith(f"meeting {first['id']}") and data["b"].startswith(f"meeting {last['id']}")
    rows = data["rows"]
    _check_rows(rows, db)
    assert {r["doc_id"] for r in rows if r["status"] != "dropped"} <= set(last["doc_ids"])
    assert {r["doc_id"] for r in rows if r["status"] == "dropped"} <= set(first["doc_ids"])
    assert {r["doc_id"] for r in rows if r["status"] == "dropped"} == set(first["doc_ids"])  # both documents of the meeting
    assert runner.invoke(app, ["diff", first["id"], last["id"], "--db", db]).exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(
        runner.invoke(app, ["diff", first["id"], last["id"], "--db", db, "--format", "csv"]).stdout)))) == len(rows)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_cli_diff_unknown_ref_exits_1_with_a_message(corpus_db, fmt):
    result = runner.invoke(app, ["diff", DOCS["2021"], "no-such-meeting", "--db", str(corpus_db), "--format", fmt])
    assert result.exit_code == 1
    assert "PW301" in result.output and "no meeting or document matches 'no-such-meeting'" in result.output
    assert result.stdout == ""


def test_cli_diff_computes_tracking_if_it_never_ran(tmp_path):
    db = f"sqlite:///{tmp_path / 'api.db'}"
    with Store(db) as store:  # the Python API stores documents without tracking them
        ingest_paths(store, [str(CORPUS / DOCS["2022"]), str(CORPUS / DOCS["2023"])])
    data = _json(["diff", "001", "000", "--db", db, "--format", "json"])
    assert {r["status"] for r in data["rows"]} == {"new", "kept", "dropped"}
    assert len(_json(["meetings", "--db", db, "--format", "json"])) == 2


@pytest.mark.parametrize("command", [["threads", "--format", "json"], ["mechanisms", "--format", "json"], ["meetings", "--format", "json"]])
def test_cli_reading_commands_bring_stale_tracking_up_to_date(tmp_path, command):
    db = f"sqlite:///{tmp_path / 'api.db'}"
    with Store(db) as store:  # the Python API stores documents without tracking them
        ingest_paths(store, [str(CORPUS / DOCS["2022"]), str(CORPUS / DOCS["2023"])])
    result = runner.invoke(app, [*command, "--db", db])
    assert result.exit_code == 0, result.output
    assert "tracked: 2 meetings" in result.stderr
    assert json.loads(result.stdout)  # not an empty listing
    again = runner.invoke(app, [*command, "--db", db])
    assert "tracked:" not in again.stderr and again.stdout == result.stdout


def test_cli_unknown_thread_or_mechanism_says_where_to_look(corpus_db):
    result = runner.invoke(app, ["thread", "Tnope", "--db", str(corpus_db)])
    assert result.exit_code == 1 and "PW501" in result.stderr and "pledgewatch threads" in result.stderr
    result = runner.invoke(app, ["mechanism", "No Such Council", "--db", str(corpus_db)])
    assert result.exit_code == 1 and "PW501" in result.stderr and "pledgewatch mechanisms" in result.stderr
    assert "pledgewatch threads" not in result.stderr


# --- report and demo ------------------------------------------------------------------------------------------------


def test_cli_report_on_the_corpus_and_on_an_empty_database(corpus_db, tmp_path):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--db", str(corpus_db), "-o", str(out)])
    assert result.exit_code == 0 and f"Report written to {out.resolve()}" in result.stdout.replace("\n", "")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "Nuclear Consultative Group" in page
    empty = tmp_path / "empty.html"
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "empty.db"), "-o", str(empty)])
    assert result.exit_code == 0
    text = empty.read_text(encoding="utf-8")
    assert "Nothing to report yet" in text and "pledgewatch ingest" in text and len(text) < 20_000
    md = tmp_path / "empty.md"
    assert runner.invoke(app, ["report", "--db", str(tmp_path / "empty.db"), "--format", "md", "-o", str(md)]).exit_code == 0
    assert "Nothing to report yet" in md.read_text(encoding="utf-8")
    assert runner.invoke(app, ["report", "--db", str(tmp_path / "empty.db"), "--format", "pdf"]).exit_code == 2


def test_cli_demo_ingests_tracks_reports_and_is_idempotent(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PLEDGEWATCH_DB", raising=False)
    report = tmp_path / "pledgewatch-report.html"
    for run, ingested in ((1, "5 added, 0 already present"), (2, "0 added, 5 already present")):
        result = runner.invoke(app, ["demo"])
        assert result.exit_code == 0, result.output
        out = result.output.replace("\n", "")
        assert ingested in out, run
        assert "Documents" in out and "Washington Declaration" in out
        assert "3 meetings; " in out and " threads (" in out and "mechanisms in the registry" in out
        assert all(f" {status}" in out for status in CHANGES)
        assert f"Report written to {report}" in out
        assert (tmp_path / "pledgewatch.db").exists() and report.stat().st_size > 10_000
    assert "tracked: 3 meetings" not in out  # the second run had nothing to recompute
    with Store(str(tmp_path / "pledgewatch.db")) as store:
        assert len(store.documents()) == 5


# --- eval --threads --mechanisms ---------------------------------------------------------------------------------


def test_cli_eval_threads_and_mechanisms(gold_dir):
    data = _json(["eval", str(gold_dir), "--threads", "--mechanisms", "--format", "json"])  # the bundled corpus by default
    assert {"overall", "documents", "threads", "mechanisms"} <= set(data)
    assert 0 < data["threads"]["pairs"]["f1"] <= 1 and 0 < data["threads"]["change_accuracy"] <= 1
    assert {"precision", "recall", "f1"} <= set(data["mechanisms"]["triples"])
    only = _json(["eval", str(gold_dir), "--mechanisms", "--format", "json"])
    assert "mechanisms" in only and "threads" not in only
    table = runner.invoke(app, ["eval", str(gold_dir), "--threads", "--mechanisms"])
    assert table.exit_code == 0
    out = table.stdout
    assert "threads: pairs of units in one thread" in out and "change type" in out and "lifecycle" in out
    assert f"{data['threads']['pairs']['f1']}" in out and f"{data['mechanisms']['triples']['f1']}" in out


@pytest.mark.parametrize(("name", "flag"), [("threads.jsonl", "--threads"), ("mechanisms.jsonl", "--mechanisms")])
def test_cli_eval_malformed_tracking_gold_names_file_and_line(tmp_path, gold_dir, name, flag):
    bad = tmp_path / "gold"
    shutil.copytree(gold_dir, bad)
    lines = (bad / name).read_text(encoding="utf-8").splitlines()
    lines[2] = '{"broken": '
    (bad / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(bad), flag])
    assert result.exit_code == 1
    assert "PW401" in result.output and name in result.output and "line 3" in result.output
    (bad / name).unlink()
    missing = runner.invoke(app, ["eval", str(bad), flag])
    assert missing.exit_code == 1 and name in missing.output
