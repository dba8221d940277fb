"""Full-text search over units. THE ONE DIALECT-SPECIFIC MODULE.

One contract, an implementation per database, chosen by the connection's
dialect (so by the URL):

- SQLite: an FTS5 index with ``units`` as its external content table, kept in
  step by triggers (migration 0001), ranked by bm25.
- PostgreSQL: a generated ``tsvector`` column on ``units`` with a GIN index
  (migration 0008), ranked by ``ts_rank_cd``, snippets by ``ts_headline``. Its
  text search configuration ``pledgewatch`` stems English words (Snowball) and,
  like FTS5, drops no word as a stop word, so "every word must occur" holds for
  "the" too.

Both read a query the same way (``search_terms``): every word or "quoted
phrase" must occur, a phrase's words together, a word with punctuation inside
("U.S.-ROK") as a phrase of its parts; nothing the user types is query syntax.
Hits come best first, ties by unit id; snippets mark matched words with
``HIT_START``/``HIT_END``. Any other dialect gets a coded error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from ..errors import StoreError

# Snippet markers: control characters that never occur in normalised text, so
# a renderer can escape the (untrusted) text first and then mark the hits.
HIT_START, HIT_END = "\x02", "\x03"
ELLIPSIS = "…"
SNIPPET_WORDS = 16  # at most, around the matched words (FTS5's snippet counts tokens, ts_headline words)


@dataclass(frozen=True)
class SearchHit:
    unit_id: int
    doc_id: str
    idx: int
    start: int
    end: int
    text: str
    snippet: str  # with HIT_START/HIT_END around matched words
    score: float  # higher is better


_TERMS = re.compile(r'"([^"]+)"|([^\s"]+)')
_WORD = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_terms(query: str) -> list[str]:
    """A user's words → the terms that must all occur: each word, or each "quoted phrase"
    (its white space collapsed); control characters separate words (no text holds one);
    terms without a letter or digit are dropped."""
    terms = []
    for phrase, word in _TERMS.findall(_CONTROL.sub(" ", query)):
        term = " ".join((phrase or word).split())
        if _WORD.search(term):
            terms.append(term)
    return terms


def fts_query(query: str) -> str:
    """A user's words → a safe FTS5 query: every word or "quoted phrase" must occur.

    Each term is quoted, so FTS5 syntax (AND, NEAR, *, ^, column:) is read as
    words; a term with punctuation inside ("U.S.-ROK", "Korea’s") is a phrase
    of its words, which must stand together.
    """
    return " ".join(f'"{t}"' for t in search_terms(query))


# --- SQLite: FTS5 -------------------------------------------------------------------------

_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(text, content='units', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS units_ai AFTER INSERT ON units BEGIN INSERT INTO units_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS units_ad AFTER DELETE ON units BEGIN INSERT INTO units_fts(units_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS units_au AFTER UPDATE ON units BEGIN INSERT INTO units_fts(units_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO units_fts(rowid, text) VALUES (new.id, new.text); END",
)
_SQLITE_DROP = ("DROP TRIGGER IF EXISTS units_ai", "DROP TRIGGER IF EXISTS units_ad", "DROP TRIGGER IF EXISTS units_au", "DROP TABLE IF EXISTS units_fts")


def _in_docs(sql: str, doc_ids: Sequence[str] | None, column: str) -> tuple[str, dict[str, object]]:
    if not doc_ids:
        return sql, {}
    return sql + f"AND {column} IN :doc_ids ", {"doc_ids": list(doc_ids)}


def _with_doc_ids(statement: str, params: dict[str, object]) -> object:
    q = text(statement)
    return q.bindparams(bindparam("doc_ids", expanding=True)) if "doc_ids" in params else q


# Ranking scores every match: for a common word in a million units that is seconds. Matches past
# the RANK_WINDOW most recently stored are not ranked (an archive's newest statements first); the
# window's floor is found from the index alone, in unit-id order, which both engines read cheaply.
RANK_WINDOW = 5_000


def _sqlite_search(conn: Connection, terms: list[str], limit: int, doc_ids: Sequence[str] | None, offset: int) -> list[SearchHit]:
    match = " ".join(f'"{t}"' for t in terms)
    floor = 0 if doc_ids else conn.execute(text("SELECT rowid FROM units_fts WHERE units_fts MATCH :q ORDER BY rowid DESC "
                                                "LIMIT 1 OFFSET :skip"), {"q": match, "skip": RANK_WINDOW - 1}).scalar() or 0
    sql = (
        "SELECT u.id, u.doc_id, u.idx, u.start, u.\"end\", u.text, "
        "snippet(units_fts, 0, :hs, :he, :ellipsis, :words) AS snip, bm25(units_fts) AS score "
        "FROM units_fts JOIN units u ON u.id = units_fts.rowid WHERE units_fts MATCH :q AND units_fts.rowid >= :floor "
    )
    sql, extra = _in_docs(sql, doc_ids, "u.doc_id")
    sql += "ORDER BY score, u.id LIMIT :limit OFFSET :offset"
    params = {"q": match, "floor": floor, "hs": HIT_START, "he": HIT_END, "ellipsis": ELLIPSIS, "words": SNIPPET_WORDS,
              "limit": limit, "offset": offset, **extra}
    rows = conn.execute(_with_doc_ids(sql, params), params).all()
    return [SearchHit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], -float(r[7])) for r in rows]


def _sqlite_ids(conn: Connection, terms: list[str]) -> list[int]:
    return list(conn.execute(text("SELECT rowid FROM units_fts WHERE units_fts MATCH :q"), {"q": " ".join(f'"{t}"' for t in terms)}).scalars())


def _sqlite_count(conn: Connection, terms: list[str]) -> int:
    q = " ".join(f'"{t}"' for t in terms)
    return int(conn.execute(text("SELECT count(*) FROM units_fts WHERE units_fts MATCH :q"), {"q": q}).scalar_one())


# --- PostgreSQL: a tsvector column with a GIN index -----------------------------------------

PG_CONFIG = "pledgewatch"  # the text search configuration: English Snowball stems, no stop words
PG_VECTOR = "search_vector"  # the generated column on units (not in schema.py: only this module reads it)
# PostgreSQL's parser reads "U.S" as a file name and "ROK-Japan" as a compound with parts of its own,
# which breaks phrases ("U.S.-ROK" would not match "U.S.-ROK-Japan"). Punctuation becomes a space
# before it parses, as every non-letter separates words for FTS5: the same words, on both sides.
# `translate` swaps character for character, so offsets into the spaced text are the unit's own.
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~‘’‚‛“”„–—―…•·‹›«»"
_SPACES = " " * len(PUNCTUATION)


def _spaced(sql: str) -> str:
    """SQL: ``sql`` (a text expression) with every punctuation character a space."""
    return f"translate({sql}, '{PUNCTUATION.replace(chr(39), chr(39) * 2)}', '{_SPACES}')"


_PG_DDL = (
    "CREATE TEXT SEARCH DICTIONARY pledgewatch_stem (TEMPLATE = snowball, LANGUAGE = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = pg_catalog.english)",
    f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part "
    "WITH pledgewatch_stem",
    f"ALTER TABLE units ADD COLUMN {PG_VECTOR} tsvector GENERATED ALWAYS AS (to_tsvector('{PG_CONFIG}'::regconfig, {_spaced('text')})) STORED",
    f"CREATE INDEX ix_units_{PG_VECTOR} ON units USING GIN ({PG_VECTOR})",
)
_PG_DROP = (
    f"DROP INDEX IF EXISTS ix_units_{PG_VECTOR}",
    f"ALTER TABLE units DROP COLUMN IF EXISTS {PG_VECTOR}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS pledgewatch_stem",
)
# One fragment of at most SNIPPET_WORDS words around the matches; control characters are
# accepted as markers (ts_headline copies them into its output as they are).
_PG_HEADLINE = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, MaxFragments=1"


def _pg_tsquery(terms: list[str]) -> tuple[str, dict[str, object]]:
    """Every term as a phrase query (the words in order, next to each other), all of them
    required: the user's words are bound values given to phraseto_tsquery, never syntax."""
    sql = " && ".join(f"phraseto_tsquery('{PG_CONFIG}', {_spaced(f':t{i}')})" for i in range(len(terms)))
    return f"({sql})", {f"t{i}": t for i, t in enumerate(terms)}


