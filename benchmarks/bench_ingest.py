"""Ingest throughput on a few thousand documents built from the sample corpus.

Command (from the repository root, after ./run demo or ./run test made .venv):

    .venv/bin/python benchmarks/bench_ingest.py [--docs 3000] [--json out.json]

Builds ``--docs`` distinct statements (deterministically: paragraphs of the
five bundled statements recombined, in text and Markdown-with-front-matter
form) in a temporary folder, then measures, in one process:

1. read + parse + segment only (no database): MB/s, documents/s, units/s;
2. ``pledgewatch ingest`` through the library into a fresh SQLite file —
   parse, segment, extract, near-duplicate lookup, one transaction per
   document: MB/s, documents/s;
3. the same ingest again (every file already present: the idempotent path).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from pledgewatch.ingest import read_document
from pledgewatch.pipeline import ingest_paths
from pledgewatch.segment import segment
from pledgewatch.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "pledgewatch" / "data" / "corpus"


def build_corpus(folder: Path, n: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    paragraphs = [p.strip() for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 150]
    total = 0
    for i in range(n):
        body = "\n\n".join(rng.sample(paragraphs, rng.randint(8, 16)))
        if i % 2:
            text = f"---\ntitle: Joint Statement {i}\ndate: '20{10 + i % 15:02d}-0{1 + i % 9}-1{i % 10}'\n---\n\n{body}\n"
            path = folder / f"s{i:05d}.md"
        else:
            text = f"Joint Statement {i}\n\n{body}\n"
            path = folder / f"s{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        size = build_corpus(folder, args.docs)
        files = sorted(folder.iterdir())
        mb = size / 1e6

        t = time.perf_counter()
        units = sum(len(segment(read_document(p))) for p in files)
        parse_s = time.perf_counter() - t

        db = Path(tmp) / "bench.db"
        with Store(str(db)) as store:
            t = time.perf_counter()
            report = ingest_paths(store, [str(folder)])
            ingest_s = time.perf_counter() - t
            t = time.perf_counter()
            again = ingest_paths(store, [str(folder)])
            again_s = time.perf_counter() - t
        result = {
            "documents": len(files), "megabytes": round(mb, 2), "units": units,
            "parse_segment_mb_per_s": round(mb / parse_s, 2), "parse_segment_docs_per_s": round(len(files) / parse_s, 1),
            "parse_segment_units_per_s": round(units / parse_s, 1),
            "ingest_mb_per_s": round(mb / ingest_s, 3), "ingest_docs_per_s": round(len(files) / ingest_s, 1),
            "ingest_added": report.count("added"), "ingest_near_duplicates": report.count("near_duplicate"),
            "reingest_docs_per_s": round(len(files) / again_s, 1), "reingest_present": again.count("present"),
            "db_mb": round(db.stat().st_size / 1e6, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "python": sys.version.split()[0],
        }
    print("| measure | value |\n|---|---|")
    for k, v in result.items():
        print(f"| {k} | {v} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
