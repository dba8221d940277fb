"""documents, sources, near-duplicate bands, units and their full-text index

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

from pledgewatch.store.search import create_search_index, drop_search_index

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.Date, index=True),
        sa.Column("doc_type", sa.String(32), nullable=False),
        sa.Column("parties", sa.JSON, nullable=False),
        sa.Column("source_url", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("blocks", sa.JSON, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("similarity", sa.Float),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("doc_id", "sha256", name="uq_sources_doc_raw"),
    )
    op.create_index("ix_sources_sha256", "sources", ["sha256"])
    op.create_table(
        "doc_bands",
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("lead_in", sa.Integer),
        sa.UniqueConstraint("doc_id", "idx", name="uq_units_doc_idx"),
    )
    create_search_index(op.get_bind(), revision)  # SQLite's (FTS5); PostgreSQL's comes with 0008


def downgrade() -> None:
    drop_search_index(op.get_bind(), revision)
    op.drop_table("units")
    op.drop_table("doc_bands")
    op.drop_index("ix_sources_sha256", "sources")
    op.drop_table("sources")
    op.drop_table("documents")
