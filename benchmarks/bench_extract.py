"""Extraction throughput: read + segment + extract, one process, no database.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/bench_extract.py [--repeat 200] [--runs 3] [--json out.json]

The corpus is the five bundled statements read ``--repeat`` times each (the
work per byte does not depend on repetition: nothing is cached across
documents except compiled patterns and the loaded model). Prints MB/s, units/s
and documents/s for ingest+segment+extract, and for extract alone. With
``--runs N`` the corpus is timed N times and each measure reports its fastest run: on
a shared machine the slow runs measure the neighbours.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from pledgewatch.extract import extract_commitments
from pledgewatch.extract.classifier import load_models
from pledgewatch.ingest import document_from_bytes
from pledgewatch.segment import segment

CORPUS = Path(__file__).resolve().parent.parent / "pledgewatch" / "data" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--runs", type=int, default=1, help="time the corpus this many times, report the fastest")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    files = [(p.name, p.read_bytes()) for p in sorted(CORPUS.glob("*.txt"))]
    load_models()  # loaded once per process, as in real use
    total_bytes = sum(len(b) for _, b in files) * args.repeat
    runs = [_run(files, args.repeat) for _ in range(max(1, args.runs))]
    seconds = min(r[0] for r in runs)
    extract_seconds = min(r[1] for r in runs)
    docs, units, commitments = runs[0][2:]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "documents": docs, "units": units, "commitments": commitments, "megabytes": round(total_bytes / 1e6, 2),
        "seconds": round(seconds, 2),
        "ingest_extract_mb_per_s": round(total_bytes / 1e6 / seconds, 3),
        "ingest_extract_units_per_s": round(units / seconds, 1),
        "ingest_extract_docs_per_s": round(docs / seconds, 1),
        "extract_only_mb_per_s": round(total_bytes / 1e6 / extract_seconds, 3),
        "extract_only_units_per_s": round(units / extract_seconds, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "python": sys.version.split()[0],
    }
    print("| measure | value |\n|---|---|")
    for k, v in result.items():
        print(f"| {k} | {v} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


def _run(files: list[tuple[str, bytes]], repeat: int) -> tuple[float, float, int, int, int]:
    """Seconds for ingest+segment+extract and for extract alone; documents, units, commitments."""
    docs = units = commitments = 0
    extract_seconds = 0.0
    start = time.perf_counter()
    for _ in range(repeat):
        for name, raw in files:
            doc = document_from_bytes(raw, name=name)
            doc_units = segment(doc)
            t = time.perf_counter()
            found = extract_commitments(doc, doc_units)
            extract_seconds += time.perf_counter() - t
            docs += 1
            units += len(doc_units)
            commitments += sum(c.is_commitment for c in found)
    return time.perf_counter() - start, extract_seconds, docs, units, commitments


if __name__ == "__main__":
    main()
