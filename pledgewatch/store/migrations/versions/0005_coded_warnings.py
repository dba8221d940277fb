"""documents.warnings: each warning stored with its code, {"text": …, "code": …}, not as bare text

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

documents = sa.table("documents", sa.column("id", sa.String(16)), sa.column("warnings", sa.JSON))

# Before codes, the only warning anything acted on was known by its words.
NO_DATE_WORDS, NO_DATE = "no statement date found", "no_date"


def _rewrite(convert) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(documents.c.id, documents.c.warnings)).all()
    for doc_id, warnings in rows:
        if warnings:
            conn.execute(documents.update().where(documents.c.id == doc_id).values(warnings=[convert(w) for w in warnings]))


def upgrade() -> None:
    _rewrite(lambda w: {"text": w, "code": NO_DATE if w.startswith(NO_DATE_WORDS) else None})


def downgrade() -> None:
    _rewrite(lambda w: w["text"])
