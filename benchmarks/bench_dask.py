"""Ingest throughput on Dask: one process against 1, 2 and 4 local Dask workers, on a generated corpus.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/bench_dask.py [--docs 20000] [--workers 1,2,4] [--seed 1] [--sample 300]
        [--out benchmarks/out/dask] [--json out.json] [--skip-single] [--track]

The corpus is ``make_corpus.build(OUT/corpus-N, N)`` (kept between runs): statements in text,
Markdown, HTML and PDF with reposts and copies, as the ingest benchmark uses. Each run ingests the
whole folder into a fresh SQLite database (``--db`` default: a file under OUT), timed from the first
file to the last outcome: ``pipeline.ingest_paths`` in one process, then
``batch.ingest_paths_on_cluster`` on a local cluster of W worker processes (one thread each) for
each W of ``--workers`` (cluster start-up included). On a 2-core machine, 4 workers is a simulated
cluster: the speed-up it can show is capped by the cores. ``--track`` also times tracking once
after the last run.

Per-statement costs for the projection are measured on ``--sample`` files of the corpus in this
process: preparing (read, parse, segment, extract: what a worker does) and storing (what the
writing process does, in batches of 64 per transaction). Peak memory: this process's (the
writer) and each worker's (read from the workers at the end of a run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus  # noqa: E402

from pledgewatch import batch  # noqa: E402
from pledgewatch.ingest import expand_paths  # noqa: E402
from pledgewatch.pipeline import ingest_paths, prepare_file, store_prepared_batch  # noqa: E402
from pledgewatch.store import Store  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "dask"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus(n: int, seed: int, out: Path) -> tuple[Path, int]:
    folder = out / f"corpus-{n}-{seed}"
    manifest = folder / ".manifest.json"
    if not manifest.exists():
        make_corpus.build(folder, n, seed)
    return folder, json.loads(manifest.read_text())["bytes"]


def fresh_db(out: Path, name: str) -> str:
    path = out / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def run(folder: Path, out: Path, workers: int | None) -> dict:
    url = fresh_db(out, f"ingest-{workers or 'single'}")
    worker_mb: list[float] = []
    with Store(url) as store:
        started = time.perf_counter()
        if workers is None:
            report = ingest_paths(store, [str(folder)])
        else:
            report = _on_cluster(store, folder, workers, worker_mb)
        seconds = time.perf_counter() - started
        counts = store.row_counts()
    size = Path(url.removeprefix("sqlite:///")).stat().st_size
    return {"workers": workers or 0, "seconds": round(seconds, 1), "files": len(report.outcomes),
            "added": report.count("added"), "failed": len(report.failed), "docs_per_s": round(len(report.outcomes) / seconds, 1),
            "units": counts["units"], "db_mb": round(size / 1e6, 1), "writer_peak_mb": round(peak_mb()),
            "worker_peak_mb": round(max(worker_mb, default=0))}


def _on_cluster(store: Store, folder: Path, workers: int, worker_mb: list[float]):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50) as cluster:
        report = batch.ingest_paths_on_cluster(store, [str(folder)], scheduler=cluster.scheduler_address)
        with Client(cluster) as client:
            worker_mb.extend(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024).values())
    return report


def per_statement(folder: Path, out: Path, sample: int) -> dict:
    files = expand_paths([str(folder)]).files[:sample]
    started = time.perf_counter()
    prepared = [prepare_file(p) for p in files]
    prep = (time.perf_counter() - started) / len(files)
    with Store(fresh_db(out, "per-statement")) as store:
        started = time.perf_counter()
        for i in range(0, len(prepared), batch.WRITE_BATCH):
            store_prepared_batch(store, prepared[i:i + batch.WRITE_BATCH])
        write = (time.perf_counter() - started) / len(files)
    return {"sample": len(files), "prepare_ms": round(prep * 1000, 2), "store_ms": round(write * 1000, 2)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--skip-single", action="store_true", help="no one-process run")
    ap.add_argument("--track", action="store_true", help="also time tracking once after the last run")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    folder, nbytes = corpus(args.docs, args.seed, args.out)
    print(f"corpus: {args.docs} statements, {nbytes / 1e6:.1f} MB in {folder}; {os.cpu_count()} cores", flush=True)
    result: dict = {"docs": args.docs, "bytes": nbytes, "cores": os.cpu_count(), "runs": []}
    result["per_statement"] = costs = per_statement(folder, args.out, args.sample)
    print(f"per statement: prepare {costs['prepare_ms']} ms, store {costs['store_ms']} ms (sample of {costs['sample']})", flush=True)
    for w in ([None] if not args.skip_single else []) + [int(x) for x in args.workers.split(",") if x]:
        r = run(folder, args.out, w)
        result["runs"].append(r)
        print(json.dumps(r), flush=True)
    base = next((r["seconds"] for r in result["runs"] if r["workers"] == 0), None)
    for r in result["runs"]:
        r["speedup"] = round(base / r["seconds"], 2) if base else None
    if args.track:
        from pledgewatch.tracker import update_tracking

        last = result["runs"][-1]["workers"] or "single"
        with Store(f"sqlite:///{args.out / f'ingest-{last}.db'}") as store:
            started = time.perf_counter()
            t = update_tracking(store)
            result["tracking"] = {"seconds": round(time.perf_counter() - started, 1), "meetings": len(t.meetings), "threads": len(t.threads)}
        print(json.dumps(result["tracking"]), flush=True)
    print("\n| run | seconds | statements/s | speed-up | writer peak MB | worker peak MB | DB MB |\n|---|---|---|---|---|---|---|")
    for r in result["runs"]:
        name = "one process" if r["workers"] == 0 else f"Dask, {r['workers']} worker(s)"
        print(f"| {name} | {r['seconds']} | {r['docs_per_s']} | {r['speedup']} | {r['writer_peak_mb']} | {r['worker_peak_mb'] or '—'} | {r['db_mb']} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
