"""Extraction: cues, kind, actors, lead-in inheritance, records — on invented statements."""

from __future__ import annotations

import json

from pledgewatch.extract import commitment_record, extract_commitments, kind_of
from pledgewatch.extract.actors import leader_map, resolve_actors
from pledgewatch.extract.features import find_cues
from pledgewatch.ingest import document_from_bytes
from pledgewatch.segment import segment

G7 = b"""---
title: G7 Leaders' Communique on Ocean Resilience
date: '2027-06-14'
---

We, the Leaders of the Group of Seven, met in Ottawa to address the state of the oceans.

We recognize the importance of healthy seas for coastal communities.

We commit to launch a G7 Ocean Resilience Initiative (ORI) by the end of the year, with $200 million in new funding over five years.

We reaffirm our commitment to the Paris Agreement.

We call on all countries to end illegal fishing.

We task our Environment Ministers to report on progress at their next meeting.

Together, we will:

- Establish a joint monitoring network for marine debris;
- Hold annual ministerial meetings of the ORI.
"""

AU_JP = b"""Japan-Australia Leaders' Joint Statement

Prime Minister Anthony Albanese of Australia and Prime Minister Ishiba Shigeru of Japan met in Canberra on 5 March 2027.

The two leaders welcomed Japan's decision to join the Pacific Cable Fund.

Australia will host the next Leaders' Meeting in 2028.

The two Prime Ministers deeply appreciate the work of officials.
"""


def _extract(raw: bytes, name: str):
    doc = document_from_bytes(raw, name=name)
    units = segment(doc)
    return doc, {c.text: c for c in extract_commitments(doc, units)}


def test_extract_every_unit_is_labelled():
    doc, found = _extract(G7, "g7.md")
    assert len(found) == len(segment(doc))
    assert {c.label for c in found.values()} <= {"commitment", "other"}


def test_extract_group_statement_parties_and_kinds():
    doc, found = _extract(G7, "g7.md")
    assert doc.parties == ("G7",)
    launch = found["We commit to launch a G7 Ocean Resilience Initiative (ORI) by the end of the year, with $200 million in new funding over five years."]
    assert launch.is_commitment and launch.kind == "new" and launch.actors == ("G7",)
    assert [v.text for v in launch.amounts] == ["$200 million"]
    assert launch.amounts[0].normalised["value"] == 200e6
    assert "by the end of the year" in [v.text for v in launch.timeframes]
    assert any(v.normalised.get("end") == "2027-12-31" or v.normalised.get("value") == "2027-12-31" for v in launch.timeframes)
    reaffirm = found["We reaffirm our commitment to the Paris Agreement."]
    assert reaffirm.is_commitment and reaffirm.kind == "reaffirmed"
    assert not found["We call on all countries to end illegal fishing."].is_commitment
    task = found["We task our Environment Ministers to report on progress at their next meeting."]
    assert task.is_commitment and task.kind == "new"
    assert not found["We recognize the importance of healthy seas for coastal communities."].is_commitment


def test_extract_lead_in_is_other_and_bullets_inherit():
    _doc, found = _extract(G7, "g7.md")
    assert found["Together, we will:"].label == "other"
    bullet = found["Establish a joint monitoring network for marine debris;"]
    assert bullet.is_commitment and bullet.actors == ("G7",) and bullet.kind == "new"
    assert bullet.unit.lead_in is not None


def test_extract_actor_is_the_party_whose_pledge_is_named():
    doc, found = _extract(AU_JP, "au_jp.txt")
    assert set(doc.parties) == {"JP", "AU"}
    join = found["The two leaders welcomed Japan's decision to join the Pacific Cable Fund."]
    assert join.is_commitment and join.actors == ("JP",)
    host = found["Australia will host the next Leaders' Meeting in 2028."]
    assert host.is_commitment and host.actors == ("AU",)
    assert not found["The two Prime Ministers deeply appreciate the work of officials."].is_commitment


def test_extract_spans_point_into_the_document():
    doc, found = _extract(G7, "g7.md")
    for c in found.values():
        assert doc.text[c.start : c.end] == c.text
        for v in (*c.mechanisms, *c.amounts, *c.timeframes):
            assert c.start <= v.start < v.end <= c.end
            assert doc.text[v.start : v.end] == v.text


