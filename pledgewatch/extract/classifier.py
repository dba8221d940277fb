"""Small linear models over named features, trained from labelled units.

Training uses scikit-learn's logistic regression; the result is saved as
plain JSON (feature name → weight per class), so prediction needs no
pickles, works with any scikit-learn version and explains itself: the
features that pushed a decision most become its ``why``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelMissing

MODEL_FILE = "model.json"


@dataclass(frozen=True)
class _Dense:
    """A model's weights as one matrix (feature rows × class columns; 0.0 where a class has no weight)."""

    classes: tuple[str, ...]
    rows: dict[str, int]  # feature → its row
    matrix: np.ndarray
    intercepts: np.ndarray


@dataclass(frozen=True)
class LinearModel:
    """One-vs-rest (binary: one class) logistic model over sparse named features."""

    classes: tuple[str, ...]
    weights: dict[str, dict[str, float]]  # class → feature → weight
    intercepts: dict[str, float]

    def raw_scores(self, features: dict[str, float]) -> dict[str, float]:
        """Per class: the intercept plus weight × value of each of the unit's features the model knows.

        The terms are added one feature at a time, in the order of
        ``features.keys() & model features``, so every sum is the same to the
        last bit however it is computed.
        """
        # Iterate over the unit's few features, not the model's many weights.
        if len(self.intercepts) == 1:
            (c, z), = self.intercepts.items()
            weights = self._single_weights
            for f in features.keys() & weights.keys():
                z += weights[f] * features[f]
            return {c: z}
        dense = self._dense
        present = list(features.keys() & dense.rows.keys())
        # Several classes: one row of the weight matrix per feature, not a dict
        # update per weight (the weights of 13 domains for ~30 features).
        terms = np.empty((len(present) + 1, len(dense.classes)))
        terms[0] = dense.intercepts
        values = np.array([features[f] for f in present], dtype=float)
        np.multiply(dense.matrix[[dense.rows[f] for f in present]], values[:, None], out=terms[1:])
        # ``accumulate`` adds row after row (no pairwise summation, unlike ``sum``), and
        # adding 0.0 for a class without that weight leaves its sum unchanged.
        return dict(zip(dense.classes, np.add.accumulate(terms, axis=0)[-1].tolist()))

    def raw_score(self, features: dict[str, float], cls: str) -> float:
        """A binary model's log-odds of ``cls`` (either of its two classes)."""
        ((fitted, z),) = self.raw_scores(features).items()
        return z if fitted == cls else -z

    def scores(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities (softmax for several classes, sigmoid for one)."""
        raw = self.raw_scores(features)
        if len(self.weights) == 1:
            (c, z), = raw.items()
            p = 1 / (1 + math.exp(-max(min(z, 50), -50)))
            other = next(x for x in self.classes if x != c)
            return {c: p, other: 1 - p}
        top = max(raw.values())
        exp = {c: math.exp(z - top) for c, z in raw.items()}
        total = sum(exp.values())
        return {c: v / total for c, v in exp.items()}

    @cached_property
    def _single_weights(self) -> dict[str, float]:
        """feature → weight, for a model with one intercept (binary)."""
        (c,) = self.intercepts
        return self.weights.get(c, {})

    @cached_property
    def _dense(self) -> _Dense:
        classes = tuple(self.intercepts)
        column = {c: i for i, c in enumerate(classes)}
        rows: dict[str, int] = {}
        for weights in self.weights.values():
            for f in weights:
                rows.setdefault(f, len(rows))
        matrix = np.zeros((len(rows), len(classes)))
        for c, weights in self.weights.items():
            for f, w in weights.items():
                matrix[rows[f], column[c]] = w
        return _Dense(classes, rows, matrix, np.array([self.intercepts[c] for c in classes], dtype=float))

    def predict(self, features: dict[str, float]) -> tuple[str, float]:
        scores = self.scores(features)
        best = max(scores, key=scores.__getitem__)
        return best, scores[best]

    def contributions(self, features: dict[str, float], cls: str, n: int = 4) -> list[tuple[str, float]]:
        """The features that pushed most toward (positive) or against ``cls``."""
        key = cls if cls in self.weights else next(iter(self.weights))
        sign = 1.0 if cls in self.weights else -1.0
        weights = self.weights[key]
        contrib = [(f, sign * weights[f] * v) for f, v in features.items() if f in weights]
        contrib.sort(key=lambda x: -abs(x[1]))
        return contrib[:n]

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "weights": self.weights, "intercepts": self.intercepts}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls(tuple(data["classes"]), data["weights"], data["intercepts"])


def fit_linear(rows: list[dict[str, float]], labels: list[str], *, c: float = 1.0, min_weight: float = 0.003,
               groups: list[float] | None = None) -> LinearModel:
    """Fit a logistic regression; keep only weights that matter (the file stays small).

    ``groups``: a weight per row (each series weighing the same), or None.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    classes = sorted(set(labels))
    clf = LogisticRegression(C=c, max_iter=4000, class_weight="balanced")
    clf.fit(x, labels, sample_weight=groups)
    names = vec.get_feature_names_out()
    fitted = [str(k) for k in clf.classes_]
    weights: dict[str, dict[str, float]] = {}
    intercepts: dict[str, float] = {}
    if len(fitted) == 2:
        positive = fitted[1]
        weights[positive] = {str(n): round(float(w), 4) for n, w in zip(names, clf.coef_[0]) if abs(w) > min_weight}
        intercepts[positive] = round(float(clf.intercept_[0]), 4)
    else:
        for i, cls in enumerate(fitted):
            weights[cls] = {str(n): round(float(w), 4) for n, w in zip(names, clf.coef_[i]) if abs(w) > min_weight}
            intercepts[cls] = round(float(clf.intercept_[i]), 4)
    return LinearModel(tuple(classes), weights, intercepts)


def fit_calibration(scores: list[tuple[float, bool]]) -> tuple[float, float]:
    """Platt scaling: (a, b) with P(commitment) = sigmoid(a·z + b), fitted on out-of-fold
    raw scores z. The detector is trained with balanced class weights and a
    series-level reweighting, so its own probabilities are not frequencies."""
    from sklearn.linear_model import LogisticRegression

    ys = [y for _, y in scores]
    if len(set(ys)) < 2:
        return 1.0, 0.0
    clf = LogisticRegression(C=1e4, max_iter=1000)
    clf.fit([[z] for z, _ in scores], ys)
    return round(float(clf.coef_[0][0]), 4), round(float(clf.intercept_[0]), 4)


@dataclass(frozen=True)
class Models:
    version: str
    detect: LinearModel  # commitment vs other
    domain: LinearModel  # one of the guide's domains
    threshold: float = 0.5  # on the calibrated probability
    trained_on: tuple[str, ...] = ()
    calibration: tuple[float, float] = (1.0, 0.0)  # Platt (a, b) over the detector's log-odds

    def p_commitment(self, features: dict[str, float]) -> float:
        """The calibrated probability that a unit with these features is a commitment."""
        a, b = self.calibration
        z = a * self.detect.raw_score(features, "commitment") + b
        return 1 / (1 + math.exp(-max(min(z, 50), -50)))

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
            "calibration": list(self.calibration),
            "detect": self.detect.to_json(),
            "domain": self.domain.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Models:
        return cls(
            data["version"], LinearModel.from_json(data["detect"]), LinearModel.from_json(data["domain"]),
            data.get("threshold", 0.5), tuple(data.get("trained_on", ())), tuple(data.get("calibration", (1.0, 0.0))),
        )


_CACHE: dict[str, Models] = {}


def default_model_path() -> Path:
    return Path(str(resources.files("pledgewatch") / "data" / MODEL_FILE))


def load_models(path: Path | None = None) -> Models:
    p = path or default_model_path()
    key = str(p)
    if key not in _CACHE:
        try:
            _CACHE[key] = Models.from_json(json.loads(p.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ModelMissing("the extraction model file is missing", path=str(p)) from None
        except (ValueError, KeyError) as exc:
            raise ModelMissing(f"the extraction model file is damaged ({exc})", path=str(p)) from None
    return _CACHE[key]


def save_models(models: Models, path: Path) -> None:
    path.write_text(json.dumps(models.to_json(), separators=(",", ":"), sort_keys=True), encoding="utf-8")
    _CACHE.pop(str(path), None)
