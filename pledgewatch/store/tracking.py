"""Storing tracking results (meetings, threads, mechanisms) and the user's meeting edits.

Threads and the registry are derived data: ``save_tracking`` replaces them in
one transaction, with the fingerprint of what they were computed from (a
``store_meta`` row), so that callers can tell whether they are still current.
Meeting edits (merge/split) are the user's input and are kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, delete, select
from sqlalchemy.engine import Engine

from ..model import (
    Commitment, Document, Extractor, Mechanism, MechanismEvent, Meeting, Thread, ThreadMember, Unit, Value, WordDiff,
)
from .schema import (
    commitment_actors, commitment_values, commitments, documents, mechanism_aliases, mechanism_events, mechanisms,
    meeting_docs, meeting_edits, meetings, store_meta, thread_members, threads, units,
)
from .turns import TRACKING, take_turn

TRACKING_FINGERPRINT = "tracking_fingerprint"  # the store_meta key


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# --- the user's meeting edits -------------------------------------------------

def add_meeting_edit(engine: Engine, action: str, doc_a: str, doc_b: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(meeting_edits.insert().values(action=action, doc_a=doc_a, doc_b=doc_b, created_at=_now()))


def meeting_edit_lists(engine: Engine) -> tuple[list[tuple[str, str]], list[str]]:
    """(merges as doc-id pairs, splits as doc ids), in the order the user made them."""
    merges: list[tuple[str, str]] = []
    splits: list[str] = []
    with engine.connect() as conn:
        for action, a, b in conn.execute(select(meeting_edits.c.action, meeting_edits.c.doc_a, meeting_edits.c.doc_b).order_by(meeting_edits.c.id)):
            if action == "merge" and b:
                merges.append((a, b))
                splits[:] = [s for s in splits if s not in (a, b)]
            elif action == "split":
                splits.append(a)
                merges[:] = [m for m in merges if a not in m]
    return merges, splits


# --- loading commitments back into model objects ------------------------------

def load_labelled_units(engine: Engine, doc_ids: list[str] | None = None) -> dict[str, list[Commitment]]:
    """Every stored commitment (label ``commitment``) as ``Commitment`` objects, per document."""
    c, u = commitments, units
    q = (
        select(c, u.c.text.label("unit_text"), u.c.kind.label("unit_kind"), u.c.section, u.c.lead_in)
        .join(u, and_(u.c.doc_id == c.c.doc_id, u.c.idx == c.c.unit_idx))
        .where(c.c.label == "commitment")
        .order_by(c.c.doc_id, c.c.unit_idx)
    )
    if doc_ids is not None:
        q = q.where(c.c.doc_id.in_(doc_ids))
    out: dict[str, list[Commitment]] = defaultdict(list)
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
        actors: dict[int, list[str]] = defaultdict(list)
        values: dict[int, list[Value]] = defaultdict(list)
        ids = [r["id"] for r in rows]
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for cid, party in conn.execute(select(commitment_actors.c.commitment_id, commitment_actors.c.party).where(commitment_actors.c.commitment_id.in_(chunk))
                                           .order_by(commitment_actors.c.commitment_id, commitment_actors.c.party)):  # the order on every database
                actors[cid].append(party)
            for v in conn.execute(select(commitment_values).where(commitment_values.c.commitment_id.in_(chunk)).order_by(commitment_values.c.start, commitment_values.c.id)).mappings():
                values[v["commitment_id"]].append(Value(v["kind"], v["start"], v["end"], v["text"], dict(v["normalised"] or {})))
    for r in rows:
        name, _, version = r["extractor"].partition("-")
        unit = Unit(r["doc_id"], r["unit_idx"], r["start"], r["end"], r["unit_text"], r["unit_kind"], r["section"], r["lead_in"])
        vs = values[r["id"]]
        out[r["doc_id"]].append(
            Commitment(
                r["doc_id"], unit, r["label"], r["kind"], tuple(actors[r["id"]]), r["domain"],
                tuple(v for v in vs if v.kind == "mechanism"), tuple(v for v in vs if v.kind == "amount"),
                tuple(v for v in vs if v.kind == "timeframe"), r["confidence"], Extractor(name, version), tuple(r["why"]),
            )
        )
    return dict(out)


# --- saving and loading tracking -------------------------------------------------

def save_tracking(engine: Engine, found_meetings: list[Meeting], found_threads: list[Thread], registry: list[Mechanism],
                  fingerprint: str | None = None) -> None:
    """Replace the derived tracking tables in one transaction, recording ``fingerprint``
    (what they were computed from; None: unknown, so never current)."""
    with engine.begin() as conn:
        take_turn(conn, TRACKING)  # another process saving tracking at once finishes first; then these replace its rows
        for table in (mechanism_events, mechanism_aliases, mechanisms, thread_members, threads, meeting_docs, meetings):
            conn.execute(delete(table))
        conn.execute(delete(store_meta).where(store_meta.c.key == TRACKING_FINGERPRINT))
        if fingerprint is not None:
            conn.execute(store_meta.insert().values(key=TRACKING_FINGERPRINT, value=fingerprint))
        if found_meetings:
            conn.execute(meetings.insert(), [
                {"id": m.id, "position": i, "date": m.date, "parties": list(m.parties), "label": m.label, "order_why": m.order_why}
                for i, m in enumerate(found_meetings)
            ])
            conn.execute(meeting_docs.insert(), [{"meeting_id": m.id, "doc_id": d} for m in found_meetings for d in dict.fromkeys(m.doc_ids)])
        if found_threads:
            conn.execute(threads.insert(), [
                {"id": t.id, "parties": list(t.parties), "domain": t.domain, "status": t.status, "dropped_at": list(t.dropped_at)}
                for t in found_threads
            ])
            conn.execute(thread_members.insert(), [
                {
                    "thread_id": t.id, "position": i, "doc_id": m.doc_id, "meeting_id": m.meeting_id, "unit_idx": m.unit_index,
                    "start": m.start, "end": m.end, "text": m.text, "change": m.change,
                    "prev_doc_id": m.previous[0] if m.previous else None, "prev_unit_idx": m.previous[1] if m.previous else None,
                    "diff": [list(op) for op in m.diff.ops] if m.diff else None, "why": list(m.why), "score": m.score,
                }
                for t in found_threads for i, m in enumerate(t.members)
            ])
        if registry:
            conn.execute(mechanisms.insert(), [{"id": m.id, "name": m.name, "parties": list(m.parties), "domain": m.domain} for m in registry])
            aliases = [{"mechanism_id": m.id, "alias": a} for m in registry for a in dict.fromkeys(m.aliases) if a]
            if aliases:
                conn.execute(mechanism_aliases.insert(), aliases)
            events = [
                {"mechanism_id": m.id, "position": i, "meeting_id": e.meeting_id, "date": e.date, "event": e.event, "doc_id": e.doc_id,
                 "unit_idx": e.unit_index, "start": e.start, "end": e.end, "text": e.text}
                for m in registry for i, e in enumerate(m.events)
            ]
            if events:
                conn.execute(mechanism_events.insert(), events)


def load_tracking_fingerprint(engine: Engine) -> str | None:
    """The fingerprint the stored tracking was saved with; None when it was never saved with one."""
    with engine.connect() as conn:
        return conn.execute(select(store_meta.c.value).where(store_meta.c.key == TRACKING_FINGERPRINT)).scalar()


def load_meetings(engine: Engine) -> list[Meeting]:
    with engine.connect() as conn:
        docs: dict[str, list[str]] = defaultdict(list)
        for mid, did in conn.execute(select(meeting_docs.c.meeting_id, meeting_docs.c.doc_id).join(documents, documents.c.id == meeting_docs.c.doc_id).order_by(documents.c.date.nulls_first(), documents.c.id)):
            docs[mid].append(did)
        rows = conn.execute(select(meetings).order_by(meetings.c.position)).mappings().all()
    return [Meeting(r["id"], r["date"], tuple(r["parties"]), tuple(docs[r["id"]]), r["label"], r["order_why"]) for r in rows]


def _member(r: Any) -> ThreadMember:
    diff = WordDiff(tuple((op, words) for op, words in r["diff"])) if r["diff"] else None
    prev = (r["prev_doc_id"], r["prev_unit_idx"]) if r["prev_doc_id"] else None
    return ThreadMember(r["doc_id"], r["meeting_id"], r["unit_idx"], r["start"], r["end"], r["text"], r["change"], prev, diff, tuple(r["why"]), r["score"])


def load_threads(engine: Engine, thread_ids: list[str] | None = None) -> list[Thread]:
    with engine.connect() as conn:
        q = select(threads)
        mq = select(thread_members).order_by(thread_members.c.thread_id, thread_members.c.position)
        if thread_ids is not None:
            q = q.where(threads.c.id.in_(thread_ids))
            mq = mq.where(thread_members.c.thread_id.in_(thread_ids))
        rows = conn.execute(q).mappings().all()
        members: dict[str, list[ThreadMember]] = defaultdict(list)
        for r in conn.execute(mq).mappings():
            members[r["thread_id"]].append(_member(r))
    return [Thread(r["id"], tuple(members[r["id"]]), tuple(r["parties"]), r["domain"], tuple(r["dropped_at"])) for r in rows]


def load_mechanisms(engine: Engine) -> list[Mechanism]:
    with engine.connect() as conn:
        aliases: dict[str, list[str]] = defaultdict(list)
        for mid, alias in conn.execute(select(mechanism_aliases.c.mechanism_id, mechanism_aliases.c.alias)):
            aliases[mid].append(alias)
        events: dict[str, list[MechanismEvent]] = defaultdict(list)
        for r in conn.execute(select(mechanism_events).order_by(mechanism_events.c.mechanism_id, mechanism_events.c.position)).mappings():
            events[r["mechanism_id"]].append(MechanismEvent(r["meeting_id"], r["date"], r["event"], r["doc_id"], r["unit_idx"], r["start"], r["end"], r["text"]))
        rows = conn.execute(select(mechanisms)).mappings().all()
    rows = sorted(rows, key=lambda r: (r["name"], r["id"]))  # by code point, whatever the server's collation
    return [Mechanism(r["id"], r["name"], tuple(sorted(aliases[r["id"]])), tuple(r["parties"]), r["domain"], tuple(events[r["id"]])) for r in rows]


def load_documents(engine: Engine, doc_ids: list[str] | None = None) -> list[Document]:
    """Whole documents (for reports); use ``Store.document`` for one."""
    from . import _document_from_row
    from .schema import sources

    with engine.connect() as conn:
        q = select(documents).order_by(documents.c.date.nulls_first(), documents.c.id)  # SQLite's order; a server's puts NULL last
        if doc_ids is not None:
            q = q.where(documents.c.id.in_(doc_ids))
        rows = conn.execute(q).mappings().all()
        srcs: dict[str, list[Any]] = defaultdict(list)
        for s in conn.execute(select(sources).order_by(sources.c.id)).mappings():
            srcs[s["doc_id"]].append(s)
    return [_document_from_row(r, srcs[r["id"]]) for r in rows]
