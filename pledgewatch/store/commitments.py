"""Storing and querying commitments (the store's SQL for the extraction stage)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, String, and_, cast, exists, func, or_, select
from sqlalchemy.engine import Connection, Engine

from ..model import Commitment, Correction, unit_ref, value_fields
from . import search as search_module
from .ledger import corrections_of
from .schema import commitment_actors, commitment_values, commitments, documents, sources, store_meta, units
from .turns import LABELS, take_turn


def insert_commitments(conn: Connection, doc_id: str, items: list[Commitment]) -> None:
    """Insert every labelled unit of a document (in the caller's transaction).

    Three bulk inserts per document (commitments, actors, values), not three
    per unit: the ids of the new rows are read back by their unique key.
    """
    if not items:
        return
    conn.execute(
        commitments.insert(),
        [
            {"doc_id": doc_id, "unit_idx": c.unit.index, "start": c.start, "end": c.end, "label": c.label, "kind": c.kind,
             "domain": c.domain, "confidence": c.confidence, "extractor": str(c.extractor), "why": list(c.why)}
            for c in items
        ],
    )
    extractors = {str(c.extractor) for c in items}
    ids = {
        (idx, ex): cid
        for cid, idx, ex in conn.execute(
            select(commitments.c.id, commitments.c.unit_idx, commitments.c.extractor).where(
                commitments.c.doc_id == doc_id, commitments.c.extractor.in_(extractors)
            )
        )
    }
    actor_rows, value_rows = [], []
    for c in items:
        cid = ids[(c.unit.index, str(c.extractor))]
        actor_rows += [{"commitment_id": cid, "party": p} for p in dict.fromkeys(c.actors)]
        value_rows += [
            {"commitment_id": cid, "kind": v.kind, "start": v.start, "end": v.end, "text": v.text, "normalised": v.normalised}
            for v in (*c.mechanisms, *c.amounts, *c.timeframes)
        ]
    if actor_rows:
        conn.execute(commitment_actors.insert(), actor_rows)
    if value_rows:
        conn.execute(commitment_values.insert(), value_rows)


@dataclass(frozen=True)
class StoredValue:
    kind: str
    start: int
    end: int
    text: str
    normalised: dict[str, Any]


@dataclass
class StoredCommitment:
    """A commitment as read back from the store, with its document's identity."""

    id: int
    doc_id: str
    doc: str  # the document's (first) file name
    doc_date: dt.date | None
    unit_idx: int
    start: int
    end: int
    text: str
    section: str | None
    label: str
    kind: str | None
    domain: str | None
    confidence: float
    extractor: str
    why: list[str]
    actors: list[str] = field(default_factory=list)
    mechanisms: list[StoredValue] = field(default_factory=list)
    amounts: list[StoredValue] = field(default_factory=list)
    timeframes: list[StoredValue] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def vals(vs: list[StoredValue]) -> list[dict[str, Any]]:
            return [value_fields(v.text, v.start, v.end, v.normalised) for v in vs]

        return {
            "ref": unit_ref(self.doc_id, self.start),
            "id": self.id, "doc": self.doc, "doc_id": self.doc_id, "date": self.doc_date, "unit": self.unit_idx,
            "text": self.text, "start": self.start, "end": self.end, "label": self.label, "kind": self.kind,
            "actors": self.actors, "domain": self.domain, "mechanisms": vals(self.mechanisms), "amounts": vals(self.amounts),
            "timeframes": vals(self.timeframes), "confidence": self.confidence, "extractor": self.extractor, "why": self.why,
        }


@dataclass(frozen=True)
class CommitmentFilter:
    party: str | None = None
    domain: str | None = None
    kind: str | None = None
    mechanism: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    query: str | None = None
    doc_id: str | None = None
    offset: int | None = None  # the unit holding this character offset (any inside it, as references name units)
    include_other: bool = False
    limit: int | None = None


def _first_source_names(conn: Connection, doc_ids: set[str]) -> dict[str, str]:
    first = select(sources.c.doc_id, func.min(sources.c.id).label("sid")).where(sources.c.doc_id.in_(doc_ids)).group_by(sources.c.doc_id).subquery()
    rows = conn.execute(select(sources.c.doc_id, sources.c.name).join(first, first.c.sid == sources.c.id))
    return {r[0]: r[1] for r in rows}


def list_commitments(engine: Engine, flt: CommitmentFilter) -> list[StoredCommitment]:
    """Commitments matching every given filter, in date and document order."""
    c, u, d = commitments, units, documents
    q = (
        select(c, u.c.text.label("unit_text"), u.c.section, d.c.date.label("doc_date"))
        .join(u, and_(u.c.doc_id == c.c.doc_id, u.c.idx == c.c.unit_idx))
        .join(d, d.c.id == c.c.doc_id)
    )
    conds = []
    if not flt.include_other:
        conds.append(c.c.label == "commitment")
    if flt.doc_id:
        conds.append(c.c.doc_id == flt.doc_id)
    if flt.offset is not None:
        conds += [c.c.start <= flt.offset, or_(c.c.end > flt.offset, c.c.start == flt.offset)]
    if flt.domain:
        conds.append(c.c.domain == flt.domain)
    if flt.kind:
        conds.append(c.c.kind == flt.kind)
    if flt.since:
        conds.append(d.c.date >= flt.since)
    if flt.until:
        conds.append(d.c.date <= flt.until)
    if flt.party:
        conds.append(exists().where(commitment_actors.c.commitment_id == c.c.id, commitment_actors.c.party == flt.party.upper()))
    if flt.mechanism:
        pattern = f"%{flt.mechanism.lower()}%"
        conds.append(
            exists().where(
                commitment_values.c.commitment_id == c.c.id,
                commitment_values.c.kind == "mechanism",
                func.lower(commitment_values.c.text).like(pattern),
            )
        )
    with engine.connect() as conn:
        if flt.query:
            ids = search_module.matching_unit_ids(conn, flt.query)
            conds.append(u.c.id.in_(ids) if ids else u.c.id.is_(None))
        q = q.where(*conds).order_by(d.c.date.is_(None), d.c.date, c.c.doc_id, c.c.unit_idx)
        if flt.limit:
            q = q.limit(flt.limit)
        rows = conn.execute(q).mappings().all()
        out = [
            StoredCommitment(
                id=r["id"], doc_id=r["doc_id"], doc=r["doc_id"], doc_date=r["doc_date"], unit_idx=r["unit_idx"],
                start=r["start"], end=r["end"], text=r["unit_text"], section=r["section"], label=r["label"], kind=r["kind"],
                domain=r["domain"], confidence=r["confidence"], extractor=r["extractor"], why=list(r["why"]),
            )
            for r in rows
        ]
        if not out:
            return out
        by_id = {x.id: x for x in out}
        names = _first_source_names(conn, {x.doc_id for x in out})
        for x in out:
            x.doc = names.get(x.doc_id, x.doc_id)
        ids = list(by_id)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for cid, party in conn.execute(select(commitment_actors.c.commitment_id, commitment_actors.c.party).where(commitment_actors.c.commitment_id.in_(chunk))
                                           .order_by(commitment_actors.c.commitment_id, commitment_actors.c.party)):  # the order on every database
                by_id[cid].actors.append(party)
            vq = select(commitment_values).where(commitment_values.c.commitment_id.in_(chunk)).order_by(commitment_values.c.start, commitment_values.c.id)
            for v in conn.execute(vq).mappings():
                sv = StoredValue(v["kind"], v["start"], v["end"], v["text"], dict(v["normalised"] or {}))
                getattr(by_id[v["commitment_id"]], {"mechanism": "mechanisms", "amount": "amounts", "timeframe": "timeframes"}[v["kind"]]).append(sv)
    return out


def is_commitment(engine: Engine, doc_id: str, unit_idx: int) -> bool:
    """Whether the stored label of a document's unit is ``commitment``."""
    q = select(commitments.c.id).where(commitments.c.doc_id == doc_id, commitments.c.unit_idx == unit_idx, commitments.c.label == "commitment")
    with engine.connect() as conn:
        return conn.execute(q.limit(1)).first() is not None


def has_commitments(engine: Engine, doc_id: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(commitments).where(commitments.c.doc_id == doc_id)).scalar() > 0


def commitment_counts(engine: Engine) -> dict[str, int]:
    """Number of commitments per document."""
    q = select(commitments.c.doc_id, func.count()).where(commitments.c.label == "commitment").group_by(commitments.c.doc_id)
    with engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(q)}


