"""The ledger book (real SQLite): brought up to date entry by entry (``advance_book``) it gives what
a full read gives (``ledger_rows``, ``history``), for every kind of entry; anything but appended
entries makes the caller read it again."""

from __future__ import annotations

import datetime as dt

from pledgewatch import assessments
from pledgewatch.assessments import advance_book, history, ledger_rows, read_book
from pledgewatch.ledger import new_assessment
from pledgewatch.model import UnitAnchor
from pledgewatch.store.ledger import append_entries, entry_keys
from pledgewatch.store.tracking import load_threads

from .ledger_helpers import TODAY, assess, ref_of, sample_store, sample_url  # noqa: F401  (fixtures)


def rows(found) -> list[dict]:
    return [r.as_dict() for r in found]


def histories(store, refs, book) -> dict:
    return {ref: [(i.entry.entry_id, i.retracted, i.located) for i in history(store, ref, book=book)[1]] for ref in refs}


def lost_entry(store, n: int, start: int):
    """An entry about a unit no thread holds (its undertaking no longer exists)."""
    doc_id = load_threads(store.engine)[0].members[0].doc_id
    entry = new_assessment(target="commitment", ref=f"{doc_id}:{start}", anchors=(UnitAnchor(doc_id, start, start + 5, "gone"),),
                           status="stalled", evidence_date=dt.date(2024, 2, 1), evidence_url="https://example.org/lost", quote=f"lost {n}",
                           note=None, superseded_by=None, recorded_by="a",
                           recorded_at=dt.datetime(2026, 3, 1, 0, n, tzinfo=dt.timezone.utc), today=TODAY)
    append_entries(store.engine, [entry])
    return entry


def test_a_book_brought_up_to_date_entry_by_entry_answers_as_a_full_read(sample_store):
    store = sample_store
    threads = sorted(load_threads(store.engine), key=lambda t: t.id)
    linked = next(t for t in threads if len({m.doc_id for m in t.members}) > 1)
    single = next(t for t in threads if len(t.members) == 1)
    book = read_book(store, TODAY)
    assert rows(book.rows) == rows(ledger_rows(store, today=TODAY))
    assert advance_book(store, book) is book  # nothing appended: nothing read again
    refs = {linked.id, ref_of(linked.members[0]), ref_of(linked.members[-1]), single.id, ref_of(single.members[0])}
    first = assess(store, linked.id, "in_progress")
    steps = [
        lambda: first,
        lambda: assess(store, ref_of(linked.members[0]), "achieved", day=dt.date(2024, 6, 1)),  # on an appearance: the thread's row
        lambda: assess(store, ref_of(single.members[0]), "stalled"),
        lambda: assessments.retract(store, first.entry_id, note="wrong", by="analyst"),
        lambda: lost_entry(store, 1, 999_000),
        lambda: lost_entry(store, 2, 999_000),  # the same lost unit: one lost row with both
        lambda: lost_entry(store, 3, 998_000),  # another lost undertaking
    ]
    for step in steps:
        made = step()
        refs.add(made.ref)
        advanced = advance_book(store, book)
        assert advanced is not None and advanced is not book
        assert advanced.marks.entries == book.marks.entries + 1 and book.marks.entries == len(book.keys)  # the old book is unchanged
        book = advanced
        assert rows(book.rows) == rows(ledger_rows(store, today=TODAY))
        assert histories(store, refs, book) == histories(store, refs, None)
    assert sum(r.lost for r in book.rows) == 2 and any(r.entries == 2 for r in book.rows if r.lost)
    assert [k.entry_id for k in book.keys] == [k.entry_id for k in entry_keys(store.engine)]


def test_a_book_is_read_again_after_anything_but_appended_entries(sample_store):
    book = read_book(sample_store, TODAY)
    t = sorted(load_threads(sample_store.engine), key=lambda t: t.id)[0]
    assessments.correct(sample_store, ref_of(t.members[-1]), label="other", by="reviewer")
    assert advance_book(sample_store, book) is None


def test_entry_keys_after_a_row_are_the_entries_stored_after_it(sample_store):
    t = sorted(load_threads(sample_store.engine), key=lambda t: t.id)[0]
    made = [assess(sample_store, t.id, at=dt.datetime(2026, 1, 1, 0, i, tzinfo=dt.timezone.utc)) for i in range(3)]
    every = entry_keys(sample_store.engine)
    assert [k.entry_id for k in every] == [e.entry_id for e in made] and every[0].row < every[1].row < every[2].row
    assert entry_keys(sample_store.engine, after=every[0].row) == every[1:]
    assert entry_keys(sample_store.engine, after=every[2].row) == []
