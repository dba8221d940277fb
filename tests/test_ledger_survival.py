"""Ledger entries survive everything else that happens to the database (real databases, SQLite and PostgreSQL):
re-ingesting, re-extracting with another model, re-tracking that changes thread ids, meeting
merges and splits, an Alembic upgrade; an entry whose undertaking is gone is reported, not
dropped; the database itself refuses to edit or delete people's words."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

from pledgewatch import assessments
from pledgewatch.cli import app
from pledgewatch.ledger.entries import entry_id
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import MIGRATIONS, Store
from pledgewatch.store.ledger import load_entries
from pledgewatch.store.schema import corrections, ledger_entries
from pledgewatch.store.tracking import load_labelled_units, load_threads
from pledgewatch.tracker import ensure_tracking

from .ledger_helpers import SAMPLE, assess, build_db, count_rows, fewer_docs_model, linked_thread, ref_of, sample_db_file, sample_store, sample_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.backends
runner = CliRunner()


def readable(store: Store, entries) -> None:
    """Every entry is still there, hashes to its id, comes back from `history` of what it was
    recorded on, and is counted in exactly one row of the ledger."""
    stored = {e.entry_id: e for e in load_entries(store.engine)}
    for e in entries:
        assert stored[e.entry_id] == e and entry_id(e) == e.entry_id
        _, items = assessments.history(store, e.ref)
        assert e.entry_id in {i.entry.entry_id for i in items}, e.ref
    assert sum(r.entries for r in assessments.ledger_rows(store)) == len(stored)


def where(store: Store, e) -> tuple[str | None, str]:
    """The thread an entry's history places it in now, and how it was found."""
    _, items = assessments.history(store, e.ref)
    (item,) = [i for i in items if i.entry.entry_id == e.entry_id]
    return item.located.thread_id, item.located.how


def on_thread_and_commitment(store: Store):
    t = linked_thread(store)
    return t, [assess(store, t.id, "in_progress", note="on the thread"),
               assess(store, ref_of(t.members[0]), "stalled", day=dt.date(2024, 3, 1), note="on one appearance")]


def test_ledger_survives_reingesting_the_same_files(sample_store):
    t, entries = on_thread_and_commitment(sample_store)
    report = ingest_paths(sample_store, [str(p) for p in SAMPLE.values()])
    assert {o.status for o in report.outcomes} == {"present"}
    ensure_tracking(sample_store)
    readable(sample_store, entries)
    assert [where(sample_store, e) for e in entries] == [(t.id, "same thread"), (t.id, "thread of the commitment")]
    (row,) = [r for r in assessments.ledger_rows(sample_store) if r.thread_id == t.id]
    assert row.entries == 2 and row.status == "stalled"  # the latest evidence (March) wins


def test_ledger_survives_reextraction_with_another_model(sample_store, fewer_docs_model):
    t, entries = on_thread_and_commitment(sample_store)
    before = {(c.doc_id, c.start) for cs in load_labelled_units(sample_store.engine).values() for c in cs}
    assessments.reextract(sample_store, models=fewer_docs_model)
    after = {(c.doc_id, c.start) for cs in load_labelled_units(sample_store.engine).values() for c in cs}
    assert before != after  # the other model labels differently: this is a real change
    readable(sample_store, entries)
    # the entries stay with their units: found in the thread that holds them now, or reported lost
    for e in entries:
        thread_id, how = where(sample_store, e)
        assert thread_id is not None or "no longer exists" in how


def test_ledger_survives_retracking_that_changes_thread_ids(new_db):
    store = Store(build_db(new_db("later"), [SAMPLE['2022'], SAMPLE['2023']]))
    threads = [t for t in load_threads(store.engine) if len(t.members) > 1]
    entries = [assess(store, t.id, note=f"thread {i}") for i, t in enumerate(threads)]
    entries += [assess(store, ref_of(t.members[-1]), "partially_achieved", note=f"appearance {i}") for i, t in enumerate(threads)]
    # an earlier statement of the same parties: threads now begin there, and a thread's id is its first appearance's
    ingest_paths(store, [str(SAMPLE["2021"]), str(SAMPLE["fact_sheet"])])
    ensure_tracking(store)
    now = {t.id for t in load_threads(store.engine)}
    changed = [e for e in entries if e.target == "thread" and e.ref not in now]
    assert changed, "no thread id changed: the test would prove nothing"
    readable(store, entries)
    for e in changed:
        thread_id, how = where(store, e)
        assert thread_id in now and how == f"thread id changed (recorded on {e.ref})"
        # the old id still finds its entries, and the undertaking's other entries with them
        target, items = assessments.history(store, e.ref)
        assert target.thread_id == thread_id and len(items) >= 1
    store.close()


@pytest.mark.parametrize("edit", [["split", "fact_sheet"], ["merge", "2022", "2023"]])
def test_ledger_survives_meeting_merges_and_splits(sample_store, edit):
    docs = {k: sample_store.resolve(p.name) for k, p in SAMPLE.items()}
    touched = {docs[k] for k in edit[1:]}
    threads = [t for t in load_threads(sample_store.engine) if touched & {m.doc_id for m in t.members}]
    entries = [assess(sample_store, t.id, note="before the edit") for t in threads[:12]]
    entries += [assess(sample_store, ref_of(m), "not_started") for t in threads[:12] for m in t.members if m.doc_id in touched][:12]
    before = {t.id: {(m.doc_id, m.start) for m in t.members} for t in load_threads(sample_store.engine)}
    db = sample_store.url
    result = runner.invoke(app, ["meetings", edit[0], *[docs[k] for k in edit[1:]], "--db", db])
    assert result.exit_code == 0, result.output
    after = {t.id: {(m.doc_id, m.start) for m in t.members} for t in load_threads(sample_store.engine)}
    assert before != after  # the edit changed the threads
    readable(sample_store, entries)


