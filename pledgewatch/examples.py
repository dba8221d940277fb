"""Example assessments that ``pledgewatch demo`` records, so a new user sees the ledger work.

The undertakings are chosen by rules over the data, never by their words (the
sample corpus may be extracted differently later): the first undertakings,
by deadline, whose deadline has passed (one stays overdue, one is achieved),
the first one due in the future, the first whose timeframe does not resolve,
and the first without a deadline — each in a domain not used yet where one is
left, and none a person has already assessed.

Every example says so in its note, names ``pledgewatch demo`` as its recorder
and cites an invented ``https://example.org/…`` page. The ledger is
append-only, so examples are recorded once: when the ledger already holds one,
nothing is added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from .assessments import LedgerRow, ledger_rows, record_assessment
from .model import LedgerEntry
from .store import Store
from .store.ledger import load_entries

EXAMPLE_BY = "pledgewatch demo"
EXAMPLE_NOTE = ("Example entry made by `pledgewatch demo` to show the ledger at work: the evidence page and its words are "
                "invented, not a real assessment.")
EVIDENCE_URL = "https://example.org/pledgewatch-demo/evidence/{n}-{status}"
EVIDENCE_AFTER = dt.timedelta(days=180)  # an example's evidence is dated this long after its statement

QUOTES = {  # illustrative words, one per status used
    "in_progress": "Example evidence: officials said work on this undertaking had begun but was not finished.",
    "achieved": "Example evidence: both governments announced that this undertaking had been carried out in full.",
    "not_started": "Example evidence: no step towards this undertaking had been announced by this date.",
    "stalled": "Example evidence: talks on this undertaking had been suspended, with no new date set.",
    "partially_achieved": "Example evidence: part of this undertaking had been delivered; the rest was still pending.",
}


def _by_deadline(row: LedgerRow) -> tuple:
    return (row.deadline or dt.date.max, row.ref or "", row.thread_id or "")


def _in_order(row: LedgerRow) -> tuple:
    return (row.ref or "", row.thread_id or "")


# (which undertakings, in which order, the status the example gives) — a rule over rows, not over words
PLAN: tuple[tuple[Callable[[LedgerRow], bool], Callable[[LedgerRow], tuple], str], ...] = (
    (lambda r: r.due == "overdue", _by_deadline, "in_progress"),  # deadline passed, not achieved: stays overdue
    (lambda r: r.due == "overdue", _by_deadline, "achieved"),  # deadline passed, done
    (lambda r: r.due in ("open", "due_soon"), _by_deadline, "not_started"),
    (lambda r: r.due == "unresolved", _in_order, "stalled"),
    (lambda r: r.due == "no_deadline", _in_order, "partially_achieved"),
)


@dataclass(frozen=True)
class ExampleRun:
    recorded: tuple[LedgerEntry, ...]  # made by this run
    present: int  # examples already in the ledger before it (then none are recorded)

    @property
    def total(self) -> int:
        return len(self.recorded) or self.present


def is_example(entry: LedgerEntry) -> bool:
    return entry.recorded_by == EXAMPLE_BY and (entry.note or "").startswith(EXAMPLE_NOTE[:40])


def choose(rows: list[LedgerRow]) -> list[tuple[LedgerRow, str]]:
    """The undertakings the examples assess, with the status each gets (see the module's rules)."""
    open_rows = [r for r in rows if r.status is None and not r.lost and r.thread_id and r.ref]
    chosen: list[tuple[LedgerRow, str]] = []
    taken: set[str] = set()
    domains: set[str | None] = set()
    for wanted, order, status in PLAN:
        candidates = sorted((r for r in open_rows if wanted(r) and r.thread_id not in taken), key=order)
        if not candidates:
            continue
        pick = next((r for r in candidates if r.domain not in domains), candidates[0])
        chosen.append((pick, status))
        taken.add(pick.thread_id)
        domains.add(pick.domain)
    return chosen


def _evidence_date(store: Store, row: LedgerRow, status: str, today: dt.date) -> dt.date:
    doc_id = (row.ref or "").rpartition(":")[0]
    stated = store.document(doc_id).date if doc_id else None
    if status == "achieved" and row.deadline:  # carried out by its deadline
        day = row.deadline
    elif stated:
        day = stated + EVIDENCE_AFTER
    else:  # an undated statement
        day = row.deadline or today
    return min(day, today)


def record_examples(store: Store, *, today: dt.date | None = None, now: dt.datetime | None = None) -> ExampleRun:
    """Record the demo's example assessments unless the ledger already holds some."""
    now = now or dt.datetime.now(dt.timezone.utc)
    today = today or now.date()
    present = sum(is_example(e) for e in load_entries(store.engine))
    if present:
        return ExampleRun((), present)
    made = []
    for n, (row, status) in enumerate(choose(ledger_rows(store, today=today)), 1):
        made.append(record_assessment(
            store, row.thread_id, status=status, evidence_date=_evidence_date(store, row, status, today),
            evidence_url=EVIDENCE_URL.format(n=n, status=status.replace("_", "-")), quote=QUOTES[status], note=EXAMPLE_NOTE,
            by=EXAMPLE_BY, today=today, now=now,
        ))
    return ExampleRun(tuple(made), 0)


__all__ = ["EXAMPLE_BY", "EXAMPLE_NOTE", "ExampleRun", "choose", "is_example", "record_examples"]
