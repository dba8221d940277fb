"""Which detection features carry weight, and which designs transfer to unseen series.

Command (from the repository root, with ../shared beside it):

    .venv/bin/python benchmarks/extraction_features.py [--top 30] [--json out.json]

Prints (1) the shipped model's largest weights, grouped by the kind of
evidence they stand for, and (2) an ablation: leave-one-series-out detection
F1 when one group of features is left out, when the guide's signs or its
prior are dropped, and when every word stem of the unit is added as a feature
(the design before issue 9). The ablation scores the aligned units' decision
``P(commitment) ≥ threshold`` of the detector alone (no actor gate, no
unaligned units), so its figures sit a little apart from ``pledgewatch eval``;
they compare designs with one another.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pledgewatch.training as training
from pledgewatch.extract.classifier import load_models
from pledgewatch.extract.features import guide_sign, stem
from pledgewatch.training import GUIDE_DECISIVE, GUIDE_PRIOR, LabelledDoc, load_labelled_sets, train_models

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GROUPS: dict[str, Callable[[str], bool]] = {
    "guide markers (families)": lambda f: f.startswith(("new:", "reaffirm:", "not:")),
    "guide markers (grouped)": lambda f: f.startswith("marker:"),
    "subject's verb (grammar)": lambda f: f.startswith(("sv_first:", "sv_any:", "sv_none")),
    "own pledge / welcome of own act": lambda f: f.startswith(("own_pledge", "welcome_own_act")),
    "position (bullet, lead-in, opening)": lambda f: f in {
        "is_bullet", "bullet_imperative", "is_lead_in", "under_commissive_lead_in", "under_other_lead_in", "opening_unit"},
    "subject and third party": lambda f: f.startswith("subject:") or f in {"party_subject", "joint_subject_early", "third_party_subject_early"},
    "order and counts": lambda f: f in {"commissive_first", "negative_first", "n_commissive", "n_negative", "no_commissive_cue", "bias_len"},
}
_WORD = re.compile(r"[a-z][a-z\-’']*[a-z]|[a-z0-9]+")


def group_of(feature: str) -> str:
    return next((g for g, test in GROUPS.items() if test(feature)), "other")


def _with_rows(docs: list[LabelledDoc], change: Callable[[LabelledDoc, dict[str, float]], dict[str, float]]) -> list[LabelledDoc]:
    out = []
    for ld in docs:
        rows = [(change(ld, f), y) for f, y in ld.detection_rows()]
        out.append(LabelledDoc(ld.name, ld.doc, ld.units, ld.gold, ld.aligned, ld.series, rows))
    return out


def loso_f1(docs: list[LabelledDoc]) -> dict[str, float]:
    """Leave-one-series-out detection F1 over aligned units, pooled and per series."""
    counts: dict[str, list[int]] = {}
    for series in dict.fromkeys(ld.series for ld in docs):
        models = train_models([ld for ld in docs if ld.series != series])
        c = counts.setdefault(series, [0, 0, 0])
        for ld in docs:
            if ld.series != series:
                continue
            for f, y in ld.detection_rows():
                said, gold = models.p_commitment(f) >= models.threshold, y == "commitment"
                c[0] += said and gold
                c[1] += said and not gold
                c[2] += gold and not said
    f1 = {s: (2 * tp / (2 * tp + fp + fn) if tp else 0.0) for s, (tp, fp, fn) in counts.items()}
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    f1["pooled"] = 2 * tp / (2 * tp + fp + fn)
    return f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    shipped = load_models().detect
    print(f"## Largest weights of the shipped detector (intercept {shipped.intercept:+.2f}; + toward a commitment)\n")
    print("| weight | feature | evidence |\n|---:|---|---|")
    for f, w in sorted(shipped.weights.items(), key=lambda x: -abs(x[1]))[: args.top]:
        print(f"| {w:+.2f} | `{f}` | {group_of(f)} |")
    by_group: dict[str, float] = {}
    for f, w in shipped.weights.items():
        by_group[group_of(f)] = by_group.get(group_of(f), 0.0) + abs(w)
    print("\n| evidence | Σ\\|weight\\| |\n|---|---:|")
    for g, total in sorted(by_group.items(), key=lambda x: -x[1]):
        print(f"| {g} | {total:.2f} |")

    docs = load_labelled_sets([(SHARED / "gold", SHARED / "corpus"), (SHARED / "dev" / "gold", SHARED / "dev" / "raw")])
    variants: dict[str, list[LabelledDoc] | Callable[[], dict[str, float]]] = {"shipped design": docs}
    for name, test in GROUPS.items():
        variants[f"without {name}"] = _with_rows(docs, lambda ld, f, test=test: {k: v for k, v in f.items() if not test(k)})

    # every word stem of the unit as a feature, free of sign (the design before issue 9)
    with_words = []
    for ld in docs:
        texts = [u.text for u, g in ld.aligned if g["label"] != "borderline" and u.kind != "lead_in"]
        rows = [({**f, **{f"w:{stem(w)}": 1.0 for w in _WORD.findall(t.lower())}}, y) for (f, y), t in zip(ld.detection_rows(), texts)]
        with_words.append(LabelledDoc(ld.name, ld.doc, ld.units, ld.gold, ld.aligned, ld.series, rows))
    variants["with every word stem"] = with_words
    results: dict[str, dict[str, float]] = {}
    for name, variant in variants.items():
        results[name] = loso_f1(variant)
        print(f"{name}: {results[name]['pooled']:.3f}", file=sys.stderr)
    # the guide's signs and prior, switched off (training reads both from its module)
    training.guide_sign = lambda f: 0
    results["no signs, no prior (plain logistic regression)"] = loso_f1(docs)
    training.guide_sign = guide_sign
    training.GUIDE_PRIOR = 0.0
    results["signs, no prior for the guide's decisive cases"] = loso_f1(docs)
    training.GUIDE_PRIOR = GUIDE_PRIOR
    series = [s for s in results["shipped design"] if s != "pooled"]
    print("\n## Leave-one-series-out detection F1 (aligned units), by design\n")
    print("| design | pooled | " + " | ".join(series) + " |\n|---|---:|" + "---:|" * len(series))
    for name, f1 in results.items():
        print(f"| {name} | {f1['pooled']:.3f} | " + " | ".join(f"{f1[s]:.2f}" for s in series) + " |")
    print(f"\n(decisive cases with a prior of {GUIDE_PRIOR:g}: {', '.join(GUIDE_DECISIVE)})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
