"""The ledger's commands end to end (in-process with Typer's runner, a real database on each backend): bad input is
one coded line, exit 2 and nothing stored; an unknown reference exits 1 with a hint; what a
person types comes back verbatim and is never read as markup."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.evaluate import read_gold_units
from pledgewatch.store import Store

from .conftest import CORPUS
from .ledger_helpers import count_rows

pytestmark = pytest.mark.backends
runner = CliRunner()
TODAY = "2026-12-03"


def run(*args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def as_json(*args: str):
    return json.loads(run(*args, "--format", "json").stdout)


def _ingest(url: str) -> None:
    result = run("ingest", "--db", url, str(CORPUS / "0*.txt"))
    assert "5 added" in result.output


@pytest.fixture
def db(backend, templates, new_db) -> str:
    """The bundled corpus ingested by the command (once per backend), copied for each test."""
    source, _ = templates.get("ledger_cli", backend, _ingest)
    return new_db("ledger", template=source)


def end_of_year_commitment(db: str) -> dict:
    """The 2022 statement's undertaking "by the end of the year" (due 2022-12-31)."""
    return next(c for c in as_json("commitments", "--db", db, "--since", "2022-05-21", "--until", "2022-05-21")
                if any(t["text"] == "by the end of the year" for t in c["timeframes"]))


def stored(db: str) -> tuple[int, int]:
    with Store(db) as store:
        return count_rows(store)


def status(db: str, ref: str, *extra: str, code: int = 0, **options: str):
    args = {"--set": "in_progress", "--date": "2022-09-01", "--evidence": "https://example.org/report",
            "--quote": "the preparations are under way", "--by": "analyst", "--today": TODAY}
    args.update({f"--{k.replace('_', '-')}": v for k, v in options.items()})
    flat = [x for k, v in args.items() if v is not None for x in (k, v)]
    return run("status", ref, *flat, *extra, "--db", db, code=code)


