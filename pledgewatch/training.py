"""Train the extraction models from gold units, and evaluate them honestly.

``train_models`` fits the detection and domain models on labelled documents.
``evaluate_extraction`` scores the extractor on gold documents; a document
the shipped model was trained on is scored with a model retrained without
it (leave-one-document-out), never with the model that saw its labels.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .evaluate import ExtractionScore, gold_unit_files, match_units, read_gold_units, score_document
from .extract import extract_commitments, kind_of, unit_context
from .extract.actors import leader_map
from .extract.classifier import Models, fit_linear, load_models
from .extract.features import domain_features, find_cues, unit_features
from .ingest import read_document
from .model import Commitment, Document, Unit
from .segment import segment

MODEL_VERSION_PREFIX = "lr"


@dataclass
class LabelledDoc:
    name: str
    doc: Document
    units: list[Unit]
    gold: list[dict[str, Any]]
    aligned: list[tuple[Unit, dict[str, Any]]]  # our unit ↔ its gold unit


def load_labelled(gold_dir: Path, corpus_dir: Path, progress: Callable[[str], None] | None = None) -> list[LabelledDoc]:
    out = []
    for gold_file in gold_unit_files(gold_dir):
        name = gold_file.name[: -len(".jsonl")]
        gold = read_gold_units(gold_file)
        doc = read_document(corpus_dir / name)
        units = segment(doc)
        pairs = match_units([u.text for u in units], [g["text"] for g in gold])
        out.append(LabelledDoc(name, doc, units, gold, [(units[i], gold[j]) for i, j in pairs]))
        if progress:
            progress(name)
    return out


THRESHOLDS = tuple(round(0.30 + 0.025 * i, 3) for i in range(13))  # 0.30 … 0.60


def _detection_rows(docs: list[LabelledDoc]) -> tuple[list[dict[str, float]], list[str]]:
    rows, labels = [], []
    for ld in docs:
        leaders = leader_map(ld.doc.text, ld.doc.parties)
        for unit, gold in ld.aligned:
            if gold["label"] == "borderline":
                continue
            cues = find_cues(unit.text)
            ctx = unit_context(unit, ld.units, ld.doc.parties, leaders, cues)
            rows.append(unit_features(unit.text, ctx, cues))
            labels.append("commitment" if gold["label"] == "commitment" else "other")
    return rows, labels


def _tune_threshold(docs: list[LabelledDoc], c_detect: float) -> float:
    """The decision threshold that maximises detection F1 in an inner
    leave-one-document-out over the training documents only."""
    if len(docs) < 3:
        return 0.5
    probs: list[tuple[float, bool]] = []
    for held in docs:
        rows, labels = _detection_rows([d for d in docs if d is not held])
        model = fit_linear(rows, labels, c=c_detect)
        test_rows, test_labels = _detection_rows([held])
        probs += [(model.scores(r).get("commitment", 0.0), y == "commitment") for r, y in zip(test_rows, test_labels)]

    def f1(th: float) -> float:
        tp = sum(p >= th and y for p, y in probs)
        fp = sum(p >= th and not y for p, y in probs)
        fn = sum(p < th and y for p, y in probs)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    # ties go to the threshold nearest 0.5
    return max(THRESHOLDS, key=lambda th: (round(f1(th), 4), -abs(th - 0.5)))


def train_models(docs: list[LabelledDoc], *, c_detect: float = 0.5, c_domain: float = 0.5, tune: bool = True) -> Models:
    det_rows, det_labels = _detection_rows(docs)
    dom_rows, dom_labels = [], []
    for ld in docs:
        for unit, gold in ld.aligned:
            if gold["label"] == "commitment" and gold.get("domain"):
                dom_rows.append(domain_features(unit.text))
                dom_labels.append(gold["domain"])
    names = tuple(sorted(ld.name for ld in docs))
    digest = hashlib.sha256("|".join(names).encode()).hexdigest()[:6]
    return Models(
        version=f"{MODEL_VERSION_PREFIX}-{digest}",
        detect=fit_linear(det_rows, det_labels, c=c_detect),
        domain=fit_linear(dom_rows, dom_labels, c=c_domain),
        threshold=_tune_threshold(docs, c_detect) if tune else 0.5,
        trained_on=names,
    )


def as_gold_format(c: Commitment) -> dict[str, Any]:
    row: dict[str, Any] = {"text": c.text, "label": c.label}
    if c.is_commitment:
        row.update(
            kind=c.kind, actors=list(c.actors), domain=c.domain,
            mechanisms=[v.text for v in c.mechanisms], amounts=[v.text for v in c.amounts], timeframes=[v.text for v in c.timeframes],
        )
    return row


@dataclass
class Evaluation:
    per_doc: list[ExtractionScore]
    overall: ExtractionScore
    method: dict[str, str]  # doc → "shipped model" | "leave-one-document-out"

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "documents": [s.as_dict() | {"model": self.method[s.doc]} for s in self.per_doc],
        }


def held_out_models(labelled: list[LabelledDoc], models: Models | None = None) -> dict[str, Models]:
    """The model to score each document with: for a document ``models`` was trained on, one
    trained on the other documents (leave-one-document-out); for any other, ``models``."""
    models = models or load_models()
    out = {}
    for ld in labelled:
        others = [x for x in labelled if x.name != ld.name]
        out[ld.name] = train_models(others) if ld.name in models.trained_on and others else models
    return out


def evaluate_extraction(gold_dir: Path, corpus_dir: Path, models: Models | None = None,
                        progress: Callable[[str], None] | None = None,
                        per_doc_models: dict[str, Models] | None = None) -> Evaluation:
    models = models or load_models()
    labelled = load_labelled(gold_dir, corpus_dir)
    per_doc_models = per_doc_models or held_out_models(labelled, models)
    per_doc, method = [], {}
    overall = ExtractionScore.empty("overall")
    for ld in labelled:
        doc_models = per_doc_models.get(ld.name, models)
        method[ld.name] = "shipped model" if doc_models is models else "leave-one-document-out"
        predicted = [as_gold_format(c) for c in extract_commitments(ld.doc, ld.units, doc_models)]
        score = score_document(ld.name, predicted, ld.gold)
        per_doc.append(score)
        overall.add(score)
        if progress:
            progress(ld.name)
    return Evaluation(per_doc, overall, method)


__all__ = ["Evaluation", "LabelledDoc", "as_gold_format", "evaluate_extraction", "held_out_models", "kind_of", "load_labelled", "train_models", "find_cues"]
