"""Tracking at scale: link_threads + build_registry over up to 10,000 meetings' worth of commitments.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/bench_tracking.py [--meetings 100,1000,10000] [--series-length 20] [--seed 7] [--json out.json]

The commitments are the bundled corpus's extracted commitments, perturbed
deterministically (``--seed``): each series of ``--series-length`` meetings
belongs to one pair of parties (party names in the text swapped for theirs)
and evolves meeting by meeting — most units carried over with a few words
swapped and numbers changed, some dropped, some new ones drawn from the corpus
with a fifth of their words swapped; mechanism names get a series-specific
word now and then. Dates advance a year per meeting. Each size is measured in
a fresh process (time and peak RSS of that process: the input is built
first, so the peak includes it; the input's own size is printed too).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from pledgewatch.extract import extract_commitments
from pledgewatch.ingest import read_document
from pledgewatch.model import Commitment, Meeting, Value
from pledgewatch.parties import ALIASES
from pledgewatch.segment import segment
from pledgewatch.track.meetings import DocInfo, group_meetings
from pledgewatch.track.registry import build_registry
from pledgewatch.track.threads import link_threads

CORPUS = Path(__file__).resolve().parent.parent / "pledgewatch" / "data" / "corpus"
CODES = [c for c in ALIASES if c and len(c) == 2 and c not in ("US", "KR", "KP")]
_WORD = re.compile(r"[A-Za-z]{4,}")
_NUMBER = re.compile(r"\d[\d,.]*")
_KOREA = re.compile(r"\b(?:the Republic of Korea|Republic of Korea|ROK|Korea|Korean)\b")


def base_meetings() -> list[list[Commitment]]:
    """The corpus's commitments, one list per (dated) meeting, as tracking groups them."""
    docs = [read_document(p) for p in sorted(CORPUS.glob("*.txt"))]
    commitments = {d.id: [c for c in extract_commitments(d, segment(d)) if c.is_commitment] for d in docs}
    meetings = group_meetings([DocInfo(d.id, d.name, d.date, d.parties, d.doc_type, d.title) for d in docs], commitments)
    return [[c for d in m.doc_ids for c in commitments[d]] for m in meetings]


class Perturber:
    def __init__(self, seed: int, units: list[Commitment]) -> None:
        self.rng = random.Random(seed)
        self.vocab = sorted({w for c in units for w in _WORD.findall(c.text)})
        self.pool = units

    def text(self, text: str, share: float, party_name: str) -> str:
        rng = self.rng
        words = text.split(" ")
        for i in range(len(words)):
            if rng.random() < share and _WORD.fullmatch(words[i].strip(".,;:")):
                words[i] = rng.choice(self.vocab)
        out = " ".join(words)
        out = _NUMBER.sub(lambda m: str(rng.randint(2, 999)) if rng.random() < 0.3 else m.group(), out)
        return _KOREA.sub(party_name, out)

    def mechanism(self, v: Value, series: int) -> Value:
        if self.rng.random() >= 0.2:
            return v
        n = dict(v.normalised)
        name = f"{n.get('name') or v.text} {series}"
        n.update(name=name, long_name=None, acronym=None)
        return Value("mechanism", 0, 0, name, n)

    def commitment(self, c: Commitment, doc_id: str, index: int, share: float, party_name: str, series: int) -> Commitment:
        text = self.text(c.text, share, party_name)
        unit = dataclasses.replace(c.unit, doc_id=doc_id, index=index, start=0, end=len(text), text=text)
        mechs = tuple(self.mechanism(v, series) for v in c.mechanisms)
        amounts = tuple(
            dataclasses.replace(v, normalised={**v.normalised, "value": float(self.rng.randint(1, 500)) * 1e6})
            if v.normalised.get("type") == "money" and self.rng.random() < 0.3 else v
            for v in c.amounts
        )
        return dataclasses.replace(c, doc_id=doc_id, unit=unit, mechanisms=mechs, amounts=amounts)


def generate(n_meetings: int, series_length: int, seed: int) -> tuple[list[Meeting], dict[str, list[Commitment]]]:
    bases = base_meetings()
    p = Perturber(seed, [c for b in bases for c in b])
    rng = p.rng
    meetings: list[Meeting] = []
    commitments: dict[str, list[Commitment]] = {}
    series = 0
    while len(meetings) < n_meetings:
        pair = (rng.choice(CODES), "US") if rng.random() < 0.5 else tuple(rng.sample(CODES, 2))
        party_name = ALIASES[pair[0]][0]
        prev: list[Commitment] = []
        start = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 3000))
        for k in range(min(series_length, n_meetings - len(meetings))):
            doc_id = f"s{series}m{k}"
            base = bases[rng.randrange(len(bases))]
            kept = [c for c in prev if rng.random() < 0.85]
            fresh_n = max(5, len(base) - len(kept)) if not prev else max(3, int(len(base) * 0.15))
            fresh = rng.sample(base, min(fresh_n, len(base)))
            units = [p.commitment(c, doc_id, i, 0.08, party_name, series) for i, c in enumerate(kept)]
            units += [p.commitment(c, doc_id, len(units) + i, 0.2, party_name, series) for i, c in enumerate(fresh)]
            commitments[doc_id] = units
            date = start + dt.timedelta(days=365 * k)
            meetings.append(Meeting(f"{date}-{'-'.join(pair)}-{series}", date, pair, (doc_id,)))
            prev = units
        series += 1
    meetings.sort(key=lambda m: (m.date, m.id))
    return meetings, commitments


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int, series_length: int, seed: int) -> dict:
    t0 = time.perf_counter()
    meetings, commitments = generate(n, series_length, seed)
    gen_s = time.perf_counter() - t0
    input_mb = peak_mb()
    units = sum(len(v) for v in commitments.values())
    t0 = time.perf_counter()
    threads = link_threads(meetings, commitments)
    link_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    registry = build_registry(meetings, commitments)
    reg_s = time.perf_counter() - t0
    return {
        "meetings": len(meetings), "units": units, "generate_s": round(gen_s, 1), "link_threads_s": round(link_s, 1),
        "build_registry_s": round(reg_s, 1), "units_per_s": round(units / (link_s + reg_s)), "threads": len(threads),
        "multi_member_threads": sum(len(t.members) > 1 for t in threads), "dropped": sum(bool(t.dropped_at) for t in threads),
        "mechanisms": len(registry), "rss_after_input_mb": round(input_mb), "peak_rss_mb": round(peak_mb()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", default="100,1000,10000")
    parser.add_argument("--series-length", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.series_length, args.seed)))
        return
    rows = []
    for n in (int(x) for x in args.meetings.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--series-length", str(args.series_length), "--seed", str(args.seed)],
            check=True, capture_output=True, text=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"  {r['meetings']:>6} meetings done in {r['link_threads_s'] + r['build_registry_s']:.1f} s", file=sys.stderr)
    cols = ["meetings", "units", "link_threads_s", "build_registry_s", "units_per_s", "threads", "multi_member_threads",
            "dropped", "mechanisms", "rss_after_input_mb", "peak_rss_mb"]
    print(" | ".join(cols))
    print(" | ".join("---" for _ in cols))
    for r in rows:
        print(" | ".join(f"{r[c]:,}" if isinstance(r[c], int) else str(r[c]) for c in cols))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
