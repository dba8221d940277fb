"""Tracking jobs: recompute meetings, threads and the registry in the store; gather report data.

Sits beside ``pipeline`` (above the stages and the store); the CLI calls these.
"""

from __future__ import annotations

import datetime as dt

from .report import ReportData
from .store import Store
from .store.tracking import (
    load_documents, load_labelled_units, load_mechanisms, load_meetings, load_threads, meeting_edit_lists, save_tracking,
)
from .track import Tracking, track
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


def report_data(store: Store, today: dt.date | None = None) -> ReportData:
    """Everything the tracker report shows, read from the store."""
    return ReportData(
        generated=today or dt.date.today(),
        documents=load_documents(store.engine),
        commitments=load_labelled_units(store.engine),
        meetings=load_meetings(store.engine),
        threads=load_threads(store.engine),
        mechanisms=load_mechanisms(store.engine),
    )
