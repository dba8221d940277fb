"""Export: every table round-trips through JSON lines, CSV and Parquet (read back with json, csv and
pyarrow), rows match the store, offsets give back the words, dates are ISO, and what people record
through ``pledgewatch.assessments`` is there (real SQLite from ingesting the bundled corpus)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pledgewatch import assessments
from pledgewatch.exporting import FORMATS, MANIFEST_FILE, TABLES, Table, export, table
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.store.commitments import CommitmentFilter, list_commitments, unit_labels
from pledgewatch.tracker import tracking_is_current

from .conftest import CORPUS

# Words a person might paste: every character CSV and HTML care about, on several lines.
HOSTILE = 'He said, "we\'ll do it, by 2025"\nthen: <script>alert("x")</script> & ; a,b,,c\n\t"quoted" — ünïcödé 🎉'
TODAY = dt.date(2026, 12, 3)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> dict[str, Any]:
    """The corpus ingested, with an assessment, a retracted assessment, a thread assessment and a
    correction recorded through the library; then exported in every format."""
    root = tmp_path_factory.mktemp("export")
    db = root / "corpus.db"
    with Store(str(db)) as store:
        ingest_paths(store, [str(p) for p in sorted(CORPUS.glob("*.txt"))])
        first, second = list_commitments(store.engine, CommitmentFilter(limit=2))
        kept = assessments.record_assessment(
            store, f"{first.doc_id}:{first.start}", status="in_progress", evidence_date=dt.date(2024, 1, 10),
            evidence_url="https://example.org/report?a=1,2&b=\"3\"", quote=HOSTILE, note="first, " + HOSTILE,
            by='Analyst, "QA"', today=TODAY)
        mistaken = assessments.record_assessment(
            store, f"{second.doc_id}:{second.start + 3}", status="achieved", evidence_date=dt.date(2023, 6, 1),
            evidence_url="https://example.org/b", quote="Done.", by="analyst", today=TODAY)
        retraction = assessments.retract(store, mistaken.entry_id[:10], note="wrong unit,\nsorry", by="analyst")
        thread = assessments.resolve_target(store, f"{first.doc_id}:{first.start}").thread_id
        on_thread = assessments.record_assessment(
            store, thread, status="stalled", evidence_date=dt.date(2024, 3, 1), evidence_url="https://example.org/c",
            quote="No progress.", by="analyst", today=TODAY)
        other = next(r for r in unit_labels(store.engine) if r["label"] == "other" and r["unit_kind"] == "sentence")
        correction = assessments.correct(store, f"{other['doc_id']}:{other['start']}", label="commitment", kind="new",
                                         actors=["US"], domain="health", note=HOSTILE, by="reviewer")
        exports = {fmt: export(store, root / fmt, fmt) for fmt in FORMATS}
    return {"db": db, "root": root, "exports": exports, "kept": kept, "mistaken": mistaken, "retraction": retraction,
            "on_thread": on_thread, "thread": thread, "correction": correction}


# --- reading an export back with nothing but json, csv and pyarrow ----------------------------------


def _from_csv(value: str, kind: str) -> Any:
    if value == "":
        return None
    return {"integer": int, "float": float, "boolean": lambda v: {"true": True, "false": False}[v],
            "list[string]": json.loads, "json": json.loads}.get(kind, str)(value)


def _from_parquet(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date":
        return value.isoformat()
    if kind == "timestamp":
        assert value.utcoffset() == dt.timedelta(0)
        return value.isoformat(timespec="microseconds")
    if kind == "json":
        return json.loads(value)
    return value


def read_back(folder: Path, fmt: str, name: str | Table) -> list[dict[str, Any]]:
    """A table's rows as JSON values (dates and timestamps as their ISO text)."""
    t = name if isinstance(name, Table) else table(name)
    path = folder / f"{t.name}.{fmt}"
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            assert next(reader) == t.names
            return [{c.name: _from_csv(v, c.type) for c, v in zip(t.columns, row, strict=True)} for row in reader]
    got = pq.read_table(path)
    assert got.schema.names == t.names
    return [{c.name: _from_parquet(r[c.name], c.type) for c in t.columns} for r in got.to_pylist()]


def _rows(recorded, name: str, fmt: str = "jsonl") -> list[dict[str, Any]]:
    return read_back(recorded["root"] / fmt, fmt, name)


