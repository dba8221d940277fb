"""How far can the thread linker's signals go on the gold threads? (a diagnostic, not a test)

Command (from the repository root, after ./run test made .venv):

    .venv/bin/python benchmarks/linking_ceiling.py [GOLD_DIR] [--corpus DIR]

Takes the *gold* commitments of the sample corpus (so extraction errors do not
count), scores every pair of units from different documents with the linker's
own pair score (``track.threads.pair_scores``), and reports:

- ROC AUC of that score for "both units are in one gold thread";
- the best pairwise F1 any single threshold on the score could reach
  (an oracle: the threshold is chosen on the answers);
- the best pairwise F1 of hierarchical clustering of the same scores (single,
  average, complete linkage; oracle cut);
- the same two figures for other pair scores, to show whether a different
  weighting would move the ceiling: IDF-weighted containment of the content
  stems (a short bullet inside a long sentence), and the score with a penalty
  on the units' distance in reading order (statements keep their topic order?);
- how much wording the gold pairs share: content-stem Jaccard of gold pairs
  against all other cross-document pairs;
- the pairwise F1 the shipped linker reaches on the same gold commitments.

If the oracle figures sit well below the target, no tuning of the linker's
weights or threshold can reach it: the missing pairs need signals the score
does not have.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.metrics import precision_recall_curve, roc_auc_score

from pledgewatch.evaluate_tracking import evaluate_tracking, gold_commitments
from pledgewatch.ingest import read_document
from pledgewatch.track.meetings import DocInfo, group_meetings
from pledgewatch.track.threads import UnitTable, pair_scores

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=ROOT.parent / "shared" / "gold")
    parser.add_argument("--corpus", type=Path, default=ROOT / "pledgewatch" / "data" / "corpus")
    args = parser.parse_args()

    docs = [read_document(p) for p in sorted(args.corpus.glob("*.txt"))]
    commitments = gold_commitments(args.gold, docs)
    infos = [DocInfo(d.id, d.name, d.date, d.parties, d.doc_type, d.title) for d in docs]
    meetings = group_meetings(infos, commitments)
    names = {d.id: d.name for d in docs}
    thread_of = {
        (m["doc"], m["text"]): t["thread"]
        for t in map(json.loads, (args.gold / "threads.jsonl").read_text(encoding="utf-8").splitlines())
        for m in t["members"]
    }
    items = [(mi, c) for mi, m in enumerate(meetings) for d in m.doc_ids for c in commitments.get(d, [])]
    table = UnitTable.build(items, [tuple(m.parties) for m in meetings])
    n = len(table)
    everything = np.arange(n)
    score = pair_scores(table, everything, everything).score
    label = np.array([thread_of.get((names[c.doc_id], c.text), f"?{i}") for i, c in enumerate(table.commitments)])
    doc = np.array(table.doc)

    upper = np.triu_indices(n, 1)
    cross = doc[upper[0]] != doc[upper[1]]
    rows, cols = upper[0][cross], upper[1][cross]
    truth = label[rows] == label[cols]
    values = score[rows, cols]
    precision, recall, _ = precision_recall_curve(truth, values)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
    best = int(f1.argmax())

    def pair_f1(clusters: np.ndarray) -> float:
        same = clusters[rows] == clusters[cols]
        tp = int((same & truth).sum())
        return 2 * tp / max(int(same.sum()) + int(truth.sum()), 1)

    similarity = score.copy()
    similarity[doc[:, None] == doc[None, :]] = -1.0  # the scorer only counts pairs across documents
    np.fill_diagonal(similarity, 1.0)
    distance = squareform(np.clip(1.0 - similarity, 0.0, 2.0), checks=False)
    clustering = {}
    for method in ("single", "average", "complete"):
        tree = linkage(distance, method)
        clustering[method] = max(pair_f1(fcluster(tree, cut, "distance")) for cut in np.linspace(0.3, 1.0, 36))

    def ceiling(values: np.ndarray) -> tuple[float, float]:
        p, r, _ = precision_recall_curve(truth, values)
        return roc_auc_score(truth, values), float((2 * p * r / np.maximum(p + r, 1e-9)).max())

    weighted = table.stem_sets.multiply(np.log((n + 1) / (np.bincount(table.stem_sets.indices, minlength=table.stem_sets.shape[1]) + 1)) + 1).tocsr()
    shared = (weighted @ table.stem_sets.T).toarray()
    total = np.asarray(weighted.sum(axis=1)).ravel()
    containment = shared / np.maximum(np.minimum(total[:, None], total[None, :]), 1e-9)
    position = np.zeros(n)
    for d in set(table.doc):
        members = np.nonzero(doc == d)[0]
        position[members] = np.arange(len(members)) / max(len(members) - 1, 1)
    others = {
        "IDF-weighted stem containment": containment[rows, cols],
        "pair score + 0.3 × containment": values + 0.3 * containment[rows, cols],
        "pair score − 0.1 × reading-order distance": values - 0.1 * np.abs(position[rows] - position[cols]),
    }
    jaccard = pair_scores(table, everything, everything).stems[rows, cols]

    shipped = evaluate_tracking(args.gold, args.corpus, source="gold")["threads"]
    print(f"units {n}, cross-document pairs {len(truth)}, of them in one gold thread {int(truth.sum())}")
    print(f"pair score ROC AUC                       {roc_auc_score(truth, values):.3f}")
    print(f"best single-threshold pairwise F1        {f1[best]:.3f} (P {precision[best]:.3f}, R {recall[best]:.3f})")
    for method, value in clustering.items():
        print(f"best {method:<8} linkage clustering F1    {value:.3f}")
    for name, other in others.items():
        auc, best_f1 = ceiling(other)
        print(f"{name:<42} ROC AUC {auc:.3f}, best single-threshold F1 {best_f1:.3f}")
    print(f"gold pairs sharing < 15% of content stems  {int((jaccard[truth] < 0.15).sum())} of {int(truth.sum())} "
          f"(median Jaccard {np.median(jaccard[truth]):.2f}); other pairs sharing ≥ 15%: {int((jaccard[~truth] >= 0.15).sum())}")
    print(f"shipped linker on gold commitments       {shipped['pairs']['f1']:.3f}")


if __name__ == "__main__":
    main()
