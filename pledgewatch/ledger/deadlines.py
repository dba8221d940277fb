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
from collections.abc import Iterable, Sequence
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


def _why_unresolved(v: Value) -> str:
    n = v.normalised or {}
    kind = n.get("type")
    if kind == "recurrence":
        return "recurring, no end"
    if kind == "interval":
        return "a start, no end"
    if kind == "duration":
        return "a duration without a statement date"
    return str(n.get("reason") or kind or "unresolved")


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
    return Deadline(None, timeframes[0].text, _why_unresolved(timeframes[0]))


def latest_deadline(appearances: Iterable[Sequence[Value] | Deadline | None]) -> Deadline | None:
    """The deadline of an undertaking from its appearances, oldest first (each its timeframes, or
    their ``deadline_of`` already worked out): the most recent appearance whose time bound
    resolves sets it (a later meeting may move it; a later "in a timely manner" does not take a
    date back); else the most recent unresolved one says why."""
    unresolved = None
    for found in reversed(list(appearances)):
        if found is not None and not isinstance(found, Deadline):
            found = deadline_of(found)
        if found is not None and found.date is not None:
            return found
        unresolved = unresolved or found
    return unresolved


def due_state(deadline: Deadline | None, today: dt.date, achieved: bool, within_days: int | None = None) -> str:
    """``achieved`` when the latest assessment says so (``Standing.achieved``); ``overdue`` when the
    deadline has passed without it (whatever else the latest status is: abandoned and superseded
    undertakings missed their deadline too, and their status says why); ``due_soon`` when it falls within ``within_days`` of today; else ``open``;
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
