"""Scoring exactly as the annotation guide says.

Text matching: lower-case, split into word tokens, Jaccard overlap of the
token sets. Units match one-to-one, greedily by overlap.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import MalformedGold
from .ingest import read_document
from .model import DOMAINS, KINDS
from .segment import segment

_TOKEN = re.compile(r"\w+")
SEGMENT_JACCARD = 0.9


def tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


def jaccard(a: str | set[str], b: str | set[str]) -> float:
    ta = tokens(a) if isinstance(a, str) else a
    tb = tokens(b) if isinstance(b, str) else b
    if not ta and not tb:
        return 1.0
    return len(ta & tb) / len(ta | tb)


def read_jsonl(path: Path, check: Callable[[Any], str | None]) -> list[dict[str, Any]]:
    """Read a gold JSON-lines file; ``check(row)`` names what is wrong with a row, if anything.

    A bad line is an error naming the file and the line.
    """
    rows = []
    try:
        fh = Path(path).open(encoding="utf-8")
    except OSError as exc:
        raise MalformedGold(f"cannot read ({exc.strerror})", path=str(path)) from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedGold(f"line {lineno}: not JSON ({exc.msg})", path=str(path)) from None
            problem = check(row)
            if problem:
                raise MalformedGold(f"line {lineno}: {problem}", path=str(path))
            rows.append(row)
    return rows


LABELS = ("commitment", "other", "borderline")
_PARTY_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


def _check_unit(row: Any) -> str | None:
    """What is wrong with a gold unit by the annotation guide's format, if anything."""
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or row.get("label") not in LABELS:
        return f"needs a 'text' string and a 'label' of {'/'.join(LABELS)}"
    if row["label"] != "commitment":
        return None
    if "kind" in row and row["kind"] not in KINDS:
        return f"kind {row['kind']!r} is not one of {'/'.join(KINDS)}"
    if "domain" in row and row["domain"] not in DOMAINS:
        return f"domain {row['domain']!r} is not one of the guide's domains ({', '.join(DOMAINS)})"
    actors = row.get("actors", [])
    if not isinstance(actors, list) or not all(isinstance(a, str) and _PARTY_CODE.match(a) for a in actors):
        return f"actors {actors!r} must be a list of party codes (US, KR, EU, G7 …)"
    for field in ("mechanisms", "amounts", "timeframes"):
        value = row.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"{field} must be a list of strings"
    return None


def read_gold_units(path: Path) -> list[dict[str, Any]]:
    """Read a gold ``*.txt.jsonl`` file; a bad line is an error naming file and line."""
    return read_jsonl(path, _check_unit)


def gold_unit_files(gold_dir: Path) -> list[Path]:
    return sorted(gold_dir.glob("*.txt.jsonl"))


SERIES_INDEX = "INDEX.md"


def read_series_index(gold_dir: Path) -> dict[str, str]:
    """File name → series, from an ``INDEX.md`` in the gold folder or the folder above it.

    The index is a Markdown table with a ``series`` column whose first column
    names the file, with or without its extension ("01" or "01.txt"). A gold
    folder without one gets ``{}``: its documents' series are then their
    parties (``series_of``).
    """
    for folder in (gold_dir, gold_dir.parent):
        path = folder / SERIES_INDEX
        if path.is_file():
            return _series_table(path.read_text(encoding="utf-8"))
    return {}


def _series_table(markdown: str) -> dict[str, str]:
    header: list[str] | None = None
    out: dict[str, str] = {}
    for line in markdown.splitlines():
        if not line.lstrip().startswith("|"):
            header = None  # a table ended: the next one brings its own header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if "series" not in header or set("".join(cells)) <= set("-: "):
            continue
        row = dict(zip(header, cells))
        if cells[0] and row.get("series"):
            out[cells[0]] = row["series"]
    return out


def series_of(doc_name: str, index: dict[str, str], parties: tuple[str, ...]) -> str:
    """A labelled document's series: its row in the index, else its parties ("KR–US")."""
    stem = doc_name.split(".", 1)[0]
    for key in (doc_name, stem, doc_name.removesuffix(".txt")):
        if key in index:
            return index[key]
    return "–".join(sorted(parties)) or "unknown parties"


@dataclass(frozen=True)
class SegmentationScore:
    doc: str
    gold_units: int
    our_units: int
    matched: int

    @property
    def share(self) -> float:
        return self.matched / self.gold_units if self.gold_units else 1.0


def score_segmentation(gold_dir: Path, corpus_dir: Path, threshold: float = SEGMENT_JACCARD) -> list[SegmentationScore]:
    """Share of gold units (any label) matched by one of our units at Jaccard ≥ threshold."""
    scores = []
    for gold_file in gold_unit_files(gold_dir):
        name = gold_file.name[: -len(".jsonl")]
        doc = read_document(corpus_dir / name)
        ours = [tokens(u.text) for u in segment(doc)]
        gold = read_gold_units(gold_file)
        matched = sum(1 for g in gold if any(jaccard(tokens(g["text"]), o) >= threshold for o in ours))
        scores.append(SegmentationScore(name, len(gold), len(ours), matched))
    return scores


# --- extraction -----------------------------------------------------------

UNIT_JACCARD = 0.6
ITEM_JACCARD = 0.5
LIST_FIELDS = ("mechanisms", "amounts", "timeframes")
ATTRIBUTES = ("kind", "actors", "domain")


def match_units(pred: list[str], gold: list[str], threshold: float = UNIT_JACCARD) -> list[tuple[int, int]]:
    """One-to-one greedy matching by token Jaccard ≥ threshold: (pred index, gold index) pairs."""
    ptoks = [tokens(t) for t in pred]
    gtoks = [tokens(t) for t in gold]
    candidates = []
    for i, pt in enumerate(ptoks):
        for j, gt in enumerate(gtoks):
            if pt & gt:
                score = jaccard(pt, gt)
                if score >= threshold:
                    candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _score, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _norm_item(s: str) -> str:
    return " ".join(s.lower().split())


