"""When an undertaking is due, and whether it is overdue, from its resolved timeframes.

A timeframe's reading (``Value.normalised``, made at extraction against the
statement's date) has an ``end`` date when it resolved: "by the end of the
year" in a statement of 2022-05-21 ends 2022-12-31; "in 2030" ends
2030-12-31; "over five years" from 2021-05-21 ends 2026-05-21. Vague terms,
events ("by COP 28"), open-ended conditions and durations without a statement
date do not resolve, and the ledger says so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Value

DUE_STATES = ("overdue", "due_soon", "open", "achieved", "unresolved", "no_deadline")


@dataclass(frozen=True)
class Deadline:
    date: dt.date | None  # None: no timeframe resolves to a date
    text: str | None  # the words of the timeframe it comes from, or of the first unresolved one
    reason: str | None = None  # why it does not resolve (vague, event, open_ended, …)


def _end_of(v: Value) -> dt.date | None:
    n = v.normalised or {}
    if n.get("type") not in ("date", "interval", "duration"):
        return None
    end = n.get("end") or n.get("value")
    if not isinstance(end, str):
        return None
    try:
        return dt.date.fromisoformat(end[:10])
    except ValueError:
        return None


def deadline_of(timeframes: Iterable[Value]) -> Deadline | None:
    """The undertaking's deadline: the last end of its resolved time bounds (all of it is due by
    then); None when it names no timeframe; a ``Deadline`` without a date when none resolves."""
    timeframes = list(timeframes)
    resolved = [(d, v) for v in timeframes if (d := _end_of(v)) is not None]
    if resolved:
        d, v = max(resolved, key=lambda x: x[0])
        return Deadline(d, v.text)
    if not timeframes:
        return None
    first = timeframes[0]
    n = first.normalised or {}
    return Deadline(None, first.text, str(n.get("reason") or n.get("type") or "unresolved"))


def due_state(deadline: Deadline | None, today: dt.date, achieved: bool, within_days: int | None = None) -> str:
    """``achieved`` once an achieved assessment stands; ``overdue`` when the deadline has passed
    without one; ``due_soon`` when it falls within ``within_days`` of today; else ``open``;
    ``unresolved`` / ``no_deadline`` when there is no date to compare."""
    if achieved:
        return "achieved"
    if deadline is None:
        return "no_deadline"
    if deadline.date is None:
        return "unresolved"
    if deadline.date < today:
        return "overdue"
    if within_days is not None and (deadline.date - today).days <= within_days:
        return "due_soon"
    return "open"
