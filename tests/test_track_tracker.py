"""The tracking jobs on a store: when stored tracking is current, bringing it up to date, reading it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.store.tracking import add_meeting_edit, load_meetings, load_tracking_fingerprint
from pledgewatch.tracker import compare_refs, ensure_tracking, report_data, tracking_is_current, tracking_summary, update_tracking

from .conftest import CORPUS

STATEMENT_2021, STATEMENT_2022, FACT_SHEET = "002_4ae3d24060ec3165.txt", "001_803832c92c163606.txt", "003_a9605a6f17e006e0.txt"


@pytest.fixture
def store(db_url: str):
    """The 2021 and 2022 statements and the undated fact sheet, stored through the Python API (not tracked)."""
    with Store(db_url) as s:
        ingest_paths(s, [str(CORPUS / n) for n in (STATEMENT_2021, STATEMENT_2022, FACT_SHEET)])
        yield s


def _groups(store: Store) -> list[list[str]]:
    names = {d.id: d.name for d in store.documents()}
    return sorted(sorted(names[d] for d in m.doc_ids) for m in load_meetings(store.engine))


def _dated_fact_sheet(tmp_path: Path) -> Path:
    """The fact sheet from another outlet that knows its date (front matter): a second source."""
    path = tmp_path / "fact_sheet_official.md"
    text = (CORPUS / FACT_SHEET).read_text(encoding="utf-8")
    path.write_text(f"---\ndate: 2022-05-21\n---\n\n{text}", encoding="utf-8")
    return path


def test_tracking_is_current_only_for_the_documents_it_was_computed_from(store, tmp_path):
    assert not tracking_is_current(store) and load_tracking_fingerprint(store.engine) is None
    assert ensure_tracking(store) is not None and tracking_is_current(store)
    assert [STATEMENT_2021, FACT_SHEET] in _groups(store)  # undated: joined by content

    again = ingest_paths(store, [str(CORPUS / FACT_SHEET)])  # the same file: nothing changes
    assert [o.status for o in again.outcomes] == ["present"] and tracking_is_current(store)
    assert ensure_tracking(store) is None

    second = ingest_paths(store, [str(_dated_fact_sheet(tmp_path))])
    assert [o.status for o in second.outcomes] == ["near_duplicate"]
    assert not tracking_is_current(store)  # same document ids, but a date that regroups the meetings
    assert ensure_tracking(store) is not None and tracking_is_current(store)
    assert [STATEMENT_2022, FACT_SHEET] in _groups(store)
    assert ensure_tracking(store) is None


def test_a_second_source_that_changes_nothing_tracking_reads_keeps_it_current(store, tmp_path):
    update_tracking(store)
    copy = tmp_path / "copy.txt"  # other bytes, the same statement and metadata
    copy.write_bytes((CORPUS / STATEMENT_2021).read_bytes().replace(b"\n", b"\r\n"))
    assert [o.status for o in ingest_paths(store, [str(copy)]).outcomes] == ["duplicate"]
    assert tracking_is_current(store)


def test_meeting_edits_not_yet_tracked_make_tracking_stale(store):
    update_tracking(store)
    add_meeting_edit(store.engine, "split", store.resolve(FACT_SHEET))
    assert not tracking_is_current(store)
    ensure_tracking(store)
    assert [FACT_SHEET] in _groups(store)


def test_an_empty_store_needs_no_tracking(db_url):
    with Store(db_url) as store:
        assert tracking_is_current(store) and ensure_tracking(store) is None


def test_ensure_tracking_enters_progress_only_when_it_recomputes(store):
    entered = []

    class Progress:
        def __enter__(self):
            entered.append(True)

        def __exit__(self, *exc):
            return None

    ensure_tracking(store, progress=Progress)
    ensure_tracking(store, progress=Progress)
    assert entered == [True]


def test_readers_never_compute_tracking(store):
    data = report_data(store)  # stored documents and commitments, and no tracking yet
    assert len(data.documents) == 3 and data.commitments and not data.meetings and not data.threads
    assert compare_refs(store, "002", "001")["rows"] == []
    assert not tracking_is_current(store) and load_tracking_fingerprint(store.engine) is None
    ensure_tracking(store)
    summary = tracking_summary(report_data(store))
    assert (summary.documents, summary.meetings) == (3, 2) and summary.threads == sum(summary.threads_by_status.values())
