"""Storing and reading the ledger: assessments, retractions and corrections (append-only).

The store's SQL for what people record, and the narrow reads of the tracking
tables the ledger needs (which thread holds a unit, an outline of every
thread, the timeframes of commitments): narrow so that listing an archive of
thousands of meetings does not load every commitment and thread member whole.
Rows of the ledger are only ever inserted: the database refuses UPDATE and
DELETE on these tables (migration 0006), and no function here does either.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Text, and_, cast, func, or_, select, true, type_coerce
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import Executable
from sqlalchemy.sql.functions import FunctionElement

from ..errors import StoreError
from ..model import Correction, LedgerEntry, UnitAnchor, Value
from .schema import commitment_values, commitments, corrections, ledger_entries, thread_members, threads

_CHUNK = 500  # keys per IN (…) list: well under every database's limit on bound parameters


def _anchor_json(a: UnitAnchor) -> dict[str, Any]:
    return {"doc_id": a.doc_id, "start": a.start, "end": a.end, "text": a.text}


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back: they were written as UTC; a server may answer in its own zone
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def _entry_row(entry: LedgerEntry) -> dict[str, Any]:
    return dict(
        entry_id=entry.entry_id, target=entry.target, ref=entry.ref, anchors=[_anchor_json(a) for a in entry.anchors],
        action=entry.action, status=entry.status, evidence_date=entry.evidence_date, evidence_url=entry.evidence_url,
        quote=entry.quote, note=entry.note, superseded_by=entry.superseded_by, retracts=entry.retracts,
        recorded_by=entry.recorded_by, recorded_at=entry.recorded_at,
    )


def append_entry(engine: Engine, entry: LedgerEntry) -> bool:
    """Insert one entry; False when an entry with its id (so the same content, recorded at the same
    instant) is already there: sending the same entry twice stores it once."""
    return append_entries(engine, [entry]) == 1


@contextmanager
def _writing() -> Iterator[None]:
    """A write another process kept locked past the busy timeout is a coded error that says nothing was stored."""
    try:
        yield
    except OperationalError as err:
        if "locked" in str(err) or "busy" in str(err) or "lock timeout" in str(err):  # SQLite's busy timeout, PostgreSQL's lock_timeout
            raise StoreError("the database is busy: another process kept it locked; nothing was stored",
                             hint="run the command again when the other one (an ingest, a re-extraction) has finished") from None
        raise


def append_entries(engine: Engine, entries: Iterable[LedgerEntry]) -> int:
    """Insert entries in one transaction (all or none), skipping those already stored; how many were new."""
    rows = list({e.entry_id: _entry_row(e) for e in entries}.values())
    if not rows:
        return 0
    with _writing():
        return _insert_new(engine, rows)


_ATTEMPTS = 5  # an append whose entries another writer stored meanwhile looks again this often


def _insert_new(engine: Engine, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose entry_id is not stored yet. The unique entry_id decides: when
    another process stores one of them between the look and the insert, the insert fails
    as a whole (PostgreSQL aborts the transaction; nothing of it stays) and is tried again."""
    for attempt in range(_ATTEMPTS):
        try:
            with engine.begin() as conn:
                known = _known_ids(conn, [r["entry_id"] for r in rows])
                fresh = [r for r in rows if r["entry_id"] not in known]
                if fresh:
                    conn.execute(ledger_entries.insert(), fresh)
            return len(fresh)
        except IntegrityError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _known_ids(conn: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        found.update(conn.execute(select(ledger_entries.c.entry_id).where(ledger_entries.c.entry_id.in_(ids[i : i + _CHUNK]))).scalars())
    return found


def _entry(r: Any) -> LedgerEntry:
    anchors = r.get("anchors") or ()
    return LedgerEntry(
        r["entry_id"], r["target"], r["ref"], tuple(UnitAnchor(a["doc_id"], a["start"], a["end"], a["text"]) for a in anchors),
        r["action"], r["status"], r["evidence_date"], r["evidence_url"], r["quote"], r["note"], r["superseded_by"],
        r["retracts"], r["recorded_by"], _utc(r["recorded_at"]),
    )


def load_entries(engine: Engine, entry_ids: Iterable[str] | None = None, *, anchors: bool = True) -> list[LedgerEntry]:
    """Every entry (or those with these ids), in the order it was stored. ``anchors=False`` leaves
    the anchor units out (``anchors`` empty: not the entry as stored, only for reading where it stands)."""
    columns = [c for c in ledger_entries.c if anchors or c.name != "anchors"]
    q = select(*columns).order_by(ledger_entries.c.id)
    with engine.connect() as conn:
        if entry_ids is None:
            return [_entry(r) for r in conn.execute(q).mappings()]
        ids = list(dict.fromkeys(entry_ids))
        rows = [r for i in range(0, len(ids), _CHUNK) for r in conn.execute(q.where(ledger_entries.c.entry_id.in_(ids[i : i + _CHUNK]))).mappings()]
    return [_entry(r) for r in sorted(rows, key=lambda r: r["id"])]


def entries_with_prefix(engine: Engine, prefix: str, limit: int = 2) -> list[LedgerEntry]:
    """Entries whose id starts with ``prefix`` (at most ``limit``: a caller wants to know if it is unique)."""
    with engine.connect() as conn:
        rows = conn.execute(select(ledger_entries).where(ledger_entries.c.entry_id.istartswith(prefix, autoescape=True))
                            .order_by(ledger_entries.c.id).limit(limit)).mappings().all()
    return [_entry(r) for r in rows]


def entries_recorded_on(engine: Engine, refs: Iterable[str]) -> list[LedgerEntry]:
    """Entries recorded on these references (indexed)."""
    refs = list(dict.fromkeys(refs))
    with engine.connect() as conn:
        rows = [r for i in range(0, len(refs), _CHUNK)
                for r in conn.execute(select(ledger_entries).where(ledger_entries.c.ref.in_(refs[i : i + _CHUNK]))).mappings()]
    return [_entry(r) for r in sorted(rows, key=lambda r: r["id"])]


@dataclass(frozen=True)
class EntryKeys:
    """What placing an entry needs, without its words: its id, what it was recorded on, its units."""

    entry_id: str
    ref: str
    anchors: tuple[tuple[str, int], ...]  # (doc_id, start) of each anchor unit
    row: int = 0  # the stored row's id: entries appended later have higher ones


@dataclass(frozen=True)
class LedgerMarks:
    """How far the ledger goes: the highest entry row, how many entries, the highest correction row
    (a reader that placed every entry up to ``last_entry`` reads only those after it, when the count
    says none came in below it)."""

    last_entry: int
    entries: int
    last_correction: int


def ledger_marks(engine: Engine) -> LedgerMarks:
    e, c = ledger_entries, corrections
    q = select(select(func.coalesce(func.max(e.c.id), 0)).scalar_subquery(), select(func.count()).select_from(e).scalar_subquery(),
               select(func.coalesce(func.max(c.c.id), 0)).scalar_subquery())
    with engine.connect() as conn:
        return LedgerMarks(*(int(v) for v in conn.execute(q).one()))


def latest_entries(engine: Engine, n: int) -> list[LedgerEntry]:
    """The ``n`` entries recorded last (by when they were recorded, then id), newest first, without their anchors."""
    columns = [c for c in ledger_entries.c if c.name != "anchors"]
    q = select(*columns).order_by(ledger_entries.c.recorded_at.desc(), ledger_entries.c.entry_id.desc()).limit(n)
    with engine.connect() as conn:
        return [_entry(r) for r in conn.execute(q).mappings()]


class json_elements(FunctionElement):  # noqa: N801  (SQL function style)
    """The elements of a JSON array as rows with a ``value`` column: the one function the two
    databases name differently (SQLite ``json_each``, PostgreSQL ``json_array_elements``),
    compiled for each by SQLAlchemy like its own portable functions."""

    name = "json_elements"
    inherit_cache = True


@compiles(json_elements)
def _json_each(element: json_elements, compiler: Any, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_elements, "postgresql")
def _json_array_elements(element: json_elements, compiler: Any, **kw: Any) -> str:
    return f"json_array_elements({compiler.process(element.clauses, **kw)})"


def _raw(conn: Connection, query: Executable | str) -> list[tuple[Any, ...]]:
    """Rows as plain tuples straight from the driver: listing every undertaking of a large archive
    reads hundreds of thousands of small rows, and SQLAlchemy's row objects would cost a third
    of the time. ``query`` holds no values from outside (its constants are compiled in) and is
    written once for every database: a Core statement SQLAlchemy compiles for this one, or SQL
    text both SQLite and PostgreSQL read alike. JSON comes back as text (cast in the query)."""
    sql = query if isinstance(query, str) else str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cur = conn.connection.cursor()
    try:
        cur.execute(sql)
        return cur.fetchall()
    finally:
        cur.close()


def entry_keys(engine: Engine, *, mentioning: Iterable[str] | None = None, refs: Iterable[str] = (), after: int = 0) -> list[EntryKeys]:
    """Entries' ids, references and anchor units, in the order stored: every entry (with ``after``,
    those stored in rows after that one), or (with ``mentioning``) those whose anchors may name one
    of these documents or that were recorded on one of ``refs`` — a superset the caller narrows (the
    documents' ids are looked for in the text)."""
    docs, refs = list(dict.fromkeys(mentioning or ())), list(dict.fromkeys(refs))
    e = ledger_entries
    with engine.connect() as conn:
        if mentioning is None:
            # The database takes the JSON apart itself: the anchors' words never reach Python. One
            # statement, so an entry appended meanwhile by another writer is wholly in the answer or not at all.
            a = json_elements(e.c.anchors).table_valued("value").alias("a")
            anchor = type_coerce(a.c.value, JSON)
            q = (select(e.c.id, e.c.entry_id, e.c.ref, anchor["doc_id"].as_string(), anchor["start"].as_integer())
                 .select_from(e).outerjoin(a, true()).where(e.c.id > after).order_by(e.c.id))
            out: dict[int, tuple[str, str, list[tuple[str, int]]]] = {}
            for row_id, eid, ref, doc_id, start in _raw(conn, q):
                keys = out.setdefault(row_id, (eid, ref, []))[2]
                if doc_id is not None:
                    keys.append((doc_id, int(start)))
            return [EntryKeys(eid, ref, tuple(keys), row_id) for row_id, (eid, ref, keys) in out.items()]
        q = select(e.c.entry_id, e.c.ref, e.c.anchors, e.c.id).where(e.c.id > after).order_by(e.c.id)
        conds = [cast(e.c.anchors, Text).contains(d, autoescape=True) for d in docs] + ([e.c.ref.in_(refs)] if refs else [])
        if not conds:
            return []
        q = q.where(or_(*conds))
        return [EntryKeys(eid, ref, tuple((a["doc_id"], a["start"]) for a in anchors), row_id) for eid, ref, anchors, row_id in conn.execute(q)]


# --- what the ledger reads of tracking and extraction -------------------------------------


def thread_ids_with_prefix(engine: Engine, prefix: str, limit: int = 2) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(threads.c.id).where(threads.c.id.istartswith(prefix, autoescape=True)).order_by(threads.c.id).limit(limit)).scalars())


