"""The database schema (SQLAlchemy Core). Portable: SQLite and PostgreSQL.

Alembic migrations in ``store/migrations`` create these tables; this module
is what queries are written against. The only dialect-specific SQL lives in
``store/search.py`` (full-text search: FTS5's table, PostgreSQL's tsvector
column on ``units``, neither declared here). Every other query is written once;
SQLAlchemy compiles it for each database (``store/ledger.py``'s
``json_elements`` is the one function whose name it supplies per database).
Every String(n) is long enough for what is stored in it: PostgreSQL refuses a
longer value where SQLite would keep it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(16), primary_key=True),  # sha256(text)[:16]
    Column("sha256", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("date", Date, index=True),
    Column("doc_type", String(32), nullable=False),
    Column("parties", JSON, nullable=False),  # ["US", "KR"]
    Column("source_url", Text),
    Column("text", Text, nullable=False),
    Column("blocks", JSON, nullable=False),  # [[kind, start, end], ...]
    Column("provenance", JSON, nullable=False),  # {field: {source, confidence, evidence}}
    Column("tags", JSON, nullable=False),
    Column("warnings", JSON, nullable=False),  # [{"text": ..., "code": ...}]: model.DocumentWarning
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("encoding", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),  # of the raw bytes
    Column("size", Integer, nullable=False),
    Column("url", Text),
    Column("similarity", Float),  # set when this source is a near-duplicate of the document
    Column("added_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("doc_id", "sha256", name="uq_sources_doc_raw"),
)
Index("ix_sources_sha256", sources.c.sha256)

# Locality-sensitive-hashing bands of each document's MinHash: near-duplicate
# candidates are found with an indexed lookup, not by comparing every pair.
doc_bands = Table(
    "doc_bands",
    metadata,
    Column("band", Integer, primary_key=True),
    Column("key", String(32), primary_key=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

# Facts about the stored data, one row per key. "fingerprint_scheme" is the
# ``near_duplicates.FINGERPRINT_VERSION`` the MinHash rows above were made with;
# "tracking_fingerprint" says which state of the documents the stored tracking
# was computed from (``store.tracking``).
store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
)

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # rowid for full-text search
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("section", Text),
    Column("lead_in", Integer),
    UniqueConstraint("doc_id", "idx", name="uq_units_doc_idx"),
)

commitments = Table(
    "commitments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("unit_idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(16), nullable=False),  # commitment | other
    Column("kind", String(16)),
    Column("domain", String(32), index=True),
    Column("confidence", Float, nullable=False),
    Column("extractor", String(64), nullable=False),
    Column("why", JSON, nullable=False),
    UniqueConstraint("doc_id", "unit_idx", "extractor", name="uq_commitments_unit_extractor"),
)

commitment_actors = Table(
    "commitment_actors",
    metadata,
    Column("commitment_id", Integer, ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
    Column("party", String(32), primary_key=True),
)
Index("ix_commitment_actors_party", commitment_actors.c.party)

commitment_values = Table(
    "commitment_values",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("commitment_id", Integer, ForeignKey("commitments.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # mechanism | amount | timeframe
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("normalised", JSON, nullable=False),
)
Index("ix_commitment_values_kind_text", commitment_values.c.kind, commitment_values.c.text)

# --- tracking (derived: rebuilt from the commitments; meeting_edits is user input) ---

meetings = Table(
    "meetings",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("date", Date),
    Column("parties", JSON, nullable=False),
    Column("label", Text, nullable=False),
    Column("order_why", Text, nullable=False),
)

meeting_docs = Table(
    "meeting_docs",
    metadata,
    Column("meeting_id", String(64), ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

meeting_edits = Table(
    "meeting_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(8), nullable=False),  # merge | split
    Column("doc_a", String(16), nullable=False),
    Column("doc_b", String(16)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

threads = Table(
    "threads",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("parties", JSON, nullable=False),
    Column("domain", String(32)),
    Column("status", String(16), nullable=False, index=True),
    Column("dropped_at", JSON, nullable=False),
)

thread_members = Table(
    "thread_members",
    metadata,
    Column("thread_id", String(64), ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("meeting_id", String(64), nullable=False),
    Column("unit_idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("change", String(16), nullable=False),
    Column("prev_doc_id", String(16)),
    Column("prev_unit_idx", Integer),
    Column("diff", JSON),
    Column("why", JSON, nullable=False),
    Column("score", Float, nullable=False),
)
Index("ix_thread_members_doc", thread_members.c.doc_id, thread_members.c.unit_idx)

mechanisms = Table(
    "mechanisms",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("parties", JSON, nullable=False),
    Column("domain", String(32)),
)

mechanism_aliases = Table(
    "mechanism_aliases",
    metadata,
    Column("mechanism_id", String(64), ForeignKey("mechanisms.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, primary_key=True),
)

mechanism_events = Table(
    "mechanism_events",
    metadata,
    Column("mechanism_id", String(64), ForeignKey("mechanisms.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("meeting_id", String(64), nullable=False),
    Column("date", Date),
    Column("event", String(16), nullable=False),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("unit_idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)


# --- the ledger (people's words: append-only, never derived, never deleted) --------
# No foreign keys to documents: an entry outlives anything that can happen to
# the rows it points to (it finds them again through its anchors). Triggers made
# by migration 0006 refuse UPDATE and DELETE on both tables.

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry_id", String(64), nullable=False, unique=True),  # SHA-256 of the content
    Column("target", String(16), nullable=False),  # commitment | thread
    Column("ref", String(96), nullable=False, index=True),
    Column("anchors", JSON, nullable=False),  # [{"doc_id", "start", "end", "text"}]
    Column("action", String(8), nullable=False),  # assess | retract
    Column("status", String(24)),
    Column("evidence_date", Date),
    Column("evidence_url", Text),
    Column("quote", Text),
    Column("note", Text),
    Column("superseded_by", String(96)),
    Column("retracts", String(64)),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("correction_id", String(64), nullable=False, unique=True),
    Column("doc_id", String(16), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("kind", String(16)),
    Column("actors", JSON),
    Column("domain", String(32)),
    Column("mechanisms", JSON),
    Column("note", Text),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)


# --- accounts (migration 0007): who may read and write through the web app and the API ---
# Secrets are never stored: a password as its Argon2 hash, a token's or a session's
# secret as its SHA-256 (they are long random strings, so a fast hash is enough).

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # viewer | editor | admin
    Column("password_hash", Text, nullable=False),  # "$argon2id$…"
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_id", String(16), nullable=False, unique=True),  # public: part of the secret, shown in listings
    Column("name", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("account", String(64), nullable=False, index=True),  # accounts.name; no foreign key: a session whose account is gone is refused
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
)
