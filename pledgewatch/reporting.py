"""The report's data with the ledger in it: what ``pledgewatch report`` and ``demo`` write.

``tracker.report_data`` reads meetings, threads and mechanisms; the ledger's
library (``assessments``) sits above it, so this module joins the two:
``assessments.ledger_rows`` on the report's day, each row with its latest
entry's note and time, handed to the report as ``LedgerItem``s.
"""

from __future__ import annotations

import datetime as dt

from . import tracker
from .assessments import LedgerRow, ledger_rows
from .report import LedgerItem, ReportData
from .store import Store
from .store.ledger import load_entries


def _item(row: LedgerRow, note: str | None, recorded_at: dt.datetime | None) -> LedgerItem:
    return LedgerItem(
        thread_id=row.thread_id, parties=tuple(row.parties), domain=row.domain, text=row.text, ref=row.ref, status=row.status,
        evidence_date=row.evidence_date, evidence_url=row.evidence_url, quote=row.quote, note=note, recorded_by=row.recorded_by,
        recorded_at=recorded_at, deadline=row.deadline, deadline_text=row.deadline_text, deadline_note=row.deadline_note,
        due=row.due, entries=row.entries, lost=row.lost,
    )


def ledger_items(store: Store, today: dt.date) -> tuple[LedgerItem, ...]:
    """Every undertaking with where it stands on ``today`` (assessed or not), for the report."""
    rows = ledger_rows(store, today=today)
    wanted = {r.entry_id for r in rows if r.entry_id}
    # a row names its latest entry; its note (e.g. "an example made by the demo") and time come from the entry itself
    latest = {e.entry_id: e for e in load_entries(store.engine) if e.entry_id in wanted} if wanted else {}
    items = []
    for r in rows:
        e = latest.get(r.entry_id or "")
        items.append(_item(r, e.note if e else None, e.recorded_at if e else None))
    return tuple(items)


def report_data(store: Store, today: dt.date | None = None) -> ReportData:
    """Everything the tracker report shows, the ledger included (tracking is brought up to date first)."""
    today = today or dt.date.today()
    return tracker.report_data(store, today, ledger=ledger_items(store, today))


__all__ = ["ledger_items", "report_data"]
