"""What the report shows, computed once for both renderers (HTML and Markdown).

Nothing here formats markup: it turns ``ReportData`` into ordered, counted
rows — per-meeting domain counts, threads to show, dropped threads, dated
mechanism events, items due in the next twelve months — and formats amounts
and dates as plain text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import CHANGES, DOMAINS, Commitment, Document, Meeting, Mechanism, MechanismEvent, Thread, ThreadMember, Value

if TYPE_CHECKING:
    from . import ReportData

# Threads whose history shows a change of wording come first.
STATUS_ORDER = {"strengthened": 0, "weakened": 1, "dropped": 2, "new": 3, "reiterated": 4}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def commitments_by_doc(data: ReportData) -> dict[str, list[Commitment]]:
    """Only the units labelled commitment, per document, in text order."""
    return {d: sorted((c for c in cs if c.is_commitment), key=lambda c: c.start) for d, cs in data.commitments.items()}


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def iso_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def fmt_date(day: dt.date | None) -> str:
    return day.isoformat() if day else "undated"


def _number(x: float) -> str:
    for scale, word in _SCALES:
        if abs(x) >= scale:
            return f"{x / scale:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"


def fmt_amount(v: Value) -> str:
    """An amount as an analyst reads it: "USD 200 million over five years", "2,023 Koreans"."""
    n = v.normalised or {}
    value = n.get("value")
    if not isinstance(value, (int, float)):
        return v.text
    top = n.get("value_max")
    number = _number(value) + (f"–{_number(top)}" if isinstance(top, (int, float)) else "")
    if n.get("type") == "money":
        out = f"{n.get('currency') or n.get('symbol') or ''} {number}".strip()
    else:
        out = f"{number} {n.get('noun') or n.get('unit') or ''}".strip()
    if n.get("period_text"):
        out += f" ({n['period_text']})"
    elif n.get("rate"):
        out += f" per {n['rate']}"
    return out


def fmt_timeframe(v: Value) -> str:
    """A timeframe's reading in words: "by 2024-12-31", "2023-05-01 → 2023-05-31", "every P1Y"."""
    n = v.normalised or {}
    kind = n.get("type")
    if kind == "date":
        return f"{n.get('relation') or 'on'} {n.get('value') or n.get('end')}"
    if kind in ("interval", "duration"):
        span = f"{n.get('start', '?')} → {n.get('end', 'open')}"
        return f"{n['duration']}: {span}" if kind == "duration" and n.get("duration") else span
    if kind == "recurrence":
        return f"every {n.get('every')}"
    if kind == "open_ended":
        # "at all times", "until a settlement is reached": held without an end date
        return "standing" if n.get("reason") == "standing" else f"{n.get('relation') or 'until'} {n.get('condition') or 'a condition is met'}"
    return f"unresolved ({n.get('reason', '?')})"


@dataclass(frozen=True)
class MeetingRow:
    """A meeting (or, before tracking has run, a single document) with its commitments per domain."""

    key: str
    label: str  # unique: chart categories
    date: dt.date | None
    title: str
    doc_ids: tuple[str, ...]
    domains: Counter

    @property
    def total(self) -> int:
        return sum(self.domains.values())


def meeting_title(m: Meeting) -> str:
    return m.label or (", ".join(m.parties) + " meeting" if m.parties else m.id)


def meeting_rows(data: ReportData, commitments: dict[str, list[Commitment]]) -> list[MeetingRow]:
    docs = {d.id: d for d in data.documents}
    groups: list[tuple[str, dt.date | None, str, tuple[str, ...]]]
    if data.meetings:
        groups = [(m.id, m.date, meeting_title(m), m.doc_ids) for m in data.meetings]
    else:  # tracking has not run: one row per document
        groups = [(d.id, d.date, d.title or d.name, (d.id,)) for d in data.documents]
    rows: list[MeetingRow] = []
    seen: Counter = Counter()
    for key, date, title, doc_ids in groups:
        # a meeting's own label already opens with its date
        label = title if date and title.startswith(date.isoformat()) else f"{fmt_date(date)} · {title}"
        label = label if len(label) <= 48 else label[:47] + "…"
        seen[label] += 1
        if seen[label] > 1:
            label += f" ({seen[label]})"
        counts: Counter = Counter()
        for d in doc_ids:
            counts.update(c.domain or "unknown" for c in commitments.get(d, ()) if d in docs)
        rows.append(MeetingRow(key, label, date, title, tuple(doc_ids), counts))
    return rows


def domains_present(rows: list[MeetingRow]) -> list[str]:
    found = {d for r in rows for d in r.domains}
    return [d for d in DOMAINS if d in found] + sorted(found - set(DOMAINS))


def status_counts(threads: list[Thread]) -> dict[str, int]:
    counts = Counter(t.status for t in threads)
    return {s: counts.get(s, 0) for s in CHANGES}


def multi_member_threads(threads: list[Thread]) -> list[Thread]:
    """Threads seen at two meetings or more: changed wording first, then the longest."""
    found = [t for t in threads if len(t.members) > 1]
    return sorted(found, key=lambda t: (STATUS_ORDER.get(t.status, 9), -len(t.members), t.id))


