"""Extraction gives the same output whatever the hash seed (sets must not decide an order)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import dataclasses, json, sys
from pathlib import Path
from pledgewatch.extract import extract_commitments
from pledgewatch.ingest import read_document
from pledgewatch.segment import segment
for path in sorted(Path(sys.argv[1]).glob("*.txt")) + [Path(sys.argv[2])]:
    doc = read_document(path)
    for c in extract_commitments(doc, segment(doc)):
        print(json.dumps(dataclasses.asdict(c), sort_keys=True, default=str))
"""

CORPUS = Path(__file__).resolve().parent.parent / "pledgewatch" / "data" / "corpus"


# Units whose reasons tie (two number stems with the same weight): their order in
# ``why`` once followed the set of stems, i.e. the hash seed.
TIES = 'The ministers met.\n\n"date": "2021-01-22",\n\n"date": "2023-04-26",\n\nThe two sides will meet again in 2027.\n'


def _run(seed: str, extra: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", SCRIPT, str(CORPUS), str(extra)], env=env, capture_output=True, text=True, check=True).stdout


def test_extraction_output_does_not_depend_on_the_hash_seed(tmp_path):
    extra = tmp_path / "ties.txt"
    extra.write_text(TIES, encoding="utf-8")
    first = _run("1", extra)
    assert first.count("\n") > 300  # every unit of the sample corpus and the ties, with their reasons
    assert _run("2", extra) == first
