"""SQLite and PostgreSQL give the same answers: the same corpus, the same people's entries and
corrections, recorded the same way on both, read back through the CLI (every listing, search,
history, the ledger) and exported whole, agree row for row (times of recording aside)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import assessments
from pledgewatch.cli import app
from pledgewatch.exporting import export
from pledgewatch.store import Store
from pledgewatch.store.commitments import unit_labels
from pledgewatch.store.tracking import load_threads

from .ledger_helpers import SAMPLE, build_db, copy_db

runner = CliRunner()
NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.timezone.utc)
RECORDED_TIMES = {"ingested_at", "added_at"}  # when each store ingested the files: not the data


def _record(url: str) -> None:
    """The same entries and corrections, at the same instants, on each database."""
    with Store(url) as store:
        threads = sorted(load_threads(store.engine), key=lambda t: t.id)
        for i, t in enumerate(threads[:6]):
            assessments.record_assessment(store, t.id, status="in_progress", evidence_date=dt.date(2024, 1, 1 + i),
                                          evidence_url="https://example.org/e", quote=f"evidence {i}", by="analyst",
                                          today=dt.date(2026, 12, 3), now=NOW + dt.timedelta(minutes=i))
        m = threads[7].members[-1]
        assessments.record_assessment(store, f"{m.doc_id}:{m.start}", status="achieved", evidence_date=dt.date(2025, 5, 5),
                                      evidence_url="https://example.org/f", quote="done", by="analyst", today=dt.date(2026, 12, 3),
                                      now=NOW + dt.timedelta(hours=1))
        other = next(r for r in unit_labels(store.engine) if r["label"] == "other" and r["unit_kind"] == "sentence")
        assessments.correct(store, f"{other['doc_id']}:{other['start']}", label="commitment", kind="new", actors=["US"],
                            domain="health", by="reviewer", now=NOW + dt.timedelta(hours=2))


def _cli_json(url: str, *args: str):
    result = runner.invoke(app, [*args, "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


SEARCHES = ("nuclear consultative", "the", '"extended deterrence"', "investing", "U.S.-ROK")


def _readings(url: str, out: Path) -> dict:
    listings = {" ".join(a): _cli_json(url, *a) for a in (
        ("docs",), ("commitments",), ("meetings",), ("threads",), ("mechanisms",), ("ledger", "--today", "2026-12-03"),
        ("review",), ("corrections",), ("commitments", "--query", "climate"), ("commitments", "--query", "cyber", "--party", "KR"))}
    listings["history"] = _cli_json(url, "history", listings["threads"][0]["thread_id"])
    for query in SEARCHES:  # each database ranks and cuts snippets its own way: the same units match, each snippet marks words
        hits = _cli_json(url, "search", query, "--limit", "10000")
        assert all("[" in h["snippet"] and "]" in h["snippet"] for h in hits), query
        listings[f"search {query}"] = sorted((h["doc_id"], h["start"], h["end"], h["text"]) for h in hits)
    with Store(url) as store:
        export(store, out, "jsonl")
    tables = {}
    for path in sorted(out.glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        tables[path.name] = [{k: v for k, v in r.items() if k not in RECORDED_TIMES} for r in rows]
    return {"listings": listings, "tables": tables}


def _first_difference(a, b):
    """Where two readings first differ (what an assertion message can show whole)."""
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i, {k: (x.get(k), y.get(k)) for k in {*x, *y} if x.get(k) != y.get(k)} if isinstance(x, dict) else (x, y)
    return len(a), len(b)


def test_store_sqlite_and_postgresql_agree_on_every_reading(templates, postgres, tmp_path):
    postgres.server()  # skips, and says so at the end, when PostgreSQL cannot be started
    answers = {}
    for backend in ("sqlite", "postgresql"):
        source, _ = templates.get("sample", backend, lambda url: build_db(url, sorted(SAMPLE.values())))
        if backend == "sqlite":
            url = copy_db(Path(source), tmp_path / "agree.db")
        else:
            name, url = postgres.create("agree", template=source)
        try:
            _record(url)
            answers[backend] = _readings(url, tmp_path / backend)
        finally:
            if backend == "postgresql":
                postgres.drop(name)
    sqlite, pg = answers["sqlite"], answers["postgresql"]
    assert sqlite["tables"].keys() == pg["tables"].keys() and len(sqlite["tables"]) >= 16
    for name in sqlite["tables"]:
        assert sqlite["tables"][name] == pg["tables"][name], (name, _first_difference(sqlite["tables"][name], pg["tables"][name]))
    for what in sqlite["listings"]:
        assert sqlite["listings"][what] == pg["listings"][what], (what, _first_difference(sqlite["listings"][what], pg["listings"][what]))
    assert all(sqlite["listings"][f"search {q}"] for q in SEARCHES) and sqlite["listings"]["ledger --today 2026-12-03"]
    assert sqlite["listings"]["commitments --query climate"] and sqlite["listings"]["corrections"]
