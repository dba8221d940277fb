"""Scoring tracking (threads, mechanism lifecycles) against gold, with the guide's matching rules.

- Threads: pairwise precision/recall/F1 over pairs of units from *different*
  documents (a pair counts when both units are in one thread). Predicted
  units are matched to gold units one-to-one by token Jaccard ≥ 0.6
  (``evaluate.match_units``); a predicted pair with a unit that matches no
  gold commitment cannot be judged and is counted apart (``unjudged_pairs``).
  Change-type accuracy is over matched members.
- Mechanisms: F1 of (mechanism, meeting date, event) triples. Registry
  entries are matched one-to-one to gold mechanisms by name or alias, leniently
  as the guide's list items (containment or Jaccard ≥ 0.5), closest first.

``python -m pledgewatch.evaluate_tracking [GOLD_DIR] [--corpus DIR] [--json]``
prints both, end to end from the corpus through ``extract_commitments``, and
again when linking the gold commitments themselves (a diagnostic).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import MalformedGold
from .evaluate import Counts, items_match, jaccard, match_units, read_gold_units, read_jsonl
from .model import CHANGES, MECHANISM_EVENTS, Commitment, Document, Extractor, Mechanism, Meeting, Thread, Unit, Value

# What can be scored, the gold file (in the gold folder) each part is scored against,
# and the report key of its disagreements.
TRACKING_PARTS = ("threads", "mechanisms")
TRACKING_GOLD = {"threads": "threads.jsonl", "mechanisms": "mechanisms.jsonl"}
ERRORS_KEY = {"threads": "thread_errors", "mechanisms": "mechanism_errors"}

# --- reading gold ------------------------------------------------------------------------


def _is_str_list(x: Any) -> bool:
    return isinstance(x, list) and all(isinstance(i, str) for i in x)


def _check_thread(row: Any) -> str | None:
    if not isinstance(row, dict) or not isinstance(row.get("thread"), str) or not isinstance(row.get("members"), list) or not row["members"]:
        return "needs a 'thread' name and a non-empty 'members' list"
    for k, m in enumerate(row["members"], 1):
        if not isinstance(m, dict) or not all(isinstance(m.get(f), str) for f in ("doc", "text", "change")):
            return f"member {k} needs 'doc', 'text' and 'change' strings"
        if m["change"] not in CHANGES:
            return f"member {k}: change '{m['change']}' is not one of {', '.join(CHANGES)}"
    return None


def _check_mechanism(row: Any) -> str | None:
    if not isinstance(row, dict) or not isinstance(row.get("name"), str) or not _is_str_list(row.get("aliases", [])):
        return "needs a 'name' string and an 'aliases' list of strings"
    if not isinstance(row.get("events"), list):
        return "needs an 'events' list"
    for k, e in enumerate(row["events"], 1):
        if not isinstance(e, dict) or not all(isinstance(e.get(f), str) for f in ("doc", "meeting", "event")):
            return f"event {k} needs 'doc', 'meeting' and 'event' strings"
        if e["event"] not in MECHANISM_EVENTS:
            return f"event {k}: '{e['event']}' is not one of {', '.join(MECHANISM_EVENTS)}"
    return None


def read_gold_threads(path: Path) -> list[dict[str, Any]]:
    return read_jsonl(path, _check_thread)


def read_gold_mechanisms(path: Path) -> list[dict[str, Any]]:
    return read_jsonl(path, _check_mechanism)


def check_tracking_gold(gold_dir: Path, parts: Sequence[str] = TRACKING_PARTS) -> None:
    """Fail before any slow work when the gold file of one of ``parts`` is missing or has a
    malformed line (``MalformedGold``, PW401, naming the file and the line)."""
    readers = {"threads": read_gold_threads, "mechanisms": read_gold_mechanisms}
    for part in parts:
        path = Path(gold_dir) / TRACKING_GOLD[part]
        if not path.is_file():
            raise MalformedGold(f"no {TRACKING_GOLD[part]} here (scoring {part} needs it)", path=str(gold_dir),
                                hint=f"add {TRACKING_GOLD[part]} to the folder, or leave out --{part}")
        readers[part](path)


# --- threads -------------------------------------------------------------------------------------


@dataclass
class ThreadScore:
    pairs: Counts = field(default_factory=Counts)
    unjudged_pairs: int = 0
    matched_members: int = 0
    gold_members: int = 0
    change_hits: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) → n
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def change_accuracy(self) -> float:
        return self.change_hits / self.matched_members if self.matched_members else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs.as_dict(),
            "unjudged_pairs": self.unjudged_pairs,
            "matched_members": self.matched_members,
            "gold_members": self.gold_members,
            "change_accuracy": round(self.change_accuracy, 4),
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(self.confusion.items())},
        }


def _doc_names(units_by_doc: Mapping[str, Any]) -> dict[str, str]:
    """doc id → gold document name, from ``units_by_doc`` (name → predicted units, or name → doc id)."""
    out = {}
    for name, units in units_by_doc.items():
        if isinstance(units, str):
            out[units] = name
            continue
        for u in units:
            out[u.doc_id] = name
    return out


def score_threads(gold_threads_path: Path, predicted_threads: Sequence[Thread], units_by_doc: Mapping[str, Any]) -> ThreadScore:
    """Score predicted threads against ``gold/threads.jsonl``.

    ``units_by_doc`` maps each gold document name (``001_….txt``) to the
    predicted units of that document (``Commitment`` or ``Unit`` objects) or to
    its document id: it says which predicted document is which gold one.
    """
    gold = read_gold_threads(Path(gold_threads_path))
    names = _doc_names(units_by_doc)
    gold_units: dict[str, list[tuple[int, dict]]] = defaultdict(list)  # doc name → (gold id, member)
    gold_thread_of: dict[int, int] = {}
    gid = 0
    for ti, t in enumerate(gold):
        for m in t["members"]:
            gold_units[m["doc"]].append((gid, m))
            gold_thread_of[gid] = ti
            gid += 1
    score = ThreadScore(gold_members=gid)

    pred_members: dict[str, list[tuple[int, Any]]] = defaultdict(list)  # doc name → (thread index, member)
    for ti, t in enumerate(predicted_threads):
        for m in t.members:
            pred_members[names.get(m.doc_id, m.doc_id)].append((ti, m))
    matched: dict[tuple[int, str, int], int] = {}  # (thread, doc id, unit index) → gold id
    for doc, members in pred_members.items():
        gold_here = gold_units.get(doc, [])
        pairs = match_units([m.text for _t, m in members], [g["text"] for _g, g in gold_here])
        for i, j in pairs:
            ti, m = members[i]
            g_id, g = gold_here[j]
            matched[(ti, m.doc_id, m.unit_index)] = g_id
            score.matched_members += 1
            score.confusion[(g["change"], m.change)] += 1
            if g["change"] == m.change:
                score.change_hits += 1
            else:
                score.errors.append({"error": "change", "doc": doc, "text": m.text, "gold": g["change"], "predicted": m.change})

    gold_pairs = set()
    for members in _group(gold_thread_of).values():
        doc_of = {g_id: m["doc"] for d, ms in gold_units.items() for g_id, m in ms if g_id in members}
        gold_pairs |= {(a, b) for a in members for b in members if a < b and doc_of[a] != doc_of[b]}
    pred_pairs = set()
    for ti, t in enumerate(predicted_threads):
        ms = t.members
        for x in range(len(ms)):
            for y in range(x + 1, len(ms)):
                a, b = ms[x], ms[y]
                if a.doc_id == b.doc_id:
                    continue
                ga, gb = matched.get((ti, a.doc_id, a.unit_index)), matched.get((ti, b.doc_id, b.unit_index))
                if ga is None or gb is None:
                    score.unjudged_pairs += 1
                elif ga != gb:
                    pred_pairs.add((min(ga, gb), max(ga, gb)))
    score.pairs.tp = len(pred_pairs & gold_pairs)
    score.pairs.fp = len(pred_pairs - gold_pairs)
    score.pairs.fn = len(gold_pairs - pred_pairs)
    text_of = {g_id: m["text"] for ms in gold_units.values() for g_id, m in ms}
    for a, b in sorted(pred_pairs - gold_pairs):
        score.errors.append({"error": "false_link", "a": text_of[a], "b": text_of[b]})
    for a, b in sorted(gold_pairs - pred_pairs):
        score.errors.append({"error": "missed_link", "a": text_of[a], "b": text_of[b]})
    return score


def _group(thread_of: dict[int, int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for g_id, t in thread_of.items():
        out[t].add(g_id)
    return out


# --- mechanisms ----------------------------------------------------------------------------------


@dataclass
class MechanismScore:
    triples: Counts = field(default_factory=Counts)
    matched_mechanisms: int = 0
    gold_mechanisms: int = 0
    registry_entries: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "triples": self.triples.as_dict(),
            "matched_mechanisms": self.matched_mechanisms,
            "gold_mechanisms": self.gold_mechanisms,
            "registry_entries": self.registry_entries,
        }


def _name_score(ours: Sequence[str], theirs: Sequence[str]) -> float:
    best = 0.0
    for a in ours:
        for b in theirs:
            if " ".join(a.lower().split()) == " ".join(b.lower().split()):
                return 3.0
            if items_match(a, b):
                best = max(best, 1.0 + jaccard(a, b))
    return best


def score_mechanisms(gold_mech_path: Path, registry: Sequence[Mechanism], meetings: Sequence[Meeting]) -> MechanismScore:
    """F1 of (mechanism, meeting date, event) triples against ``gold/mechanisms.jsonl``."""
    gold = read_gold_mechanisms(Path(gold_mech_path))
    date_of = {m.id: (m.date.isoformat() if m.date else m.id) for m in meetings}
    score = MechanismScore(gold_mechanisms=len(gold), registry_entries=len(registry))
    candidates = []
    for i, entry in enumerate(registry):
        ours = [entry.name, *entry.aliases]
        for j, g in enumerate(gold):
            s = _name_score(ours, [g["name"], *g.get("aliases", [])])
            if s > 0:
                candidates.append((s, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    gold_of: dict[int, int] = {}
    used: set[int] = set()
    for _s, i, j in candidates:
        if i not in gold_of and j not in used:
            gold_of[i] = j
            used.add(j)
    score.matched_mechanisms = len(gold_of)
    gold_triples = {(j, e["meeting"], e["event"]) for j, g in enumerate(gold) for e in g["events"]}
    pred_triples = set()
    for i, entry in enumerate(registry):
        key = gold_of.get(i, f"ours:{entry.id}")
        for e in entry.events:
            meeting = date_of.get(e.meeting_id) or (e.date.isoformat() if e.date else e.meeting_id)
            pred_triples.add((key, meeting, e.event))
    score.triples.tp = len(pred_triples & gold_triples)
    score.triples.fp = len(pred_triples - gold_triples)
    score.triples.fn = len(gold_triples - pred_triples)
    name = {j: g["name"] for j, g in enumerate(gold)}
    for k, meeting, event in sorted(pred_triples - gold_triples, key=str):
        score.errors.append({"error": "extra_event", "mechanism": name.get(k, k), "meeting": meeting, "event": event})
    for k, meeting, event in sorted(gold_triples - pred_triples, key=str):
        score.errors.append({"error": "missed_event", "mechanism": name[k], "meeting": meeting, "event": event})
    return score


# --- gold commitments as Commitment objects (for the diagnostic) ------------------------------------

GOLD_EXTRACTOR = Extractor("gold", "1")


def gold_commitments(gold_dir: Path, documents: Sequence[Document]) -> dict[str, list[Commitment]]:
    """The gold commitments of ``documents`` (matched to gold files by file name) as ``Commitment`` objects."""
    out: dict[str, list[Commitment]] = {}
    for doc in documents:
        path = Path(gold_dir) / f"{doc.name}.jsonl"
        if not path.exists():
            continue
        rows = read_gold_units(path)
        found: list[Commitment] = []
        cursor = 0
        for index, row in enumerate(rows):
            text = row["text"]
            start = doc.text.find(text, cursor)
            start = start if start >= 0 else cursor
            end = start + len(text) if doc.text[start : start + len(text)] == text else start
            cursor = max(cursor, end)
            if row["label"] != "commitment":
                continue
            unit = Unit(doc.id, index, start, max(end, start), text, "sentence")

            def values(kind: str, items: list[str]) -> tuple[Value, ...]:
                vs = []
                for item in items or ():
                    at = text.find(item)
                    s = start + at if at >= 0 else start
                    vs.append(Value(kind, s, s + len(item) if at >= 0 else s, item))
                return tuple(vs)

            found.append(Commitment(
                doc.id, unit, "commitment", row.get("kind"), tuple(row.get("actors") or ()), row.get("domain"),
                values("mechanism", row.get("mechanisms")), values("amount", row.get("amounts")),
                values("timeframe", row.get("timeframes")), 1.0, GOLD_EXTRACTOR, ("gold label",),
            ))
        out[doc.id] = found
    return out


# --- end to end -------------------------------------------------------------------------------------


def evaluate_tracking(gold_dir: Path, corpus_dir: Path, *, source: str = "extracted",
                      per_doc_models: Mapping[str, Any] | None = None,
                      parts: Sequence[str] = TRACKING_PARTS) -> dict[str, Any]:
    """Track the corpus (its extracted commitments, or the gold ones) and score ``parts``
    (threads, mechanisms): the report has a key per part and its ``ERRORS_KEY``.

    ``per_doc_models`` (file name → extraction ``Models``) lets the caller extract each
    document with a model not trained on it (``training.held_out_models``); without it the
    shipped model is used, which flatters the documents it was trained on.
    """
    from .extract import extract_commitments
    from .ingest import read_document
    from .segment import segment
    from .track import track
    from .track.meetings import DocInfo

    docs = [read_document(p) for p in sorted(Path(corpus_dir).glob("*.txt"))]
    if source == "gold":
        commitments = gold_commitments(gold_dir, docs)
    else:
        models = per_doc_models or {}
        commitments = {d.id: extract_commitments(d, segment(d), models.get(d.name)) for d in docs}
    infos = [DocInfo(d.id, d.name, d.date, d.parties, d.doc_type, d.title) for d in docs]
    result = track(infos, commitments)
    report: dict[str, Any] = {
        "source": source,
        "meetings": [{"id": m.id, "docs": [d.name for d in docs if d.id in m.doc_ids], "order": m.order_why} for m in result.meetings],
    }
    scores: dict[str, ThreadScore | MechanismScore] = {}
    if "threads" in parts:
        units_by_doc = {d.name: [c for c in commitments.get(d.id, []) if c.is_commitment] for d in docs}
        scores["threads"] = score_threads(Path(gold_dir) / TRACKING_GOLD["threads"], result.threads, units_by_doc)
    if "mechanisms" in parts:
        scores["mechanisms"] = score_mechanisms(Path(gold_dir) / TRACKING_GOLD["mechanisms"], result.mechanisms, result.meetings)
    report.update({part: score.as_dict() for part, score in scores.items()})
    report.update({ERRORS_KEY[part]: score.errors for part, score in scores.items()})
    return report


def main(argv: Sequence[str] | None = None) -> int:
    root = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=root.parent.parent / "shared" / "gold")
    parser.add_argument("--corpus", type=Path, default=root / "data" / "corpus")
    parser.add_argument("--json", action="store_true", help="print the full reports (with errors) as JSON")
    args = parser.parse_args(argv)
    reports = [evaluate_tracking(args.gold, args.corpus, source=s) for s in ("extracted", "gold")]
    if args.json:
        print(json.dumps(reports, indent=2, default=str))
        return 0
    print(f"{'commitments':<12} {'pair P':>7} {'pair R':>7} {'pair F1':>8} {'change acc':>10} {'matched':>8} {'life P':>7} {'life R':>7} {'life F1':>8}")
    for r in reports:
        p, m = r["threads"], r["mechanisms"]
        print(
            f"{r['source']:<12} {p['pairs']['precision']:>7.3f} {p['pairs']['recall']:>7.3f} {p['pairs']['f1']:>8.3f} "
            f"{p['change_accuracy']:>10.3f} {p['matched_members']:>4}/{p['gold_members']:<4}"
            f"{m['triples']['precision']:>7.3f} {m['triples']['recall']:>7.3f} {m['triples']['f1']:>8.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
