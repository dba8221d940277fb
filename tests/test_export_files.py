"""Export files: written whole or not at all (an unwritable folder, a folder in the way, a full disk,
an interruption), re-runs overwrite cleanly, tables stream in bounded memory, any text survives
every format, and the column reference is generated from the one definition."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.exporting import COLUMNS_FILE, FORMATS, MANIFEST_FILE, ROWS, TABLES, Column, Table, columns_markdown, export, table
from pledgewatch.exporting.writers import write_table
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.store.schema import commitment_actors, commitments, documents, units

from .conftest import CORPUS, ROOT
from .test_export import read_back

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export-files") / "corpus.db"
    result = runner.invoke(app, ["ingest", "-q", "--db", str(path), str(CORPUS / "0*.txt")])
    assert result.exit_code == 0, result.output
    return path


def _partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.endswith(".partial"))


# --- failures leave nothing half-written ----------------------------------------------------------


def test_export_to_an_unwritable_folder_is_a_coded_error_and_exit_1(corpus_db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(blocker / "out"), "--db", str(corpus_db)])
    assert result.exit_code == 1, result.output
    assert re.search(r"PW701: .*a-file/out: cannot write the export folder", result.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"] and blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_failing_mid_way_leaves_no_partial_file_and_no_manifest(corpus_db, tmp_path, fmt):
    out = tmp_path / "out"
    (out / f"units.{fmt}").mkdir(parents=True)  # the third table cannot take its name
    result = runner.invoke(app, ["export", "-f", fmt, "-o", str(out), "--db", str(corpus_db)])
    assert result.exit_code == 1, result.output
    assert f"PW701: {out}: cannot write units.{fmt}" in " ".join(result.output.split())
    assert not _partials(out) and not (out / MANIFEST_FILE).exists()
    assert (out / f"units.{fmt}").is_dir()
    assert sorted(p.name for p in out.iterdir()) == sorted([f"documents.{fmt}", f"sources.{fmt}", f"units.{fmt}"])
    assert len(read_back(out, fmt, "documents")) == 5  # the tables before it are whole


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE as on Linux")
def test_export_running_out_of_room_mid_file_leaves_no_partial_file(corpus_db, tmp_path):
    """A real write failure half-way through a file: the process may write no file past 20 kB
    (the documents table is about 80 kB), as on a disk that fills up."""
    out = tmp_path / "out"
    script = (
        "import resource, sys\n"
        "from pledgewatch.cli import main\n"
        "from pledgewatch.store import Store\n"
        # the database's own files (its 32 kB WAL index) are opened before the limit, and kept open
        f"held = Store({str(corpus_db)!r}).connect()\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))\n"
        f"sys.argv = ['pledgewatch', 'export', '-f', 'jsonl', '-o', {str(out)!r}, '--db', {str(corpus_db)!r}]\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "PW701" in proc.stderr and "cannot write documents.jsonl (File too large)" in " ".join(proc.stderr.split())
    assert out.is_dir() and list(out.iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError])
def test_export_interrupted_table_keeps_the_previous_file_whole(tmp_path, fmt, interruption):
    t = Table("notes", "test", (Column("id", "integer", "id"), Column("text", "string", "words")))
    assert write_table(t, [{"id": i, "text": f"row {i}"} for i in range(3)], tmp_path, fmt) == 3

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(20_000):
            if i == 15_000:  # after rows were written (Parquet: after row groups were flushed)
                raise interruption("stop")
            yield {"id": i, "text": "x" * 50}

    with pytest.raises(interruption):
        write_table(t, rows(), tmp_path, fmt)
    assert not _partials(tmp_path)
    assert read_back(tmp_path, fmt, t) == [{"id": i, "text": f"row {i}"} for i in range(3)]


# --- re-running -------------------------------------------------------------------------------


def test_export_rerun_overwrites_cleanly(corpus_db, tmp_path):
    out = tmp_path / "out"
    first = runner.invoke(app, ["export", "-f", "csv", "-o", str(out), "--db", str(corpus_db)])
    assert first.exit_code == 0, first.output
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.name != MANIFEST_FILE}
    (out / "units.csv").write_text("junk,from,another,time\n" * 10_000, encoding="utf-8")
    (out / ".threads.csv.0123abcd.partial").write_text("left by a killed export", encoding="utf-8")
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    second = runner.invoke(app, ["export", "-f", "csv", "-o", str(out), "--db", str(corpus_db)])
    assert second.exit_code == 0, second.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name not in (MANIFEST_FILE, "my-notes.txt")} == before
    assert not _partials(out) and (out / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert {m["table"]: m["rows"] for m in manifest["tables"]}["units"] == len(read_back(out, "csv", "units"))


def test_cli_export_reports_each_table_and_rejects_bad_options(corpus_db, tmp_path):
    result = runner.invoke(app, ["export", "--format", "parquet", "--output", str(tmp_path / "pq"), "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    assert re.search(r"commitments\.parquet\s+\d+ rows", result.output)
    assert "Exported 16 tables (parquet)" in " ".join(result.output.split())
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == sorted(
        [f"{t.name}.parquet" for t in TABLES] + [COLUMNS_FILE, MANIFEST_FILE])
    assert runner.invoke(app, ["export", "-f", "xlsx", "-o", str(tmp_path / "x"), "--db", str(corpus_db)]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", str(corpus_db)]).exit_code == 2
    assert not (tmp_path / "x").exists()


# --- streaming --------------------------------------------------------------------------------


def _synthetic_store(path: Path, n_docs: int, units_per_doc: int = 100) -> Store:
    """A store of many small documents written straight into its tables (ingest would take minutes)."""
    store = Store(str(path))
    sentence = "The parties will expand cooperation on supply chains, clean energy and health security by 2030. "
    now = dt.datetime.now(dt.timezone.utc)
    with store.engine.begin() as conn:
        for d in range(n_docs):
            doc_id = f"{d:016x}"
            conn.execute(documents.insert().values(
                id=doc_id, sha256=f"{d:064x}", title=f"Statement {d}", date=dt.date(2020, 1, 1) + dt.timedelta(days=d),
                doc_type="joint_statement", parties=["JP", "PH"], text=sentence * units_per_doc, blocks=[], provenance={},
                tags=[], warnings=[], ingested_at=now))
            conn.execute(units.insert(), [
                {"doc_id": doc_id, "idx": i, "start": i * len(sentence), "end": (i + 1) * len(sentence) - 1,
                 "text": sentence[:-1], "kind": "sentence"} for i in range(units_per_doc)])
            conn.execute(commitments.insert(), [
                {"doc_id": doc_id, "unit_idx": i, "start": i * len(sentence), "end": (i + 1) * len(sentence) - 1,
                 "label": "commitment", "kind": "new", "domain": "economic_security", "confidence": 0.9,
                 "extractor": "synthetic-1", "why": ["made by the test"]} for i in range(units_per_doc)])
        ids = [r[0] for r in conn.execute(commitments.select().with_only_columns(commitments.c.id))]
        conn.execute(commitment_actors.insert(), [{"commitment_id": i, "party": p} for i in ids for p in ("JP", "PH")])
    return store


def _peak(store: Store, fmt: str, folder: Path) -> tuple[int, dict[str, int]]:
    counts = {}
    folder.mkdir()
    tracemalloc.start()
    try:
        with store.connect() as conn:
            for name in ("units", "commitments"):
                counts[name] = write_table(table(name), ROWS[name](conn, 200), folder, fmt, row_group=500)
        return tracemalloc.get_traced_memory()[1], counts
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def synthetic_stores(tmp_path_factory) -> dict[int, Path]:
    """Two stores, of 1,500 and 6,000 commitments: both more than a partition (200 rows) and a Parquet
    row group (500 rows)."""
    folder = tmp_path_factory.mktemp("synthetic")
    paths = {}
    for n_docs in (15, 60):
        _synthetic_store(folder / f"s{n_docs}.db", n_docs).close()
        paths[n_docs] = folder / f"s{n_docs}.db"
    return paths


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_streams_tables_in_bounded_memory(synthetic_stores, tmp_path, fmt):
    """Four times the rows must not take four times the memory: rows are read and written a
    partition at a time (a whole table in memory would grow with it)."""
    peaks = {}
    for n_docs, path in synthetic_stores.items():
        with Store(str(path)) as store:
            peaks[n_docs], counts = _peak(store, fmt, tmp_path / f"out{n_docs}")
        assert counts == {"units": n_docs * 100, "commitments": n_docs * 100}
    assert peaks[60] < 1.5 * peaks[15], peaks


def test_export_small_partitions_give_the_same_rows(tmp_path):
    with Store(str(tmp_path / "c.db")) as store:
        ingest_paths(store, [str(p) for p in sorted(CORPUS.glob("*.txt"))])
        export(store, tmp_path / "big", "jsonl")
        export(store, tmp_path / "small", "jsonl", batch=7)
    for t in TABLES:
        assert (tmp_path / "small" / f"{t.name}.jsonl").read_bytes() == (tmp_path / "big" / f"{t.name}.jsonl").read_bytes(), t.name


# --- any text, any value, in every format -------------------------------------------------------

ANY_TABLE = Table("anything", "test", (
    Column("text", "string", "words"), Column("words", "list[string]", "words"), Column("reading", "json", "object"),
    Column("n", "integer", "n"), Column("x", "float", "x"), Column("flag", "boolean", "flag"), Column("day", "date", "day"),
    Column("at", "timestamp", "at"),
))
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_row = st.fixed_dictionaries({
    "text": st.none() | _text, "words": st.none() | st.lists(_text, max_size=4),
    "reading": st.none() | st.dictionaries(st.text(max_size=5), st.none() | _text | st.integers(-10**6, 10**6), max_size=3),
    "n": st.none() | st.integers(-2**62, 2**62), "x": st.none() | st.floats(allow_nan=False, allow_infinity=False),
    "flag": st.none() | st.booleans(), "day": st.none() | st.dates(),
    "at": st.none() | st.datetimes(min_value=dt.datetime(1970, 1, 2), timezones=st.just(dt.timezone.utc)),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row, min_size=1, max_size=8))
def test_export_any_values_survive_every_format(rows):
    def as_json(r: dict[str, Any]) -> dict[str, Any]:
        out = dict(r)
        out["day"] = r["day"].isoformat() if r["day"] else None
        out["at"] = r["at"].isoformat(timespec="microseconds") if r["at"] else None
        return out

    expected = [as_json(r) for r in rows]
    # CSV has one empty cell for null and for "": an empty string reads back as null
    in_csv = [{**e, "text": e["text"] or None} for e in expected]
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            assert write_table(ANY_TABLE, rows, Path(tmp), fmt) == len(rows)
            got = read_back(Path(tmp), fmt, ANY_TABLE)
            assert got == (in_csv if fmt == "csv" else expected), fmt


# --- the column reference ------------------------------------------------------------------------


def test_export_column_reference_is_generated_from_the_definitions(corpus_db, tmp_path):
    assert (ROOT / "COLUMNS.md").read_text(encoding="utf-8") == columns_markdown(), (
        "COLUMNS.md is out of date: run `pledgewatch export --columns > COLUMNS.md`")
    printed = runner.invoke(app, ["export", "--columns"])
    assert printed.exit_code == 0 and printed.stdout == columns_markdown()
    with Store(str(corpus_db)) as store:
        export(store, tmp_path, "jsonl")
    assert (tmp_path / COLUMNS_FILE).read_text(encoding="utf-8") == columns_markdown()
    documented = {m.group(1): [] for m in re.finditer(r"^## (\w+)$", columns_markdown(), re.M)}
    section = None
    for line in columns_markdown().splitlines():
        if line.startswith("## "):
            section = line[3:]
        elif section and (m := re.match(r"^\| `(\w+)` \| ([\w\[\]]+) \| (.+) \|$", line)):
            documented[section].append(m.group(1))
    assert documented == {t.name: t.names for t in TABLES}
    for t in TABLES:  # and exactly these columns are in the files
        with open(tmp_path / f"{t.name}.jsonl", encoding="utf-8") as f:
            assert all(list(json.loads(line)) == t.names for line in f)


def test_export_columns_are_lower_snake_case_typed_and_explained():
    from pledgewatch.exporting.columns import TYPES

    for t in TABLES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", t.name) and t.meaning
        assert len(set(t.names)) == len(t.names), t.name
        for c in t.columns:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", c.name), c.name
            assert c.type in TYPES and c.meaning and "|" not in c.meaning, (t.name, c.name)
        if "start" in t.names:  # a row that stands for words can be traced to them
            assert "end" in t.names and "doc_id" in t.names, t.name


def test_readme_documents_the_export():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Export", 1)[1].split("\n## ", 1)[0]
    assert "COLUMNS.md" in section and MANIFEST_FILE in section
    missing = [t.name for t in TABLES if f"`{t.name}`" not in section]
    assert not missing, f"tables not named in the README's Export section: {missing}"
