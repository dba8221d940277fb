"""Ingest on a Dask cluster (`ingest --workers N` / `--scheduler`): the same outcomes, error codes,
idempotence and database as the single-process ingest; a dead worker loses no file; an
unreachable scheduler is a clear error, not a hang."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import batch, browse
from pledgewatch.cli import app
from pledgewatch.errors import ClusterUnavailable
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.store.commitments import CommitmentFilter, list_commitments

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus  # noqa: E402  (the benchmarks' corpus generator: statements in every format, reposts, copies)

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "corpus"
    make_corpus.build(folder, 48, seed=5, reposts=0.1, copies=0.05)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a PDF")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def _outcomes(report) -> list[tuple]:
    return [(Path(o.path).name, o.status, o.doc_id, o.error_code, o.units, o.commitments) for o in report.outcomes]


def _contents(store: Store) -> dict:
    return {
        "counts": store.row_counts(),
        "documents": [(d.id, d.title, d.date, d.parties, d.units, d.sources) for d in store.documents()],
        "commitments": [c.as_dict() for c in list_commitments(store.engine, CommitmentFilter(include_other=True))],
        "sources": sorted((s["doc_id"], s["name"], s["similarity"]) for d in store.documents() for s in store.sources_of(d.id)),
    }


def test_the_cluster_ingests_exactly_as_one_process(corpus: Path, tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'one.db'}") as one, Store(f"sqlite:///{tmp_path / 'many.db'}") as many:
        single = ingest_paths(one, [str(corpus)])
        seen = []
        cluster = batch.ingest_paths_on_cluster(many, [str(corpus)], workers=2, chunk=3, on_file=seen.append)
        assert _outcomes(cluster) == _outcomes(single)
        assert [o.path for o in seen] == [o.path for o in cluster.outcomes]  # reported as they were stored, in order
        statuses = {o.status for o in single.outcomes}
        assert {"added", "failed"} <= statuses and statuses & {"duplicate", "near_duplicate"}
        assert {o.error_code for o in single.failed} >= {"PW103"}  # the empty file, coded as always
        assert _contents(many) == _contents(one)
        assert cluster.exit_code == single.exit_code == 1
        again = batch.ingest_paths_on_cluster(many, [str(corpus)], workers=1)
        assert {o.status for o in again.outcomes if o.ok} == {"present"}
        assert _contents(many) == _contents(one)


def test_a_worker_killed_mid_batch_loses_no_file(corpus: Path, tmp_path: Path) -> None:
    import dask
    from distributed import LocalCluster

    with Store(f"sqlite:///{tmp_path / 'one.db'}") as one:
        expected = _contents_after(one, corpus)
    # no second chance for a task whose worker died: the chunk is retried file by file
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50) as cluster, \
            Store(f"sqlite:///{tmp_path / 'many.db'}") as many:
        killed = threading.Event()

        def kill_one(_outcome) -> None:
            if not killed.is_set():
                killed.set()
                nanny = next(iter(cluster.workers.values()))
                nanny.process.process.kill()  # the worker process dies; its nanny starts another

        report = batch.ingest_paths_on_cluster(many, [str(corpus)], scheduler=cluster.scheduler_address, chunk=2, on_file=kill_one)
        assert killed.is_set()
        assert [o.status for o in report.outcomes] == [o.status for o in expected[1].outcomes]
        assert _contents(many) == expected[0]


def _contents_after(store: Store, corpus: Path):
    report = ingest_paths(store, [str(corpus)])
    return _contents(store), report


def test_an_unreachable_scheduler_is_a_clear_error(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT", 2)
    started = time.monotonic()
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        with pytest.raises(ClusterUnavailable, match="tcp://127.0.0.1:9"):
            batch.ingest_paths_on_cluster(store, [str(corpus)], scheduler="tcp://127.0.0.1:9")
        assert store.row_counts()["documents"] == 0
    assert time.monotonic() - started < 30
    r = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "y.db"), "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 1 and "PW901" in r.output and "Traceback" not in r.output


def test_cli_ingest_with_workers_tracks_once(corpus: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "w.db"), "--workers", "2", "-q"])
    assert r.exit_code == 1, r.output  # two bad files
    assert "tracked:" in r.output and "PW103" in r.output
    with Store(str(tmp_path / "w.db")) as store:
        assert browse.corpus(store).threads
    r = runner.invoke(app, ["ingest", str(corpus), "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2
