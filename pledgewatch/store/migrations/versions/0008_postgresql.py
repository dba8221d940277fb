"""PostgreSQL: full-text search (a generated tsvector with a GIN index); every party code fits its column; writers' turns

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-17

- PostgreSQL's search index (``store/search.py``; SQLite's FTS5 index came with 0001).
- ``commitment_actors.party`` was VARCHAR(8), shorter than the code ``AFRICAN_UNION``:
  SQLite never enforces a length, PostgreSQL refuses the row.
- The rows writers lock to take turns (``store/turns.py``) and the labels' revision
  counter, so that each exists before two writers want it at once.
"""
import sqlalchemy as sa
from alembic import op

from pledgewatch.store.search import create_search_index, drop_search_index

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

store_meta = sa.table("store_meta", sa.column("key", sa.String(64)), sa.column("value", sa.String(64)))
TURNS = ("turn:accounts", "turn:labels", "turn:tracking")
ROWS = {**{turn: "" for turn in TURNS}, "commitments_revision": "0"}


def _party(old: int, new: int) -> None:
    with op.batch_alter_table("commitment_actors") as batch:  # SQLite: the table is copied (no table refers to it)
        batch.alter_column("party", existing_type=sa.String(old), type_=sa.String(new), existing_nullable=False)


def upgrade() -> None:
    conn = op.get_bind()
    create_search_index(conn, revision)
    _party(8, 32)
    have = set(conn.execute(sa.select(store_meta.c.key).where(store_meta.c.key.in_(list(ROWS)))).scalars())
    missing = [{"key": k, "value": v} for k, v in ROWS.items() if k not in have]
    if missing:
        op.bulk_insert(store_meta, missing)


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(store_meta.delete().where(store_meta.c.key.in_(TURNS)))
    _party(32, 8)
    drop_search_index(conn, revision)