def _sql(recorded, query: str) -> list[tuple]:
    with sqlite3.connect(recorded["db"]) as conn:
        return conn.execute(query).fetchall()


STORE_COUNTS = {
    "documents": "select count(*) from documents",
    "sources": "select count(*) from sources",
    "units": "select count(*) from units",
    "commitments": "select count(*) from commitments where label = 'commitment'",
    "commitment_actors": "select count(*) from commitment_actors a join commitments c on c.id = a.commitment_id where c.label = 'commitment'",
    "commitment_mechanisms": "select count(*) from commitment_values where kind = 'mechanism'",
    "commitment_amounts": "select count(*) from commitment_values where kind = 'amount'",
    "commitment_timeframes": "select count(*) from commitment_values where kind = 'timeframe'",
    "meetings": "select count(*) from meetings",
    "threads": "select count(*) from threads",
    "thread_members": "select count(*) from thread_members",
    "mechanisms": "select count(*) from mechanisms",
    "mechanism_events": "select count(*) from mechanism_events",
    "ledger_entries": "select count(*) from ledger_entries",
    "ledger_anchors": "select coalesce(sum(json_array_length(anchors)), 0) from ledger_entries",
    "corrections": "select count(*) from corrections",
}


def test_export_store_counts_cover_every_table():
    assert set(STORE_COUNTS) == {t.name for t in TABLES}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips_with_the_stores_row_counts(recorded, fmt):
    folder = recorded["root"] / fmt
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["format"] == fmt and [m["table"] for m in manifest["tables"]] == [t.name for t in TABLES]
    for entry in manifest["tables"]:
        expected = _sql(recorded, STORE_COUNTS[entry["table"]])[0][0]
        assert len(read_back(folder, fmt, entry["table"])) == entry["rows"] == expected, entry["table"]
    assert _sql(recorded, STORE_COUNTS["ledger_entries"])[0][0] == 4
    assert _sql(recorded, STORE_COUNTS["commitments"])[0][0] > 200


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_every_format_holds_the_same_values(recorded, fmt):
    for t in TABLES:
        assert _rows(recorded, t.name, fmt) == _rows(recorded, t.name, "jsonl"), t.name


def test_export_values_are_the_stores(recorded):
    units = {(r["doc_id"], r["unit_index"]): r for r in _rows(recorded, "units")}
    stored = _sql(recorded, "select u.doc_id, u.idx, u.start, u.end, u.text, u.kind, c.label, c.confidence "
                            "from units u join commitments c on c.doc_id = u.doc_id and c.unit_idx = u.idx")
    assert len(stored) == len(units)
    for doc_id, idx, start, end, text, kind, label, confidence in stored:
        r = units[(doc_id, idx)]
        assert (r["start"], r["end"], r["text"], r["kind"], r["label"], r["confidence"]) == (start, end, text, kind, label, confidence)
        assert r["unit_ref"] == f"{doc_id}:{start}"
    actors: dict[str, list[str]] = {}
    for doc_id, start, party in _sql(recorded, "select c.doc_id, c.start, a.party from commitment_actors a join commitments c "
                                               "on c.id = a.commitment_id where c.label = 'commitment' order by a.party"):
        actors.setdefault(f"{doc_id}:{start}", []).append(party)
    commitments = _rows(recorded, "commitments")
    assert {r["commitment_ref"]: sorted(r["actors"]) for r in commitments if r["actors"]} == actors
    assert {(r["commitment_ref"], r["party"]) for r in _rows(recorded, "commitment_actors")} == {
        (ref, p) for ref, ps in actors.items() for p in ps}
    docs = {r["doc_id"]: r for r in _rows(recorded, "documents")}
    for doc_id, date, parties, text in _sql(recorded, "select id, date, parties, text from documents"):
        assert (docs[doc_id]["date"], docs[doc_id]["parties"], docs[doc_id]["text"]) == (date, json.loads(parties), text)
        assert docs[doc_id]["text_length"] == len(text)
    threads = {r["thread_id"]: r for r in _rows(recorded, "threads")}
    members = _rows(recorded, "thread_members")
    assert all(threads[m["thread_id"]]["appearances"] == sum(x["thread_id"] == m["thread_id"] for x in members) for m in members)
    assert {r["thread_id"] for r in commitments} <= set(threads)
    assert all(m["meeting_id"] in {x["meeting_id"] for x in _rows(recorded, "meetings")} for m in members)


