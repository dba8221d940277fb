"""What the ledger tests share: the sample corpus in a real database (ingested once per backend,
copied per test), a second extraction model trained on fewer documents, and small ways to record."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pledgewatch import assessments
from pledgewatch.extract.classifier import load_models, save_models
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.store.schema import corrections, ledger_entries
from pledgewatch.store.tracking import load_threads
from pledgewatch.tracker import ensure_tracking
from pledgewatch.training import load_labelled_sets, train_models

from .conftest import CORPUS, GOLD

SAMPLE = {  # the bundled statements by what they are
    "2021": CORPUS / "002_4ae3d24060ec3165.txt", "2022": CORPUS / "001_803832c92c163606.txt",
    "2023": CORPUS / "000_d2d98a496d566f4a.txt", "fact_sheet": CORPUS / "003_a9605a6f17e006e0.txt",
    "declaration": CORPUS / "004_7f0367b61bf4e2de.txt",
}
TODAY = dt.date(2026, 12, 3)
NOW = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.timezone.utc)


def copy_db(src: Path, dest: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{src}{suffix}").exists():
            shutil.copy(f"{src}{suffix}", f"{dest}{suffix}")
    return f"sqlite:///{dest}"


def build_db(url: str | Path, files: list[Path]) -> str:
    """A database (a URL, or a SQLite file's path) holding ``files`` ingested and tracked; its URL."""
    url = str(url) if "://" in str(url) else f"sqlite:///{url}"
    with Store(url) as store:
        report = ingest_paths(store, [str(f) for f in files])
        assert not report.failed, report.failed
        ensure_tracking(store)
    return url


@pytest.fixture(scope="session")
def sample_db_file(tmp_path_factory) -> Path:
    """The five bundled statements ingested and tracked in a SQLite file (never changed: tests copy it)."""
    path = tmp_path_factory.mktemp("ledger") / "sample.db"
    build_db(path, sorted(SAMPLE.values()))
    return path


@pytest.fixture
def sample_url(backend, templates, new_db) -> str:
    """A new database holding the five bundled statements, ingested and tracked (built once per backend)."""
    source, _ = templates.get("sample", backend, lambda url: build_db(url, sorted(SAMPLE.values())))
    return new_db("sample", template=source)


@pytest.fixture
def sample_store(sample_url):
    store = Store(sample_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def fewer_docs_model(tmp_path_factory):
    """Models trained on two of the five labelled statements (a different model from the shipped one)."""
    gold = tmp_path_factory.mktemp("gold2")
    for name in ("000_d2d98a496d566f4a.txt.jsonl", "001_803832c92c163606.txt.jsonl"):
        shutil.copy(GOLD / name, gold / name)
    path = gold.parent / "fewer.json"
    save_models(train_models(load_labelled_sets([(gold, CORPUS)])), path)
    return load_models(path)


def count_rows(store: Store) -> tuple[int, int]:
    with store.engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(ledger_entries)).scalar_one(),
                conn.execute(select(func.count()).select_from(corrections)).scalar_one())


def assess(store: Store, ref: str, status: str = "in_progress", *, day: dt.date = dt.date(2024, 1, 10),
           at: dt.datetime | None = None, note: str | None = None, by: str = "analyst"):
    return assessments.record_assessment(
        store, ref, status=status, evidence_date=day, evidence_url="https://example.org/evidence", quote="the words that show it",
        note=note, by=by, today=TODAY, now=at,
    )


def linked_thread(store: Store):
    """A thread with appearances in two or more documents."""
    return next(t for t in sorted(load_threads(store.engine), key=lambda t: t.id) if len({m.doc_id for m in t.members}) > 1)


def ref_of(member) -> str:
    return f"{member.doc_id}:{member.start}"
