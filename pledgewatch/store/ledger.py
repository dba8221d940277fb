"""Storing and reading the ledger: assessments, retractions and corrections (append-only).

The store's SQL for what people record. Rows are only ever inserted: the
database refuses UPDATE and DELETE on these tables (migration 0006), and no
function here does either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..model import Correction, LedgerEntry, UnitAnchor
from .schema import corrections, ledger_entries


def _anchor_json(a: UnitAnchor) -> dict[str, Any]:
    return {"doc_id": a.doc_id, "start": a.start, "end": a.end, "text": a.text}


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back: they were written as UTC
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def append_entry(engine: Engine, entry: LedgerEntry) -> None:
    with engine.begin() as conn:
        conn.execute(ledger_entries.insert().values(
            entry_id=entry.entry_id, target=entry.target, ref=entry.ref, anchors=[_anchor_json(a) for a in entry.anchors],
            action=entry.action, status=entry.status, evidence_date=entry.evidence_date, evidence_url=entry.evidence_url,
            quote=entry.quote, note=entry.note, superseded_by=entry.superseded_by, retracts=entry.retracts,
            recorded_by=entry.recorded_by, recorded_at=entry.recorded_at,
        ))


def _entry(r: Any) -> LedgerEntry:
    return LedgerEntry(
        r["entry_id"], r["target"], r["ref"], tuple(UnitAnchor(a["doc_id"], a["start"], a["end"], a["text"]) for a in r["anchors"]),
        r["action"], r["status"], r["evidence_date"], r["evidence_url"], r["quote"], r["note"], r["superseded_by"],
        r["retracts"], r["recorded_by"], _utc(r["recorded_at"]),
    )


def load_entries(engine: Engine) -> list[LedgerEntry]:
    """Every entry, in the order it was stored."""
    with engine.connect() as conn:
        return [_entry(r) for r in conn.execute(select(ledger_entries).order_by(ledger_entries.c.id)).mappings()]


def append_correction(engine: Engine, c: Correction) -> None:
    with engine.begin() as conn:
        conn.execute(corrections.insert().values(
            correction_id=c.correction_id, doc_id=c.anchor.doc_id, start=c.anchor.start, end=c.anchor.end, text=c.anchor.text,
            label=c.label, kind=c.kind, actors=list(c.actors) if c.actors is not None else None, domain=c.domain,
            mechanisms=list(c.mechanisms) if c.mechanisms is not None else None, note=c.note, recorded_by=c.recorded_by,
            recorded_at=c.recorded_at,
        ))


def load_corrections(engine: Engine, doc_ids: Iterable[str] | None = None) -> list[Correction]:
    """Corrections in the order they were stored (a later one about the same unit wins)."""
    q = select(corrections).order_by(corrections.c.id)
    if doc_ids is not None:
        q = q.where(corrections.c.doc_id.in_(list(doc_ids)))
    with engine.connect() as conn:
        return [
            Correction(
                r["correction_id"], UnitAnchor(r["doc_id"], r["start"], r["end"], r["text"]), r["label"], r["kind"],
                tuple(r["actors"]) if r["actors"] is not None else None, r["domain"],
                tuple(r["mechanisms"]) if r["mechanisms"] is not None else None, r["note"], r["recorded_by"], _utc(r["recorded_at"]),
            )
            for r in conn.execute(q).mappings()
        ]


def ledger_counts(engine: Engine) -> dict[str, int]:
    from sqlalchemy import func

    with engine.connect() as conn:
        return {
            "entries": conn.execute(select(func.count()).select_from(ledger_entries)).scalar_one(),
            "corrections": conn.execute(select(func.count()).select_from(corrections)).scalar_one(),
        }