def test_export_commitments_carry_deadlines_and_corrections(recorded):
    commitments = {r["commitment_ref"]: r for r in _rows(recorded, "commitments")}
    timeframes = _rows(recorded, "commitment_timeframes")
    resolved = [t for t in timeframes if t["period_end"]]
    assert resolved, "the corpus has resolved timeframes"
    for t in resolved:
        c = commitments[t["commitment_ref"]]
        assert t["text"] in c["timeframes"]
        assert c["deadline"] is not None and c["deadline"] >= t["period_end"]  # the last end of its time bounds
    money = [a for a in _rows(recorded, "commitment_amounts") if a["amount_type"] == "money"]
    assert money and all(a["currency"] and a["value"] > 0 for a in money)
    corrected = recorded["correction"].anchor.ref
    c = commitments[corrected]
    assert c["corrected"] is True and c["extractor"] == "person-reviewer" and c["actors"] == ["US"] and c["domain"] == "health"
    assert sum(r["corrected"] for r in commitments.values()) == 1


def _documents(recorded) -> dict[str, str]:
    return {r["doc_id"]: r["text"] for r in _rows(recorded, "documents")}


@pytest.mark.parametrize("name", ["units", "commitments", "thread_members", "commitment_mechanisms", "commitment_amounts",
                                  "commitment_timeframes", "ledger_anchors", "corrections"])
def test_export_offsets_trace_to_the_words(recorded, name):
    texts = _documents(recorded)
    rows = _rows(recorded, name)
    assert rows, name
    for r in rows:
        assert texts[r["doc_id"]][r["start"]:r["end"]] == r["text"], (name, r)
        if name.startswith("commitment_"):  # a value: its commitment's unit holds it
            doc_id, _, unit_start = r["commitment_ref"].partition(":")
            assert doc_id == r["doc_id"] and int(unit_start) <= r["start"]
        else:  # the row's own reference is its unit's document and start
            assert r.get("unit_ref", r.get("commitment_ref")) == f"{r['doc_id']}:{r['start']}"


def test_export_mechanism_events_trace_to_the_mention_and_its_unit(recorded):
    texts = _documents(recorded)
    mentions = {(m["doc_id"], m["start"], m["end"]): m["text"] for m in _rows(recorded, "commitment_mechanisms")}
    events = _rows(recorded, "mechanism_events")
    assert events
    for e in events:
        doc = texts[e["doc_id"]]
        assert doc[e["unit_start"]:e["unit_end"]] == e["unit_text"]
        assert e["unit_start"] <= e["start"] < e["end"] <= e["unit_end"]
        assert mentions[(e["doc_id"], e["start"], e["end"])] == doc[e["start"]:e["end"]]
        assert e["mechanism_id"] in {m["mechanism_id"] for m in _rows(recorded, "mechanisms")}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_dates_are_iso(recorded, fmt):
    folder = recorded["root"] / fmt
    seen = {"date": 0, "timestamp": 0}
    for t in TABLES:
        kinds = {c.name: c.type for c in t.columns if c.type in seen}
        for r in read_back(folder, fmt, t.name):
            for name, kind in kinds.items():
                if r[name] is None:
                    continue
                seen[kind] += 1
                if kind == "date":
                    assert DATE_RE.match(r[name]) and dt.date.fromisoformat(r[name]), (t.name, name, r[name])
                else:
                    assert TIMESTAMP_RE.match(r[name]), (t.name, name, r[name])
    assert seen["date"] > 100 and seen["timestamp"] >= 10


def test_export_parquet_has_native_dates_timestamps_and_lists(recorded):
    schema = pq.read_schema(recorded["root"] / "parquet" / "ledger_entries.parquet")
    assert str(schema.field("evidence_date").type) == "date32[day]"
    assert str(schema.field("recorded_at").type) == "timestamp[us, tz=UTC]"
    assert str(schema.field("anchor_refs").type) == "list<element: string>"
    rows = pq.read_table(recorded["root"] / "parquet" / "ledger_entries.parquet").to_pylist()
    assert rows[0]["evidence_date"] == dt.date(2024, 1, 10)
    assert rows[0]["recorded_at"] == recorded["kept"].recorded_at