def existing_thread_ids(engine: Engine, ids: Iterable[str]) -> list[str]:
    ids = list(dict.fromkeys(ids))
    with engine.connect() as conn:
        return [t for i in range(0, len(ids), _CHUNK) for t in conn.execute(select(threads.c.id).where(threads.c.id.in_(ids[i : i + _CHUNK]))).scalars()]


def threads_of_units(engine: Engine, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """(doc_id, start) of units → the thread holding each (units in no thread are left out)."""
    by_doc: dict[str, set[int]] = defaultdict(set)
    for doc_id, start in keys:
        by_doc[doc_id].add(start)
    out: dict[tuple[str, int], str] = {}
    tm = thread_members
    with engine.connect() as conn:
        for doc_id, starts in by_doc.items():
            q = select(tm.c.start, tm.c.thread_id).where(tm.c.doc_id == doc_id)  # a document's members: one indexed read
            out.update({(doc_id, s): t for s, t in conn.execute(q) if s in starts})
    return out


def thread_member_keys(engine: Engine, thread_ids: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """Thread id → its members' (doc_id, start), in order."""
    ids = list(dict.fromkeys(thread_ids))
    out: dict[str, list[tuple[str, int]]] = defaultdict(list)
    tm = thread_members
    with engine.connect() as conn:
        for i in range(0, len(ids), _CHUNK):
            q = select(tm.c.thread_id, tm.c.doc_id, tm.c.start).where(tm.c.thread_id.in_(ids[i : i + _CHUNK])).order_by(tm.c.thread_id, tm.c.position)
            for t, d, s in conn.execute(q):
                out[t].append((d, s))
    return dict(out)


@dataclass(frozen=True)
class ThreadIndex:
    """Every thread (id, parties, domain) and every member's place, as plain tuples: what the
    ledger reads to list a large archive (no member's words: ``latest_members`` reads those)."""

    heads: list[tuple[str, tuple[str, ...], str | None]]  # (thread id, parties, domain), by id
    members: list[tuple[str, int, str, int]]  # (thread id, position, doc_id, start), in no particular order


def thread_index(engine: Engine) -> ThreadIndex:
    tm = thread_members
    with engine.connect() as conn:
        heads = [(i, tuple(json.loads(p)), d) for i, p, d in _raw(conn, select(threads.c.id, cast(threads.c.parties, Text), threads.c.domain))]
        members = _raw(conn, select(tm.c.thread_id, tm.c.position, tm.c.doc_id, tm.c.start))
    return ThreadIndex(sorted(heads), members)


@dataclass(frozen=True)
class LatestMember:
    doc_id: str
    start: int
    text: str
    meeting_id: str


def latest_members(engine: Engine, thread_ids: Iterable[str]) -> dict[str, LatestMember]:
    """Thread id → its latest appearance (words and meeting)."""
    ids = list(dict.fromkeys(thread_ids))
    tm = thread_members
    out: dict[str, LatestMember] = {}
    with engine.connect() as conn:
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            last = select(tm.c.thread_id, func.max(tm.c.position).label("p")).where(tm.c.thread_id.in_(chunk)).group_by(tm.c.thread_id).subquery()
            q = select(tm.c.thread_id, tm.c.doc_id, tm.c.start, tm.c.text, tm.c.meeting_id).join(
                last, and_(last.c.thread_id == tm.c.thread_id, last.c.p == tm.c.position))
            out.update({t: LatestMember(d, s, w, m) for t, d, s, w, m in conn.execute(q)})
    return out


# CROSS JOIN fixes SQLite's join order: the values in storage order (`|| ''` keeps the kind index out), then each
# one's commitment and thread member by key; three times faster than SQLite's own choice here (PostgreSQL plans
# it as it likes either way). Only what a deadline needs of each reading, as text.
_TIMEFRAMES = (
    "SELECT tm.thread_id, tm.position, v.start, v.\"end\", v.text, CAST(v.normalised ->> 'type' AS TEXT), "
    "CAST(v.normalised ->> 'end' AS TEXT), CAST(v.normalised ->> 'value' AS TEXT), CAST(v.normalised ->> 'reason' AS TEXT) "
    "FROM commitment_values v CROSS JOIN commitments c CROSS JOIN thread_members tm "
    "WHERE c.id = v.commitment_id AND tm.doc_id = c.doc_id AND tm.unit_idx = c.unit_idx "
    "AND v.kind || '' = 'timeframe' AND c.label = 'commitment'"
)


def thread_timeframes(engine: Engine) -> dict[str, list[tuple[int, Value]]]:
    """Thread id → (position of the appearance, timeframe) of every timeframe its appearances name,
    in no particular order. Of each reading only what a deadline needs (type, end, value, reason), as text."""
    out: dict[str, list[tuple[int, Value]]] = defaultdict(list)
    with engine.connect() as conn:
        for thread_id, position, vs, ve, words, kind, end, value, reason in _raw(conn, _TIMEFRAMES):
            norm = {"type": kind}
            if end is not None:
                norm["end"] = end
            if value is not None:
                norm["value"] = value
            if reason is not None:
                norm["reason"] = reason
            out[thread_id].append((position, Value("timeframe", vs, ve, words, norm)))
    return dict(out)


# --- corrections ---------------------------------------------------------------------------


def append_correction(engine: Engine, c: Correction) -> bool:
    """Insert a correction; False when one with its id is already stored (the same verdict sent twice)."""
    row = dict(
        correction_id=c.correction_id, doc_id=c.anchor.doc_id, start=c.anchor.start, end=c.anchor.end, text=c.anchor.text,
        label=c.label, kind=c.kind, actors=list(c.actors) if c.actors is not None else None, domain=c.domain,
        mechanisms=list(c.mechanisms) if c.mechanisms is not None else None, note=c.note, recorded_by=c.recorded_by,
        recorded_at=c.recorded_at,
    )
    try:
        with _writing(), engine.begin() as conn:
            conn.execute(corrections.insert().values(**row))
        return True
    except IntegrityError:
        with engine.connect() as conn:
            if conn.execute(select(corrections.c.id).where(corrections.c.correction_id == c.correction_id)).first():
                return False
        raise


def corrections_of(conn: Connection, doc_ids: Iterable[str] | None = None) -> list[Correction]:
    """Corrections in the order they were stored (a later one about the same unit wins), read
    on the caller's connection (``commitments.relabel`` reads them inside its transaction)."""
    q = select(corrections).order_by(corrections.c.id)
    if doc_ids is not None:
        q = q.where(corrections.c.doc_id.in_(list(doc_ids)))
    return [
        Correction(
            r["correction_id"], UnitAnchor(r["doc_id"], r["start"], r["end"], r["text"]), r["label"], r["kind"],
            tuple(r["actors"]) if r["actors"] is not None else None, r["domain"],
            tuple(r["mechanisms"]) if r["mechanisms"] is not None else None, r["note"], r["recorded_by"], _utc(r["recorded_at"]),
        )
        for r in conn.execute(q).mappings()
    ]


def load_corrections(engine: Engine, doc_ids: Iterable[str] | None = None) -> list[Correction]:
    """Corrections in the order they were stored (a later one about the same unit wins)."""
    with engine.connect() as conn:
        return corrections_of(conn, doc_ids)


def ledger_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            "entries": conn.execute(select(func.count()).select_from(ledger_entries)).scalar_one(),
            "corrections": conn.execute(select(func.count()).select_from(corrections)).scalar_one(),
        }
