"""Search latency and the ledger's overdue listing at a million units, on SQLite FTS5 and on PostgreSQL.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/bench_search.py [--meetings 13200] [--entries 100000] [--queries 300]
        [--postgres postgresql://…/empty_db] [--db benchmarks/out/ledger-13200.db] [--rebuild] [--json out.json]

The database is ``bench_ledger``'s (built once and kept: ``--rebuild`` builds it again): generated
meetings of the bundled corpus's commitments, one unit per commitment, tracked, with ledger
entries; 13,200 meetings give about a million units. ``--postgres`` copies it into that (empty)
PostgreSQL database with ``pledgewatch copy``'s ``copy_database`` and measures there too.

Queries: ``--queries`` drawn with a fixed seed from the units' own words — one word (60 %), two
words (25 %), a "quoted two-word phrase" (15 %) — each run through ``Store.search`` (the web
app's and the CLI's path: ranked, highlighted snippets, 20 hits) after 20 warm-up queries; p50,
p95, p99 and the mean hit count are reported. Then ``assessments.ledger_rows(overdue=True)``,
cold and warm, as ``bench_ledger`` measures it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ledger  # noqa: E402

from pledgewatch import assessments  # noqa: E402
from pledgewatch.store import Store  # noqa: E402
from pledgewatch.store.copying import copy_database  # noqa: E402

TODAY = dt.date(2026, 12, 3)
_WORD = re.compile(r"[A-Za-z]{4,}")


def queries(store: Store, n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    with store.connect() as conn:
        from sqlalchemy import func, select

        from pledgewatch.store.schema import units

        top = conn.execute(select(func.max(units.c.id))).scalar_one()
        texts = [conn.execute(select(units.c.text).where(units.c.id == rng.randint(1, top))).scalar() or "" for _ in range(n)]
    out = []
    for text in texts:
        words = _WORD.findall(text) or ["cooperation"]
        roll = rng.random()
        i = rng.randrange(len(words))
        if roll < 0.6 or len(words) < 2:
            out.append(words[i])
        elif roll < 0.85:
            out.append(f"{words[i]} {rng.choice(words)}")
        else:
            i = min(i, len(words) - 2)
            out.append(f'"{words[i]} {words[i + 1]}"')
    return out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def measure_search(store: Store, qs: list[str]) -> dict:
    for q in qs[:20]:
        store.search(q, limit=20)
    times, hits = [], []
    for q in qs:
        t0 = time.perf_counter()
        found = store.search(q, limit=20)
        times.append((time.perf_counter() - t0) * 1000)
        hits.append(len(found))
    return {"queries": len(qs), "p50_ms": round(pct(times, 50), 1), "p95_ms": round(pct(times, 95), 1), "p99_ms": round(pct(times, 99), 1),
            "mean_ms": round(statistics.mean(times), 1), "mean_hits": round(statistics.mean(hits), 1)}


def measure_overdue(store: Store) -> dict:
    t0 = time.perf_counter()
    rows = assessments.ledger_rows(store, overdue=True, today=TODAY)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    assessments.ledger_rows(store, overdue=True, today=TODAY)
    return {"overdue": len(rows), "cold_s": round(cold, 2), "warm_s": round(time.perf_counter() - t0, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meetings", type=int, default=13_200)
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--postgres", help="an empty PostgreSQL database to copy into and measure")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    db = args.db or bench_ledger.OUT / f"ledger-{args.meetings}.db"
    result: dict = {}
    if args.rebuild or not db.exists():
        result["build"] = bench_ledger.build(db, args.meetings, args.entries, args.seed)
        print(json.dumps(result["build"]), flush=True)
    with Store(f"sqlite:///{db}") as store:
        result["units"] = store.row_counts()["units"]
        qs = queries(store, args.queries)
        result["sqlite"] = {"search": measure_search(store, qs), "ledger": measure_overdue(store)}
        print(json.dumps({"units": result["units"], "sqlite": result["sqlite"]}), flush=True)
        if args.postgres:
            with Store(args.postgres) as pg:
                t0 = time.perf_counter()
                copied = copy_database(store.engine, pg.engine)
                result["postgres_copy_s"] = round(time.perf_counter() - t0, 1)
                result["postgres_rows"] = sum(copied.rows.values())
                result["postgresql"] = {"search": measure_search(pg, qs), "ledger": measure_overdue(pg)}
            print(json.dumps({"postgresql": result["postgresql"], "copy_s": result["postgres_copy_s"]}), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
