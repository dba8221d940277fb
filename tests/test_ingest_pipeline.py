"""pipeline.ingest_paths: every file gets an outcome, none stops the batch, nothing partial is stored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pledgewatch import pipeline
from pledgewatch.model import NO_DATE
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store

DATA = Path(__file__).parent / "data" / "ingest"


def _statement(i: int) -> str:
    topics = ["ports", "vaccines", "satellites", "fisheries", "scholarships", "grids", "minerals", "cables"]
    return (f"Chile-Peru Joint Declaration No. {i}\n\nThe ministers of Chile and Peru met in Lima for round {i}. "
            f"They agreed to fund {topics[i % 8]} with {i} million dollars by {2030 + i}. "
            f"The two governments will open a {topics[(i + 3) % 8]} office in Arica in {2027 + i} "
            f"and will report on round {i} to the leaders.\n")


def _folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(n):
        (folder / f"s{i:02d}.txt").write_text(_statement(i), encoding="utf-8")
    return folder


def test_pipeline_outcomes_for_added_present_duplicate_near_duplicate_and_failed(db_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "jp_au_statement.md", folder / "a_statement.md")
    shutil.copy(DATA / "daily_herald_repost.txt", folder / "b_repost.txt")
    (folder / "c_copy.md").write_bytes(b"\xef\xbb\xbf" + (DATA / "jp_au_statement.md").read_bytes())
    (folder / "d_empty.txt").write_bytes(b"")
    with Store(db_url) as store:
        seen = []
        report = ingest_paths(store, [str(folder), str(tmp_path / "missing.md")], on_file=seen.append)
        again = ingest_paths(store, [str(folder / "a_statement.md")])
    by_name = {Path(o.path).name: o for o in report.outcomes}
    assert by_name["a_statement.md"].status == "added" and by_name["a_statement.md"].units > 0
    assert by_name["b_repost.txt"].status == "near_duplicate" and by_name["b_repost.txt"].doc_id == by_name["a_statement.md"].doc_id
    assert by_name["c_copy.md"].status == "duplicate"
    assert (by_name["d_empty.txt"].status, by_name["d_empty.txt"].error_code) == ("failed", "PW103")
    assert (by_name["missing.md"].status, by_name["missing.md"].error_code) == ("failed", "PW101")
    assert seen == report.outcomes and report.exit_code == 1
    assert [o.status for o in again.outcomes] == ["present"] and again.exit_code == 0


def test_pipeline_outcome_warnings_keep_their_codes(db_url, tmp_path):
    folder = _folder(tmp_path, 1)  # a statement without a date
    with Store(db_url) as store:
        (outcome,) = ingest_paths(store, [str(folder)]).outcomes
    assert outcome.status == "added"
    assert [w.code for w in outcome.warnings] == [NO_DATE]


def test_pipeline_an_unexpected_bug_in_one_file_does_not_stop_the_batch(db_url, tmp_path, monkeypatch):
    folder = _folder(tmp_path, 3)
    real = pipeline.segment

    def flaky(doc):
        if "round 1." in doc.text:
            raise ValueError("boom")
        return real(doc)

    monkeypatch.setattr(pipeline, "segment", flaky)
    with Store(db_url) as store:
        report = ingest_paths(store, [str(folder)])
        assert len(store.documents()) == 2
    failed = report.failed
    assert len(failed) == 1 and failed[0].error_code == "PW100" and "s01.txt" in failed[0].error
    assert "unexpected ValueError: boom" in failed[0].error and "report it" in failed[0].error


def test_pipeline_interrupted_batch_keeps_only_whole_documents_and_a_rerun_completes(db_url, tmp_path, monkeypatch):
    folder = _folder(tmp_path, 6)
    real = pipeline.insert_commitments
    calls = {"n": 0}

    def interrupt_third(conn, doc_id, found):
        calls["n"] += 1
        real(conn, doc_id, found)  # the commitments are written…
        if calls["n"] == 3:
            raise KeyboardInterrupt  # …and then Ctrl-C arrives inside the third document's transaction

    monkeypatch.setattr(pipeline, "insert_commitments", interrupt_third)
    with Store(db_url) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest_paths(store, [str(folder)])
        with store.connect() as conn:
            from sqlalchemy import text

            docs = conn.execute(text("select count(*) from documents")).scalar()
            srcs = conn.execute(text("select count(*) from sources")).scalar()
            orphans = conn.execute(text(
                "select count(*) from units u where not exists (select 1 from documents d where d.id = u.doc_id)")).scalar()
            partial = conn.execute(text(
                "select count(*) from documents d where not exists (select 1 from units u where u.doc_id = d.id) "
                "or not exists (select 1 from commitments c where c.doc_id = d.id)")).scalar()
            bands = conn.execute(text("select count(distinct doc_id) from doc_bands")).scalar()
        assert (docs, srcs, orphans, partial, bands) == (2, 2, 0, 0, 2)
        monkeypatch.setattr(pipeline, "insert_commitments", real)
        rerun = ingest_paths(store, [str(folder)])
    assert [o.status for o in rerun.outcomes] == ["present", "present", "added", "added", "added", "added"]
    assert rerun.exit_code == 0


def test_pipeline_never_ingests_its_own_database_files(tmp_path):
    """`pledgewatch ingest .` in the folder that holds the database: the statements are
    ingested, the database and its WAL/SHM files are not reported as broken statements."""
    folder = _folder(tmp_path, 2)
    (folder / "other.db").write_bytes(b"SQLite format 3\x00" + bytes(100))  # someone else's database is still an error
    with Store(str(folder / "pw.db")) as store:
        report = ingest_paths(store, [str(folder)])
        names = sorted(Path(o.path).name for o in report.outcomes)
        assert names == ["other.db", "s00.txt", "s01.txt"]
        assert {Path(o.path).name: o.status for o in report.outcomes}["other.db"] == "failed"
        assert store.own_files() >= {(folder / "pw.db").resolve(), (folder / "pw.db-wal").resolve()}
    assert Store("sqlite://").own_files() == frozenset()
