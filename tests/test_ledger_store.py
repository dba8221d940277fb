"""The ledger's store functions (real SQLite): the SQLite fast paths and the portable SQL every
other database runs give the same answers; appends are all-or-nothing and never repeat an entry."""

from __future__ import annotations

import datetime as dt

from pledgewatch import assessments
from pledgewatch.ledger import new_assessment
from pledgewatch.store import ledger as store_ledger
from pledgewatch.store.ledger import append_entries, entry_keys, load_entries, thread_index, thread_timeframes
from pledgewatch.store.tracking import load_threads

from .ledger_helpers import TODAY, assess, count_rows, linked_thread, ref_of, sample_db_file, sample_store  # noqa: F401  (fixtures)


def some_entries(store):
    threads = sorted(load_threads(store.engine), key=lambda t: t.id)
    out = [assess(store, t.id, "in_progress", note=f"t{i}") for i, t in enumerate(threads[:8])]
    out += [assess(store, ref_of(t.members[-1]), "achieved", day=dt.date(2025, 1, 1)) for t in threads[4:12]]
    assessments.retract(store, out[0].entry_id, note="wrong", by="analyst")
    assessments.correct(store, ref_of(threads[5].members[-1]), label="other", by="reviewer")  # one undertaking lost
    return out


def answers(store):
    rows = assessments.ledger_rows(store, today=TODAY)
    overdue = assessments.ledger_rows(store, today=dt.date(2031, 1, 1), overdue=True)
    histories = {e.ref: [i.entry.entry_id for i in assessments.history(store, e.ref)[1]] for e in load_entries(store.engine)}
    index = thread_index(store.engine)
    timeframes = {t: sorted((p, v.text, v.normalised.get("end") or v.normalised.get("value")) for p, v in found)
                  for t, found in thread_timeframes(store.engine).items()}
    return ([r.as_dict() for r in rows], [r.as_dict() for r in overdue], histories, sorted(index.members), index.heads,
            entry_keys(store.engine), timeframes)


def test_ledger_store_portable_sql_gives_the_fast_paths_answers(sample_store, monkeypatch):
    some_entries(sample_store)
    fast = answers(sample_store)
    assert any(r["lost"] for r in fast[0]) and fast[1]  # the answers have every kind of row
    monkeypatch.setattr(store_ledger, "_fast", lambda conn: False)  # what PostgreSQL (or any other database) runs
    assert answers(sample_store) == fast


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
