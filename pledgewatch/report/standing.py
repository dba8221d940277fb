"""Where undertakings stand, for the report's ledger section (both renderers).

Plain rows from ``ReportData.ledger``: counts of latest statuses by domain and
by party, the undertakings overdue or due soon on the report's day, and each
assessed undertaking's latest evidence. The due state is computed again with
the ledger's own rule (``ledger.due_state``) against the report's day, so the
page and its header agree whatever day the rows were read.

What people typed (quotes, notes, URLs) is untrusted: ``web_link`` says when an
evidence URL may become a link at all (http or https, a host, nothing a browser
would reinterpret); the renderers escape everything else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..ledger import Deadline, due_state
from ..model import DOMAINS, STATUSES

if TYPE_CHECKING:
    from . import LedgerItem

DUE_SOON_DAYS = 90
UNASSESSED = "unassessed"
STATUS_ORDER = (*STATUSES, UNASSESSED)
# whitespace, control characters and what a URL never holds unescaped; "\" because browsers read it as "/" in http(s) URLs
_NOT_IN_LINK = re.compile(r'[\s\x00-\x1f\x7f-\x9f"<>\\`]')


def web_link(url: str | None) -> str | None:
    """``url`` when it is safe to make a link of: an http(s) URL with a host; None otherwise
    (the ledger accepts only such URLs, but what is shown is checked where it is shown)."""
    if not url or _NOT_IN_LINK.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return url if parts.scheme.lower() in ("http", "https") and host else None


def status_of(item: LedgerItem) -> str:
    return item.status or UNASSESSED


def due_now(item: LedgerItem, today: dt.date, within_days: int = DUE_SOON_DAYS) -> str:
    """The item's due state on ``today``: one of ``ledger.DUE_STATES``."""
    if item.lost:
        return item.due
    named = item.deadline is not None or item.deadline_text is not None  # an unresolved timeframe has its words
    deadline = Deadline(item.deadline, item.deadline_text, item.deadline_note) if named else None
    return due_state(deadline, today, item.due == "achieved", within_days)


def source_of(item: LedgerItem) -> tuple[str, int] | None:
    """(doc id, start offset) of the item's latest appearance, from its REF."""
    doc, _, start = (item.ref or "").rpartition(":")
    return (doc, int(start)) if doc and start.isdigit() else None


@dataclass(frozen=True)
class LedgerCounts:
    undertakings: int
    assessed: int
    entries: int
    overdue: int
    due_soon: int
    unresolved: int  # timeframes that do not resolve to a date
    by_status: dict[str, int]  # STATUS_ORDER, only those present
    lost: int = 0


def ledger_counts(items: tuple[LedgerItem, ...] | list[LedgerItem], today: dt.date) -> LedgerCounts:
    states = Counter(due_now(i, today) for i in items if not i.lost)
    statuses = Counter(status_of(i) for i in items)
    return LedgerCounts(
        undertakings=sum(not i.lost for i in items), assessed=sum(i.status is not None for i in items),
        entries=sum(i.entries for i in items), overdue=states["overdue"], due_soon=states["due_soon"],
        unresolved=states["unresolved"], by_status={s: statuses[s] for s in STATUS_ORDER if statuses[s]},
        lost=sum(i.lost for i in items),
    )


def ledger_summary(c: LedgerCounts, today: dt.date) -> str:
    """The ledger section's opening sentence, in plain words (both renderers escape it their way)."""
    return (f"{c.assessed} of {c.undertakings} undertakings assessed ({c.entries} ledger entries) · {c.overdue} overdue · "
            f"{c.due_soon} due within {DUE_SOON_DAYS} days of {today} · {c.unresolved} with a timeframe that does not "
            "resolve to a date.")


@dataclass(frozen=True)
class StatusRow:
    label: str  # a domain (or "unknown") or a party code
    counts: Counter  # status (or "unassessed") → undertakings

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _ordered(counts: dict[str, Counter], order: list[str]) -> list[StatusRow]:
    rank = {k: i for i, k in enumerate(order)}
    return [StatusRow(k, counts[k]) for k in sorted(counts, key=lambda k: (rank.get(k, len(rank)), k))]


def by_domain(items: list[LedgerItem] | tuple[LedgerItem, ...]) -> list[StatusRow]:
    """Undertakings per domain (the guide's order), counted by latest status."""
    counts: dict[str, Counter] = {}
    for i in items:
        if not i.lost:
            counts.setdefault(i.domain or "unknown", Counter())[status_of(i)] += 1
    return _ordered(counts, [*DOMAINS, "unknown"])


def by_party(items: list[LedgerItem] | tuple[LedgerItem, ...]) -> list[StatusRow]:
    """Undertakings per party, counted by latest status (an undertaking of two parties counts for each)."""
    counts: dict[str, Counter] = {}
    for i in items:
        if not i.lost:
            for p in i.parties or ("unknown",):
                counts.setdefault(p, Counter())[status_of(i)] += 1
    return sorted((StatusRow(k, c) for k, c in counts.items()), key=lambda r: (-r.total, r.label))


def statuses_present(rows: list[StatusRow]) -> list[str]:
    found = {s for r in rows for s in r.counts}
    return [s for s in STATUS_ORDER if s in found] + sorted(found - set(STATUS_ORDER))


@dataclass(frozen=True)
class Attention:
    state: str  # overdue | due_soon
    item: LedgerItem


def needs_attention(items: list[LedgerItem] | tuple[LedgerItem, ...], today: dt.date) -> list[Attention]:
    """Undertakings overdue or due within ``DUE_SOON_DAYS`` of ``today``, by deadline."""
    found = [Attention(state, i) for i in items if (state := due_now(i, today)) in ("overdue", "due_soon")]
    return sorted(found, key=lambda a: (a.item.deadline or dt.date.max, a.item.ref or "", a.item.thread_id or ""))


def latest_evidence(items: list[LedgerItem] | tuple[LedgerItem, ...]) -> list[LedgerItem]:
    """Assessed undertakings (and entries whose undertaking is gone), newest evidence first."""
    found = [i for i in items if i.status is not None or i.lost]
    return sorted(found, key=lambda i: (i.evidence_date or dt.date.min, i.recorded_at.timestamp() if i.recorded_at else 0.0,
                                        i.thread_id or ""), reverse=True)
