"""CLI: extract, commitments, eval, train (in-process with Typer's runner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.evaluate import read_gold_units
from pledgewatch.errors import MalformedGold

from .conftest import CORPUS

runner = CliRunner()
STATEMENT = """---
title: Quad Leaders' Joint Statement
date: '2026-09-24'
---

We, the leaders of Australia, India, Japan and the United States, met in Wilmington.

We will launch the Quad Ports of the Future Partnership (QPFP) in 2027 and commit $80 million to it over three years.

We recognize the value of open seas.

India will host the next Quad Leaders' Summit in 2027.
"""


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_cli_extract_jsonl_fields_and_offsets(tmp_path):
    path = tmp_path / "quad.md"
    path.write_text(STATEMENT, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = _jsonl(result.stdout)
    assert len(rows) == 2
    launch = rows[0]
    assert launch["doc"] == "quad.md" and launch["kind"] == "new"
    assert set(launch["actors"]) == {"AU", "IN", "JP", "US"}
    assert [a["text"] for a in launch["amounts"]] == ["$80 million"]
    assert launch["amounts"][0]["value"] == 80e6 and launch["amounts"][0]["currency"] == "USD"
    assert "2027" in [t["text"] for t in launch["timeframes"]] or "in 2027" in [t["text"] for t in launch["timeframes"]]
    assert launch["extractor"]["name"] == "pledgewatch" and launch["why"]
    assert rows[1]["actors"] == ["IN"]
    assert "label" not in launch


def test_cli_extract_all_adds_labels_and_other_units(tmp_path):
    path = tmp_path / "quad.md"
    path.write_text(STATEMENT, encoding="utf-8")
    rows = _jsonl(runner.invoke(app, ["extract", str(path), "--format", "jsonl", "--all"]).stdout)
    assert {r["label"] for r in rows} == {"commitment", "other"}
    assert len(rows) == 4


def test_cli_extract_csv_and_table(tmp_path):
    path = tmp_path / "quad.md"
    path.write_text(STATEMENT, encoding="utf-8")
    csv_out = runner.invoke(app, ["extract", str(path), "--format", "csv"]).stdout
    assert csv_out.splitlines()[0].startswith("doc,start,end,kind,actors")
    table = runner.invoke(app, ["extract", str(path)]).stdout
    assert "commitments" in table and "$80 million" in table


def test_cli_extract_reports_broken_file_and_goes_on(tmp_path):
    good = tmp_path / "quad.md"
    good.write_text(STATEMENT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "PW103" in result.output and "empty.txt" in result.output
    assert len(_jsonl(result.stdout)) == 2


def test_cli_extract_no_commitments_says_so(tmp_path):
    path = tmp_path / "none.txt"
    path.write_text("Readout\n\nThe ministers met and discussed the weather.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert "no commitments found" in result.output


def test_cli_commitments_filters(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert runner.invoke(app, ["ingest", "--db", db, *[str(p) for p in sorted(CORPUS.glob("*.txt"))]]).exit_code == 0
    every = json.loads(runner.invoke(app, ["commitments", "--db", db, "--format", "json"]).stdout)
    assert len(every) > 150
    kr = json.loads(runner.invoke(app, ["commitments", "--db", db, "--party", "KR", "--kind", "new", "--domain", "health", "--format", "json"]).stdout)
    assert kr and all("KR" in r["actors"] and r["kind"] == "new" and r["domain"] == "health" for r in kr)
    since = json.loads(runner.invoke(app, ["commitments", "--db", db, "--since", "2023-01-01", "--format", "json"]).stdout)
    assert since and all(r["date"] >= "2023-01-01" for r in since)
    query = json.loads(runner.invoke(app, ["commitments", "--db", db, "--query", "vaccine", "--format", "json"]).stdout)
    assert query and all("vaccin" in r["text"].lower() for r in query)
    bad = runner.invoke(app, ["commitments", "--db", db, "--domain", "weather"])
    assert bad.exit_code == 2


def test_cli_eval_json_on_gold(gold_dir):
    result = runner.invoke(app, ["eval", str(gold_dir), "--corpus", str(CORPUS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["documents"]) == 5
    assert all(d["model"] == "leave-one-document-out" for d in data["documents"])
    assert 0 < data["overall"]["detection"]["f1"] <= 1


def test_cli_eval_malformed_gold_names_file_and_line(tmp_path, gold_dir):
    bad = tmp_path / "gold"
    bad.mkdir()
    src = sorted(gold_dir.glob("*.txt.jsonl"))[0]
    lines = src.read_text(encoding="utf-8").splitlines()
    lines[2] = "{not json"
    (bad / src.name).write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(bad), "--corpus", str(CORPUS)])
    assert result.exit_code == 1
    assert "PW401" in result.output and src.name in result.output and "line 3" in result.output


def test_evaluate_gold_needs_label(tmp_path):
    path = tmp_path / "x.txt.jsonl"
    path.write_text('{"text": "a", "label": "maybe"}\n', encoding="utf-8")
    try:
        read_gold_units(path)
    except MalformedGold as err:
        assert "line 1" in str(err)
    else:
        raise AssertionError("a bad label must be refused")


def test_cli_train_writes_a_reproducible_model(tmp_path, gold_dir):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in sorted(p.name for p in gold_dir.glob("*.txt.jsonl"))[:3]:
        shutil.copy(gold_dir / name, gold / name)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert runner.invoke(app, ["train", str(gold), "--corpus", str(CORPUS), "-o", str(first)]).exit_code == 0
    assert runner.invoke(app, ["train", str(gold), "--corpus", str(CORPUS), "-o", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    model = json.loads(first.read_text())
    assert len(model["trained_on"]) == 3 and model["detect"]["weights"]
    assert Path(first).stat().st_size < 1_000_000


def test_cli_extract_timeframe_periods_never_hide_the_offsets(tmp_path):
    path = tmp_path / "g7.md"
    path.write_text("---\ntitle: G7\ndate: 2026-06-01\nparties: G7\n---\n\nWe, the Leaders of the G7, will hold the review in 2027.\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    row = _jsonl(result.stdout)[0]
    t = next(t for t in row["timeframes"] if "2027" in t["text"])
    assert isinstance(t["start"], int) and isinstance(t["end"], int) and t["end"] - t["start"] == len(t["text"])
    assert (t["period_start"], t["period_end"]) == ("2027-01-01", "2027-12-31")
