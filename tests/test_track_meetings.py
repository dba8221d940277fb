"""Meetings: documents of the same parties issued together, undated documents, corrections, order."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.track.meetings import group_meetings

from .track_helpers import commitment, doc

MINERALS = "Japan and Australia will cooperate on critical minerals supply chains and processing investment."
HYDROGEN = "The two leaders will launch a joint hydrogen research centre in Perth."
SPACE = "Japan and Australia commit to expand cooperation on satellite navigation and lunar exploration."
FISH = "The leaders will work to eradicate illegal fishing in the Pacific through patrol boat donations."


def test_meetings_statement_and_fact_sheet_within_two_days_are_one_meeting() -> None:
    docs = [doc("js", "2024-03-01", ("JP", "AU")), doc("fs", "2024-03-02", ("AU", "JP"), "fact_sheet"), doc("later", "2024-03-04", ("JP", "AU"))]
    meetings = group_meetings(docs)
    assert [m.doc_ids for m in meetings] == [("js", "fs"), ("later",)]
    assert "1 day(s) later" in meetings[0].order_why
    assert meetings[0].id == "2024-03-01-AU-JP" and meetings[0].date == dt.date(2024, 3, 1)


def test_meetings_of_different_parties_on_one_date_stay_apart_and_order_by_parties() -> None:
    docs = [doc("b", "2024-05-01", ("US", "JP")), doc("a", "2024-05-01", ("JP", "AU"))]
    meetings = group_meetings(docs)
    assert [m.doc_ids for m in meetings] == [("a",), ("b",)]  # AU-JP before JP-US
    assert all("2 meetings on this date" in m.order_why for m in meetings)


def test_meetings_undated_document_joins_the_meeting_it_resembles() -> None:
    docs = [doc("y1", "2022-06-01", ("JP", "AU")), doc("y2", "2023-06-01", ("JP", "AU")), doc("fs", None, ("JP", "AU"), "fact_sheet")]
    commitments = {
        "y1": [commitment("y1", 0, MINERALS), commitment("y1", 1, HYDROGEN)],
        "y2": [commitment("y2", 0, SPACE), commitment("y2", 1, FISH)],
        "fs": [commitment("fs", 0, SPACE.replace("expand", "deepen")), commitment("fs", 1, FISH + " We will fund two boats."),
               commitment("fs", 2, "Australia will host a youth exchange on coral reef science.")],
    }
    meetings = group_meetings(docs, commitments)
    assert [m.doc_ids for m in meetings] == [("y1",), ("y2", "fs")]
    assert "joined by content" in meetings[1].order_why
    assert meetings[1].date == dt.date(2023, 6, 1)


def test_meetings_undated_document_resembling_nothing_comes_last_and_says_why() -> None:
    docs = [doc("y1", "2022-06-01", ("JP", "AU")), doc("odd", None, ("JP", "AU"))]
    commitments = {"y1": [commitment("y1", 0, MINERALS)], "odd": [commitment("odd", 0, "The leaders will open a consulate in Osaka for tourism.")]}
    meetings = group_meetings(docs, commitments)
    assert [m.doc_ids for m in meetings] == [("y1",), ("odd",)]
    assert meetings[1].date is None and "resembles no meeting enough" in meetings[1].order_why
    assert meetings[1].order_why.startswith("no date: after the dated meetings")


def test_meetings_without_commitments_an_undated_document_is_its_own_meeting() -> None:
    meetings = group_meetings([doc("u", None, ("JP", "AU")), doc("d", "2020-01-01", ("JP", "AU"))])
    assert [m.doc_ids for m in meetings] == [("d",), ("u",)]


@settings(max_examples=40, deadline=None)
@given(st.permutations(["u1", "u2", "u3", "d1", "d2"]))
def test_meetings_order_is_deterministic_whatever_the_input_order(order: list[str]) -> None:
    spec = {"u1": None, "u2": None, "u3": None, "d1": "2021-01-01", "d2": "2021-01-01"}
    parties = {"u1": ("JP", "AU"), "u2": ("JP", "AU"), "u3": ("US", "JP"), "d1": ("US", "JP"), "d2": ("GB", "AU")}
    meetings = group_meetings([doc(i, spec[i], parties[i]) for i in order])
    assert [m.doc_ids for m in meetings] == [("d2",), ("d1",), ("u1",), ("u2",), ("u3",)]
    assert len({m.id for m in meetings}) == len(meetings)
    assert all(m.order_why for m in meetings)


def test_meetings_user_splits_and_merges_win() -> None:
    docs = [doc("js", "2024-03-01", ("JP", "AU")), doc("fs", "2024-03-01", ("JP", "AU"), "fact_sheet"), doc("x", "2024-09-01", ("JP", "AU"))]
    split = group_meetings(docs, splits=["fs"])
    assert [m.doc_ids for m in split] == [("fs",), ("js",), ("x",)]  # same date and parties: by file name
    assert any("split by the user" in m.order_why for m in split)
    assert len({m.id for m in split}) == 3  # same date and parties: still distinct ids
    merged = group_meetings(docs, merges=[("js", "x")])
    assert [m.doc_ids for m in merged] == [("fs", "js", "x")]
    assert "merged by the user" in merged[0].order_why


def test_meetings_label_names_the_lead_document() -> None:
    docs = [doc("fs", "2024-03-01", ("JP", "AU"), "fact_sheet", "Fact Sheet"), doc("js", "2024-03-01", ("JP", "AU"), "joint_statement", "Joint Statement")]
    (m,) = group_meetings(docs)
    assert "Joint Statement" in m.label and "(+1 more)" in m.label


def test_meetings_user_merge_of_an_undated_document_replaces_its_attachment_by_content() -> None:
    docs = [doc("y1", "2022-06-01", ("JP", "AU")), doc("y2", "2023-06-01", ("JP", "AU")), doc("fs", None, ("JP", "AU"), "fact_sheet")]
    commitments = {
        "y1": [commitment("y1", 0, MINERALS)], "y2": [commitment("y2", 0, SPACE)],
        "fs": [commitment("fs", 0, MINERALS.replace("cooperate", "work together"))],
    }
    assert [m.doc_ids for m in group_meetings(docs, commitments)] == [("y1", "fs"), ("y2",)]  # joined by content
    moved = group_meetings(docs, commitments, merges=[("fs", "y2")])  # the user says it belongs to 2023
    assert [m.doc_ids for m in moved] == [("y1",), ("y2", "fs")]
    assert "merged by the user" in moved[1].order_why and "joined by content" not in moved[1].order_why


def test_meetings_two_undated_documents_order_by_file_name_and_say_why() -> None:
    for order in (["b", "a"], ["a", "b"]):
        meetings = group_meetings([doc(i, None, ("JP", "AU")) for i in order] + [doc("d", "2020-01-01", ("JP", "AU"))])
        assert [m.doc_ids for m in meetings] == [("d",), ("a",), ("b",)]
        assert all(m.order_why.startswith("no date: after the dated meetings, ordered by parties, then file name") for m in meetings[1:])
        assert meetings[0].order_why == "dated 2020-01-01"