def test_extract_record_is_json_with_the_issue_fields():
    doc, found = _extract(G7, "g7.md")
    c = next(c for c in found.values() if c.is_commitment)
    record = json.loads(json.dumps(commitment_record(doc.name, c, with_label=True)))
    for key in ("doc", "text", "start", "end", "kind", "actors", "domain", "mechanisms", "amounts", "timeframes", "confidence", "extractor", "why", "label"):
        assert key in record
    assert record["extractor"]["name"] == "pledgewatch" and record["why"]
    assert 0 <= record["confidence"] <= 1


def test_kind_new_beats_restated_and_continuation_is_restated():
    assert kind_of(find_cues("We reaffirm our alliance and will launch a new dialogue."), None)[0] == "new"
    assert kind_of(find_cues("The leaders agree to continue working together on supply chains."), None)[0] == "reaffirmed"
    assert kind_of(find_cues("Both sides remain committed to expanding trade."), None)[0] == "reaffirmed"
    assert kind_of(find_cues("Expand the program for students."), "reaffirmed")[0] == "new"
    assert kind_of(find_cues("Support the fund."), "reaffirmed")[0] == "reaffirmed"


def test_actors_subject_object_and_leaders():
    text = "President Macron of France and Prime Minister Modi of India met in Paris."
    leaders = leader_map(text, ("FR", "IN"))
    assert leaders.get("Macron") == "FR" and leaders.get("Modi") == "IN"
    cues = find_cues("President Macron will visit New Delhi in the spring.")
    assert resolve_actors("President Macron will visit New Delhi in the spring.", ("FR", "IN"), leaders, cues.verb_hits())[0] == ("FR",)
    t = "Both leaders reaffirm the commitment of France to deploy a frigate."
    assert resolve_actors(t, ("FR", "IN"), leaders, find_cues(t).verb_hits())[0] == ("FR",)
    t = "We will expand cooperation on space."
    assert set(resolve_actors(t, ("FR", "IN"), leaders, find_cues(t).verb_hits())[0]) == {"FR", "IN"}


def test_actors_a_member_of_a_group_party_acts_for_itself():
    # a G7 statement: its party is the group, but "Japan will host …" is Japan's undertaking
    t = "Japan will host a conference on reconstruction in early 2025."
    assert resolve_actors(t, ("G7",), {}, find_cues(t).verb_hits())[0] == ("JP",)
    # a third party is never an actor, even as a subject
    t = "Russia will withdraw its forces."
    assert resolve_actors(t, ("G7",), {}, find_cues(t).verb_hits())[0] == ("G7",)
    # "We, the Leaders of …, commit": the subject before an appositive
    t = "We, the Leaders of the Group of Seven (G7), commit to further strengthen our coordination."
    actors, why = resolve_actors(t, ("G7",), {}, find_cues(t).verb_hits())
    assert actors == ("G7",) and "joint subject" in why


def test_actors_a_welcome_of_another_partys_pledge():
    # the speaker welcoming is not the owner of the pledge: "the commitment of the United States to …"
    t = "Prime Minister Ito welcomed the continued commitment of the United States to the defense of Japan."
    assert resolve_actors(t, ("US", "JP"), {"Ito": "JP"}, find_cues(t).verb_hits())[0] == ("US",)


def test_extract_dateline_line_gives_date_not_title():
    raw = (b"Joint Statement of the Japan-Australia Foreign and Defence Ministerial Consultations\n"
           b"Tokyo, September 5, 2024\n\nThe Ministers will hold the next consultations next year.\n")
    doc, found = _extract(raw, "twoplustwo.txt")
    assert doc.title == "Joint Statement of the Japan-Australia Foreign and Defence Ministerial Consultations"
    assert str(doc.date) == "2024-09-05"
    (c,) = [c for c in found.values() if c.is_commitment]
    assert c.timeframes and c.timeframes[0].normalised.get("start") == "2025-01-01"


def test_extract_document_without_commitments_is_fine():
    raw = b"Statement\n\nThe ministers met in Geneva. They discussed the weather.\n"
    doc, found = _extract(raw, "none.txt")
    assert found and not any(c.is_commitment for c in found.values())