def _snippet(marked: str, whole: str) -> str:
    """ts_headline's fragment of the spaced text → the same stretch of the unit's own words with the
    same marks, and "…" where it was cut (as FTS5's snippet does)."""
    plain = marked.replace(HIT_START, "").replace(HIT_END, "")
    at = whole.translate(str.maketrans(PUNCTUATION, _SPACES)).find(plain)
    if at < 0 or not plain:
        return marked
    out, i = [], at
    for ch in marked:
        if ch in (HIT_START, HIT_END):
            out.append(ch)
        else:
            out.append(whole[i])
            i += 1
    return (ELLIPSIS if whole[:at].strip() else "") + "".join(out) + (ELLIPSIS if whole[i:].strip() else "")


def _pg_search(conn: Connection, terms: list[str], limit: int, doc_ids: Sequence[str] | None, offset: int) -> list[SearchHit]:
    query, params = _pg_tsquery(terms)
    floor = 0 if doc_ids else conn.execute(text(f"SELECT id FROM units WHERE {PG_VECTOR} @@ {query} ORDER BY id DESC LIMIT 1 OFFSET :skip"),
                                           {**params, "skip": RANK_WINDOW - 1}).scalar() or 0
    inner = f"SELECT id, ts_rank_cd({PG_VECTOR}, {query}, 1) AS score FROM units WHERE {PG_VECTOR} @@ {query} AND id >= :floor "
    inner, extra = _in_docs(inner, doc_ids, "doc_id")
    inner += "ORDER BY score DESC, id LIMIT :limit OFFSET :offset"
    # the page is chosen first; only its units are parsed again for their snippets
    sql = (f"SELECT u.id, u.doc_id, u.idx, u.start, u.\"end\", u.text, ts_headline('{PG_CONFIG}', {_spaced('u.text')}, {query}, :headline), hit.score "
           f"FROM ({inner}) AS hit JOIN units u ON u.id = hit.id ORDER BY hit.score DESC, u.id")
    params.update(extra, limit=limit, offset=offset, headline=_PG_HEADLINE, floor=floor)
    rows = conn.execute(_with_doc_ids(sql, params), params).all()
    return [SearchHit(r[0], r[1], r[2], r[3], r[4], r[5], _snippet(r[6], r[5]), float(r[7])) for r in rows]


