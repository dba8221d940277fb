"""Train the extraction models from gold units, and evaluate them honestly.

``train_models`` fits the detection and domain models on labelled documents
and calibrates the detection score. ``evaluate_extraction`` scores the
extractor on gold documents, each with a model that never saw it:

- ``holdout="series"`` (leave-one-series-out): every series is scored by a
  model trained on all the *other* series. This is the figure that counts:
  users bring statements of series the model has never seen.
- ``holdout="document"`` (leave-one-document-out): every document is scored
  by a model trained on all the other documents, its own series included.
- ``holdout="none"``: the shipped model for everything (only honest for
  documents it was not trained on).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import MalformedGold
from .evaluate import ExtractionScore, gold_unit_files, match_units, read_gold_units, read_series_index, score_document, series_of
from .extract import extract_commitments, kind_of, unit_context
from .extract.actors import leader_map
from .extract.classifier import Models, fit_calibration, fit_signed, load_models, sigmoid
from .extract.features import find_cues, guide_sign, unit_features
from .ingest import read_document
from .model import Commitment, Document, Unit
from .segment import segment

MODEL_VERSION_PREFIX = "lr"
HOLDOUTS = ("series", "document", "none")
# Where the statements a gold folder labels are found when not given: a folder
# beside it (``shared/gold`` + ``shared/corpus``, ``dev/gold`` + ``dev/raw``).
CORPUS_SIBLINGS = ("corpus", "raw")


@dataclass
class LabelledDoc:
    name: str
    doc: Document
    units: list[Unit]
    gold: list[dict[str, Any]]
    aligned: list[tuple[Unit, dict[str, Any]]]  # our unit ↔ its gold unit
    series: str = ""
    _rows: list[tuple[dict[str, float], str]] | None = field(default=None, repr=False)

    def detection_rows(self) -> list[tuple[dict[str, float], str]]:
        """(features, commitment|other) of every aligned unit that is not borderline; computed once."""
        if self._rows is None:
            leaders = leader_map(self.doc.text, self.doc.parties)
            rows = []
            for unit, gold in self.aligned:
                if gold["label"] == "borderline" or unit.kind == "lead_in":
                    continue  # a lead-in is `other` by rule, not by the model
                cues = find_cues(unit.text)
                ctx = unit_context(unit, self.units, self.doc.parties, leaders, cues)
                rows.append((unit_features(unit.text, ctx, cues), "commitment" if gold["label"] == "commitment" else "other"))
            self._rows = rows
        return self._rows


def corpus_for(gold_dir: Path, default: Path) -> Path:
    """The folder of statements a gold folder labels: the gold folder itself when the statements
    lie beside their labels (``pledgewatch corrections --export``), ``corpus/`` or ``raw/`` beside
    it, else ``default``."""
    names = [f.name[: -len(".jsonl")] for f in gold_unit_files(gold_dir)]
    for folder in (gold_dir, *(gold_dir.parent / sibling for sibling in CORPUS_SIBLINGS)):
        if folder.is_dir() and names and all((folder / n).is_file() for n in names):
            return folder
    return default


def load_labelled(gold_dir: Path, corpus_dir: Path, progress: Callable[[str], None] | None = None) -> list[LabelledDoc]:
    out = []
    index = read_series_index(gold_dir)
    for gold_file in gold_unit_files(gold_dir):
        name = gold_file.name[: -len(".jsonl")]
        gold = read_gold_units(gold_file)
        doc = read_document(corpus_dir / name)
        units = segment(doc)
        pairs = match_units([u.text for u in units], [g["text"] for g in gold])
        out.append(LabelledDoc(name, doc, units, gold, [(units[i], gold[j]) for i, j in pairs], series_of(name, index, doc.parties)))
        if progress:
            progress(name)
    return out


def load_labelled_sets(folders: Iterable[tuple[Path, Path]], progress: Callable[[str], None] | None = None) -> list[LabelledDoc]:
    """The labelled documents of several (gold folder, corpus folder) pairs; file names must not repeat."""
    out: list[LabelledDoc] = []
    seen: dict[str, Path] = {}
    for gold_dir, corpus_dir in folders:
        for ld in load_labelled(gold_dir, corpus_dir, progress):
            if ld.name in seen:
                raise MalformedGold(f"{ld.name} is labelled in {seen[ld.name]} too (file names must be unique)", path=str(gold_dir))
            seen[ld.name] = gold_dir
            out.append(ld)
    return out


THRESHOLDS = tuple(round(0.05 + 0.025 * i, 3) for i in range(37))  # 0.05 … 0.95


def _fold_key(docs: list[LabelledDoc]) -> Callable[[LabelledDoc], str]:
    """Inner folds by series when there are enough of them to hold one out, else by document."""
    return (lambda ld: ld.series) if len({ld.series for ld in docs}) >= 3 else (lambda ld: ld.name)


# The guide names these cases outright (any clause suffices; a party's own pledge
# reported inside a welcome; bullets inherit their lead-in's modality): their
# weights start from this prior instead of zero, and the data moves them. With
# few labelled statements of such shapes in a series, a zero prior let them be
# outvoted by the attitude words around them (BENCHMARKS.md).
GUIDE_PRIOR = 2.0
GUIDE_DECISIVE = ("sv_any:and_commissive", "sv_any:and_restating", "own_pledge_to_act", "own_pledge_noun",
                  "welcome_own_act", "under_commissive_lead_in")


def _fit_detector(docs: list[LabelledDoc], c_detect: float):
    rows = [r for ld in docs for r in ld.detection_rows()]
    prior = {k: GUIDE_PRIOR * guide_sign(k) for k in GUIDE_DECISIVE}
    return fit_signed([f for f, _ in rows], [y == "commitment" for _, y in rows], guide_sign, c=c_detect, prior=prior)


def out_of_fold_scores(docs: list[LabelledDoc], c_detect: float) -> list[tuple[float, bool]]:
    """(raw detection score, is a commitment) of every training unit, each scored by a model
    trained without its fold (its series, or its document when there are few series)."""
    key = _fold_key(docs)
    out: list[tuple[float, bool]] = []
    for fold in dict.fromkeys(key(ld) for ld in docs):
        held = [ld for ld in docs if key(ld) == fold]
        rest = [ld for ld in docs if key(ld) != fold]
        if not rest:
            continue
        model = _fit_detector(rest, c_detect)
        for ld in held:
            out += [(model.raw_score(f), y == "commitment") for f, y in ld.detection_rows()]
    return out


def _best_threshold(probs: list[tuple[float, bool]]) -> float:
    """Half the best F1 reachable on out-of-fold calibrated probabilities.

    For calibrated probabilities the F1-optimal threshold is half the optimal
    F1 (Lipton, Elkan & Naryanaswamy 2014). That is a property of the
    probabilities; the argmax of a flat F1 curve over a grid is not, and it
    moved by 0.2 between folds that differed in a handful of units.
    """
    def f1(th: float) -> float:
        tp = sum(p >= th and y for p, y in probs)
        fp = sum(p >= th and not y for p, y in probs)
        fn = sum(p < th and y for p, y in probs)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    return round(max(f1(th) for th in THRESHOLDS) / 2, 3)


def train_models(docs: list[LabelledDoc], *, c_detect: float = 0.5, tune: bool = True) -> Models:
    """Fit detection; calibrate its score on out-of-fold scores (Platt scaling) and set the
    decision threshold from them (``_best_threshold``). (The domain is a rule, not learned.)"""
    detect = _fit_detector(docs, c_detect)
    calibration, threshold = (1.0, 0.0), 0.5
    if tune and len(docs) >= 3:
        scores = out_of_fold_scores(docs, c_detect)
        calibration = fit_calibration(scores)
        a, b = calibration
        threshold = _best_threshold([(sigmoid(a * z + b), y) for z, y in scores])
    names = tuple(sorted(ld.name for ld in docs))
    digest = hashlib.sha256("|".join(names).encode()).hexdigest()[:6]
    return Models(
        version=f"{MODEL_VERSION_PREFIX}-{digest}",
        detect=detect,
        threshold=threshold,
        trained_on=names,
        calibration=calibration,
    )


def as_gold_format(c: Commitment) -> dict[str, Any]:
    row: dict[str, Any] = {"text": c.text, "label": c.label, "p_commitment": c.p_commitment}
    if c.is_commitment:
        row.update(
            kind=c.kind, actors=list(c.actors), domain=c.domain,
            mechanisms=[v.text for v in c.mechanisms], amounts=[v.text for v in c.amounts], timeframes=[v.text for v in c.timeframes],
        )
    return row


METHOD = {"series": "leave-one-series-out", "document": "leave-one-document-out", "none": "shipped model"}


@dataclass
class Evaluation:
    per_doc: list[ExtractionScore]
    overall: ExtractionScore
    method: dict[str, str]  # doc → "leave-one-series-out" | "leave-one-document-out" | "shipped model"
    series: dict[str, str] = field(default_factory=dict)  # doc → its series
    per_series: list[ExtractionScore] = field(default_factory=list)
    confidence: list[tuple[float, str, str]] = field(default_factory=list)  # (P(commitment), label, gold label) of matched units

    def as_dict(self) -> dict[str, Any]:
        from .evaluate import reliability

        return {
            "overall": self.overall.as_dict(),
            "series": [s.as_dict() for s in self.per_series],
            "documents": [s.as_dict() | {"model": self.method[s.doc], "series": self.series.get(s.doc, "")} for s in self.per_doc],
            "calibration": reliability(self.confidence),
        }


def held_out_models(labelled: list[LabelledDoc], models: Models | None = None, holdout: str = "series") -> dict[str, Models]:
    """The model to score each document with (see the module docstring for ``holdout``).

    With ``series`` and a single series given, there is nothing to train on
    but its own documents: that falls back to ``document``.
    """
    if holdout not in HOLDOUTS:
        raise ValueError(f"holdout must be one of {HOLDOUTS}")
    if holdout == "none":
        shipped = models or load_models()
        return {ld.name: shipped for ld in labelled}
    if holdout == "series" and len({ld.series for ld in labelled}) < 2:
        holdout = "document"
    key = (lambda ld: ld.series) if holdout == "series" else (lambda ld: ld.name)
    out: dict[str, Models] = {}
    for fold in dict.fromkeys(key(ld) for ld in labelled):
        rest = [ld for ld in labelled if key(ld) != fold]
        fold_models = train_models(rest) if rest else (models or load_models())
        for ld in labelled:
            if key(ld) == fold:
                out[ld.name] = fold_models
    return out


def method_of(labelled: list[LabelledDoc], holdout: str) -> str:
    if holdout == "series" and len({ld.series for ld in labelled}) < 2:
        return METHOD["document"]
    return METHOD[holdout]


def evaluate_labelled(labelled: list[LabelledDoc], per_doc_models: dict[str, Models], method: str,
                      progress: Callable[[str], None] | None = None) -> Evaluation:
    """Score each labelled document with its model; pool per series and overall."""
    per_doc = []
    overall = ExtractionScore.empty("overall")
    by_series: dict[str, ExtractionScore] = {}
    confidence: list[tuple[float, str, str]] = []
    for ld in labelled:
        predicted = [as_gold_format(c) for c in extract_commitments(ld.doc, ld.units, per_doc_models[ld.name])]
        score = score_document(ld.name, predicted, ld.gold)
        per_doc.append(score)
        overall.add(score)
        by_series.setdefault(ld.series, ExtractionScore.empty(ld.series)).add(score)
        for i, j in match_units([p["text"] for p in predicted], [g["text"] for g in ld.gold]):
            confidence.append((predicted[i]["p_commitment"], predicted[i]["label"], ld.gold[j]["label"]))
        if progress:
            progress(ld.name)
    return Evaluation(per_doc, overall, {ld.name: method for ld in labelled}, {ld.name: ld.series for ld in labelled},
                      list(by_series.values()), confidence)


def evaluate_extraction(gold_dir: Path, corpus_dir: Path, models: Models | None = None,
                        progress: Callable[[str], None] | None = None,
                        per_doc_models: dict[str, Models] | None = None, holdout: str = "document") -> Evaluation:
    """Score one gold folder (the Python API of ``pledgewatch eval GOLD_DIR``)."""
    labelled = load_labelled(gold_dir, corpus_dir)
    per_doc_models = per_doc_models or held_out_models(labelled, models, holdout)
    return evaluate_labelled(labelled, per_doc_models, method_of(labelled, holdout), progress)


__all__ = [
    "Evaluation", "HOLDOUTS", "LabelledDoc", "as_gold_format", "corpus_for", "evaluate_extraction", "evaluate_labelled",
    "held_out_models", "kind_of", "load_labelled", "load_labelled_sets", "method_of", "train_models", "find_cues",
]
