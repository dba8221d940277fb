"""Copy a whole database into another (``pledgewatch copy --from A --to B``): every table of
the schema — documents, units, commitments, tracking, the ledger, corrections, accounts — row
for row, primary keys kept, so the copy answers every listing exactly as the original.

Into an empty database only (one just migrated), in one transaction: a failure leaves the
destination as empty as it was. Rows are read in batches, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Integer, func, select, text
from sqlalchemy.engine import Connection, Engine

from ..errors import DestinationNotEmpty
from .schema import documents, metadata, store_meta

BATCH = 5_000


@dataclass(frozen=True)
class CopyResult:
    rows: dict[str, int]  # table → rows copied


def _holds_data(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(documents)).scalar_one() > 0 or any(
        conn.execute(select(func.count()).select_from(t)).scalar_one() > 0
        for t in metadata.sorted_tables if t.name in ("ledger_entries", "corrections", "accounts", "api_tokens")
    )


def copy_database(source: Engine, destination: Engine, *, on_table: Callable[[str, int], None] | None = None) -> CopyResult:
    """Every row of every table of the schema from ``source`` into ``destination`` (both migrated
    to the same revision). ``on_table(name, rows)`` is called as each table is done."""
    copied: dict[str, int] = {}
    with source.connect() as src, destination.begin() as dst:
        if _holds_data(dst):
            raise DestinationNotEmpty("the destination database already holds documents, ledger entries or accounts")
        dst.execute(store_meta.delete())  # the migration's own bookkeeping rows: the source's replace them
        for table in metadata.sorted_tables:  # parents before children (foreign keys)
            n = 0
            result = src.execution_options(yield_per=BATCH).execute(select(table).order_by(*table.primary_key.columns))
            for batch in result.mappings().partitions(BATCH):
                dst.execute(table.insert(), [dict(r) for r in batch])
                n += len(batch)
            copied[table.name] = n
            if on_table:
                on_table(table.name, n)
        _restart_sequences(dst)
    return CopyResult(copied)


def _restart_sequences(conn: Connection) -> None:
    """Rows were inserted with their ids: a server's id sequences must start after them
    (SQLite's AUTOINCREMENT reads the table's largest id itself)."""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        for col in table.primary_key.columns:
            if isinstance(col.type, Integer) and col.autoincrement is True:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{col.name}'), "
                                  f"COALESCE((SELECT MAX({col.name}) FROM {table.name}), 0) + 1, false)"))
