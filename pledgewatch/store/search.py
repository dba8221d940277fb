"""Full-text search over units. THE ONE DIALECT-SPECIFIC MODULE.

SQLite: an FTS5 index with ``units`` as its external content table, kept in
step by triggers, ranked by bm25, with highlighted snippets. Other dialects
(PostgreSQL arrives in a later release) get a clear error until their index
is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..errors import StoreError

# Snippet markers: control characters that never occur in normalised text, so
# a renderer can escape the (untrusted) text first and then mark the hits.
HIT_START, HIT_END = "\x02", "\x03"

_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(text, content='units', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS units_ai AFTER INSERT ON units BEGIN INSERT INTO units_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS units_ad AFTER DELETE ON units BEGIN INSERT INTO units_fts(units_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS units_au AFTER UPDATE ON units BEGIN INSERT INTO units_fts(units_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO units_fts(rowid, text) VALUES (new.id, new.text); END",
)
_SQLITE_DROP = ("DROP TRIGGER IF EXISTS units_ai", "DROP TRIGGER IF EXISTS units_ad", "DROP TRIGGER IF EXISTS units_au", "DROP TABLE IF EXISTS units_fts")


@dataclass(frozen=True)
class SearchHit:
    unit_id: int
    doc_id: str
    idx: int
    start: int
    end: int
    text: str
    snippet: str  # with HIT_START/HIT_END around matched words
    score: float


def create_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ddl in _SQLITE_DDL:
            conn.execute(text(ddl))


def drop_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for ddl in _SQLITE_DROP:
            conn.execute(text(ddl))


_TERMS = re.compile(r'"([^"]+)"|([^\s"]+)')
_WORD = re.compile(r"\w")


def fts_query(query: str) -> str:
    """A user's words → a safe FTS5 query: every word or "quoted phrase" must occur.

    Each term is quoted, so FTS5 syntax (AND, NEAR, *, ^, column:) is read as
    words; a term with punctuation inside ("U.S.-ROK", "Korea’s") is a phrase
    of its words, which must stand together.
    """
    parts = []
    # SQLite reads a query up to its first NUL: one inside a quoted term would leave it open
    for phrase, word in _TERMS.findall(query.replace("\x00", " ")):
        term = " ".join((phrase or word).split())
        if _WORD.search(term):
            parts.append(f'"{term}"')
    return " ".join(parts)


def search_units(conn: Connection, query: str, limit: int = 20, doc_ids: list[str] | None = None, offset: int = 0) -> list[SearchHit]:
    if conn.dialect.name != "sqlite":
        raise StoreError(f"full-text search is not available on {conn.dialect.name} yet", hint="use a SQLite database for `search`")
    match = fts_query(query)
    if not match:
        return []
    sql = (
        "SELECT u.id, u.doc_id, u.idx, u.start, u.\"end\", u.text, "
        "snippet(units_fts, 0, :hs, :he, '…', 16) AS snip, bm25(units_fts) AS score "
        "FROM units_fts JOIN units u ON u.id = units_fts.rowid WHERE units_fts MATCH :q "
    )
    params: dict[str, object] = {"q": match, "hs": HIT_START, "he": HIT_END, "limit": limit, "offset": offset}
    if doc_ids:
        sql += "AND u.doc_id IN (" + ",".join(f":d{i}" for i in range(len(doc_ids))) + ") "
        params.update({f"d{i}": d for i, d in enumerate(doc_ids)})
    sql += "ORDER BY score, u.id LIMIT :limit OFFSET :offset"
    rows = conn.execute(text(sql), params).all()
    return [SearchHit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], -float(r[7])) for r in rows]


def count_matches(conn: Connection, query: str) -> int:
    """How many units match ``query`` (a results page's total)."""
    if conn.dialect.name != "sqlite":
        raise StoreError(f"full-text search is not available on {conn.dialect.name} yet")
    match = fts_query(query)
    if not match:
        return 0
    return int(conn.execute(text("SELECT count(*) FROM units_fts WHERE units_fts MATCH :q"), {"q": match}).scalar_one())


def matching_unit_ids(conn: Connection, query: str) -> set[int]:
    """Unit ids whose text matches ``query`` (used to filter other listings)."""
    if conn.dialect.name != "sqlite":
        raise StoreError(f"full-text search is not available on {conn.dialect.name} yet")
    match = fts_query(query)
    if not match:
        return set()
    return {r[0] for r in conn.execute(text("SELECT rowid FROM units_fts WHERE units_fts MATCH :q"), {"q": match})}
