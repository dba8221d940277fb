"""Property: any sequence of assessments, retractions, corrections, re-extractions and
re-trackings leaves every entry readable — `history` of what it was recorded on returns it,
`ledger_rows` counts it exactly once, and entry ids are unique and equal to the recomputed hash.
Real databases on each backend (the sample statements), real models, real tracking."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgewatch import assessments
from pledgewatch.ledger.entries import entry_id
from pledgewatch.model import STATUSES
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.store.ledger import load_entries
from pledgewatch.store.tracking import add_meeting_edit, load_labelled_units, load_threads
from pledgewatch.tracker import ensure_tracking

from .ledger_helpers import SAMPLE, build_db, fewer_docs_model  # noqa: F401

pytestmark = pytest.mark.backends
OPS = ("assess_thread", "assess_commitment", "retract", "correct", "reextract", "ingest", "split", "merge")


@pytest.fixture
def three_docs_db(backend, templates) -> str:
    """Three of the sample statements; the other two are ingested by the `ingest` step (new first appearances: thread ids change)."""
    source, _ = templates.get("three_docs", backend, lambda url: build_db(url, [SAMPLE["2022"], SAMPLE["2023"], SAMPLE["declaration"]]))
    return source


def _has_words(text: str) -> bool:
    return any(ch.isprintable() and not ch.isspace() for ch in text)


def check(store: Store) -> None:
    stored = load_entries(store.engine)
    ids = [e.entry_id for e in stored]
    assert len(ids) == len(set(ids))
    assert all(entry_id(e) == e.entry_id for e in stored)
    rows = assessments.ledger_rows(store)
    assert sum(r.entries for r in rows) == len(stored)
    for e in stored:
        _, items = assessments.history(store, e.ref)
        found = [i for i in items if i.entry.entry_id == e.entry_id]
        assert len(found) == 1 and found[0].entry == e


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_ledger_any_sequence_leaves_every_entry_readable(data, three_docs_db, fewer_docs_model, new_db):
    store = Store(new_db("run", template=three_docs_db))
    clock = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    pending = [SAMPLE["2021"], SAMPLE["fact_sheet"]]
    try:
        for step in range(data.draw(st.integers(3, 9), label="steps")):
            clock += dt.timedelta(minutes=data.draw(st.integers(-30, 90), label="clock"))  # clocks of several machines disagree
            op = data.draw(st.sampled_from(OPS), label=f"op {step}")
            ensure_tracking(store)
            threads = sorted(load_threads(store.engine), key=lambda t: t.id)
            entries = load_entries(store.engine)
            if op.startswith("assess"):
                t = threads[data.draw(st.integers(0, len(threads) - 1))]
                m = t.members[data.draw(st.integers(0, len(t.members) - 1))]
                ref = t.id if op == "assess_thread" else f"{m.doc_id}:{m.start}"
                assessments.record_assessment(
                    store, ref, status=data.draw(st.sampled_from(STATUSES[:6])), by="prop",
                    evidence_date=dt.date(2023, 1, 1) + dt.timedelta(days=data.draw(st.integers(0, 1000))),
                    evidence_url="https://example.org/e", quote=data.draw(st.text(min_size=1, max_size=30).filter(_has_words)),
                    note=data.draw(st.none() | st.text(max_size=30)), today=dt.date(2026, 12, 3), now=clock)
            elif op == "retract" and entries:
                target = entries[data.draw(st.integers(0, len(entries) - 1))]
                assessments.retract(store, target.entry_id, note="hypothesis says so", by="prop", now=clock)
            elif op == "correct":
                units = [c.unit for cs in load_labelled_units(store.engine).values() for c in cs]
                unit = units[data.draw(st.integers(0, len(units) - 1))]
                label = data.draw(st.sampled_from(("commitment", "other")))
                assessments.correct(store, f"{unit.doc_id}:{unit.start}", label=label, by="prop", now=clock)
            elif op == "reextract":
                assessments.reextract(store, models=data.draw(st.sampled_from((None, fewer_docs_model))))
            elif op == "ingest" and pending:
                ingest_paths(store, [str(pending.pop(0))])
            elif op in ("split", "merge"):
                docs = [d.id for d in store.documents()]
                a, b = data.draw(st.sampled_from(docs)), data.draw(st.sampled_from(docs))
                if op == "merge" and a != b:
                    add_meeting_edit(store.engine, "merge", a, b)
                elif op == "split":
                    add_meeting_edit(store.engine, "split", a)
            ensure_tracking(store)
            assert sum(r.entries for r in assessments.ledger_rows(store)) == len(load_entries(store.engine))
        check(store)
    finally:
        store.close()
