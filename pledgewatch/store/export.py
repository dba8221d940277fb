"""Reading every table for an export, row by row (the store's SQL for ``pledgewatch.exporting``).

Every function streams: rows come from the database in partitions of ``batch``
rows (``yield_per``: a server-side cursor where the driver has one), and what a
row owns (a commitment's actors and values, a meeting's documents, a thread's
appearances) is read per partition by an indexed key, so memory stays the size
of one partition whatever the size of the database. Rows come in key order,
which the indexes give without sorting a whole table. Rows are plain dicts of
plain values (dates, UTC datetimes, lists); ``pledgewatch.exporting`` names and
documents the columns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.engine import Connection, RowMapping

from ..model import LedgerEntry, UnitAnchor, Value, unit_ref
from .ledger import _entry
from .schema import (
    commitment_actors, commitment_values, commitments, corrections, documents, ledger_entries, mechanism_aliases,
    mechanism_events, mechanisms, meeting_docs, meetings, sources, thread_members, threads, units,
)

IN_CHUNK = 500  # keys per IN (…) list: well under every database's limit on bound parameters


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite gives naive datetimes back: they were written as UTC; a server answers in its session's zone
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def _partitions(conn: Connection, query: Select[Any], batch: int) -> Iterator[Sequence[RowMapping]]:
    yield from conn.execution_options(yield_per=batch).execute(query).mappings().partitions()


def _chunks(keys: Iterable[Any]) -> Iterator[list[Any]]:
    keys = list(dict.fromkeys(keys))
    for i in range(0, len(keys), IN_CHUNK):
        yield keys[i : i + IN_CHUNK]


# --- documents and their sources ------------------------------------------------------


def document_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    first = select(sources.c.doc_id, func.min(sources.c.id).label("sid")).group_by(sources.c.doc_id).subquery()
    meeting = select(meeting_docs.c.doc_id, func.min(meeting_docs.c.meeting_id).label("meeting_id")).group_by(meeting_docs.c.doc_id).subquery()
    d = documents.c
    q = (
        select(d.id, d.title, d.date, d.doc_type, d.parties, d.source_url, d.tags, d.warnings, d.provenance, d.sha256,
               d.ingested_at, d.text, sources.c.name, meeting.c.meeting_id)
        .join(first, first.c.doc_id == d.id, isouter=True)
        .join(sources, sources.c.id == first.c.sid, isouter=True)
        .join(meeting, meeting.c.doc_id == d.id, isouter=True)
        .order_by(d.id)
    )
    for part in _partitions(conn, q, batch):
        for r in part:
            date_prov = (r["provenance"] or {}).get("date") or {}
            yield {
                "doc_id": r["id"], "name": r["name"] or r["id"], "title": r["title"], "date": r["date"],
                "date_source": date_prov.get("source"), "doc_type": r["doc_type"], "parties": list(r["parties"]),
                "meeting_id": r["meeting_id"], "source_url": r["source_url"], "tags": list(r["tags"] or []),
                "warnings": [w["text"] for w in r["warnings"] or []], "sha256": r["sha256"],
                "ingested_at": _utc(r["ingested_at"]), "text_length": len(r["text"]), "text": r["text"],
            }


def source_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    for part in _partitions(conn, select(sources).order_by(sources.c.id), batch):
        for r in part:
            yield {
                "doc_id": r["doc_id"], "name": r["name"], "path": r["path"], "format": r["format"], "encoding": r["encoding"],
                "sha256": r["sha256"], "size": r["size"], "url": r["url"], "similarity": r["similarity"],
                "added_at": _utc(r["added_at"]),
            }


# --- units, commitments and what they name ----------------------------------------------


def unit_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    u, c = units.c, commitments.c
    q = (
        select(u.doc_id, u.idx, u.start, u.end, u.kind, u.section, u.lead_in, u.text, c.label, c.confidence)
        .join(commitments, and_(c.doc_id == u.doc_id, c.unit_idx == u.idx), isouter=True)
        .order_by(u.doc_id, u.idx)
    )
    for part in _partitions(conn, q, batch):
        for r in part:
            yield {
                "unit_ref": unit_ref(r["doc_id"], r["start"]), "doc_id": r["doc_id"], "unit_index": r["idx"],
                "start": r["start"], "end": r["end"], "kind": r["kind"], "section": r["section"], "lead_in_index": r["lead_in"],
                "label": r["label"], "confidence": r["confidence"], "text": r["text"],
            }


def commitment_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    """The units labelled ``commitment``, each with ``actors`` (party codes) and ``values``
    (its mechanisms, amounts and timeframes as ``Value`` objects, in text order)."""
    c, u = commitments.c, units.c
    q = (
        select(c.id, c.doc_id, c.unit_idx, c.start, c.end, c.kind, c.domain, c.confidence, c.extractor, c.why,
               u.text, documents.c.date, thread_members.c.thread_id)
        .join(units, and_(u.doc_id == c.doc_id, u.idx == c.unit_idx))
        .join(documents, documents.c.id == c.doc_id)
        .join(thread_members, and_(thread_members.c.doc_id == c.doc_id, thread_members.c.unit_idx == c.unit_idx), isouter=True)
        .where(c.label == "commitment")
        .order_by(c.doc_id, c.unit_idx)
    )
    for part in _partitions(conn, q, batch):
        actors: dict[int, list[str]] = defaultdict(list)
        values: dict[int, list[Value]] = defaultdict(list)
        for chunk in _chunks(r["id"] for r in part):
            for cid, party in conn.execute(select(commitment_actors.c.commitment_id, commitment_actors.c.party)
                                           .where(commitment_actors.c.commitment_id.in_(chunk))
                                           .order_by(commitment_actors.c.commitment_id, commitment_actors.c.party)):
                actors[cid].append(party)
            vq = select(commitment_values).where(commitment_values.c.commitment_id.in_(chunk)).order_by(commitment_values.c.start, commitment_values.c.id)
            for v in conn.execute(vq).mappings():
                values[v["commitment_id"]].append(Value(v["kind"], v["start"], v["end"], v["text"], dict(v["normalised"] or {})))
        for r in part:
            yield {
                "commitment_ref": unit_ref(r["doc_id"], r["start"]), "doc_id": r["doc_id"], "unit_index": r["unit_idx"],
                "start": r["start"], "end": r["end"], "date": r["date"], "kind": r["kind"], "domain": r["domain"],
                "actors": actors[r["id"]], "values": values[r["id"]], "confidence": r["confidence"],
                "extractor": r["extractor"], "why": list(r["why"]), "thread_id": r["thread_id"], "text": r["text"],
            }


def commitment_actor_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    q = (
        select(commitment_actors.c.party, commitments.c.doc_id, commitments.c.start)
        .join(commitments, commitments.c.id == commitment_actors.c.commitment_id)
        .where(commitments.c.label == "commitment")
        .order_by(commitment_actors.c.commitment_id, commitment_actors.c.party)
    )
    for part in _partitions(conn, q, batch):
        for r in part:
            yield {"commitment_ref": unit_ref(r["doc_id"], r["start"]), "doc_id": r["doc_id"], "party": r["party"]}


def value_rows(conn: Connection, kind: str, batch: int) -> Iterator[dict[str, Any]]:
    """One row per value of ``kind`` (mechanism | amount | timeframe) of a commitment:
    its words, offsets and normalised reading."""
    v = commitment_values.c
    q = (
        select(v.start, v.end, v.text, v.normalised, commitments.c.doc_id, commitments.c.start.label("unit_start"))
        .join(commitments, commitments.c.id == v.commitment_id)
        .where(v.kind == kind, commitments.c.label == "commitment")
        .order_by(v.id)
    )
    for part in _partitions(conn, q, batch):
        for r in part:
            yield {"commitment_ref": unit_ref(r["doc_id"], r["unit_start"]), "doc_id": r["doc_id"], "start": r["start"],
                   "end": r["end"], "text": r["text"], "normalised": dict(r["normalised"] or {})}


# --- tracking: meetings, threads, the mechanisms registry -----------------------------------


def meeting_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    for part in _partitions(conn, select(meetings).order_by(meetings.c.position), batch):
        docs: dict[str, list[str]] = defaultdict(list)
        for chunk in _chunks(r["id"] for r in part):
            q = select(meeting_docs.c.meeting_id, meeting_docs.c.doc_id).where(meeting_docs.c.meeting_id.in_(chunk))
            for mid, did in conn.execute(q.order_by(meeting_docs.c.meeting_id, meeting_docs.c.doc_id)):
                docs[mid].append(did)
        for r in part:
            yield {"meeting_id": r["id"], "position": r["position"], "date": r["date"], "parties": list(r["parties"]),
                   "label": r["label"], "doc_ids": docs[r["id"]], "order_why": r["order_why"]}


def thread_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    for part in _partitions(conn, select(threads).order_by(threads.c.id), batch):
        seen: dict[str, list[str]] = defaultdict(list)  # thread → meeting ids of its appearances, in order
        for chunk in _chunks(r["id"] for r in part):
            q = (select(thread_members.c.thread_id, thread_members.c.meeting_id).where(thread_members.c.thread_id.in_(chunk))
                 .order_by(thread_members.c.thread_id, thread_members.c.position))
            for tid, mid in conn.execute(q):
                seen[tid].append(mid)
        for r in part:
            met = seen[r["id"]]
            yield {"thread_id": r["id"], "parties": list(r["parties"]), "domain": r["domain"], "status": r["status"],
                   "appearances": len(met), "first_meeting_id": met[0] if met else None,
                   "last_meeting_id": met[-1] if met else None, "dropped_at": list(r["dropped_at"])}


def thread_member_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    m = thread_members.c
    prev = units.alias("prev")
    q = (
        select(thread_members, prev.c.start.label("prev_start"))
        .join(prev, and_(prev.c.doc_id == m.prev_doc_id, prev.c.idx == m.prev_unit_idx), isouter=True)
        .order_by(m.thread_id, m.position)
    )
    for part in _partitions(conn, q, batch):
        for r in part:
            ops = [tuple(op) for op in r["diff"] or []]
            yield {
                "thread_id": r["thread_id"], "position": r["position"], "meeting_id": r["meeting_id"],
                "commitment_ref": unit_ref(r["doc_id"], r["start"]), "doc_id": r["doc_id"], "unit_index": r["unit_idx"],
                "start": r["start"], "end": r["end"], "change": r["change"],
                "previous_ref": unit_ref(r["prev_doc_id"], r["prev_start"]) if r["prev_start"] is not None else None,
                "added": [w for op, w in ops if op == "insert"], "removed": [w for op, w in ops if op == "delete"],
                "why": list(r["why"]), "score": r["score"], "text": r["text"],
            }


def mechanism_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    for part in _partitions(conn, select(mechanisms).order_by(mechanisms.c.id), batch):
        aliases: dict[str, list[str]] = defaultdict(list)
        events: dict[str, list[tuple[dt.date | None, str]]] = defaultdict(list)
        for chunk in _chunks(r["id"] for r in part):
            aq = select(mechanism_aliases.c.mechanism_id, mechanism_aliases.c.alias).where(mechanism_aliases.c.mechanism_id.in_(chunk))
            for mid, alias in conn.execute(aq):
                aliases[mid].append(alias)
            eq = (select(mechanism_events.c.mechanism_id, mechanism_events.c.date, mechanism_events.c.event)
                  .where(mechanism_events.c.mechanism_id.in_(chunk)).order_by(mechanism_events.c.mechanism_id, mechanism_events.c.position))
            for mid, date, event in conn.execute(eq):
                events[mid].append((date, event))
        for found in aliases.values():
            found.sort()  # by code point, whatever the server's collation
        for r in part:
            evs = events[r["id"]]
            dates = [d for d, _ in evs if d is not None]
            yield {"mechanism_id": r["id"], "name": r["name"], "aliases": aliases[r["id"]], "parties": list(r["parties"]),
                   "domain": r["domain"], "events": len(evs), "first_date": min(dates) if dates else None,
                   "latest_event": evs[-1][1] if evs else None}


def mechanism_event_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    e = mechanism_events.c
    q = (
        select(mechanism_events, units.c.start.label("unit_start"), units.c.end.label("unit_end"))
        .join(units, and_(units.c.doc_id == e.doc_id, units.c.idx == e.unit_idx), isouter=True)
        .order_by(e.mechanism_id, e.position)
    )
    for part in _partitions(conn, q, batch):
        for r in part:
            yield {
                "mechanism_id": r["mechanism_id"], "position": r["position"], "event": r["event"], "date": r["date"],
                "meeting_id": r["meeting_id"], "doc_id": r["doc_id"], "unit_index": r["unit_idx"],
                "unit_ref": unit_ref(r["doc_id"], r["unit_start"]) if r["unit_start"] is not None else None,
                "start": r["start"], "end": r["end"], "unit_start": r["unit_start"], "unit_end": r["unit_end"],
                "unit_text": r["text"],
            }


# --- the ledger: what people recorded ----------------------------------------------------


def ledger_entry_partitions(conn: Connection, batch: int) -> Iterator[list[LedgerEntry]]:
    """Every entry, in the order stored, a partition at a time."""
    for part in _partitions(conn, select(ledger_entries).order_by(ledger_entries.c.id), batch):
        yield [_entry(r) for r in part]


def retraction_entries(conn: Connection) -> list[LedgerEntry]:
    """The retractions and the entries they name: all that decides which entries stand
    retracted (a retraction can only be undone by another retraction)."""
    named = select(ledger_entries.c.retracts).where(ledger_entries.c.action == "retract")
    q = select(ledger_entries).where(or_(ledger_entries.c.action == "retract", ledger_entries.c.entry_id.in_(named)))
    return [_entry(r) for r in conn.execute(q.order_by(ledger_entries.c.id)).mappings()]


def threads_of_units(conn: Connection, anchors: Iterable[UnitAnchor]) -> dict[tuple[str, int], str]:
    """(doc_id, start) of each anchor that a thread holds now → that thread's id."""
    wanted = {(a.doc_id, a.start) for a in anchors}
    out: dict[tuple[str, int], str] = {}
    for chunk in _chunks(doc for doc, _ in wanted):
        q = select(thread_members.c.doc_id, thread_members.c.start, thread_members.c.thread_id).where(thread_members.c.doc_id.in_(chunk))
        for doc, start, tid in conn.execute(q):
            if (doc, start) in wanted:
                out[(doc, start)] = tid
    return out


def existing_threads(conn: Connection, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(conn.execute(select(threads.c.id).where(threads.c.id.in_(chunk))).scalars())
    return found


def correction_rows(conn: Connection, batch: int) -> Iterator[dict[str, Any]]:
    for part in _partitions(conn, select(corrections).order_by(corrections.c.id), batch):
        for r in part:
            yield {
                "correction_id": r["correction_id"], "unit_ref": unit_ref(r["doc_id"], r["start"]), "doc_id": r["doc_id"],
                "start": r["start"], "end": r["end"], "label": r["label"], "kind": r["kind"],
                "actors": list(r["actors"]) if r["actors"] is not None else None, "domain": r["domain"],
                "mechanisms": list(r["mechanisms"]) if r["mechanisms"] is not None else None, "note": r["note"],
                "recorded_by": r["recorded_by"], "recorded_at": _utc(r["recorded_at"]), "text": r["text"],
            }
