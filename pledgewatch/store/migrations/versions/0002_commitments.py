"""commitments, their actors and their values (mechanisms, amounts, timeframes)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit_idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("domain", sa.String(32), index=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
        sa.Column("why", sa.JSON, nullable=False),
        sa.UniqueConstraint("doc_id", "unit_idx", "extractor", name="uq_commitments_unit_extractor"),
    )
    op.create_table(
        "commitment_actors",
        sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("party", sa.String(8), primary_key=True),
    )
    op.create_index("ix_commitment_actors_party", "commitment_actors", ["party"])
    op.create_table(
        "commitment_values",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("commitment_id", sa.Integer, sa.ForeignKey("commitments.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("normalised", sa.JSON, nullable=False),
    )
    op.create_index("ix_commitment_values_kind_text", "commitment_values", ["kind", "text"])


def downgrade() -> None:
    op.drop_index("ix_commitment_values_kind_text", "commitment_values")
    op.drop_table("commitment_values")
    op.drop_index("ix_commitment_actors_party", "commitment_actors")
    op.drop_table("commitment_actors")
    op.drop_table("commitments")
