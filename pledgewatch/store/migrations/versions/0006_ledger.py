"""The ledger: ledger_entries (assessments and retractions) and corrections, both append-only

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APPEND_ONLY = ("ledger_entries", "corrections")


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.String(64), nullable=False, unique=True),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("ref", sa.String(96), nullable=False),
        sa.Column("anchors", sa.JSON, nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("status", sa.String(24)),
        sa.Column("evidence_date", sa.Date),
        sa.Column("evidence_url", sa.Text),
        sa.Column("quote", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("superseded_by", sa.String(96)),
        sa.Column("retracts", sa.String(64)),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ledger_entries_ref", "ledger_entries", ["ref"])
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("correction_id", sa.String(64), nullable=False, unique=True),
        sa.Column("doc_id", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("actors", sa.JSON),
        sa.Column("domain", sa.String(32)),
        sa.Column("mechanisms", sa.JSON),
        sa.Column("note", sa.Text),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_corrections_doc_id", "corrections", ["doc_id"])
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        # People's words are never edited or deleted in place: the database refuses it.
        if dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$ LANGUAGE plpgsql"
            )
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
            )


def downgrade() -> None:
    # People's words are never thrown away by a schema change: refuse while any are stored.
    conn = op.get_bind()
    held = sum(conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one() for table in APPEND_ONLY)
    if held:
        raise RuntimeError(f"the ledger holds {held} entries and corrections: export them (pledgewatch export) "
                           "and remove them by hand before downgrading below 0006")
    dialect = conn.dialect.name
    for table in APPEND_ONLY:
        if dialect == "sqlite":
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        elif dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
    op.drop_table("corrections")
    op.drop_table("ledger_entries")
