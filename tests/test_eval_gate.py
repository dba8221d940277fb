"""The evaluation gate: extraction and tracking quality may not fall below pinned floors.

Floors live in ``tests/eval_floors.json``. A floor may be raised freely; a
lower floor than the committed one fails unless PLEDGEWATCH_LOWER_FLOORS
gives a reason (it is then printed), so no floor is ever lowered silently.

Two extraction figures are pinned:

- ``series.*``, the one that counts: leave-one-series-out over the sample
  statements and ``../shared/dev`` together (each series scored by models
  trained on the other series, pooled), and the expected calibration error of
  the confidence;
- the unprefixed keys: leave-one-document-out on the sample corpus (each
  document scored by a model trained on the other sample documents), the
  second figure, which must not fall.

Tracking floors (``TRACKING_METRICS``) are end to end: the corpus is
extracted, then tracked, then scored against ``threads.jsonl`` and
``mechanisms.jsonl`` (``pledgewatch.evaluate_tracking``).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from pledgewatch.evaluate import reliability
from pledgewatch.evaluate_tracking import evaluate_tracking
from pledgewatch.training import evaluate_extraction, evaluate_labelled, held_out_models, load_labelled, load_labelled_sets

from .conftest import CORPUS, GOLD, ROOT

DEV = ROOT.parent / "shared" / "dev"
FLOORS_FILE = Path(__file__).with_name("eval_floors.json")
# The targets a floor may never be set below (leave-one-document-out on the sample corpus).
TARGETS = {"detection_f1": 0.93, "kind": 0.945, "actors": 0.95, "domain": 0.85, "amounts_f1": 0.95, "timeframes_f1": 0.90,
           "mechanisms_f1": 0.85}
# Issue 9's leave-one-series-out aims; the ones not met yet are pinned at what is reached, not held to these.
SERIES_AIMS = {"series.detection_f1": 0.92, "series.actors": 0.92, "series.kind": 0.92, "series.domain": 0.85,
               "series.mechanisms_f1": 0.85, "series.timeframes_f1": 0.85, "series.amounts_f1": 0.95}
# Tracking has a target too (pairwise thread F1 >= 0.85) that is not met yet, so its floors are not held to it.
TRACKING_METRICS = ("thread_pair_f1", "change_accuracy", "lifecycle_f1")
LOWER_IS_BETTER = ("series.ece",)


def _floors() -> dict[str, float]:
    return {k: v for k, v in json.loads(FLOORS_FILE.read_text()).items() if not k.startswith("_")}


def _scores(o) -> dict[str, float]:
    return {
        "detection_f1": o.detection.f1,
        "detection_precision": o.detection.precision,
        "detection_recall": o.detection.recall,
        "kind": o.accuracy("kind"),
        "actors": o.accuracy("actors"),
        "domain": o.accuracy("domain"),
        "amounts_f1": o.lists["amounts"].f1,
        "timeframes_f1": o.lists["timeframes"].f1,
        "mechanisms_f1": o.lists["mechanisms"].f1,
    }


def _labelled_data():
    if not GOLD.is_dir():
        pytest.fail(f"gold labels not found at {GOLD}; set PLEDGEWATCH_GOLD")
    if not (DEV / "gold").is_dir():
        pytest.fail(f"labels of other series not found at {DEV}")


@pytest.fixture(scope="module")
def measured() -> dict[str, float]:
    _labelled_data()
    result = evaluate_extraction(GOLD, CORPUS, holdout="document")
    assert set(result.method.values()) == {"leave-one-document-out"}
    scores = _scores(result.overall)
    labelled = load_labelled_sets([(GOLD, CORPUS), (DEV / "gold", DEV / "raw")])
    series = evaluate_labelled(labelled, held_out_models(labelled, holdout="series"), "leave-one-series-out")
    scores.update({f"series.{k}": v for k, v in _scores(series.overall).items()})
    scores["series.ece"] = reliability(series.confidence)["ece"]
    return scores


def _extraction_floors() -> list[str]:
    return sorted(k for k in _floors() if k not in TRACKING_METRICS)


@pytest.mark.parametrize("metric", _extraction_floors())
def test_eval_gate_metric_at_or_above_floor(measured, metric):
    floor = _floors()[metric]
    if metric in LOWER_IS_BETTER:
        assert measured[metric] <= floor, f"{metric} rose to {measured[metric]:.4f} (ceiling {floor})"
    else:
        assert measured[metric] >= floor, f"{metric} fell to {measured[metric]:.4f} (floor {floor})"


@pytest.fixture(scope="module")
def measured_tracking() -> dict[str, float]:
    _labelled_data()
    # extracted leave-one-document-out, as the extraction gate scores it
    held_out = held_out_models(load_labelled(GOLD, CORPUS), holdout="document")
    report = evaluate_tracking(GOLD, CORPUS, source="extracted", per_doc_models=held_out)
    return {
        "thread_pair_f1": report["threads"]["pairs"]["f1"],
        "change_accuracy": report["threads"]["change_accuracy"],
        "lifecycle_f1": report["mechanisms"]["triples"]["f1"],
    }


def test_eval_gate_every_figure_is_pinned():
    floors = _floors()
    assert set(TRACKING_METRICS) <= set(floors)
    assert set(TARGETS) | set(SERIES_AIMS) | set(LOWER_IS_BETTER) <= set(floors)


@pytest.mark.parametrize("metric", TRACKING_METRICS)
def test_eval_gate_tracking_metric_at_or_above_floor(measured_tracking, metric):
    floor = _floors()[metric]
    assert measured_tracking[metric] >= floor, f"{metric} fell to {measured_tracking[metric]:.4f} (floor {floor})"


def test_eval_gate_floors_meet_the_targets():
    floors = _floors()
    for metric, target in TARGETS.items():  # leave-one-document-out; series aims and tracking: see above
        assert floors[metric] >= target, f"floor {metric}={floors[metric]} is below the target {target}"


def test_eval_gate_floors_never_lowered_silently():
    try:
        committed = subprocess.run(["git", "show", "HEAD:tests/eval_floors.json"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no committed floors to compare with (not a git checkout)")
    before = {k: v for k, v in json.loads(committed).items() if not k.startswith("_")}
    worse = {k: (before[k], v) for k, v in _floors().items()
             if k in before and ((v > before[k]) if k in LOWER_IS_BETTER else (v < before[k]))}
    reason = os.environ.get("PLEDGEWATCH_LOWER_FLOORS")
    if worse and reason:
        print(f"floors lowered ({reason}): {worse}")
        return
    assert not worse, f"floors lowered without PLEDGEWATCH_LOWER_FLOORS: {worse}"
