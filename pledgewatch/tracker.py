"""Tracking jobs: bring meetings, threads and the registry in the store up to date; read
them back to compare two documents or meetings, for the report and for a summary.

Computing and reading are separate: ``update_tracking`` and ``ensure_tracking`` write;
everything else here only reads what is stored. A command that needs current tracking
calls ``ensure_tracking`` once, then reads. Sits beside ``pipeline`` (above the stages
and the store); the CLI calls these.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from .errors import DocumentNotFound
from .model import CHANGES, Meeting
from .report import LedgerItem, ReportData
from .store import Store
from .store.commitments import commitments_revision
from .store.tracking import (
    add_meeting_edit, load_documents, load_labelled_units, load_mechanisms, load_meetings, load_threads, load_tracking_fingerprint,
    meeting_edit_lists, save_tracking,
)
from .track import Tracking, compare, track
from .track.meetings import DocInfo


def doc_infos(store: Store) -> list[DocInfo]:
    return [DocInfo(d.id, d.name, d.date, d.parties, d.doc_type, d.title) for d in store.documents()]


# --- bringing tracking up to date ----------------------------------------------------


def tracking_fingerprint(docs: Sequence[DocInfo], merges: Sequence[tuple[str, str]] = (), splits: Sequence[str] = (),
                         labels_revision: str = "0") -> str:
    """One hash of what tracking is computed from: every document's id, name, date,
    parties, type and title, the user's meeting edits, and the revision of the stored
    labels (a re-extraction or a person's correction changes the commitments)."""
    state = {
        "labels": labels_revision,
        "docs": [[d.id, d.name, d.date.isoformat() if d.date else None, list(d.parties), d.doc_type, d.title]
                 for d in sorted(docs, key=lambda d: d.id)],
        "merges": [list(pair) for pair in merges],
        "splits": list(splits),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class _Inputs:
    """What tracking is computed from, read once per job."""

    docs: list[DocInfo]
    merges: list[tuple[str, str]]
    splits: list[str]
    fingerprint: str


def _inputs(store: Store) -> _Inputs:
    docs = doc_infos(store)
    merges, splits = meeting_edit_lists(store.engine)
    return _Inputs(docs, merges, splits, tracking_fingerprint(docs, merges, splits, commitments_revision(store.engine)))


def _current(store: Store, inputs: _Inputs) -> bool:
    stored = load_tracking_fingerprint(store.engine)
    if stored is None:  # never tracked (or by a version that kept no fingerprint)
        return not inputs.docs
    return stored == inputs.fingerprint


def _track_and_save(store: Store, inputs: _Inputs) -> Tracking:
    result = track(inputs.docs, load_labelled_units(store.engine), merges=inputs.merges, splits=inputs.splits)
    save_tracking(store.engine, result.meetings, result.threads, result.mechanisms, fingerprint=inputs.fingerprint)
    return result


def update_tracking(store: Store) -> Tracking:
    """Recompute meetings, threads and the mechanisms registry from the stored
    commitments (with the user's meeting edits) and store them."""
    return _track_and_save(store, _inputs(store))


def edit_meetings(store: Store, action: str, doc_a: str, doc_b: str | None = None) -> Tracking:
    """Record a person's meeting edit (``merge`` two documents' meetings, ``split`` a document
    into a meeting of its own; documents by id, prefix, file name or title) and re-track.
    Kept across every later re-tracking."""
    if action not in ("merge", "split"):
        raise ValueError(f"unknown meeting edit {action!r}")
    a = store.resolve(doc_a)
    b = store.resolve(doc_b) if doc_b else None
    if action == "merge" and b is None:
        raise DocumentNotFound("merging needs two documents")
    add_meeting_edit(store.engine, action, a, b)
    return update_tracking(store)


def tracking_is_current(store: Store) -> bool:
    """Whether the stored tracking was computed from the documents as they are now (ids,
    dates, parties, types, titles: a second source can bring a better date) and from the
    user's meeting edits. With no documents, nothing needs tracking."""
    return _current(store, _inputs(store))


# Per database, the corpus revision (``Store.revisions``) at which this process last found its
# tracking current. The revision changes with every document, source, label or meeting edit and
# with the tracking saved (by any process), so while it stands tracking stays current: a
# long-running reader (the web app) checks that one token per call instead of reading every
# document to hash what tracking was computed from.
_current_at: dict[str, str] = {}


def ensure_tracking(store: Store, *, progress: Callable[[], AbstractContextManager[Any]] = nullcontext) -> Tracking | None:
    """Recompute tracking unless it is current (``tracking_is_current``); the new tracking
    when it ran, else None. ``progress`` is entered around the recomputation only (a spinner)."""
    revision = store.revisions()[0]  # read first: a change after it gives another revision next time
    if _current_at.get(store.url) == revision:
        return None
    inputs = _inputs(store)
    if _current(store, inputs):
        _current_at[store.url] = revision
        return None
    with progress():
        return _track_and_save(store, inputs)


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
    absent from B is ``dropped``. Reads the stored tracking (``ensure_tracking`` first
    brings it up to date).

    Rows are plain values except ``diff``, a ``WordDiff`` (or None); ``added`` and
    ``removed`` give its inserted and deleted word runs as lists of strings.
    """
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


def report_data(store: Store, today: dt.date | None = None, ledger: Sequence[LedgerItem] = ()) -> ReportData:
    """Everything the tracker report shows, read from the store (``ensure_tracking`` first
    brings tracking up to date). ``ledger``: where the undertakings stand, read by the caller
    (``reporting.report_data``: the ledger's library sits above this module)."""
    return ReportData(
        generated=today or dt.date.today(),
        documents=load_documents(store.engine),
        commitments=load_labelled_units(store.engine),
        meetings=load_meetings(store.engine),
        threads=load_threads(store.engine),
        mechanisms=load_mechanisms(store.engine),
        ledger=tuple(ledger),
    )


def tracking_summary(data: ReportData) -> TrackingSummary:
    """Counts of what tracking found."""
    by_status = Counter(t.status for t in data.threads)
    return TrackingSummary(
        documents=len(data.documents),
        meetings=len(data.meetings),
        threads=len(data.threads),
        threads_by_status={s: by_status.get(s, 0) for s in CHANGES},
        linked_threads=sum(len(t.members) > 1 for t in data.threads),
        mechanisms=len(data.mechanisms),
    )
