"""Scoring exactly as the annotation guide says.

Text matching: lower-case, split into word tokens, Jaccard overlap of the
token sets. Units match one-to-one, greedily by overlap.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import MalformedGold
from .ingest import read_document
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


def read_gold_units(path: Path) -> list[dict[str, Any]]:
    """Read a gold ``*.txt.jsonl`` file; a bad line is an error naming file and line."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedGold(f"line {lineno}: not JSON ({exc.msg})", path=str(path)) from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str) or row.get("label") not in ("commitment", "other", "borderline"):
                raise MalformedGold(f"line {lineno}: needs a 'text' string and a 'label' of commitment/other/borderline", path=str(path))
            rows.append(row)
    return rows


def gold_unit_files(gold_dir: Path) -> list[Path]:
    return sorted(gold_dir.glob("*.txt.jsonl"))


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
