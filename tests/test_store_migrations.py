"""The Alembic migrations build exactly the schema the code queries."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from pledgewatch.store import Store
from pledgewatch.store.schema import metadata


def test_store_migrations_match_schema(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    store.close()
    # FTS5 shadow tables are the search module's, not the schema's.
    diffs = [d for d in diffs if not (d[0] == "remove_table" and d[1].name.startswith("units_fts"))]
    assert diffs == []


def test_store_migrations_downgrade_to_base_and_up_again(tmp_path):
    from alembic import command
    from alembic.config import Config

    from pledgewatch.store import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'd.db'}"
    Store(url).close()
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    store = Store(url)  # upgrades again
    assert "commitments" in inspect(store.engine).get_table_names()
    store.close()