def test_ledger_cli_end_to_end(db, tmp_path):
    c = end_of_year_commitment(db)
    ref = c["ref"]
    first = json.loads(status(db, ref, "--format", "json").stdout)
    assert first["status"] == "in_progress" and first["ref"] == ref and first["target"] == "commitment"
    wrong = json.loads(status(db, ref, "--format", "json", set="achieved", date="2022-12-20", note="misread the report").stdout)
    rows = {r["ref"]: r for r in as_json("ledger", "--db", db, "--today", TODAY)}
    (row,) = [r for r in rows.values() if r["entry_id"] == wrong["entry_id"]]
    assert row["status"] == "achieved" and row["due"] == "achieved" and row["deadline"] == "2022-12-31"
    # retract the mistaken entry: the earlier one stands again, and the undertaking is overdue
    out = run("status", ref, "--retract", wrong["entry_id"][:10], "--note", "the dialogue was postponed", "--by", "analyst", "--db", db)
    assert "retracted" in out.output
    history = as_json("history", ref, "--db", db)
    assert [(h["action"], h["status"], h["retracted"]) for h in history] == [
        ("assess", "in_progress", False), ("assess", "achieved", True), ("retract", None, False)]
    assert history[2]["retracts"] == wrong["entry_id"] and history[2]["note"] == "the dialogue was postponed"
    thread_id = row["thread_id"]
    assert [h["entry_id"] for h in as_json("history", thread_id, "--db", db)] == [h["entry_id"] for h in history]
    overdue = as_json("ledger", "--overdue", "--today", "2023-01-01", "--db", db)
    assert thread_id in {r["thread_id"] for r in overdue}
    assert all(r["due"] == "overdue" and r["deadline"] < "2023-01-01" for r in overdue)
    assert thread_id not in {r["thread_id"] for r in as_json("ledger", "--overdue", "--today", "2022-12-31", "--db", db)}
    soon = as_json("ledger", "--due-within", "30", "--today", "2022-12-10", "--db", db)
    assert thread_id in {r["thread_id"] for r in soon} and all(r["due"] == "due_soon" for r in soon)
    assert thread_id not in {r["thread_id"] for r in as_json("ledger", "--due-within", "5", "--today", "2022-12-10", "--db", db)}
    g7 = {r["thread_id"]: r for r in as_json("ledger", "--scale", "g7", "--status", "in_progress", "--today", TODAY, "--db", db)}
    assert g7[thread_id]["scale"] == 0 and all(r["status"] == "in_progress" for r in g7.values())
    pf = {r["thread_id"]: r for r in as_json("ledger", "--scale", "politifact", "--today", TODAY, "--db", db)}
    assert pf[thread_id]["scale"] == "In the Works" and {r["scale"] for r in pf.values()} >= {"Not Yet Rated"}
    table = run("ledger", "--overdue", "--today", "2023-01-01", "--scale", "g7", "--db", db).stdout
    assert thread_id in table and "overdue" in table
    as_csv = list(csv.DictReader(io.StringIO(run("ledger", "--format", "csv", "--today", TODAY, "--db", db).stdout)))
    assert {r["thread_id"] for r in as_csv} == set(pf)
    # corrections, their export, the review queue, re-extraction
    queue = as_json("review", "--limit", "5", "--db", db)
    unsure = queue[0]
    flipped = "other" if unsure["label"] == "commitment" else "commitment"
    run("correct", unsure["ref"], "--label", flipped, "--note", "checked by hand", "--by", "reviewer", "--db", db)
    assert unsure["ref"] not in {r["ref"] for r in as_json("review", "--limit", "200", "--db", db)}
    corrections = as_json("corrections", "--db", db)
    assert [(x["ref"], x["label"], x["note"]) for x in corrections] == [(unsure["ref"], flipped, "checked by hand")]
    gold = tmp_path / "gold"
    assert "wrote 1 gold files" in run("corrections", "--export", str(gold), "--db", db).output
    (exported,) = gold.glob("*.txt.jsonl")
    assert [r["label"] for r in read_gold_units(exported)] == [flipped]
    run("reextract", "--db", db)
    assert as_json("corrections", "--db", db) == corrections
    assert (unsure["ref"] in {x["ref"] for x in as_json("commitments", "--db", db)}) == (flipped == "commitment")
    after = as_json("history", ref, "--db", db)
    assert [h["entry_id"] for h in after] == [h["entry_id"] for h in history]
    assert stored(db) == (3, 1)


@pytest.mark.parametrize("options, words", [
    ({"set": "finished"}, "status 'finished' is not one of"),
    ({"set": ""}, "is not one of"),
    ({"date": "2022-13-01"}, "is not a date"),
    ({"date": "yesterday"}, "is not a date"),
    ({"date": "2026-12-04"}, "lies in the future"),
    ({"evidence": "ftp://example.org/report"}, "is not an http(s) URL"),
    ({"evidence": "javascript:alert(1)"}, "is not an http(s) URL"),
    ({"evidence": "example.org/report"}, "is not an http(s) URL"),
    ({"quote": ""}, "the quote is empty"),
    ({"quote": "   "}, "the quote is empty"),
    ({"quote": None}, "an assessment needs --quote"),
    ({"set": "superseded"}, "names the one that replaced it"),
    ({"today": "someday"}, "is not a date"),
])
def test_ledger_cli_bad_input_is_one_coded_line_exit_2_nothing_stored(db, options, words):
    ref = end_of_year_commitment(db)["ref"]
    before = stored(db)
    result = status(db, ref, code=2, **options)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("PW601: ") and words in lines[0], result.output
    assert stored(db) == before


def test_ledger_cli_retraction_without_a_reason_exits_2(db):
    ref = end_of_year_commitment(db)["ref"]
    entry = json.loads(status(db, ref, "--format", "json").stdout)
    result = run("status", ref, "--retract", entry["entry_id"], "--db", db, code=2)
    assert result.output.startswith("PW601: ") and "says why" in result.output
    assert stored(db) == (1, 0)