def test_export_ledger_entries_and_corrections_appear(recorded):
    entries = {r["entry_id"]: r for r in _rows(recorded, "ledger_entries")}
    kept, mistaken, retraction, on_thread = (recorded[k] for k in ("kept", "mistaken", "retraction", "on_thread"))
    assert list(entries) == [kept.entry_id, mistaken.entry_id, retraction.entry_id, on_thread.entry_id]  # in the order recorded
    row = entries[kept.entry_id]
    assert (row["action"], row["target"], row["ref"], row["status"]) == ("assess", "commitment", kept.ref, "in_progress")
    assert (row["quote"], row["note"], row["recorded_by"]) == (HOSTILE, "first, " + HOSTILE, 'Analyst, "QA"')
    assert row["evidence_url"] == 'https://example.org/report?a=1,2&b="3"' and row["evidence_date"] == "2024-01-10"
    assert row["recorded_at"] == kept.recorded_at.isoformat(timespec="microseconds")
    assert row["retracted"] is False and row["thread_id"] == recorded["thread"] and row["anchor_refs"] == [kept.ref]
    assert entries[mistaken.entry_id]["retracted"] is True
    assert (entries[retraction.entry_id]["action"], entries[retraction.entry_id]["retracts"]) == ("retract", mistaken.entry_id)
    assert entries[retraction.entry_id]["note"] == "wrong unit,\nsorry" and entries[retraction.entry_id]["retracted"] is False
    assert (entries[on_thread.entry_id]["target"], entries[on_thread.entry_id]["located"]) == ("thread", "same thread")
    anchors = [a for a in _rows(recorded, "ledger_anchors") if a["entry_id"] == on_thread.entry_id]
    assert [a["unit_ref"] for a in anchors] == [a.ref for a in on_thread.anchors] and [a["position"] for a in anchors] == list(range(len(anchors)))
    (corr,) = _rows(recorded, "corrections")
    c = recorded["correction"]
    assert (corr["correction_id"], corr["unit_ref"], corr["label"], corr["kind"], corr["actors"], corr["domain"], corr["mechanisms"]) == (
        c.correction_id, c.anchor.ref, "commitment", "new", ["US"], "health", None)
    assert corr["note"] == HOSTILE and corr["recorded_by"] == "reviewer"


def test_export_csv_keeps_commas_quotes_newlines_and_markup_verbatim(recorded):
    raw = (recorded["root"] / "csv" / "ledger_entries.csv").read_text(encoding="utf-8")
    assert "<script>" in raw  # kept as words: a CSV file is data, not a page
    with open(recorded["root"] / "csv" / "ledger_entries.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4 and rows[0]["quote"] == HOSTILE and rows[0]["recorded_by"] == 'Analyst, "QA"'
    assert "\n" in rows[0]["quote"] and "\t" in rows[0]["quote"]
    with open(recorded["root"] / "csv" / "corrections.csv", encoding="utf-8", newline="") as f:
        (corr,) = csv.DictReader(f)
    assert corr["note"] == HOSTILE and json.loads(corr["actors"]) == ["US"] and corr["mechanisms"] == ""


def test_export_jsonl_keeps_the_text_verbatim(recorded):
    lines = (recorded["root"] / "jsonl" / "ledger_entries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # a newline inside a value never breaks a line
    assert json.loads(lines[0])["quote"] == HOSTILE


def test_export_brings_tracking_up_to_date_first(tmp_path):
    with Store(str(tmp_path / "fresh.db")) as store:
        ingest_paths(store, [str(p) for p in sorted(CORPUS.glob("*.txt"))])  # from Python: not tracked
        assert not tracking_is_current(store)
        result = export(store, tmp_path / "out", "jsonl")
        assert result.tracked is not None and tracking_is_current(store)
        assert export(store, tmp_path / "out", "jsonl").tracked is None  # current: not recomputed
    counts = {t.table: t.rows for t in result.tables}
    assert counts["meetings"] == 3 and counts["threads"] == len(result.tracked.threads) and counts["mechanisms"] > 0


def test_export_loads_into_pandas_when_installed(recorded):
    pd = pytest.importorskip("pandas")
    frames = {fmt: pd.read_parquet(recorded["root"] / "parquet" / "commitments.parquet") if fmt == "parquet" else
              pd.read_json(recorded["root"] / "jsonl" / "commitments.jsonl", lines=True) if fmt == "jsonl" else
              pd.read_csv(recorded["root"] / "csv" / "commitments.csv") for fmt in FORMATS}
    assert len({len(f) for f in frames.values()}) == 1
