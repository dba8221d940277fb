"""The Alembic migrations build exactly the schema the code queries, on SQLite and PostgreSQL,
down and up again, with the data that was there."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select

from pledgewatch.ingest import near_duplicates as nd
from pledgewatch.ingest import read_document
from pledgewatch.segment import segment
from pledgewatch.store import FINGERPRINT_SCHEME, MIGRATIONS, Store
from pledgewatch.model import NO_DATE
from pledgewatch.store.schema import doc_bands, documents, metadata, store_meta

pytestmark = pytest.mark.backends
DATA = Path(__file__).parent / "data" / "ingest"


def _migrate(url: str, how, revision: str) -> None:
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        how(cfg, revision)
    engine.dispose()


def _search_index(diff) -> bool:
    """The search module's own objects: FTS5's shadow tables, PostgreSQL's tsvector column and its index."""
    if diff[0] == "remove_table":
        return diff[1].name.startswith("units_fts")
    if diff[0] == "remove_column":
        return diff[2] == "units" and diff[3].name == "search_vector"
    if diff[0] == "remove_index":
        return diff[1].name == "ix_units_search_vector"
    return False


def test_store_migrations_match_schema(blank_db_url):
    store = Store(blank_db_url)  # made by the migrations, here and now
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    store.close()
    assert [d for d in diffs if not _search_index(d)] == []


def test_store_migrations_downgrade_to_base_and_up_again(db_url):
    doc = read_document(DATA / "jp_au_statement.md")
    with Store(db_url) as s:
        s.add_document(doc, segment(doc))
    _migrate(db_url, command.downgrade, "0007")  # before PostgreSQL's search index: the units stay
    with Store(db_url) as s:  # upgrades again: the index is made for the units there
        assert [h.doc_id for h in s.search("undersea cable")] == [doc.id]
    _migrate(db_url, command.downgrade, "base")
    engine = create_engine(db_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    store = Store(db_url)  # upgrades again
    assert "commitments" in inspect(store.engine).get_table_names()
    store.close()


def test_store_migrations_fingerprints_from_before_the_scheme_record_are_rebuilt_once(db_url, monkeypatch):
    url = db_url
    doc = read_document(DATA / "jp_au_statement.md")
    with Store(url) as s:
        s.add_document(doc, segment(doc))
        with s.engine.begin() as conn:  # whatever an older scheme left: bands the current one never makes
            conn.execute(doc_bands.update().values(key="old"))
    _migrate(url, command.downgrade, "0003")  # a database from before store_meta
    made: list[str] = []
    original = nd.fingerprint
    monkeypatch.setattr(nd, "fingerprint", lambda text: made.append(text) or original(text))
    for _ in range(2):
        with Store(url) as s, s.connect() as conn:
            assert conn.execute(select(store_meta.c.value).where(store_meta.c.key == FINGERPRINT_SCHEME)).scalar_one() == str(nd.FINGERPRINT_VERSION)
            assert set(conn.execute(select(doc_bands.c.band, doc_bands.c.key)).all()) == set(nd.band_keys(original(doc.text)))
    assert made == [doc.text]


def test_store_migrations_warnings_stored_as_bare_text_get_their_codes(db_url):
    url = db_url
    doc = read_document(DATA / "jp_au_statement.md")
    legacy = ["PW110: a.md: malformed front matter (x)", "no statement date found (no date in the text)"]
    with Store(url) as s:
        s.add_document(doc, segment(doc))
    _migrate(url, command.downgrade, "0004")  # warnings were bare text then
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(documents.update().values(warnings=legacy))
    engine.dispose()
    with Store(url) as s:
        assert [(w, w.code) for w in s.document(doc.id).warnings] == [(legacy[0], None), (legacy[1], NO_DATE)]
    _migrate(url, command.downgrade, "0004")
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(documents.c.warnings)).scalar_one() == legacy
    engine.dispose()


def test_store_migration_0006_downgrade_refuses_while_the_ledger_holds_entries(db_url):
    import datetime as dt

    from alembic import command
    from alembic.config import Config

    from pledgewatch.model import Correction, UnitAnchor
    from pledgewatch.store import MIGRATIONS, Store
    from pledgewatch.store.ledger import append_correction

    store = Store(db_url)
    append_correction(store.engine, Correction("c" * 64, UnitAnchor("d" * 16, 0, 5, "words"), "other", None, None, None, None,
                                               None, "ana", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        with pytest.raises(RuntimeError, match="ledger holds 1"):
            command.downgrade(cfg, "0005")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM corrections").scalar_one() == 1