COMMITMENTS_REVISION = "commitments_revision"  # store_meta key: bumped whenever stored labels change


def _replace(conn: Connection, doc_id: str, items: list[Commitment]) -> None:
    conn.execute(commitments.delete().where(commitments.c.doc_id == doc_id))  # actors and values cascade
    insert_commitments(conn, doc_id, items)
    # one UPDATE, so two writers at once both count (a read, then a write, could count one)
    # (migration 0008 made the row)
    conn.execute(store_meta.update().where(store_meta.c.key == COMMITMENTS_REVISION)
                 .values(value=cast(cast(store_meta.c.value, Integer) + 1, String)))


def relabel(engine: Engine, doc_id: str, label: Callable[[list[Correction]], list[Commitment]]) -> list[Commitment]:
    """Replace a document's labels with ``label(its corrections)`` (a re-extraction, a person's
    correction), in one transaction that reads the corrections after taking the labels' turn:
    a correction another writer stores meanwhile is in these labels or in that writer's,
    which come after."""
    with engine.begin() as conn:
        take_turn(conn, LABELS)
        items = label(corrections_of(conn, [doc_id]))
        _replace(conn, doc_id, items)
    return items


def commitments_revision(engine: Engine) -> str:
    """How many times stored labels were replaced since ingest ("0" when never)."""
    with engine.connect() as conn:
        return conn.execute(select(store_meta.c.value).where(store_meta.c.key == COMMITMENTS_REVISION)).scalar() or "0"


def unit_labels(engine: Engine, limit: int | None = None, order_by_confidence: bool = False) -> list[dict[str, Any]]:
    """Every labelled unit with its label, confidence and extractor (the review queue reads it)."""
    c, u, d = commitments, units, documents
    q = (
        select(c.c.doc_id, c.c.unit_idx, c.c.start, c.c.end, c.c.label, c.c.confidence, c.c.extractor, c.c.kind,
               c.c.domain, u.c.text, u.c.kind.label("unit_kind"), d.c.date)
        .join(u, and_(u.c.doc_id == c.c.doc_id, u.c.idx == c.c.unit_idx))
        .join(d, d.c.id == c.c.doc_id)
        .where(u.c.kind != "lead_in", ~c.c.extractor.startswith("person-"))
    )
    q = q.order_by(c.c.confidence, c.c.doc_id, c.c.start) if order_by_confidence else q.order_by(c.c.doc_id, c.c.start)
    if limit:
        q = q.limit(limit)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]
