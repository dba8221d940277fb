"""Corrections of the extraction (a real database on each backend, the CLI in-process): every reader uses the
person's word, it survives re-extraction, exports as gold that `train` learns from, and the
review queue lists the least certain units but never a corrected one."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pledgewatch import assessments
from pledgewatch.cli import app
from pledgewatch.errors import BadLedgerInput
from pledgewatch.evaluate import read_gold_units
from pledgewatch.extract.classifier import load_models, save_models
from pledgewatch.store.commitments import unit_labels
from pledgewatch.tracker import ensure_tracking

from .conftest import GOLD
from .ledger_helpers import assess, count_rows, fewer_docs_model, sample_store, sample_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.backends
runner = CliRunner()


def cli(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout


def cli_json(*args: str):
    return json.loads(cli(*args, "--format", "json"))


def refs_listed(db: str) -> set[str]:
    return {c["ref"] for c in cli_json("commitments", "--db", db)}


def thread_units(db: str) -> set[str]:
    return {f"{m['doc_id']}:{m['start']}" for t in cli_json("threads", "--db", db) for m in t["members"]}


@pytest.fixture
def db(sample_store) -> str:
    return sample_store.url


def a_commitment_with_entries(store):
    c = cli_json("commitments", "--db", store.url, "--domain", "health")[0]
    return c, assess(store, c["ref"], "in_progress")


def an_other_unit(store, word: str) -> dict:
    return next(r for r in unit_labels(store.engine) if r["label"] == "other" and r["unit_kind"] != "lead_in" and word in r["text"])


def test_ledger_correction_to_other_leaves_commitments_threads_and_ledger(sample_store, db):
    c, entry = a_commitment_with_entries(sample_store)
    ref = c["ref"]
    assert ref in refs_listed(db) and ref in thread_units(db)
    cli("correct", ref, "--label", "other", "--note", "a welcome, not an undertaking", "--by", "reviewer", "--db", db)
    assert ref not in refs_listed(db)
    assert ref not in thread_units(db)
    rows = assessments.ledger_rows(sample_store)
    assert ref not in {r.ref for r in rows if not r.lost}
    (lost,) = [r for r in rows if r.lost]  # its assessment is kept, and says its undertaking is gone
    assert lost.entry_id == entry.entry_id and lost.ref == ref
    with pytest.raises(Exception, match="not a commitment"):
        assess(sample_store, ref)  # a unit that is not a commitment takes no new assessment


def test_ledger_correction_to_commitment_appears_with_the_persons_attributes(sample_store, db):
    unit = an_other_unit(sample_store, "Quad")
    ref = f"{unit['doc_id']}:{unit['start']}"
    assert ref not in refs_listed(db)
    cli("correct", ref, "--label", "commitment", "--kind", "reaffirmed", "--actors", "KR", "--domain", "regional",
        "--mechanisms", "Quad", "--note", "support for the Quad is an undertaking", "--by", "reviewer", "--db", db)
    (listed,) = [c for c in cli_json("commitments", "--db", db) if c["ref"] == ref]
    assert listed["kind"] == "reaffirmed" and listed["actors"] == ["KR"] and listed["domain"] == "regional"
    assert [m["text"] for m in listed["mechanisms"]] == ["Quad"]
    assert listed["confidence"] == 1.0 and listed["extractor"] == "person-reviewer"
    assert ref in thread_units(db)
    assess(sample_store, ref, "in_progress")  # now the ledger tracks it
    assert ref in {r.ref for r in assessments.ledger_rows(sample_store)}


def test_ledger_corrections_survive_reextraction(sample_store, db, fewer_docs_model, tmp_path):
    gone = a_commitment_with_entries(sample_store)[0]["ref"]
    unit = an_other_unit(sample_store, "Quad")
    added = f"{unit['doc_id']}:{unit['start']}"
    assessments.correct(sample_store, gone, label="other", by="reviewer")
    assessments.correct(sample_store, added, label="commitment", kind="new", actors=["US", "KR"], by="reviewer")
    for how in (["reextract"], ["reextract", "--model", str(tmp_path / "fewer.json")]):
        save_models(fewer_docs_model, tmp_path / "fewer.json")
        cli(*how, "--db", db)
        listed = {c["ref"]: c for c in cli_json("commitments", "--db", db)}
        assert gone not in listed and added in listed and listed[added]["kind"] == "new"
        assert gone not in thread_units(db) and added in thread_units(db)


def test_ledger_reextract_with_another_model_changes_the_labels(sample_store, db, fewer_docs_model, tmp_path):
    before = refs_listed(db)
    save_models(fewer_docs_model, tmp_path / "fewer.json")
    cli("reextract", "--model", str(tmp_path / "fewer.json"), "--db", db)
    assert refs_listed(db) != before
    cli("reextract", "--db", db)  # back to the shipped model
    assert refs_listed(db) == before


def test_ledger_reextract_with_a_missing_model_file_exits_1(db, tmp_path):
    result = runner.invoke(app, ["reextract", "--model", str(tmp_path / "none.json"), "--db", db])
    assert result.exit_code == 1 and "PW201" in result.output


def test_ledger_corrections_export_is_gold_that_train_learns_from(sample_store, db, tmp_path):
    unit = an_other_unit(sample_store, "Quad")
    added = f"{unit['doc_id']}:{unit['start']}"
    gone = a_commitment_with_entries(sample_store)[0]["ref"]
    cli("correct", added, "--label", "commitment", "--kind", "new", "--actors", "US,KR", "--domain", "regional", "--by", "r", "--db", db)
    cli("correct", gone, "--label", "other", "--by", "r", "--db", db)
    cli("correct", gone, "--label", "commitment", "--by", "r", "--db", db)  # a later verdict on the same unit wins
    cli("correct", gone, "--label", "other", "--by", "r", "--db", db)
    out = tmp_path / "gold"
    cli("corrections", "--export", str(out), "--db", db)
    files = sorted(out.glob("*.txt.jsonl"))
    assert files and all((out / f.name[: -len(".jsonl")]).is_file() for f in files)
    rows = [r for f in files for r in read_gold_units(f)]  # the evaluator's own checks of the guide's format
    by_text = {r["text"]: r for r in rows}
    assert len(rows) == 2
    corrected = by_text[" ".join(unit["text"].split())]
    assert corrected["label"] == "commitment" and corrected["kind"] == "new" and corrected["domain"] == "regional"
    assert sorted(corrected["actors"]) == ["KR", "US"]  # the store keeps actors as a set
    assert [r["label"] for r in rows if r is not corrected] == ["other"]
    model = tmp_path / "x.json"
    result = runner.invoke(app, ["train", str(GOLD), str(out), "-o", str(model)])
    assert result.exit_code == 0, result.output
    assert f"on {5 + len(files)} documents" in result.output
    assert load_models(model).version  # a model a reextract can use
    listed = cli_json("corrections", "--db", sample_store.url)
    assert [c["label"] for c in listed] == ["commitment", "other", "commitment", "other"]


def test_ledger_review_lists_least_confident_first_and_never_a_corrected_unit(sample_store, db):
    queue = cli_json("review", "--limit", "15", "--db", db)
    assert len(queue) == 15
    confidences = [r["confidence"] for r in queue]
    assert confidences == sorted(confidences)
    everything = [r for r in unit_labels(sample_store.engine) if r["unit_kind"] != "lead_in"]
    assert confidences[0] == min(r["confidence"] for r in everything)
    for item in queue[:3]:
        cli("correct", item["ref"], "--label", item["label"], "--by", "reviewer", "--db", db)  # confirmed as the model said
    again = cli_json("review", "--limit", "15", "--db", db)
    assert not {r["ref"] for r in queue[:3]} & {r["ref"] for r in again}
    assert [r["ref"] for r in again[:12]] == [r["ref"] for r in queue[3:15]]
    corrected = {c["ref"] for c in cli_json("corrections", "--db", db)}
    assert not corrected & {r["ref"] for r in cli_json("review", "--limit", "1000", "--db", db)}


@pytest.mark.parametrize("args, words", [
    (["--label", "maybe"], "not commitment or other"),
    (["--label", "commitment", "--kind", "old"], "kind 'old'"),
    (["--label", "commitment", "--domain", "weather"], "domain 'weather'"),
    (["--label", "commitment", "--actors", "Atlantis"], "party code or name"),
    (["--label", "commitment", "--mechanisms", "Galactic Council"], "not in the unit's words"),
    (["--label", "other", "--kind", "new"], "not with --label other"),
    (["--label", "commitment", "--by", " "], "not empty"),
])
def test_ledger_correction_bad_input_exits_2_and_stores_nothing(sample_store, db, args, words):
    ref = a_commitment_with_entries(sample_store)[0]["ref"]
    before = count_rows(sample_store), refs_listed(db)
    result = runner.invoke(app, ["correct", ref, *args, "--db", db])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("PW601: ") and words in result.output
    assert (count_rows(sample_store), refs_listed(db)) == before
    with pytest.raises(BadLedgerInput):
        assessments.correct(sample_store, ref, label="maybe", by="r")


def test_ledger_correction_of_an_unknown_unit_exits_1_with_a_hint(db):
    result = runner.invoke(app, ["correct", "0000000000000000:5", "--label", "other", "--db", db])
    assert result.exit_code == 1 and "PW602" in result.output and "pledgewatch commitments" in result.output


def test_ledger_correction_is_read_by_tracking_at_once(sample_store, db):
    ref = a_commitment_with_entries(sample_store)[0]["ref"]
    assessments.correct(sample_store, ref, label="other", by="reviewer")
    assert ensure_tracking(sample_store) is not None  # the labels changed: tracking is recomputed on the next read
    assert ensure_tracking(sample_store) is None
