"""Several processes recording at once on one SQLite file lose nothing (real processes, real file)."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import subprocess
import sys

from pledgewatch.store import Store
from pledgewatch.store.ledger import load_entries
from pledgewatch.store.tracking import load_threads

from .ledger_helpers import copy_db, sample_db_file  # noqa: F401  (a fixture)

PER_PROCESS = 50


def _writer(url: str, name: str, refs: list[str], start, out) -> None:
    from pledgewatch import assessments

    start.wait()  # every process begins at the same moment
    ids = []
    with Store(url) as store:
        for i in range(PER_PROCESS):
            e = assessments.record_assessment(
                store, refs[i % len(refs)], status="in_progress", evidence_date=dt.date(2024, 1, 1 + i % 28),
                evidence_url=f"https://example.org/{name}/{i}", quote=f"evidence {i} of {name}", by=name,
                today=dt.date(2026, 12, 3))
            ids.append(e.entry_id)
    out.put((name, ids))


def test_ledger_concurrent_writers_lose_nothing(sample_db_file, tmp_path):
    url = copy_db(sample_db_file, tmp_path / "shared.db")
    with Store(url) as store:
        threads = sorted(load_threads(store.engine), key=lambda t: t.id)
    # threads and commitments both, some shared by the writers
    refs = [t.id for t in threads[:10]] + [f"{t.members[0].doc_id}:{t.members[0].start}" for t in threads[5:15]]
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(3), ctx.Queue()
    writers = [ctx.Process(target=_writer, args=(url, f"writer{i}", refs[i:] + refs[:i], start, out)) for i in range(3)]
    for w in writers:
        w.start()
    results = dict(out.get(timeout=300) for _ in writers)
    for w in writers:
        w.join(timeout=60)
        assert w.exitcode == 0
    with Store(url) as store:
        stored = load_entries(store.engine)
    assert len(stored) == 3 * PER_PROCESS
    assert {e.entry_id for e in stored} == {i for ids in results.values() for i in ids}
    assert {e.recorded_by for e in stored} == {"writer0", "writer1", "writer2"}


def test_ledger_concurrent_cli_and_library_writers_lose_nothing(sample_db_file, tmp_path):
    url = copy_db(sample_db_file, tmp_path / "shared.db")
    with Store(url) as store:
        (t, *_) = sorted(load_threads(store.engine), key=lambda t: t.id)
    db = str(tmp_path / "shared.db")
    cli = [sys.executable, "-m", "pledgewatch", "status", t.id, "--set", "stalled", "--date", "2024-02-02",
           "--evidence", "https://example.org/cli", "--db", db, "--by", "cli"]
    procs = [subprocess.Popen([*cli, "--quote", f"cli {i}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(4)]
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(1), ctx.Queue()
    writer = ctx.Process(target=_writer, args=(url, "library", [t.id], start, out))
    writer.start()
    out.get(timeout=300)
    writer.join(timeout=60)
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    with Store(url) as store:
        stored = load_entries(store.engine)
    assert len(stored) == PER_PROCESS + 4
    assert sorted(e.quote for e in stored if e.recorded_by == "cli") == [f"cli {i}" for i in range(4)]


def _hold_write_lock(path: str, seconds: float, held) -> None:
    import sqlite3
    import time

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")  # what a long write does (re-tracking a large archive, an ingest)
    conn.execute("INSERT INTO store_meta (key, value) VALUES ('lock-test', 'held')")
    held.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_ledger_recording_waits_for_a_long_write_instead_of_failing(sample_db_file, tmp_path):
    url = copy_db(sample_db_file, tmp_path / "shared.db")
    with Store(url) as store:
        (t, *_) = sorted(load_threads(store.engine), key=lambda t: t.id)
    ctx = mp.get_context("spawn")
    held = ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(str(tmp_path / "shared.db"), 6.5, held))
    holder.start()
    assert held.wait(60)
    from pledgewatch import assessments

    with Store(url) as store:
        e = assessments.record_assessment(store, t.id, status="achieved", evidence_date=dt.date(2024, 5, 5),
                                          evidence_url="https://example.org/x", quote="done", by="patient", today=dt.date(2026, 12, 3))
        assert [x.entry_id for x in load_entries(store.engine)] == [e.entry_id]
    holder.join(timeout=60)
    assert holder.exitcode == 0