@pytest.mark.parametrize("args, words", [
    (["status", "T0000000000", "--set", "achieved", "--date", "2022-01-01", "--evidence", "https://x.org", "--quote", "q"], "matches no threads"),
    (["status", "nonsense", "--set", "achieved", "--date", "2022-01-01", "--evidence", "https://x.org", "--quote", "q"], "is not a reference"),
    (["status", "ffffffffffffffff:12", "--set", "achieved", "--date", "2022-01-01", "--evidence", "https://x.org", "--quote", "q"], "no document matches"),
    (["history", "T0000000000"], "matches no threads"),
    (["history", "deadbeef:0"], "no document matches"),
    (["status", "T0", "--retract", "0123456789ab", "--note", "why"], "matches no ledger entries"),
])
def test_ledger_cli_unknown_reference_exits_1_with_a_hint(db, args, words):
    before = stored(db)
    result = run(*args, "--db", db, code=1)
    assert words in result.output and result.output.startswith(("PW602: ", "PW603: "))
    assert "pledgewatch commitments" in result.output or "pledgewatch history" in result.output  # where to look
    assert stored(db) == before


def test_ledger_cli_a_unit_offset_inside_a_commitment_names_it(db):
    c = end_of_year_commitment(db)
    inside = f"{c['doc_id']}:{c['start'] + 5}"
    entry = json.loads(status(db, inside, "--format", "json").stdout)
    assert entry["ref"] == c["ref"]


def test_ledger_cli_what_a_person_types_is_stored_verbatim_and_printed_as_text(db):
    ref = end_of_year_commitment(db)["ref"]
    note = "[bold]x[/bold] <script>alert(1)</script>"
    quote = "[red]quoted[/red] & <b>words</b>"
    out = status(db, ref, note=note, quote=quote, by="[blink]me[/blink]")
    assert "[blink]me[/blink]" in out.stdout  # printed as the characters typed, not as styles
    (item,) = as_json("history", ref, "--db", db)
    assert item["note"] == note and item["quote"] == quote and item["recorded_by"] == "[blink]me[/blink]"
    table = run("history", ref, "--db", db).stdout
    flat = "".join(line.strip("│ ") for line in table.splitlines())
    assert "[bold]x[/bold]" in flat.replace(" ", "") and "<script>" in flat
    assert "\x1b" not in table  # no terminal styles came from the note
    ledger = as_json("ledger", "--db", db, "--today", TODAY)
    assert any(r["quote"] == quote for r in ledger)


def test_ledger_cli_history_of_an_undertaking_without_entries(db):
    ref = end_of_year_commitment(db)["ref"]
    out = run("history", ref, "--db", db).stdout
    assert "No ledger entries yet" in out
    assert as_json("history", ref, "--db", db) == []


def test_ledger_cli_lost_undertaking_is_shown_as_no_longer_existing(db):
    ref = end_of_year_commitment(db)["ref"]
    status(db, ref)
    run("correct", ref, "--label", "other", "--by", "reviewer", "--db", db)
    (lost,) = [r for r in as_json("ledger", "--db", db, "--today", TODAY) if r["lost"]]
    assert lost["ref"] == ref and "no longer exists" in lost["located"]
    table = run("ledger", "--status", "in_progress", "--db", db, "--today", TODAY).stdout
    assert "(gone)" in table and "no longer" in table
    (item,) = as_json("history", ref, "--db", db)
    assert "no longer exists" in item["located"]


def test_ledger_cli_superseded_names_its_replacement(db):
    old = end_of_year_commitment(db)
    later = next(c for c in as_json("commitments", "--db", db, "--since", "2023-01-01") if c["ref"] != old["ref"])
    inside = f"{later['doc_id']}:{later['start'] + 3}"
    entry = json.loads(status(db, old["ref"], "--format", "json", set="superseded", superseded_by=inside).stdout)
    assert entry["status"] == "superseded" and entry["superseded_by"] == later["ref"]  # stored as the canonical REF
    (row,) = [r for r in as_json("ledger", "--scale", "g7", "--status", "superseded", "--db", db, "--today", TODAY)]
    assert row["scale"] is None  # not scored on the G7 scale: the replacement is
    before = stored(db)
    result = status(db, old["ref"], set="superseded", superseded_by="T0000000000", code=1)
    assert "PW602" in result.output and stored(db) == before
