"""store_meta: the near-duplicate fingerprint scheme the stored fingerprints were made with

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Fingerprints stored before this record existed were made with a scheme
# nobody wrote down: "0" matches no scheme version, so the store rebuilds them
# once (on a new database there is nothing to rebuild).
UNRECORDED = "0"


def upgrade() -> None:
    store_meta = op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(64), nullable=False),
    )
    op.bulk_insert(store_meta, [{"key": "fingerprint_scheme", "value": UNRECORDED}])


def downgrade() -> None:
    op.drop_table("store_meta")
