"""Ingest throughput, single process, on the corpus of benchmarks/make_corpus.py.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/make_corpus.py && .venv/bin/python benchmarks/bench_ingest.py

    options: bench_ingest.py [CORPUS_DIR] [--docs 3000] [--limit N] [--json FILE] [--db-dir DIR] [--profile FILE]

CORPUS_DIR defaults to ``benchmarks/out/corpus``; when it holds no corpus yet
it is built first (``--docs`` documents, make_corpus's defaults). Three
stages, one process, timed with ``time.perf_counter``:

1. read + parse + segment, no database (``read_file_bytes``,
   ``document_from_bytes``, ``segment``): MB/s, documents/s, units/s;
2. full ingest into a fresh SQLite file through the library, exactly what
   ``pledgewatch ingest CORPUS_DIR`` runs (``Store`` + ``pipeline.ingest_paths``:
   parse, segment, extract, near-duplicate lookup, one transaction per
   document with its units, FTS5 rows and commitments): MB/s, documents/s,
   with the time split by step and the rate in each tenth of the run;
3. the same folder again on a newly opened store (every file already
   stored: the idempotent no-op path): documents/s.

Before stage 1 one file of each format is parsed, segmented and extracted
untimed, so that one-off imports (trafilatura, pypdf) and model loading are
not charged to the first file; their cost is printed apart. MB are input
bytes (10^6), "text MB" the UTF-8 size of the normalised statement text.
Peak RSS is ``ru_maxrss`` of this process after each stage. ``--profile FILE``
runs stage 2 under cProfile, writes the stats to FILE and prints the top
entries (its timings are then inflated by the profiler).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pledgewatch.pipeline as pipeline
from pledgewatch.extract import extract_commitments
from pledgewatch.ingest import document_from_bytes, expand_paths, near_duplicates, read_file_bytes, sniff_format
from pledgewatch.segment import segment
from pledgewatch.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402

FORMATS = ("text", "markdown", "html", "pdf")
LOOKUP = "  of which: near-duplicate lookup"
SIMILARITY = "similarity"
SERIES = {LOOKUP, SIMILARITY}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rate(x: float, seconds: float) -> float:
    return x / seconds if seconds > 0 else float("nan")


# -- stage 1 ------------------------------------------------------------------


def warm_up(files: list[Path]) -> dict[str, float]:
    """Parse, segment and extract one file of each format, untimed by the stages."""
    seen: dict[str, float] = {}
    for path in files:
        raw = path.read_bytes()
        fmt = sniff_format(path.name, raw)
        if fmt in seen:
            continue
        t = time.perf_counter()
        doc = document_from_bytes(raw, name=path.name, path=str(path))
        extract_commitments(doc, segment(doc))
        seen[fmt] = time.perf_counter() - t
        if len(seen) == len(FORMATS):
            break
    return seen


def stage_parse(files: list[Path]) -> tuple[dict[str, Any], dict[str, str]]:
    per: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    fmt_of: dict[str, str] = {}
    failed = 0
    t0 = time.perf_counter()
    for path in files:
        t = time.perf_counter()
        raw = read_file_bytes(path)
        try:
            doc = document_from_bytes(raw, name=path.name, path=str(path))
        except Exception:  # a failed file still counts: ingest would report it
            failed += 1
            continue
        units = segment(doc)
        dt_ = time.perf_counter() - t
        fmt = doc.sources[0].format
        fmt_of[str(path)] = fmt
        p = per[fmt]
        p["docs"] += 1
        p["bytes"] += len(raw)
        p["text_bytes"] += len(doc.text.encode("utf-8"))
        p["units"] += len(units)
        p["seconds"] += dt_
    wall = time.perf_counter() - t0
    total = {k: sum(p[k] for p in per.values()) for k in ("docs", "bytes", "text_bytes", "units", "seconds")}
    return {"wall_s": wall, "failed": failed, "total": total, "per_format": {k: dict(v) for k, v in per.items()}}, fmt_of


# -- stage 2: instrumented ingest -----------------------------------------------


class Timers:
    """Wraps library functions (in this process only) to add up the time spent in each."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._undo: list[tuple[Any, str, Any]] = []
        self.labels: list[str] = []
        self.series: dict[str, list[float]] = defaultdict(list)  # per-call seconds, for the labels in SERIES

    def wrap(self, owner: Any, attr: str, label: str) -> None:
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.perf_counter() - t
                self.seconds[label] += spent
                self.calls[label] += 1
                if label in SERIES:
                    self.series[label].append(spent)

        setattr(owner, attr, timed)
        self.labels.append(label)
        self._undo.append((owner, attr, original))

    def restore(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()


def instrument() -> Timers:
    timers = Timers()
    timers.wrap(pipeline, "read_file_bytes", "read file")
    timers.wrap(Store, "source_known", "source_known (hash lookup)")
    timers.wrap(pipeline, "document_from_bytes", "parse (document_from_bytes)")
    timers.wrap(pipeline, "segment", "segment")
    timers.wrap(pipeline, "extract_commitments", "extract_commitments")
    timers.wrap(Store, "add_document", "add_document (whole transaction)")
    timers.wrap(near_duplicates, "fingerprint", "  of which: MinHash fingerprint")
    timers.wrap(Store, "_near_duplicate", LOOKUP)
    timers.wrap(pipeline, "insert_commitments", "  of which: insert_commitments")
    timers.wrap(Store, "_merge_metadata", "  of which: merge metadata (duplicates)")
    timers.wrap(near_duplicates, "similarity", SIMILARITY)  # one call per candidate compared
    return timers


def stage_ingest(folder: Path, db: Path, fmt_of: dict[str, str], profile: Path | None) -> dict[str, Any]:
    t = time.perf_counter()
    store = Store(str(db))
    open_s = time.perf_counter() - t
    marks: list[tuple[float, str, str, int]] = []  # (time, path, status, bytes)

    def on_file(o: pipeline.FileOutcome) -> None:
        marks.append((time.perf_counter(), o.path, o.status, 0))

    timers = instrument()
    profiler = cProfile.Profile() if profile else None
    try:
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        report = pipeline.ingest_paths(store, [str(folder)], on_file=on_file)
        if profiler:
            profiler.disable()
        wall = time.perf_counter() - t0
    finally:
        timers.restore()
        store.close()

    per: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    prev = t0
    for when, path, status, _ in marks:
        fmt = fmt_of.get(path, "failed")
        per[fmt]["docs"] += 1
        per[fmt]["bytes"] += Path(path).stat().st_size if Path(path).exists() else 0
        per[fmt]["seconds"] += when - prev
        prev = when
    n = len(marks)
    tenths = []
    for k in range(10):
        lo, hi = k * n // 10, (k + 1) * n // 10
        if hi <= lo:
            continue
        start = t0 if lo == 0 else marks[lo - 1][0]
        tenths.append(round(rate(hi - lo, marks[hi - 1][0] - start), 2))
    lookups = timers.series[LOOKUP]
    m = len(lookups)
    lookup_ms = [round(1000 * sum(lookups[k * m // 10 : (k + 1) * m // 10]) / max((k + 1) * m // 10 - k * m // 10, 1), 2) for k in range(10)] if m >= 10 else []
    statuses: dict[str, int] = defaultdict(int)
    for o in report.outcomes:
        statuses[o.status] += 1
    with Store(str(db)) as store:
        counts = store.row_counts()
    result = {
        "open_store_s": open_s, "wall_s": wall, "statuses": dict(statuses),
        "failures": [(o.path, o.error_code, o.error) for o in report.failed][:10],
        "per_format": {k: dict(v) for k, v in per.items()},
        "steps": {k: {"seconds": timers.seconds[k], "calls": timers.calls[k]} for k in timers.labels},
        "docs_per_s_by_tenth": tenths, "lookup_ms_by_tenth": lookup_ms,
        "candidates_compared": timers.calls[SIMILARITY], "lookups": m, "rows": counts,
        "db_mb": sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6,
    }
    if profiler:
        profiler.dump_stats(str(profile))
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        result["profile_top"] = out.getvalue()
    return result


def stage_reingest(folder: Path, db: Path) -> dict[str, Any]:
    t = time.perf_counter()
    store = Store(str(db))
    open_s = time.perf_counter() - t
    try:
        t0 = time.perf_counter()
        report = pipeline.ingest_paths(store, [str(folder)])
        wall = time.perf_counter() - t0
    finally:
        store.close()
    statuses: dict[str, int] = defaultdict(int)
    for o in report.outcomes:
        statuses[o.status] += 1
    return {"open_store_s": open_s, "wall_s": wall, "docs": len(report.outcomes), "statuses": dict(statuses)}


# -- report -------------------------------------------------------------------


def fmt_num(x: float, digits: int = 1) -> str:
    if x != x:  # nan
        return "–"
    return f"{x:,.{digits}f}"


def markdown(res: dict[str, Any]) -> str:
    p, g, r = res["parse"], res["ingest"], res["reingest"]
    tot = p["total"]
    mb, text_mb, docs = tot["bytes"] / 1e6, tot["text_bytes"] / 1e6, tot["docs"]
    n_ing = sum(g["statuses"].values())
    in_mb = res["corpus"]["bytes"] / 1e6
    m = res["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}, SQLite {m['sqlite']}" + (" — under cProfile" if m["profiled"] else "") + ".",
        f"Corpus: {res['corpus']['documents']:,} files, {in_mb:.1f} MB "
        f"({', '.join(f'{k} {v}' for k, v in res['corpus']['formats'].items())}); "
        f"{text_mb:.1f} MB of normalised text, {tot['units']:,.0f} units.",
        "",
        "| stage | documents | MB/s (input) | MB/s (text) | documents/s | units/s | wall s | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| 1. read + parse + segment (no DB) | {docs:,.0f} | {fmt_num(rate(mb, p['wall_s']), 2)} | {fmt_num(rate(text_mb, p['wall_s']), 2)} | "
        f"{fmt_num(rate(docs, p['wall_s']))} | {fmt_num(rate(tot['units'], p['wall_s']), 0)} | {p['wall_s']:.1f} | {res['rss_after_parse_mb']:.0f} |",
        f"| 2. full ingest, fresh SQLite | {n_ing:,} | {fmt_num(rate(in_mb, g['wall_s']), 3)} | {fmt_num(rate(text_mb, g['wall_s']), 3)} | "
        f"{fmt_num(rate(n_ing, g['wall_s']))} | {fmt_num(rate(tot['units'], g['wall_s']), 0)} | {g['wall_s']:.1f} | {res['rss_after_ingest_mb']:.0f} |",
        f"| 3. re-ingest, all present | {r['docs']:,} | {fmt_num(rate(in_mb, r['wall_s']), 1)} | – | "
        f"{fmt_num(rate(r['docs'], r['wall_s']), 0)} | – | {r['wall_s']:.2f} | {res['rss_after_reingest_mb']:.0f} |",
        "",
        f"Ingest outcomes: {', '.join(f'{k} {v}' for k, v in sorted(g['statuses'].items()))}; re-ingest: "
        f"{', '.join(f'{k} {v}' for k, v in sorted(r['statuses'].items()))}. Opening the store: {g['open_store_s']:.2f} s fresh "
        f"(migrations), {r['open_store_s']:.2f} s on the filled database. Database: {g['db_mb']:.0f} MB, "
        f"rows {', '.join(f'{k} {v:,}' for k, v in g['rows'].items())}.",
        "",
        "| format | documents | MB | parse+segment MB/s | parse+segment docs/s | ingest MB/s | ingest docs/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt in FORMATS:
        a, b = p["per_format"].get(fmt), g["per_format"].get(fmt)
        if not a:
            continue
        lines.append(
            f"| {fmt} | {a['docs']:,.0f} | {a['bytes'] / 1e6:.1f} | {fmt_num(rate(a['bytes'] / 1e6, a['seconds']), 2)} | {fmt_num(rate(a['docs'], a['seconds']))} | "
            + (f"{fmt_num(rate(b['bytes'] / 1e6, b['seconds']), 3)} | {fmt_num(rate(b['docs'], b['seconds']))} |" if b else "– | – |")
        )
    lines += ["", "Where stage 2's time goes (wrapped library calls, this process only):", "",
              "| step | seconds | share of stage 2 | calls |", "|---|---:|---:|---:|"]
    for step, v in g["steps"].items():
        if step == SIMILARITY:
            continue
        lines.append(f"| {step} | {v['seconds']:.1f} | {100 * v['seconds'] / g['wall_s']:.1f} % | {v['calls']:,} |")
    accounted = sum(v["seconds"] for k, v in g["steps"].items() if not k.startswith("  "))
    lines.append(f"| (rest: folder walk, outcome bookkeeping) | {g['wall_s'] - accounted:.1f} | {100 * (g['wall_s'] - accounted) / g['wall_s']:.1f} % | |")
    lines += ["", "Stage 2 documents/s in each tenth of the run (a falling rate means a cost that grows with the database): "
              + " · ".join(fmt_num(x) for x in g["docs_per_s_by_tenth"]),
              "", "Near-duplicate lookup, ms per document in each tenth: " + " · ".join(fmt_num(x, 2) for x in g["lookup_ms_by_tenth"])
              + f" ({g['candidates_compared']:,} candidates compared in {g['lookups']:,} lookups)"]
    lines += ["", f"One-off first-call cost (imports, model load) per format, excluded above: "
              + ", ".join(f"{k} {v:.2f} s" for k, v in res["warm_up_s"].items()) + "."]
    if g["failures"]:
        lines += ["", "Failures (first 10): " + "; ".join(f"{a}: {b} {c}" for a, b, c in g["failures"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=make_corpus.DEFAULT_OUT, help="corpus folder (default benchmarks/out/corpus)")
    parser.add_argument("--docs", type=int, default=3000, help="documents to build when the folder holds no corpus (default 3000)")
    parser.add_argument("--limit", type=int, help="use only the first N files (a quick run; copied to a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--db-dir", type=Path, help="where the benchmark database goes (default: a temporary folder, removed after)")
    parser.add_argument("--profile", type=Path, help="run stage 2 under cProfile and write the stats here")
    args = parser.parse_args(argv)

    if not (args.corpus / make_corpus.MANIFEST).exists():
        print(f"building the corpus in {args.corpus} ({args.docs} documents) …", file=sys.stderr)
        make_corpus.build(args.corpus, args.docs)

    with tempfile.TemporaryDirectory(prefix="pw-bench-", dir=args.db_dir) as tmp:
        folder = args.corpus
        if args.limit:
            folder = Path(tmp) / "corpus"
            folder.mkdir()
            for p in expand_paths([str(args.corpus)]).files[: args.limit]:
                (folder / p.name).write_bytes(p.read_bytes())
        files = expand_paths([str(folder)]).files
        sizes = [p.stat().st_size for p in files]
        print(f"{len(files)} files, {sum(sizes) / 1e6:.1f} MB in {folder}", file=sys.stderr)

        warm = warm_up(files)
        print("stage 1: read + parse + segment …", file=sys.stderr)
        parse, fmt_of = stage_parse(files)
        rss1 = peak_rss_mb()
        print(f"  {parse['wall_s']:.1f} s; stage 2: full ingest into a fresh SQLite file …", file=sys.stderr)
        db = Path(tmp) / "bench.db"
        ingest = stage_ingest(folder, db, fmt_of, args.profile)
        rss2 = peak_rss_mb()
        print(f"  {ingest['wall_s']:.1f} s; stage 3: re-ingest …", file=sys.stderr)
        reingest = stage_reingest(folder, db)
        rss3 = peak_rss_mb()

    formats: dict[str, int] = defaultdict(int)
    for f in fmt_of.values():
        formats[f] += 1
    res = {
        "corpus": {"folder": str(folder), "documents": len(files), "bytes": sum(sizes), "formats": dict(sorted(formats.items()))},
        "warm_up_s": warm, "parse": parse, "ingest": ingest, "reingest": reingest,
        "rss_after_parse_mb": rss1, "rss_after_ingest_mb": rss2, "rss_after_reingest_mb": rss3,
        "machine": {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
                    "cpu": _cpu_model(), "cores": os.cpu_count(), "profiled": bool(args.profile)},
    }
    print(markdown(res))
    if ingest.get("profile_top"):
        print("\n```\n" + ingest["profile_top"] + "\n```")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
