"""The ledger's rules as plain functions: entries and their hash, latest status, retractions,
deadlines and due states with a fixed clock, the crosswalks, finding an entry's thread."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from pledgewatch.errors import BadLedgerInput
from pledgewatch.extract.values import find_timeframes
from pledgewatch.ledger import (
    DUE_STATES, G7_COMPLIANCE, POLITIFACT, Deadline, deadline_of, due_state, latest_deadline, locate, new_assessment,
    new_retraction, on_scale, retracted_ids, standing,
)
from pledgewatch.ledger.anchors import LOST
from pledgewatch.ledger.entries import entry_id
from pledgewatch.model import STATUSES, UnitAnchor, Value

UTC = dt.timezone.utc
ANCHOR = UnitAnchor("d1", 0, 60, "The G7 members will launch the coastal resilience fund by 2024.")
TODAY = dt.date(2026, 12, 3)


def assessment(status="in_progress", *, evidence=dt.date(2024, 1, 10), at=dt.datetime(2024, 2, 1, tzinfo=UTC), **kw):
    args = dict(target="thread", ref="T1", anchors=(ANCHOR,), status=status, evidence_date=evidence,
                evidence_url="https://example.org/report", quote="the fund opened its first call", note=None,
                superseded_by=None, recorded_by="analyst", recorded_at=at, today=TODAY)
    return new_assessment(**(args | kw))


def retraction(of, at, note="recorded on the wrong undertaking"):
    return new_retraction(target=of, note=note, recorded_by="analyst", recorded_at=at)


def at(day: int) -> dt.datetime:
    return dt.datetime(2025, 1, day, 12, tzinfo=UTC)


# --- entries --------------------------------------------------------------------------------


def test_ledger_entry_id_is_the_hash_of_everything_else():
    e = assessment()
    assert e.entry_id == entry_id(e) and len(e.entry_id) == 64
    assert assessment(note="why").entry_id != e.entry_id  # any field changes the id
    assert assessment(at=dt.datetime(2024, 2, 1, 0, 0, 1, tzinfo=UTC)).entry_id != e.entry_id


def test_ledger_entry_times_are_kept_in_utc_so_the_hash_survives_any_database():
    seoul = dt.timezone(dt.timedelta(hours=9))
    e = assessment(at=dt.datetime(2024, 2, 1, 18, 0, tzinfo=seoul))
    assert e.recorded_at == dt.datetime(2024, 2, 1, 9, 0, tzinfo=UTC) and e.recorded_at.utcoffset() == dt.timedelta(0)
    naive = assessment(at=dt.datetime(2024, 2, 1, 9, 0))  # taken as UTC already
    assert naive.entry_id == e.entry_id


@pytest.mark.parametrize("change, words", [
    ({"status": "finished"}, "not one of"),
    ({"status": "Achieved"}, "not one of"),
    ({"evidence": "2024-01-10"}, "must be a date"),
    ({"evidence": dt.date(2026, 12, 4)}, "lies in the future"),
    ({"evidence_url": "ftp://example.org/x"}, "not an http(s) URL"),
    ({"evidence_url": "javascript:alert(1)"}, "not an http(s) URL"),
    ({"evidence_url": "https://exa mple.org"}, "not an http(s) URL"),
    ({"evidence_url": "https://example.org/\x00"}, "not an http(s) URL"),
    ({"evidence_url": ""}, "not an http(s) URL"),
    ({"quote": ""}, "quote is empty"),
    ({"quote": "  \n\t "}, "quote is empty"),
    ({"quote": "x" * 2001}, "at most 2,000"),
    ({"recorded_by": " "}, "not empty"),
    ({"status": "superseded"}, "names the one that replaced it"),
    ({"superseded_by": "T2"}, "only with --set superseded"),
    ({"status": "superseded", "superseded_by": "T1"}, "not superseded by itself"),
])
def test_ledger_entry_bad_input_is_refused_with_a_coded_error(change, words):
    with pytest.raises(BadLedgerInput, match=re.escape(words)) as err:
        assessment(**change)
    assert str(err.value).startswith("PW601")


def test_ledger_entry_evidence_of_today_is_accepted_and_a_datetime_means_its_day():
    assert assessment(evidence=TODAY).evidence_date == TODAY
    assert assessment(evidence=dt.datetime(2024, 1, 10, 23, 59)).evidence_date == dt.date(2024, 1, 10)


def test_ledger_entry_keeps_a_persons_words_as_typed_but_not_control_characters():
    typed = "[bold]x[/bold] <script>alert('x')</script> & “quotes”\nsecond line"
    e = assessment(note=typed, quote="«Le fonds est ouvert» — 基金")
    assert e.note == typed and e.quote == "«Le fonds est ouvert» — 基金"
    assert assessment(note="a\x1b[31mred\x07").note == "a [31mred"  # no escape sequence reaches a terminal


def test_ledger_retraction_needs_a_reason():
    with pytest.raises(BadLedgerInput, match="says why"):
        retraction(assessment(), at(2), note="  ")


# --- latest status ------------------------------------------------------------------------


def test_ledger_latest_status_is_the_one_about_the_latest_evidence():
    april = assessment("in_progress", evidence=dt.date(2024, 4, 1), at=at(1))
    march_recorded_later = assessment("stalled", evidence=dt.date(2024, 3, 1), at=at(5))
    assert standing([april, march_recorded_later]).status == "in_progress"
    same_day_later = assessment("partially_achieved", evidence=dt.date(2024, 4, 1), at=at(9))
    assert standing([april, march_recorded_later, same_day_later]).status == "partially_achieved"  # tie: recorded last
    assert standing([]).latest is None and standing([]).status is None


def test_ledger_retracted_assessment_no_longer_counts_and_retracting_the_retraction_restores_it():
    first = assessment("in_progress", evidence=dt.date(2024, 1, 1), at=at(1))
    wrong = assessment("achieved", evidence=dt.date(2024, 6, 1), at=at(2))
    take_back = retraction(wrong, at(3))
    assert standing([first, wrong]).status == "achieved"
    assert standing([first, wrong, take_back]).status == "in_progress"
    assert retracted_ids([first, wrong, take_back]) == {wrong.entry_id}
    undo = retraction(take_back, at(4), note="the retraction was the mistake")
    assert standing([first, wrong, take_back, undo]).status == "achieved"
    assert retracted_ids([first, wrong, take_back, undo]) == {take_back.entry_id}
    again = retraction(undo, at(5), note="no, it was right")
    assert standing([first, wrong, take_back, undo, again]).status == "in_progress"


def test_ledger_retractions_settle_by_their_chain_not_by_the_clock():
    wrong = assessment("achieved", at=at(10))
    early_clock = retraction(wrong, at(1))  # another machine's clock was behind
    assert standing([wrong, early_clock]).latest is None
    assert retracted_ids([early_clock, wrong]) == {wrong.entry_id}


def test_ledger_achieved_follows_the_latest_assessment():
    done = assessment("achieved", evidence=dt.date(2024, 1, 1), at=at(1))
    reversed_later = assessment("abandoned", evidence=dt.date(2025, 1, 1), at=at(2))
    assert standing([done]).achieved
    assert not standing([done, reversed_later]).achieved


# --- deadlines and due states --------------------------------------------------------------


def timeframes(sentence: str, date: dt.date | None) -> list[Value]:
    return find_timeframes(sentence, date, 0)


def test_ledger_deadline_by_the_end_of_the_year_in_a_statement_of_may_2022():
    found = timeframes("The G7 members will launch the coastal resilience fund by the end of the year.", dt.date(2022, 5, 21))
    d = deadline_of(found)
    assert d == Deadline(dt.date(2022, 12, 31), "by the end of the year")
    assert due_state(d, dt.date(2023, 1, 1), achieved=False) == "overdue"
    assert due_state(d, dt.date(2022, 12, 31), achieved=False) == "open"  # the last day is not yet overdue
    assert due_state(d, dt.date(2022, 12, 31), achieved=False, within_days=0) == "due_soon"
    assert due_state(d, dt.date(2022, 12, 1), achieved=False, within_days=30) == "due_soon"
    assert due_state(d, dt.date(2022, 11, 30), achieved=False, within_days=30) == "open"
    assert due_state(d, dt.date(2024, 1, 1), achieved=True) == "achieved"


def test_ledger_deadline_is_the_last_resolved_end():
    found = timeframes("ASEAN and Japan will complete the corridor by 2024 and expand it by 2030.", dt.date(2022, 5, 21))
    assert deadline_of(found) == Deadline(dt.date(2030, 12, 31), "by 2030")
    over = timeframes("Australia and New Zealand will finish the survey over five years.", dt.date(2021, 5, 21))
    assert deadline_of(over).date == dt.date(2026, 5, 21)


@pytest.mark.parametrize("sentence, date, reason", [
    ("The Quad partners will hold the review in the coming months.", dt.date(2022, 5, 21), "vague"),
    ("The EU and Canada will ratify the accord by COP 30.", dt.date(2022, 5, 21), "event"),
    ("The partners will keep the hotline open until the crisis ends.", dt.date(2022, 5, 21), "condition"),
    ("The ministers will meet every year.", dt.date(2022, 5, 21), "recurring, no end"),
    ("Australia and New Zealand will phase out the levy from 2025.", dt.date(2022, 5, 21), "a start, no end"),
    ("Both sides will finish the survey over five years.", None, "a duration without a statement date"),
])
def test_ledger_deadline_that_does_not_resolve_says_why_instead_of_guessing(sentence, date, reason):
    d = deadline_of(timeframes(sentence, date))
    assert d is not None and d.date is None and d.reason == reason and d.text
    assert due_state(d, TODAY, achieved=False) == "unresolved"
    assert due_state(d, TODAY, achieved=False, within_days=10_000) == "unresolved"


def test_ledger_no_timeframe_is_no_deadline():
    assert deadline_of([]) is None
    assert due_state(None, TODAY, achieved=False) == "no_deadline"
    assert set(DUE_STATES) >= {"overdue", "due_soon", "open", "achieved", "unresolved", "no_deadline"}


def test_ledger_deadline_of_an_undertaking_is_set_by_its_latest_appearance_that_resolves():
    may_2022 = dt.date(2022, 5, 21)
    first = timeframes("The G7 will open the fund by 2024.", may_2022)
    moved = timeframes("The G7 will open the fund by 2026.", dt.date(2023, 5, 21))
    vague = timeframes("The G7 will open the fund in a timely manner.", dt.date(2024, 5, 21))
    assert latest_deadline([first, moved]).date == dt.date(2026, 12, 31)
    assert latest_deadline([first, moved, vague]).date == dt.date(2026, 12, 31)  # a vague restatement takes no date back
    assert latest_deadline([moved, first]).date == dt.date(2024, 12, 31)
    assert latest_deadline([vague, []]).reason == "vague"
    assert latest_deadline([[], []]) is None


# --- crosswalks ------------------------------------------------------------------------------


@pytest.mark.parametrize("status, g7, politifact", [
    ("not_started", -1, "Not Yet Rated"),
    ("in_progress", 0, "In the Works"),
    ("partially_achieved", 0, "Compromise"),
    ("achieved", 1, "Promise Kept"),
    ("stalled", -1, "Stalled"),
    ("abandoned", -1, "Promise Broken"),
    ("superseded", None, "Compromise"),
])
def test_ledger_crosswalk_maps_every_status_on_both_scales(status, g7, politifact):
    assert on_scale(status, "g7") == g7
    assert on_scale(status, "politifact") == politifact


def test_ledger_crosswalk_covers_the_vocabulary_and_only_the_scales_values():
    assert set(G7_COMPLIANCE) == set(POLITIFACT) == set(STATUSES)
    assert set(G7_COMPLIANCE.values()) <= {-1, 0, 1, None}
    assert set(POLITIFACT.values()) <= {"Not Yet Rated", "In the Works", "Stalled", "Compromise", "Promise Kept", "Promise Broken"}
    assert on_scale(None, "g7") is None and on_scale(None, "politifact") == "Not Yet Rated"
    with pytest.raises(ValueError):
        on_scale("achieved", "polimetre")


# --- finding an entry's thread ------------------------------------------------------------------


def test_ledger_locate_follows_the_units_to_the_thread_that_holds_most_of_them():
    a, b, c = ("d1", 0), ("d2", 10), ("d3", 20)
    assert locate("T1", [a, b], {"T1"}, {a: "T1", b: "T1"}).how == "same thread"
    moved = locate("T1", [a, b, c], {"T9"}, {a: "T9", b: "T9", c: "T5"})
    assert moved.thread_id == "T9" and moved.how == "thread id changed (recorded on T1)"
    tie = locate("T5", [a, b], {"T5", "T9"}, {a: "T9", b: "T5"})
    assert tie.thread_id == "T5"  # a tie goes to the thread it was recorded on
    assert locate("d1:0", [a], {"T9"}, {a: "T9"}).how == "thread of the commitment"
    gone = locate("T1", [a], {"T9"}, {})
    assert gone.lost and gone.how == LOST and "no longer exists" in gone.how
    assert locate("T1", [UnitAnchor("d1", 0, 5, "words")], {"T1"}, {a: "T1"}).thread_id == "T1"  # anchors or keys


def test_ledger_entries_are_plain_frozen_data():
    e = assessment()
    with pytest.raises(Exception):
        e.status = "achieved"  # type: ignore[misc]
    assert replace(e, entry_id="").entry_id == ""