@pytest.mark.sqlite_only  # filled by SQLite's ATTACH; PostgreSQL's upgrades: test_store_migrations
def test_ledger_survives_an_alembic_upgrade_from_0005(tmp_path, sample_db_file):
    old = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{old}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version" and not t.startswith("units_fts")]
    assert "ledger_entries" not in tables and "commitments" in tables and "threads" in tables
    with engine.begin() as conn:  # filled through the tables of revision 0005, from a database of the sample
        conn.execute(text("ATTACH DATABASE :path AS sample"), {"path": str(sample_db_file)})
        for table in tables:
            columns = ", ".join(f'"{c["name"]}"' for c in inspect(engine).get_columns(table))
            conn.execute(text(f'INSERT OR REPLACE INTO main."{table}" ({columns}) SELECT {columns} FROM sample."{table}"'))
    engine.dispose()
    with Store(f"sqlite:///{old}") as store:  # → head
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() >= "0006"
        assert store.search("nuclear consultative group")  # the old rows, search index included, are all there
        t, entries = on_thread_and_commitment(store)
        readable(store, entries)
    with Store(f"sqlite:///{old}") as store:  # opening again (upgrade is a no-op) keeps every entry
        readable(store, entries)
        with pytest.raises(DatabaseError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(ledger_entries.delete())


def test_ledger_entry_whose_undertaking_no_longer_exists_is_reported_not_dropped(sample_store):
    t = next(t for t in load_threads(sample_store.engine) if len(t.members) == 1)
    ref = ref_of(t.members[0])
    entries = [assess(sample_store, ref, "achieved"), assess(sample_store, t.id, "in_progress", day=dt.date(2023, 1, 1))]
    assessments.correct(sample_store, ref, label="other", note="a welcome, not an undertaking", by="reviewer")
    ensure_tracking(sample_store)
    rows = assessments.ledger_rows(sample_store)
    lost = [r for r in rows if r.lost]
    assert len(lost) == 1  # both entries are about the same unit: one undertaking that no longer exists
    (row,) = lost
    assert row.thread_id is None and row.entries == 2 and row.status == "achieved" and "no longer exists" in row.located
    assert row.ref == ref
    readable(sample_store, entries)
    for e in entries:
        thread_id, how = where(sample_store, e)
        assert thread_id is None and "no longer exists" in how
    assert [r for r in assessments.ledger_rows(sample_store, status="achieved") if r.lost] == [row]
    # the person changes their mind: the unit is a commitment again, and the entries find it
    assessments.correct(sample_store, ref, label="commitment", by="reviewer")
    assert not [r for r in assessments.ledger_rows(sample_store) if r.lost]
    readable(sample_store, entries)


@pytest.mark.parametrize("table", [ledger_entries, corrections])
def test_ledger_database_refuses_update_and_delete(sample_store, table):
    t, entries = on_thread_and_commitment(sample_store)
    assessments.correct(sample_store, entries[1].ref, label="commitment", kind="new", by="reviewer")
    before = count_rows(sample_store)
    for statement in (table.update().values(note="edited"), table.delete(), text(f"DELETE FROM {table.name} WHERE id = 1"),
                      text(f"UPDATE {table.name} SET recorded_by = 'someone else'")):
        with pytest.raises(DatabaseError, match="append-only"):
            with sample_store.engine.begin() as conn:
                conn.execute(statement)
    assert count_rows(sample_store) == before
    with sample_store.engine.connect() as conn:
        assert "edited" not in {r for r in conn.execute(select(table.c.note)).scalars()}
    readable(sample_store, entries)


def test_ledger_same_entry_sent_twice_is_stored_once(sample_store):
    t = linked_thread(sample_store)
    moment = dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone.utc)
    first = assess(sample_store, t.id, at=moment)
    again = assess(sample_store, t.id, at=moment)  # a web client retrying the same request
    assert first == again and count_rows(sample_store)[0] == 1
    other = assess(sample_store, t.id, at=moment + dt.timedelta(microseconds=1))
    assert other.entry_id != first.entry_id and count_rows(sample_store)[0] == 2


def test_ledger_entry_read_back_hashes_to_its_id_whatever_the_recording_zone(sample_store):
    t = linked_thread(sample_store)
    seoul = dt.timezone(dt.timedelta(hours=9))
    e = assess(sample_store, t.id, at=dt.datetime(2026, 1, 5, 23, 30, 15, 123456, tzinfo=seoul), note="late evening in Seoul")
    (back,) = load_entries(sample_store.engine)
    assert back == e and entry_id(back) == e.entry_id and back.recorded_at.tzinfo is not None
    assert back.recorded_at == dt.datetime(2026, 1, 5, 14, 30, 15, 123456, tzinfo=dt.timezone.utc)
