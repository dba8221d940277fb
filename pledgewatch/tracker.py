"""Tracking jobs: recompute meetings, threads and the registry in the store; compare two
documents or meetings; gather report data and a summary.

Sits beside ``pipeline`` (above the stages and the store); the CLI calls these.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .errors import DocumentNotFound
from .model import CHANGES, Meeting
from .report import ReportData
from .store import Store
from .store.tracking import (
    load_documents, load_labelled_units, load_mechanisms, load_meetings, load_threads, meeting_edit_lists, save_tracking,
)
from .track import Tracking, compare, track
from .track.meetings import DocInfo


def doc_infos(store: Store) -> list[DocInfo]:
    return [DocInfo(d.id, d.name, d.date, d.parties, d.doc_type, d.title) for d in store.documents()]


def update_tracking(store: Store) -> Tracking:
    """Recompute meetings, threads and the mechanisms registry from the stored
    commitments (with the user's meeting edits) and store them."""
    merges, splits = meeting_edit_lists(store.engine)
    result = track(doc_infos(store), load_labelled_units(store.engine), merges=merges, splits=splits)
    save_tracking(store.engine, result.meetings, result.threads, result.mechanisms)
    return result


def tracking_is_current(store: Store) -> bool:
    """Whether the stored meetings cover exactly the stored documents (every document
    belongs to one meeting once tracking has run; a document added since has none)."""
    tracked = {d for m in load_meetings(store.engine) for d in m.doc_ids}
    return tracked == {d.id for d in store.documents()}


def ensure_tracking(store: Store) -> bool:
    """Compute tracking when it was never computed for these documents; True when it ran."""
    if tracking_is_current(store):
        return False
    update_tracking(store)
    return True


# --- comparing two documents or meetings -------------------------------------------


@dataclass(frozen=True)
class _Side:
    label: str
    target: Meeting | str  # a meeting, or a document id


def _side(store: Store, ref: str, meetings: dict[str, Meeting], names: dict[str, str]) -> _Side:
    """A meeting id, else a document reference (id, id prefix, file name, title)."""
    m = meetings.get(ref)
    if m is not None:
        return _Side(f"meeting {m.id}" + (f" ({m.label})" if m.label else ""), m)
    try:
        doc_id = store.resolve(ref)
    except DocumentNotFound:
        raise DocumentNotFound(
            f"no meeting or document matches '{ref}'",
            hint="list meeting ids with `pledgewatch meetings` and documents with `pledgewatch docs`",
        ) from None
    return _Side(names.get(doc_id, doc_id), doc_id)  # several matches: AmbiguousDocument (PW302) says which


def compare_refs(store: Store, a: str, b: str) -> dict[str, Any]:
    """Compare A (earlier) with B, each a meeting id or a document: every commitment of
    B is ``new`` or ``kept`` (with its change and word diff against A), every one of A
    absent from B is ``dropped``. Tracking is computed first if it is not current.

    Rows are plain values except ``diff``, a ``WordDiff`` (or None); ``added`` and
    ``removed`` give its inserted and deleted word runs as lists of strings.
    """
    ensure_tracking(store)
    names = {d.id: d.name for d in store.documents()}
    meetings = {m.id: m for m in load_meetings(store.engine)}
    side_a, side_b = _side(store, a, meetings, names), _side(store, b, meetings, names)
    result = compare(side_a.target, side_b.target, load_threads(store.engine))
    rows = []
    for r in result.rows:
        m, prev = r.member, r.previous
        rows.append({
            "status": r.status, "change": r.change, "thread_id": r.thread_id,
            "doc": names.get(m.doc_id, m.doc_id), "doc_id": m.doc_id, "meeting": m.meeting_id,
            "start": m.start, "end": m.end, "text": m.text,
            "previous": prev.text if prev else None,
            "previous_doc": names.get(prev.doc_id, prev.doc_id) if prev else None,
            "diff": r.diff,
            "added": r.diff.added if r.diff else [], "removed": r.diff.removed if r.diff else [],
        })
    return {"a": side_a.label, "b": side_b.label, "rows": rows}


# --- summaries and the report --------------------------------------------------------


@dataclass(frozen=True)
class TrackingSummary:
    documents: int
    meetings: int
    threads: int
    threads_by_status: dict[str, int] = field(default_factory=dict)  # every status, in CHANGES order
    linked_threads: int = 0  # threads with more than one appearance
    mechanisms: int = 0


def tracking_summary(store: Store) -> TrackingSummary:
    """Counts of what tracking found, read from the store."""
    threads = load_threads(store.engine)
    by_status = Counter(t.status for t in threads)
    return TrackingSummary(
        documents=len(store.documents()),
        meetings=len(load_meetings(store.engine)),
        threads=len(threads),
        threads_by_status={s: by_status.get(s, 0) for s in CHANGES},
        linked_threads=sum(len(t.members) > 1 for t in threads),
        mechanisms=len(load_mechanisms(store.engine)),
    )


def report_data(store: Store, today: dt.date | None = None) -> ReportData:
    """Everything the tracker report shows, read from the store (tracking computed first if needed)."""
    ensure_tracking(store)
    return ReportData(
        generated=today or dt.date.today(),
        documents=load_documents(store.engine),
        commitments=load_labelled_units(store.engine),
        meetings=load_meetings(store.engine),
        threads=load_threads(store.engine),
        mechanisms=load_mechanisms(store.engine),
    )