def items_match(a: str, b: str) -> bool:
    na, nb = _norm_item(a), _norm_item(b)
    if na in nb or nb in na:
        return True
    return jaccard(na, nb) >= ITEM_JACCARD


def match_items(pred: list[str], gold: list[str]) -> int:
    """Number of one-to-one matches between two lists of items (greedy, containment first)."""
    used: set[int] = set()
    hits = 0
    for p in pred:
        best = None
        for j, g in enumerate(gold):
            if j in used or not items_match(p, g):
                continue
            score = jaccard(p, g) + (1.0 if _norm_item(p) == _norm_item(g) else 0.0)
            if best is None or score > best[0]:
                best = (score, j)
        if best is not None:
            used.add(best[1])
            hits += 1
    return hits


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class ExtractionScore:
    doc: str
    detection: Counts
    attribute_hits: dict[str, int]
    attribute_total: int
    lists: dict[str, Counts]
    errors: list[dict[str, Any]]

    @classmethod
    def empty(cls, doc: str) -> ExtractionScore:
        return cls(doc, Counts(), {a: 0 for a in ATTRIBUTES}, 0, {f: Counts() for f in LIST_FIELDS}, [])

    def add(self, other: ExtractionScore) -> None:
        self.detection.add(other.detection)
        for a in ATTRIBUTES:
            self.attribute_hits[a] += other.attribute_hits[a]
        self.attribute_total += other.attribute_total
        for f in LIST_FIELDS:
            self.lists[f].add(other.lists[f])
        self.errors.extend(other.errors)

    def accuracy(self, attribute: str) -> float:
        return self.attribute_hits[attribute] / self.attribute_total if self.attribute_total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "detection": self.detection.as_dict(),
            "attributes": {a: round(self.accuracy(a), 4) for a in ATTRIBUTES},
            "matched_commitments": self.attribute_total,
            "lists": {f: self.lists[f].as_dict() for f in LIST_FIELDS},
        }


def score_document(doc_name: str, predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> ExtractionScore:
    """Score one document's predicted units (dicts in the gold format) against its gold units."""
    score = ExtractionScore.empty(doc_name)
    pairs = match_units([p["text"] for p in predicted], [g["text"] for g in gold])
    gold_of = {i: j for i, j in pairs}
    pred_of = {j: i for i, j in pairs}
    for i, p in enumerate(predicted):
        j = gold_of.get(i)
        g = gold[j] if j is not None else None
        if g is not None and g["label"] == "borderline":
            continue
        if p["label"] == "commitment" and not (g and g["label"] == "commitment"):
            score.detection.fp += 1
            score.errors.append({"error": "false_positive", "text": p["text"], "gold": g["label"] if g else None})
    for j, g in enumerate(gold):
        if g["label"] != "commitment":
            continue
        i = pred_of.get(j)
        p = predicted[i] if i is not None else None
        if p is None or p["label"] != "commitment":
            score.detection.fn += 1
            score.errors.append({"error": "false_negative", "text": g["text"], "matched": p is not None})
            continue
        score.detection.tp += 1
        score.attribute_total += 1
        for a in ATTRIBUTES:
            ok = set(p.get(a) or ()) == set(g.get(a) or ()) if a == "actors" else p.get(a) == g.get(a)
            score.attribute_hits[a] += ok
            if not ok:
                score.errors.append({"error": a, "text": g["text"], "predicted": p.get(a), "gold": g.get(a)})
        for f in LIST_FIELDS:
            pv, gv = list(p.get(f) or ()), list(g.get(f) or ())
            hits = match_items(pv, gv)
            c = score.lists[f]
            c.tp += hits
            c.fp += len(pv) - hits
            c.fn += len(gv) - hits
            if hits < max(len(pv), len(gv)):
                score.errors.append({"error": f, "text": g["text"], "predicted": pv, "gold": gv})
    return score


def reliability(pairs: list[tuple[float, str, str]], bins: int = 10) -> dict[str, Any]:
    """How well ``P(commitment)`` matches what the gold says: ``pairs`` are
    (P(commitment), predicted label, gold label) of units matched to a gold unit.

    Borderline gold units are left out (the guide scores them neither way).
    Per bin of the predicted probability: how many units, their mean
    probability and the share that are gold commitments; ``ece`` is the
    expected calibration error (the units-weighted mean gap), for the
    probability and for the label's confidence (the same probability seen
    from the label the unit was given).
    """
    kept = [(p, label == "commitment", g == "commitment") for p, label, g in pairs if g != "borderline" and p is not None]
    scored = [(p, y) for p, _, y in kept]
    rows = []
    ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in scored if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if not inside:
            rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "units": 0, "mean_p": None, "commitments": None})
            continue
        mean_p = sum(p for p, _ in inside) / len(inside)
        share = sum(y for _, y in inside) / len(inside)
        ece += len(inside) / len(scored) * abs(mean_p - share)
        rows.append({"bin": f"{lo:.1f}–{hi:.1f}", "units": len(inside), "mean_p": round(mean_p, 3), "commitments": round(share, 3)})
    # the label's confidence: max(p, 1 - p) against "the label is right"
    conf = [(p if said else 1 - p, said == y) for p, said, y in kept]
    conf_ece = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in conf if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            conf_ece += len(inside) / len(conf) * abs(sum(c for c, _ in inside) / len(inside) - sum(ok for _, ok in inside) / len(inside))
    return {"units": len(scored), "ece": round(ece, 4), "label_confidence_ece": round(conf_ece, 4), "bins": rows}
