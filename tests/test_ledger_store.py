"""The ledger's store functions (a real database on each backend): the lean reads that list a large
archive agree with the records read whole; appends are all-or-nothing and never repeat an entry."""

from __future__ import annotations

import datetime as dt

import pytest

from pledgewatch import assessments
from pledgewatch.ledger import deadline_of, new_assessment
from pledgewatch.store import ledger as store_ledger
from pledgewatch.store.ledger import append_entries, entry_keys, load_entries, thread_index, thread_timeframes
from pledgewatch.store.tracking import load_labelled_units, load_threads

from .ledger_helpers import TODAY, assess, count_rows, linked_thread, ref_of, sample_store, sample_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.backends


def some_entries(store):
    threads = sorted(load_threads(store.engine), key=lambda t: t.id)
    out = [assess(store, t.id, "in_progress", note=f"t{i}") for i, t in enumerate(threads[:8])]
    out += [assess(store, ref_of(t.members[-1]), "achieved", day=dt.date(2025, 1, 1)) for t in threads[4:12]]
    assessments.retract(store, out[0].entry_id, note="wrong", by="analyst")
    assessments.correct(store, ref_of(threads[5].members[-1]), label="other", by="reviewer")  # one undertaking lost
    return out


def test_ledger_store_lean_reads_say_what_the_whole_records_say(sample_store):
    """The reads that list a large archive (straight from the driver, the JSON taken apart by the
    database) agree with the entries, threads and commitments read whole."""
    some_entries(sample_store)
    engine = sample_store.engine
    entries = load_entries(engine)
    keys = entry_keys(engine)
    assert [(k.entry_id, k.ref, k.anchors) for k in keys] == [(e.entry_id, e.ref, tuple((a.doc_id, a.start) for a in e.anchors)) for e in entries]
    assert [k.row for k in keys] == sorted(k.row for k in keys) and len({k.row for k in keys}) == len(keys) > 0  # each its own stored row, in order
    assert len(entries) > 10 and any(len(k.anchors) > 1 for k in entry_keys(engine))
    threads = load_threads(engine)
    index = thread_index(engine)
    assert index.heads == sorted((t.id, t.parties, t.domain) for t in threads)
    assert sorted(index.members) == sorted((t.id, i, m.doc_id, m.start) for t in threads for i, m in enumerate(t.members))
    timeframes = {(c.doc_id, c.unit.index): c.timeframes for cs in load_labelled_units(engine).values() for c in cs}

    def reading(position: int, v) -> tuple:
        d = deadline_of([v])
        return (position, v.start, v.text, str(d.date), d.text, d.reason)

    whole = {t.id: sorted(reading(i, v) for i, m in enumerate(t.members) for v in timeframes.get((m.doc_id, m.unit_index), ()))
             for t in threads}
    lean = {t: sorted(reading(p, v) for p, v in found) for t, found in thread_timeframes(engine).items()}
    assert lean == {t: found for t, found in whole.items() if found}
    assert any(r[3] != "None" for found in lean.values() for r in found) and any(r[5] for found in lean.values() for r in found)
    rows = assessments.ledger_rows(sample_store, today=TODAY)
    assert any(r.lost for r in rows) and assessments.ledger_rows(sample_store, today=dt.date(2031, 1, 1), overdue=True)


def test_ledger_store_append_is_all_or_nothing_and_never_repeats(sample_store):
    t = linked_thread(sample_store)
    made = [assess(sample_store, t.id, at=dt.datetime(2026, 1, 1, 0, i, tzinfo=dt.timezone.utc)) for i in range(3)]
    fresh = new_assessment(target="thread", ref=t.id, anchors=made[0].anchors, status="stalled", evidence_date=dt.date(2024, 5, 1),
                           evidence_url="https://example.org/y", quote="q", note=None, superseded_by=None, recorded_by="a",
                           recorded_at=dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc), today=TODAY)
    assert append_entries(sample_store.engine, [*made, fresh, fresh]) == 1  # the stored ones are skipped, the new one once
    assert count_rows(sample_store)[0] == 4
    assert [e.entry_id for e in load_entries(sample_store.engine)] == [*(e.entry_id for e in made), fresh.entry_id]


def test_ledger_store_reads_entries_without_their_anchors_for_standing(sample_store):
    t = linked_thread(sample_store)
    e = assess(sample_store, t.id)
    (light,) = load_entries(sample_store.engine, [e.entry_id], anchors=False)
    assert light.anchors == () and light.entry_id == e.entry_id and light.quote == e.quote
    (whole,) = load_entries(sample_store.engine, [e.entry_id])
    assert whole == e


def test_ledger_store_entry_prefix_lookup_takes_the_prefix_literally(sample_store):
    e = assess(sample_store, linked_thread(sample_store).id)
    assert store_ledger.entries_with_prefix(sample_store.engine, e.entry_id[:8]) == [e]
    assert store_ledger.entries_with_prefix(sample_store.engine, "zzzz") == []
    assert store_ledger.entries_with_prefix(sample_store.engine, "%") == []  # a wildcard is a character, not a pattern
    assert store_ledger.entries_with_prefix(sample_store.engine, "_") == []
