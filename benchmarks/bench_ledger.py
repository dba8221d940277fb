"""The ledger at scale: 10,000 meetings' commitments, tracked, with 100,000 ledger entries.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/bench_ledger.py [--meetings 10000] [--entries 100000] [--seed 7]
        [--db benchmarks/out/ledger-10000.db] [--rebuild] [--today 2026-12-03] [--json out.json]

The database is built once (and kept: ``--rebuild`` builds it again) from the
commitments ``bench_tracking.generate`` makes — the bundled corpus's
commitments, perturbed into series of 20 meetings of one pair of parties each,
a year apart — stored as one document per meeting (its units joined into its
text), labelled, and tracked by ``tracker.update_tracking``, what ``pledgewatch
ingest`` runs after storing. Then ``--entries`` ledger entries are appended:
assessments of random undertakings (three in five on a thread, the others on
one of its appearances), one to five per undertaking with later evidence each
time, and one in twenty a retraction of an earlier entry.

Measured in a fresh process, on the built database (each call timed on its
own; "cold" is the first call in the process, "warm" the same call again):
``ledger_rows(store, overdue=True)``, ``ledger_rows(store)`` (every
undertaking), ``history`` of the undertaking with the most entries, and
``record_assessment`` of one entry (each run adds that entry: the database
grows by one entry per run). Peak RSS is the measuring process's.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tracking import generate  # noqa: E402  (the tracking benchmark's corpus generator)

from pledgewatch.ledger import new_assessment, new_retraction  # noqa: E402
from pledgewatch.model import STATUSES, LedgerEntry, Unit, UnitAnchor, unit_ref  # noqa: E402
from pledgewatch.store import Store, _unit_row  # noqa: E402
from pledgewatch.store.commitments import insert_commitments  # noqa: E402
from pledgewatch.store.schema import documents, sources, units  # noqa: E402
from pledgewatch.store.tracking import load_threads  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _store_corpus(store: Store, meetings, commitments) -> int:
    """One document per meeting: its commitments' units joined into its text (offsets made true)."""
    n_units = 0
    batch = 200
    for i in range(0, len(meetings), batch):
        with store.engine.begin() as conn:
            for m in meetings[i : i + batch]:
                (doc_id,) = m.doc_ids
                items, at, parts = [], 0, []
                for c in commitments[doc_id]:
                    unit = Unit(doc_id, c.unit.index, at, at + len(c.text), c.text, "sentence", None, None)
                    items.append(dataclasses.replace(c, unit=unit))
                    parts.append(c.text)
                    at += len(c.text) + 2
                text = "\n\n".join(parts)
                conn.execute(documents.insert().values(
                    id=doc_id, sha256=f"{doc_id:0>64}", title=f"Joint statement {m.id}", date=m.date, doc_type="joint_statement",
                    parties=list(m.parties), source_url=None, text=text, blocks=[["paragraph", 0, len(text)]], provenance={},
                    tags=[], warnings=[], minhash=None, ingested_at=NOW,
                ))
                conn.execute(sources.insert().values(
                    doc_id=doc_id, name=f"{doc_id}.txt", path=f"{doc_id}.txt", format="text", encoding="utf-8",
                    sha256=f"{doc_id:0>64}", size=len(text), url=None, similarity=None, added_at=NOW,
                ))
                if items:
                    conn.execute(units.insert(), [_unit_row(c.unit) for c in items])
                    insert_commitments(conn, doc_id, items)
                n_units += len(items)
    return n_units


def _entries(store: Store, n: int, seed: int) -> list[LedgerEntry]:
    rng = random.Random(seed)
    threads = load_threads(store.engine)
    dates = {m: d for m, d in _meeting_dates(store).items()}
    out: list[LedgerEntry] = []
    recorded = NOW - dt.timedelta(days=3 * 365)
    step = dt.timedelta(days=3 * 365) / max(n, 1)
    while len(out) < n:
        t = threads[rng.randrange(len(threads))]
        on_thread = rng.random() < 0.6
        member = t.members[rng.randrange(len(t.members))]
        anchors = tuple(UnitAnchor(x.doc_id, x.start, x.end, x.text) for x in t.members) if on_thread else (
            UnitAnchor(member.doc_id, member.start, member.end, member.text),)
        ref = t.id if on_thread else unit_ref(member.doc_id, member.start)
        first = dates.get(t.members[0].meeting_id) or dt.date(2000, 1, 1)
        evidence = first + dt.timedelta(days=rng.randint(30, 400))
        for _ in range(rng.randint(1, 5)):
            if len(out) >= n:
                break
            recorded += step
            if out and rng.random() < 0.05:
                out.append(new_retraction(target=out[rng.randrange(len(out))], note="benchmark: a mistaken entry",
                                          recorded_by="bench", recorded_at=recorded))
                continue
            evidence = min(evidence + dt.timedelta(days=rng.randint(30, 700)), NOW.date())
            out.append(new_assessment(
                target="thread" if on_thread else "commitment", ref=ref, anchors=anchors, status=rng.choice(STATUSES[:6]),
                evidence_date=evidence, evidence_url=f"https://example.org/evidence/{len(out)}", quote="benchmark evidence",
                note=None, superseded_by=None, recorded_by="bench", recorded_at=recorded, today=NOW.date(),
            ))
    return out