def _pg_ids(conn: Connection, terms: list[str]) -> list[int]:
    query, params = _pg_tsquery(terms)
    return list(conn.execute(text(f"SELECT id FROM units WHERE {PG_VECTOR} @@ {query}"), params).scalars())


def _pg_count(conn: Connection, terms: list[str]) -> int:
    query, params = _pg_tsquery(terms)
    return int(conn.execute(text(f"SELECT count(*) FROM units WHERE {PG_VECTOR} @@ {query}"), params).scalar_one())


# --- the contract -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Backend:
    index_revision: str  # the migration that makes the index
    create: tuple[str, ...]
    drop: tuple[str, ...]
    search: Callable[[Connection, list[str], int, Sequence[str] | None, int], list[SearchHit]]
    ids: Callable[[Connection, list[str]], list[int]]
    count: Callable[[Connection, list[str]], int]


_BACKENDS = {
    "sqlite": _Backend("0001", _SQLITE_DDL, _SQLITE_DROP, _sqlite_search, _sqlite_ids, _sqlite_count),
    "postgresql": _Backend("0008", _PG_DDL, _PG_DROP, _pg_search, _pg_ids, _pg_count),
}


def _backend(conn: Connection) -> _Backend:
    found = _BACKENDS.get(conn.dialect.name)
    if found is None:
        raise StoreError(f"full-text search is not available on {conn.dialect.name}", hint="use a SQLite or PostgreSQL database")
    return found


def create_search_index(conn: Connection, revision: str) -> None:
    """Called by migration ``revision``: makes the index of the database's dialect if that is its migration."""
    found = _BACKENDS.get(conn.dialect.name)
    if found is not None and found.index_revision == revision:
        for ddl in found.create:
            conn.execute(text(ddl))


def drop_search_index(conn: Connection, revision: str) -> None:
    found = _BACKENDS.get(conn.dialect.name)
    if found is not None and found.index_revision == revision:
        for ddl in found.drop:
            conn.execute(text(ddl))


def search_units(conn: Connection, query: str, limit: int = 20, doc_ids: list[str] | None = None, offset: int = 0) -> list[SearchHit]:
    """The units matching every term of ``query``, best first (ties by unit id), a page at a time."""
    backend = _backend(conn)
    terms = search_terms(query)
    return backend.search(conn, terms, limit, doc_ids, offset) if terms else []


def count_matches(conn: Connection, query: str) -> int:
    """How many units match ``query`` (a results page's total)."""
    backend = _backend(conn)
    terms = search_terms(query)
    return backend.count(conn, terms) if terms else 0


def matching_unit_ids(conn: Connection, query: str) -> set[int]:
    """Unit ids whose text matches ``query`` (used to filter other listings)."""
    backend = _backend(conn)
    terms = search_terms(query)
    return set(backend.ids(conn, terms)) if terms else set()