def thread_has_change(t: Thread) -> bool:
    return t.status == "dropped" or any(m.change in ("strengthened", "weakened") for m in t.members)


def dropped_threads(threads: list[Thread], meetings: dict[str, Meeting]) -> list[Thread]:
    """Dropped threads, in the order of the meeting they vanished at."""
    def key(t: Thread) -> tuple:
        m = meetings.get(t.dropped_at[0]) if t.dropped_at else None
        return (m is None or m.date is None, m.date if m and m.date else dt.date.min, t.id)

    return sorted((t for t in threads if t.status == "dropped" and t.members), key=key)


def group_by_vanished(dropped: list[Thread]) -> list[tuple[str, list[Thread]]]:
    """Dropped threads grouped by the first meeting they were absent from (order kept)."""
    groups: dict[str, list[Thread]] = {}
    for t in dropped:
        groups.setdefault(t.dropped_at[0], []).append(t)
    rank = {d: i for i, d in enumerate(DOMAINS)}
    for group in groups.values():  # by domain, then in text order
        group.sort(key=lambda t: (rank.get(t.domain or "", 99), t.members[-1].doc_id, t.members[-1].start))
    return list(groups.items())


def event_date(e: MechanismEvent, meetings: dict[str, Meeting]) -> dt.date | None:
    if e.date:
        return e.date
    m = meetings.get(e.meeting_id)
    return m.date if m else None


def sorted_mechanisms(mechanisms: list[Mechanism], meetings: dict[str, Meeting]) -> list[Mechanism]:
    """Mechanisms by their first dated event, then name."""
    def first(m: Mechanism) -> dt.date:
        dates = [d for d in (event_date(e, meetings) for e in m.events) if d]
        return min(dates) if dates else dt.date.max

    return sorted(mechanisms, key=lambda m: (first(m), m.name.lower(), m.id))


@dataclass(frozen=True)
class DueItem:
    due: dt.date
    how: str  # "by", "ends", "from" …: how the date was read
    written: str  # the timeframe as written
    commitment: Commitment


def _due_dates(v: Value) -> list[tuple[dt.date, str]]:
    """The dates a timeframe (or an amount's period) makes due: deadlines, ends, open starts."""
    n = v.normalised or {}
    kind = n.get("type")
    if v.kind == "amount":
        period = str(n.get("period") or "")
        end = iso_date(period.split("/")[1]) if "/" in period else None
        return [(end, "period ends")] if end else []
    if kind == "date":
        day = iso_date(n.get("value") or n.get("end"))
        return [(day, n.get("relation") or "on")] if day else []
    if kind in ("interval", "duration"):
        end, start = iso_date(n.get("end")), iso_date(n.get("start"))
        if end:
            return [(end, "ends")]
        return [(start, "from")] if start else []
    return []  # recurrence, unresolved: no date


def due_items(data: ReportData, commitments: dict[str, list[Commitment]]) -> tuple[list[DueItem], int]:
    """Deadlines falling in ``[generated, generated + 12 months]``, in date order,
    and the number of timeframes without a date (recurring, vague, events)."""
    start, end = data.generated, one_year_after(data.generated)
    items: dict[tuple, DueItem] = {}
    undated = 0
    for doc_id, cs in commitments.items():
        for c in cs:
            for v in (*c.timeframes, *c.amounts):
                dates = _due_dates(v)
                if v.kind != "amount" and not dates:
                    undated += 1
                written = str(v.normalised.get("period_text") or v.text) if v.kind == "amount" else v.text
                for day, how in dates:
                    if start <= day <= end:
                        items.setdefault((doc_id, c.start, day), DueItem(day, how, written, c))
    ordered = sorted(items.values(), key=lambda i: (i.due, i.commitment.doc_id, i.commitment.start))
    return ordered, undated


def amounts_on_record(data: ReportData, commitments: dict[str, list[Commitment]]) -> list[tuple[Document | None, Commitment, tuple[Value, ...]]]:
    """Every commitment naming an amount, with its amounts, in document date order."""
    docs = {d.id: d for d in data.documents}
    rows = [(docs.get(d), c, c.amounts) for d, cs in commitments.items() for c in cs if c.amounts]
    return sorted(rows, key=lambda r: (r[0] is None or r[0].date is None, r[0].date if r[0] and r[0].date else dt.date.min,
                                       r[1].doc_id, r[1].start))


def date_range(documents: list[Document]) -> tuple[dt.date, dt.date] | None:
    dates = sorted(d.date for d in documents if d.date)
    return (dates[0], dates[-1]) if dates else None


def all_parties(documents: list[Document]) -> list[str]:
    return sorted({p for d in documents for p in d.parties})


def member_label(m: ThreadMember, meetings: dict[str, Meeting]) -> str:
    meeting = meetings.get(m.meeting_id)
    return f"{fmt_date(meeting.date)} · {meeting_title(meeting)}" if meeting else m.meeting_id


def meeting_label(meeting_id: str, meetings: dict[str, Meeting]) -> str:
    m = meetings.get(meeting_id)
    return f"{fmt_date(m.date)} · {meeting_title(m)}" if m else meeting_id
