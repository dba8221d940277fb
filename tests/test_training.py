"""Training and honest evaluation: series, leave-one-series-out, the gold format, calibration, the shipped model."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.errors import MalformedGold
from pledgewatch.evaluate import read_gold_units, read_series_index, reliability, series_of
from pledgewatch.extract.classifier import default_model_path
from pledgewatch.training import corpus_for, held_out_models, load_labelled_sets

from .conftest import CORPUS, GOLD, ROOT

DEV = ROOT.parent / "shared" / "dev"
runner = CliRunner()


@pytest.fixture(scope="module")
def both():
    if not (GOLD.is_dir() and (DEV / "gold").is_dir()):
        pytest.fail(f"labelled data not found at {GOLD} and {DEV}")
    return load_labelled_sets([(GOLD, CORPUS), (DEV / "gold", DEV / "raw")])


def test_training_series_index_is_read_from_a_markdown_table(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "INDEX.md").write_text(
        "# Index\n\nSome words.\n\n| NN | title | series |\n|---|---|---|\n| 01 | A | Quad leaders |\n| 02.txt | B | ASEAN–Japan |\n\nAfter.\n",
        encoding="utf-8")
    index = read_series_index(tmp_path / "gold")
    assert index == {"01": "Quad leaders", "02.txt": "ASEAN–Japan"}
    assert series_of("01.txt", index, ("US",)) == "Quad leaders"
    assert series_of("02.txt", index, ()) == "ASEAN–Japan"
    # a document the index does not list: its parties are its series
    assert series_of("03.txt", index, ("US", "JP")) == "JP–US"


def test_training_corpus_is_found_beside_the_gold_folder(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "raw").mkdir()
    (tmp_path / "gold" / "a.txt.jsonl").write_text('{"doc": "a.txt", "text": "x", "label": "other"}\n', encoding="utf-8")
    assert corpus_for(tmp_path / "gold", CORPUS) == CORPUS  # raw/ lacks a.txt
    (tmp_path / "raw" / "a.txt").write_text("We will act.", encoding="utf-8")
    assert corpus_for(tmp_path / "gold", CORPUS) == tmp_path / "raw"


def test_training_leave_one_series_out_never_trains_on_the_scored_series(both):
    series = {ld.name: ld.series for ld in both}
    assert len(set(series.values())) == 8
    models = held_out_models(both, holdout="series")
    for ld in both:
        assert not {series[name] for name in models[ld.name].trained_on} & {ld.series}, ld.name
        assert models[ld.name].trained_on  # and it was trained on the other series


def test_training_leave_one_document_out_trains_on_the_rest_of_its_series(both):
    sample = [ld for ld in both if ld.series == "KR–US"]
    models = held_out_models(sample, holdout="document")
    for ld in sample:
        assert ld.name not in models[ld.name].trained_on and len(models[ld.name].trained_on) == len(sample) - 1


@pytest.mark.parametrize("bad, problem", [
    ('"kind": "old"', "kind 'old'"),
    ('"domain": "economy"', "domain 'economy'"),
    ('"actors": ["the United States"]', "actors"),
    ('"timeframes": "2030"', "timeframes must be a list"),
])
def test_training_gold_with_a_label_outside_the_guide_is_pw401_naming_file_and_line(tmp_path, bad, problem):
    src = sorted((DEV / "gold").glob("*.txt.jsonl"))[0]
    lines = src.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if '"label": "commitment"' in line)
    row = json.loads(lines[at])
    key = bad.split(":")[0].strip('"')
    row[key] = json.loads(bad.split(":", 1)[1])
    lines[at] = json.dumps(row, ensure_ascii=False)
    path = tmp_path / src.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(MalformedGold) as err:
        read_gold_units(path)
    assert err.value.code == "PW401" and f"line {at + 1}" in str(err.value) and src.name in str(err.value)
    assert problem in str(err.value)


def test_training_cli_eval_reports_every_series_leave_one_series_out():
    result = runner.invoke(app, ["eval", str(GOLD), str(DEV / "gold"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {d["model"] for d in data["documents"]} == {"leave-one-series-out"}
    assert len(data["series"]) == 8 and {s["doc"] for s in data["series"]} >= {"KR–US", "NATO summit"}
    pooled = sum(s["detection"]["tp"] for s in data["series"])
    assert pooled == data["overall"]["detection"]["tp"]
    assert 0 <= data["calibration"]["ece"] < 0.2 and len(data["calibration"]["bins"]) == 10


def test_training_reliability_of_a_perfectly_calibrated_and_a_wrong_forecaster():
    right = [(0.85, "commitment", g) for g in ["commitment"] * 85 + ["other"] * 15]
    assert reliability(right)["ece"] == pytest.approx(0.0, abs=1e-9)
    wrong = [(0.95, "commitment", "other")] * 10
    assert reliability(wrong)["ece"] == pytest.approx(0.95)
    # borderline gold units count neither way
    assert reliability([(0.5, "other", "borderline")])["units"] == 0


def test_training_shipped_model_is_what_train_makes_from_both_corpora(tmp_path):
    """`pledgewatch train ../shared/gold ../shared/dev/gold` reproduces the shipped model byte for byte."""
    out = tmp_path / "model.json"
    result = runner.invoke(app, ["train", str(GOLD), str(DEV / "gold"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == default_model_path().read_bytes(), "retrain the shipped model: pledgewatch train ../shared/gold ../shared/dev/gold"
    assert out.stat().st_size < 50_000
