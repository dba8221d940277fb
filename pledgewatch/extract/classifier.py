"""The detection model: a small linear model over named features, trained from labelled units.

Training is a logistic regression whose weights keep the sign the annotation
guide gives their feature (``fit_signed``), followed by Platt scaling of its
score on out-of-fold predictions (``fit_calibration``). The result is saved
as plain JSON (feature name → weight), so prediction needs no pickles, works
with any scikit-learn or SciPy version and explains itself: the features that
pushed a decision most become its ``why``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelMissing

MODEL_FILE = "model.json"


@dataclass(frozen=True)
class LinearModel:
    """Binary logistic model over sparse named features: log-odds of ``positive``."""

    positive: str
    weights: dict[str, float]  # feature → weight
    intercept: float

    def raw_score(self, features: dict[str, float]) -> float:
        """The intercept plus weight × value of each of the unit's features the model knows.

        The terms are added one feature at a time, in the order of
        ``features.keys() & model features``, so every sum is the same to the
        last bit however it is computed.
        """
        z = self.intercept
        weights = self.weights
        for f in features.keys() & weights.keys():  # the unit's few features, not the model's many
            z += weights[f] * features[f]
        return z

    def contributions(self, features: dict[str, float], n: int = 4) -> list[tuple[str, float]]:
        """The features that pushed most toward (positive) or against ``positive``."""
        contrib = [(f, self.weights[f] * v) for f, v in features.items() if f in self.weights]
        contrib.sort(key=lambda x: -abs(x[1]))
        return contrib[:n]

    def to_json(self) -> dict[str, Any]:
        return {"positive": self.positive, "weights": self.weights, "intercept": self.intercept}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls(data["positive"], data["weights"], data["intercept"])


def fit_signed(rows: list[dict[str, float]], labels: list[bool], sign: Callable[[str], int], *, c: float = 1.0,
               row_weights: list[float] | None = None, min_weight: float = 0.003, positive: str = "commitment",
               prior: dict[str, float] | None = None) -> LinearModel:
    """A binary logistic regression whose weights keep the sign the guide gives their feature.

    ``sign(feature)`` is +1 (may only push toward ``positive``), -1 (only
    away from it) or 0 (either way). The data sets how much a marker
    weighs, never which way: "welcomed …" cannot become evidence of a
    commitment because one series often welcomes pledges. Classes are
    balanced as in scikit-learn's ``class_weight="balanced"``; the loss is
    ``C · Σ wᵢ·logloss + ½‖β‖²`` (the intercept is not penalised), solved
    by L-BFGS-B (deterministic). Weights below ``min_weight`` are dropped
    (the file stays small).
    """
    from scipy.optimize import minimize
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer()
    x = vec.fit_transform(rows).tocsr()
    names = [str(n) for n in vec.get_feature_names_out()]
    y = np.where(np.asarray(labels, dtype=bool), 1.0, -1.0)
    n_pos = float((y > 0).sum())
    n_neg = float(len(y) - n_pos)
    w = np.where(y > 0, len(y) / (2 * max(n_pos, 1)), len(y) / (2 * max(n_neg, 1)))
    if row_weights is not None:
        w = w * np.asarray(row_weights, dtype=float)

    mu = np.array([(prior or {}).get(n, 0.0) for n in names], dtype=float)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        beta, b = theta[:-1], theta[-1]
        margin = y * (x @ beta + b)
        d = beta - mu
        value = c * float(np.sum(w * np.logaddexp(0.0, -margin))) + 0.5 * float(d @ d)
        g = -c * w * y * 0.5 * (1 - np.tanh(margin / 2))  # d/dz of logaddexp(0, -y z)
        return value, np.concatenate([x.T @ g + d, [g.sum()]])

    bounds = [(0.0, None) if sign(n) > 0 else (None, 0.0) if sign(n) < 0 else (None, None) for n in names]
    result = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B", bounds=[*bounds, (None, None)],
                      options={"maxiter": 5000})
    beta, b = result.x[:-1], result.x[-1]
    weights = {n: round(float(v), 4) for n, v in zip(names, beta) if abs(v) > min_weight}
    return LinearModel(positive, weights, round(float(b), 4))


def fit_calibration(scores: list[tuple[float, bool]]) -> tuple[float, float]:
    """Platt scaling: (a, b) with P(commitment) = sigmoid(a·z + b), fitted on out-of-fold
    raw scores z. The detector is trained with balanced class weights, so its own
    probabilities are not frequencies."""
    from sklearn.linear_model import LogisticRegression

    ys = [y for _, y in scores]
    if len(set(ys)) < 2:
        return 1.0, 0.0
    clf = LogisticRegression(C=1e4, max_iter=1000)
    clf.fit([[z] for z, _ in scores], ys)
    return round(float(clf.coef_[0][0]), 4), round(float(clf.intercept_[0]), 4)


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(min(z, 50.0), -50.0)))


@dataclass(frozen=True)
class Models:
    version: str
    detect: LinearModel  # commitment vs other (the domain is a rule of the guide's table: features.choose_domain)
    threshold: float = 0.5  # on the calibrated probability
    trained_on: tuple[str, ...] = ()
    calibration: tuple[float, float] = (1.0, 0.0)  # Platt (a, b) over the detector's log-odds

    def p_commitment(self, features: dict[str, float]) -> float:
        """The calibrated probability that a unit with these features is a commitment."""
        a, b = self.calibration
        return sigmoid(a * self.detect.raw_score(features) + b)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "threshold": self.threshold,
            "trained_on": list(self.trained_on),
            "calibration": list(self.calibration),
            "detect": self.detect.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Models:
        return cls(
            data["version"], LinearModel.from_json(data["detect"]), data.get("threshold", 0.5),
            tuple(data.get("trained_on", ())), tuple(data.get("calibration", (1.0, 0.0))),
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
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelMissing(f"the extraction model file is damaged or of an older version ({exc})", path=str(p)) from None
    return _CACHE[key]


def save_models(models: Models, path: Path) -> None:
    path.write_text(json.dumps(models.to_json(), separators=(",", ":"), sort_keys=True), encoding="utf-8")
    _CACHE.pop(str(path), None)
