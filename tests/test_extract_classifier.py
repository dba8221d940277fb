"""The detection model: sign-constrained fitting, calibration, the JSON model file."""

from __future__ import annotations

import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.errors import ModelMissing
from pledgewatch.extract.classifier import LinearModel, Models, fit_calibration, fit_signed, load_models, save_models
from pledgewatch.extract.features import guide_sign


def _rows(n: int = 200, seed: int = 0):
    """A marker that predicts the positive class, and a 'welcome' that happens to as well in this sample."""
    rng = random.Random(seed)
    rows, labels = [], []
    for _ in range(n):
        y = rng.random() < 0.5
        row = {"marker": 1.0} if (y and rng.random() < 0.8) or (not y and rng.random() < 0.2) else {}
        if y and rng.random() < 0.6:
            row["welcome"] = 1.0
        row["noise"] = rng.random()
        rows.append(row)
        labels.append(y)
    return rows, labels


def test_extract_classifier_fit_signed_keeps_the_guides_sign():
    rows, labels = _rows()
    free = fit_signed(rows, labels, lambda f: 0)
    signed = fit_signed(rows, labels, lambda f: {"marker": 1, "welcome": -1}.get(f, 0))
    assert free.weights["welcome"] > 0.1  # the data alone would make "welcome" evidence of a commitment
    assert signed.weights.get("welcome", 0.0) == 0.0  # the guide says it is not
    assert signed.weights["marker"] > 0.5


def test_extract_classifier_prior_pulls_a_weight_toward_the_guide():
    rows, labels = _rows()
    rows = [dict(r, rare=1.0) if i == 0 else r for i, r in enumerate(rows)]  # a feature seen once
    plain = fit_signed(rows, labels, lambda f: 1 if f == "rare" else 0)
    primed = fit_signed(rows, labels, lambda f: 1 if f == "rare" else 0, prior={"rare": 2.0})
    assert primed.weights["rare"] > plain.weights.get("rare", 0.0) + 1.0


def test_extract_classifier_fit_is_deterministic():
    rows, labels = _rows(seed=3)
    assert fit_signed(rows, labels, guide_sign) == fit_signed(rows, labels, guide_sign)


@given(st.dictionaries(st.sampled_from(["a", "b", "c", "unknown"]), st.floats(-4, 4), max_size=4))
@settings(max_examples=100, deadline=None)
def test_extract_classifier_raw_score_is_the_intercept_plus_the_known_terms(features):
    model = LinearModel("commitment", {"a": 0.5, "b": -1.25, "c": 2.0}, -0.3)
    want = -0.3 + sum({"a": 0.5, "b": -1.25, "c": 2.0}.get(f, 0.0) * v for f, v in features.items())
    assert math.isclose(model.raw_score(features), want, abs_tol=1e-12)


def test_extract_classifier_calibration_maps_scores_to_frequencies():
    rng = random.Random(5)
    # true P(positive | z) = sigmoid(0.5 z - 1): the fitted (a, b) must find it
    pairs = []
    for _ in range(4000):
        z = rng.uniform(-6, 6)
        pairs.append((z, rng.random() < 1 / (1 + math.exp(-(0.5 * z - 1)))))
    a, b = fit_calibration(pairs)
    assert abs(a - 0.5) < 0.1 and abs(b + 1) < 0.2


def test_extract_classifier_models_round_trip_through_json(tmp_path):
    models = Models("lr-test", LinearModel("commitment", {"new:commit": 1.5}, -0.5), 0.4, ("a.txt",), (0.9, 0.1))
    path = tmp_path / "model.json"
    save_models(models, path)
    again = load_models(path)
    assert again == models
    assert 0 < again.p_commitment({"new:commit": 1.0}) < 1


def test_extract_classifier_damaged_or_old_model_file_is_a_clear_error(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"version": "old", "detect": {"classes": ["commitment", "other"]}}), encoding="utf-8")
    with pytest.raises(ModelMissing) as err:
        load_models(path)
    assert err.value.code == "PW201"


def test_extract_classifier_shipped_model_has_only_features_that_transfer():
    """No word of a statement is a feature (a party, a leader or a place would let the model learn a series)."""
    shipped = load_models()
    assert shipped.detect.weights
    assert not [f for f in shipped.detect.weights if f.startswith("w:")]
    for feature, weight in shipped.detect.weights.items():
        sign = guide_sign(feature)
        assert sign == 0 or sign * weight > 0, feature