def _meeting_dates(store: Store) -> dict[str, dt.date]:
    from pledgewatch.store.tracking import load_meetings

    return {m.id: m.date for m in load_meetings(store.engine)}


def build(db: Path, n_meetings: int, n_entries: int, seed: int) -> dict:
    from pledgewatch.store.ledger import append_entries
    from pledgewatch.tracker import update_tracking

    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    meetings, commitments = generate(n_meetings, 20, seed)
    gen_s = time.perf_counter() - t0
    store = Store(f"sqlite:///{db}")
    t0 = time.perf_counter()
    n_units = _store_corpus(store, meetings, commitments)
    store_s = time.perf_counter() - t0
    del meetings, commitments
    t0 = time.perf_counter()
    tracking = update_tracking(store)
    track_s = time.perf_counter() - t0
    n_threads = len(tracking.threads)
    del tracking
    t0 = time.perf_counter()
    entries = _entries(store, n_entries, seed)
    for i in range(0, len(entries), 5000):
        append_entries(store.engine, entries[i : i + 5000])
    entries_s = time.perf_counter() - t0
    store.close()
    return {"meetings": n_meetings, "commitments": n_units, "threads": n_threads, "entries": len(entries),
            "generate_s": round(gen_s, 1), "store_s": round(store_s, 1), "track_s": round(track_s, 1),
            "entries_s": round(entries_s, 1), "db_mb": round(db.stat().st_size / 2**20), "build_peak_rss_mb": round(peak_mb())}


def _timed(call):
    t0 = time.perf_counter()
    out = call()
    return out, round(time.perf_counter() - t0, 3)


def measure(db: Path, today: dt.date) -> dict:
    from pledgewatch import assessments
    from pledgewatch.store.ledger import ledger_counts

    store, open_s = _timed(lambda: Store(f"sqlite:///{db}"))
    overdue, overdue_cold_s = _timed(lambda: assessments.ledger_rows(store, overdue=True, today=today))
    _, overdue_warm_s = _timed(lambda: assessments.ledger_rows(store, overdue=True, today=today))
    everything, all_s = _timed(lambda: assessments.ledger_rows(store, today=today))
    busiest = max((r for r in everything if r.thread_id), key=lambda r: r.entries)
    (_, items), history_s = _timed(lambda: assessments.history(store, busiest.thread_id))
    _, record_s = _timed(lambda: assessments.record_assessment(
        store, busiest.ref, status="in_progress", evidence_date=today, evidence_url="https://example.org/bench",
        quote="benchmark: one more entry", by="bench", today=today))
    counts = ledger_counts(store.engine)
    store.close()
    return {"entries_stored": counts["entries"], "undertakings": len(everything), "overdue": len(overdue),
            "open_s": open_s, "overdue_cold_s": overdue_cold_s, "overdue_warm_s": overdue_warm_s, "all_rows_s": all_s,
            "history_entries": len(items), "history_s": history_s, "record_s": record_s, "peak_rss_mb": round(peak_mb())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=10000)
    parser.add_argument("--entries", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 12, 3))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--step", choices=("build", "measure"), help=argparse.SUPPRESS)  # one step, in this process
    args = parser.parse_args()
    db = args.db or OUT / f"ledger-{args.meetings}.db"
    if args.step == "build":
        print(json.dumps(build(db, args.meetings, args.entries, args.seed)))
        return
    if args.step == "measure":
        print(json.dumps(measure(db, args.today)))
        return
    result: dict = {}
    base = [sys.executable, __file__, "--meetings", str(args.meetings), "--entries", str(args.entries), "--seed", str(args.seed),
            "--db", str(db), "--today", args.today.isoformat()]
    if args.rebuild or not db.exists():
        print(f"building {db} (once; --rebuild builds it again) …", file=sys.stderr)
        out = subprocess.run([*base, "--step", "build"], check=True, capture_output=True, text=True).stdout
        result["build"] = json.loads(out.strip().splitlines()[-1])
        print(json.dumps(result["build"]), file=sys.stderr)
    out = subprocess.run([*base, "--step", "measure"], check=True, capture_output=True, text=True).stdout
    result["measure"] = json.loads(out.strip().splitlines()[-1])
    for part in result.values():
        print(" | ".join(part))
        print(" | ".join("---" for _ in part))
        print(" | ".join(f"{v:,}" if isinstance(v, int) else str(v) for v in part.values()))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
