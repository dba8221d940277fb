"""Several processes writing at once to one database lose nothing and double nothing (real
processes; SQLite and PostgreSQL): assessments from library processes, the CLI and the web
app; corrections of units of the same documents (each document re-labelled by one writer at
a time, from every correction stored); meeting edits, each re-tracking."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import subprocess
import sys
import threading

import pytest
from sqlalchemy import select

from pledgewatch import accounts
from pledgewatch.store import Store
from pledgewatch.store.commitments import unit_labels
from pledgewatch.store.ledger import load_corrections, load_entries
from pledgewatch.store.schema import commitments
from pledgewatch.store.tracking import load_meetings, load_threads, meeting_edit_lists
from pledgewatch.tracker import ensure_tracking
from pledgewatch.web import create_app

from .ledger_helpers import SAMPLE, sample_url  # noqa: F401  (fixtures)
from .web_helpers import client_for

pytestmark = pytest.mark.backends
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


def test_ledger_concurrent_writers_lose_nothing(sample_url):
    url = sample_url
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


def _mixed_writer(url: str, name: str, flips: list[tuple[str, str]], edit: tuple[str, ...], thread_id: str, start, out) -> None:
    """Corrections (re-labelling their documents), one meeting edit (re-tracking) and assessments, all at once."""
    from pledgewatch import assessments
    from pledgewatch.tracker import edit_meetings

    start.wait()
    with Store(url) as store:
        for i, (ref, label) in enumerate(flips):
            assessments.correct(store, ref, label=label, by=name)
            assessments.record_assessment(store, thread_id, status="stalled", evidence_date=dt.date(2024, 2, 1 + i),
                                          evidence_url="https://example.org/x", quote=f"{name} {i}", by=name, today=dt.date(2026, 12, 3))
        edit_meetings(store, *edit)
    out.put(name)


def test_ledger_corrections_meeting_edits_and_entries_from_processes_cli_and_web_app_at_once(sample_url):
    url = sample_url
    with Store(url) as store:
        docs = {k: store.resolve(p.name) for k, p in SAMPLE.items()}
        (t, *_) = sorted(load_threads(store.engine), key=lambda t: t.id)
        labels = unit_labels(store.engine)
        _, token = accounts.issue_token(store, "concurrent", "admin", created_by="tests")
    # distinct units of the same two documents, in turn, for every writer, each flipped to the other label
    per_doc = [[r for r in labels if r["doc_id"] == docs[k] and r["unit_kind"] != "lead_in"][:3] for k in ("2022", "2023")]
    flips = [(f"{r['doc_id']}:{r['start']}", "other" if r["label"] == "commitment" else "commitment") for pair in zip(*per_doc) for r in pair]
    plans = {"proc0": (flips[0:2], ("split", docs["fact_sheet"])), "proc1": (flips[2:4], ("split", docs["declaration"]))}
    cli_flips = flips[4:6]
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(len(plans)), ctx.Queue()
    procs = [ctx.Process(target=_mixed_writer, args=(url, name, f, edit, t.id, start, out)) for name, (f, edit) in plans.items()]
    for p in procs:
        p.start()
    clis = [subprocess.Popen([sys.executable, "-m", "pledgewatch", "correct", ref, "--label", label, "--by", "cli", "--db", url],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for ref, label in cli_flips]
    clis += [subprocess.Popen([sys.executable, "-m", "pledgewatch", "status", t.id, "--set", "achieved", "--date", "2024-03-03",
                               "--evidence", "https://example.org/cli", "--quote", f"cli {i}", "--by", "cli", "--db", url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(2)]
    web_answers: list[int] = []

    def web_app() -> None:  # the web app, in this process, beside them
        with Store(url) as store:
            client = client_for(create_app(store=store))
            auth = {"Authorization": f"Bearer {token}"}
            for i in range(8):
                web_answers.append(client.post("/api/v1/ledger/entries", headers=auth, json={
                    "ref": t.id, "status": "in_progress", "evidence_date": f"2024-04-0{i + 1}", "evidence_url": "https://example.org/web",
                    "quote": f"web {i}"}).status_code)
            web_answers.append(client.post("/api/v1/meetings/edits", headers=auth,
                                           json={"action": "merge", "doc_a": docs["2021"], "doc_b": docs["2022"]}).status_code)

    web = threading.Thread(target=web_app)
    web.start()
    assert sorted(out.get(timeout=300) for _ in procs) == sorted(plans)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    for c in clis:
        _, err = c.communicate(timeout=300)
        assert c.returncode == 0, err.decode()
    web.join(timeout=300)
    assert web_answers == [201] * 9
    with Store(url) as store:
        entries = load_entries(store.engine)
        assert len(entries) == 2 * 2 + 2 + 8 and len({e.entry_id for e in entries}) == len(entries)
        stored = {(c.anchor.doc_id, c.anchor.start): c.label for c in load_corrections(store.engine)}
        assert len(load_corrections(store.engine)) == 6
        # the stored labels of both documents carry every correction, whoever re-labelled last
        with store.engine.connect() as conn:
            now = {f"{d}:{s}": label for d, s, label in conn.execute(select(commitments.c.doc_id, commitments.c.start, commitments.c.label))}
        assert {ref: now[ref] for ref, _ in flips[:6]} == dict(flips[:6]) == {f"{d}:{s}": label for (d, s), label in stored.items()}
        merges, splits = meeting_edit_lists(store.engine)
        assert sorted(splits) == sorted([docs["fact_sheet"], docs["declaration"]]) and merges == [(docs["2021"], docs["2022"])]
        ensure_tracking(store)
        meetings = {d: m.doc_ids for m in load_meetings(store.engine) for d in m.doc_ids}
        assert meetings[docs["fact_sheet"]] == (docs["fact_sheet"],) and meetings[docs["declaration"]] == (docs["declaration"],)
        assert set(meetings[docs["2021"]]) >= {docs["2021"], docs["2022"]}


@pytest.mark.sqlite_only  # SQLite's one writer at a time; a server's writers do not wait for each other's inserts
def test_ledger_recording_waits_for_a_long_write_instead_of_failing(sample_url):
    path = sample_url.removeprefix("sqlite:///")
    with Store(sample_url) as store:
        (t, *_) = sorted(load_threads(store.engine), key=lambda t: t.id)
    ctx = mp.get_context("spawn")
    held = ctx.Event()
    holder = ctx.Process(target=_hold_write_lock, args=(path, 6.5, held))
    holder.start()
    assert held.wait(60)
    from pledgewatch import assessments

    with Store(sample_url) as store:
        e = assessments.record_assessment(store, t.id, status="achieved", evidence_date=dt.date(2024, 5, 5),
                                          evidence_url="https://example.org/x", quote="done", by="patient", today=dt.date(2026, 12, 3))
        assert [x.entry_id for x in load_entries(store.engine)] == [e.entry_id]
    holder.join(timeout=60)
    assert holder.exitcode == 0


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


@pytest.mark.postgresql_only  # a server's lock wait, made short here (SQLite's: the test above)
def test_ledger_a_writer_kept_waiting_past_the_limit_gets_a_coded_error(sample_url):
    import psycopg

    from pledgewatch import assessments
    from pledgewatch.errors import StoreError

    with Store(sample_url) as store:
        unit = next(r for r in unit_labels(store.engine) if r["label"] == "other" and r["unit_kind"] != "lead_in")
        before = {r["doc_id"]: r["label"] for r in unit_labels(store.engine) if (r["doc_id"], r["start"]) == (unit["doc_id"], unit["start"])}
    with psycopg.connect(sample_url.replace("+psycopg", "")) as holder:  # another process in the middle of re-labelling
        holder.execute("UPDATE store_meta SET value = value WHERE key = 'turn:labels'")
        with Store(sample_url + "?options=-c%20lock_timeout%3D300") as store:
            with pytest.raises(StoreError) as info:
                assessments.correct(store, f"{unit['doc_id']}:{unit['start']}", label="commitment", by="impatient")
            assert info.value.code == "PW300" and "re-labelling" in str(info.value) and "run the command again" in str(info.value)
        holder.rollback()
    with Store(sample_url) as store:  # the labels are as they were; the verdict is stored, and applied by the next correct or reextract
        now = {r["doc_id"]: r["label"] for r in unit_labels(store.engine) if (r["doc_id"], r["start"]) == (unit["doc_id"], unit["start"])}
        assert now == before and len(load_corrections(store.engine)) == 1
