"""tracking: meetings (with the user's merge/split edits), threads, mechanisms registry

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("parties", sa.JSON, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("order_why", sa.Text, nullable=False),
    )
    op.create_table(
        "meeting_docs",
        sa.Column("meeting_id", sa.String(64), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "meeting_edits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(8), nullable=False),  # merge | split
        sa.Column("doc_a", sa.String(16), nullable=False),
        sa.Column("doc_b", sa.String(16)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "threads",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("parties", sa.JSON, nullable=False),
        sa.Column("domain", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("dropped_at", sa.JSON, nullable=False),
    )
    op.create_table(
        "thread_members",
        sa.Column("thread_id", sa.String(64), sa.ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("meeting_id", sa.String(64), nullable=False),
        sa.Column("unit_idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("change", sa.String(16), nullable=False),
        sa.Column("prev_doc_id", sa.String(16)),
        sa.Column("prev_unit_idx", sa.Integer),
        sa.Column("diff", sa.JSON),
        sa.Column("why", sa.JSON, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_index("ix_thread_members_doc", "thread_members", ["doc_id", "unit_idx"])
    op.create_table(
        "mechanisms",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("parties", sa.JSON, nullable=False),
        sa.Column("domain", sa.String(32)),
    )
    op.create_table(
        "mechanism_aliases",
        sa.Column("mechanism_id", sa.String(64), sa.ForeignKey("mechanisms.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("alias", sa.Text, primary_key=True),
    )
    op.create_table(
        "mechanism_events",
        sa.Column("mechanism_id", sa.String(64), sa.ForeignKey("mechanisms.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("meeting_id", sa.String(64), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("doc_id", sa.String(16), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("unit_idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_thread_members_doc", "thread_members")
    op.drop_table("mechanism_events")
    op.drop_table("mechanism_aliases")
    op.drop_table("mechanisms")
    op.drop_table("thread_members")
    op.drop_table("threads")
    op.drop_table("meeting_edits")
    op.drop_table("meeting_docs")
    op.drop_table("meetings")
