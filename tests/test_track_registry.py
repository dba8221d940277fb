"""The mechanisms registry: one entry per mechanism (aliases, acronyms), and lifecycle events from the unit's verbs."""

from __future__ import annotations

import datetime as dt

import pytest

from pledgewatch.model import Value
from pledgewatch.track import track
from pledgewatch.track.names import name_key
from pledgewatch.track.registry import build_registry, classify_event, find_mechanism
from pledgewatch.track.meetings import group_meetings

from .track_helpers import commitment, doc, mech

US_KR = ("US", "KR")


def _registry(plan: dict[str, tuple[str, list[tuple[str, tuple[Value, ...]]]]], parties=US_KR):
    docs = [doc(d, date, parties) for d, (date, _units) in plan.items()]
    commitments = {d: [commitment(d, i, text, domain="defense", mechanisms=ms) for i, (text, ms) in enumerate(units)] for d, (_date, units) in plan.items()}
    meetings = group_meetings(docs)
    return build_registry(meetings, commitments), meetings


def test_registry_acronym_resolves_to_its_long_form() -> None:
    ncg = mech("Nuclear Consultative Group", acronym="NCG", long_name="Nuclear Consultative Group")
    registry, meetings = _registry({
        "wd": ("2023-04-26", [("The two Presidents announced the establishment of a new Nuclear Consultative Group (NCG).", (ncg,))]),
        "later": ("2023-07-18", [("The allies will convene the NCG again in Seoul in December.", (mech("NCG", acronym="NCG"),))]),
    })
    (entry,) = registry
    assert entry.name == "Nuclear Consultative Group" and "NCG" in entry.aliases
    assert [(e.event, e.date) for e in entry.events] == [("established", dt.date(2023, 4, 26)), ("convened", dt.date(2023, 7, 18))]
    assert [e.meeting_id for e in entry.events] == [m.id for m in meetings]
    assert entry.parties == US_KR and entry.domain == "defense"
    for query in ("NCG", "ncg", "Nuclear Consultative Group", "nuclear consultative group", "Consultative Group"):
        assert find_mechanism(registry, query) is entry
    assert find_mechanism(registry, "Quad") is None


def test_registry_acronym_written_alone_joins_the_name_it_spells() -> None:
    registry, _ = _registry({
        "a": ("2021-05-21", [("We will work with the Coalition for Epidemic Preparedness Innovation on vaccines.",
                              (mech("Coalition for Epidemic Preparedness Innovation"),))]),
        "b": ("2022-05-21", [("We will support CEPI with new funding.", (mech("CEPI", acronym="CEPI"),))]),
    })
    (entry,) = registry
    assert entry.name == "Coalition for Epidemic Preparedness Innovation" and entry.aliases == ("CEPI",)
    assert find_mechanism(registry, "CEPI") is entry


def test_registry_party_designators_merge_but_different_owners_stay_apart() -> None:
    registry, _ = _registry({
        "a": ("2021-05-21", [
            ("We reaffirm our commitment to the defense of the ROK under the ROK-U.S. Mutual Defense Treaty.", (mech("ROK-U.S. Mutual Defense Treaty"),)),
            ("This includes linking the ROK Strategic Command with U.S. Strategic Command planning.",
             (mech("ROK Strategic Command"), mech("U.S. Strategic Command"))),
        ]),
        "b": ("2022-05-21", [("We reaffirm the combined defense posture under the U.S.-ROK Mutual Defense Treaty.", (mech("U.S.-ROK Mutual Defense Treaty"),))]),
        "c": ("2023-05-21", [("Both stand by the Mutual Defense Treaty.", (mech("Mutual Defense Treaty"),))]),
    })
    names = sorted(e.name for e in registry)
    assert len(registry) == 3, names
    treaty = find_mechanism(registry, "U.S.-ROK Mutual Defense Treaty")
    assert treaty is not None and len(treaty.events) == 3 and {"Mutual Defense Treaty", "ROK-U.S. Mutual Defense Treaty"} <= set(treaty.aliases + (treaty.name,))
    assert all(e.event == "referenced" for e in treaty.events)
    assert find_mechanism(registry, "ROK Strategic Command") is not find_mechanism(registry, "U.S. Strategic Command")
    assert name_key("ROK-U.S. Mutual Defense Treaty") == name_key("U.S.-ROK Mutual Defense Treaty")


def test_registry_name_that_matches_nothing_stays_its_own_entry_and_text_is_the_fallback() -> None:
    bare = Value("mechanism", 0, 0, "Blue Dot Network")  # no normalised reading: the text is used
    registry, _ = _registry({"a": ("2021-01-01", [("We will join the Blue Dot Network and the Quad Vaccine Partnership.",
                                                  (bare, mech("Quad Vaccine Partnership")))])})
    assert sorted(e.name for e in registry) == ["Blue Dot Network", "Quad Vaccine Partnership"]
    assert {e.events[0].event for e in registry} == {"agreed"}


@pytest.mark.parametrize(
    ("sentence", "name", "event"),
    [
        ("Explore the creation of a Supply Chain Task Force between the two governments.", "Supply Chain Task Force", "proposed"),
        ("The leaders will cooperate towards Japan signing the Artemis Accords.", "Artemis Accords", "proposed"),
        ("Both leaders agree to initiate discussions to conclude a Reciprocal Defense Procurement Agreement.", "Reciprocal Defense Procurement Agreement", "proposed"),
        ("We welcome the signing of a multi-year Special Measures Agreement.", "Special Measures Agreement", "agreed"),
        ("The U.S. welcomes Japan's decision to join the FIRST program.", "FIRST program", "agreed"),
        ("The two Presidents agree to establish a Supply Chain and Commercial Dialogue.", "Supply Chain and Commercial Dialogue", "established"),
        ("The leaders announced the establishment of a new Nuclear Consultative Group.", "Nuclear Consultative Group", "established"),
        ("We will strengthen ties through a new Clean Energy Partnership.", "Clean Energy Partnership", "established"),
        ("They joined the Global Partnership for Action as founding members.", "Global Partnership for Action", "established"),
        ("The two Presidents also agree to reactivate the Extended Deterrence Group at the earliest date.", "Extended Deterrence Group", "reactivated"),
        ("Both leaders agree to hold the 3rd Civil Space Dialogue by the end of the year.", "Civil Space Dialogue", "convened"),
        ("Australia will host the next Quad Leaders' Summit in Sydney.", "Quad Leaders' Summit", "convened"),
        ("The Civil Space Dialogue will be held in Tokyo in May.", "Civil Space Dialogue", "convened"),
        ("We will elevate to the ministerial level and expand the Energy Policy Dialogue.", "Energy Policy Dialogue", "strengthened"),
        ("The ROK will increase its pledge to COVAX AMC substantially.", "COVAX AMC", "strengthened"),
        ("The two Presidents commit to cooperate closely through the Indo-Pacific Economic Framework.", "Indo-Pacific Economic Framework", "referenced"),
        ("We will expand vaccine supply, including through COVAX.", "COVAX", "referenced"),
        ("They reaffirm their commitment to the principles of the UN Charter.", "UN Charter", "referenced"),
        ("Such activities will include a new exercise conducted with U.S. Strategic Command.", "U.S. Strategic Command", "referenced"),
    ],
)
def test_classify_event_by_cue_family(sentence: str, name: str, event: str) -> None:
    start = sentence.index(name)
    found, why = classify_event(sentence, start, start + len(name))
    assert found == event, why
    assert why


def test_registry_end_to_end_with_the_recogniser() -> None:
    """Through the real extractor: a long form with its acronym in one statement, the acronym alone in the next."""
    from pledgewatch.extract import extract_commitments
    from pledgewatch.ingest import document_from_bytes
    from pledgewatch.segment import segment
    from pledgewatch.track.meetings import DocInfo

    texts = {
        "a.md": b"---\ntitle: Joint Statement\ndate: 2024-04-10\nparties: [JP, AU]\n---\n"
                b"Japan and Australia will establish a Critical Minerals Partnership Council (CMPC) to coordinate investment.\n",
        "b.md": b"---\ntitle: Joint Statement\ndate: 2025-04-10\nparties: [JP, AU]\n---\n"
                b"Japan and Australia will convene the CMPC twice a year to review investment in refining.\n",
    }
    docs, commitments = [], {}
    for name, raw in texts.items():
        d = document_from_bytes(raw, name=name)
        docs.append(DocInfo(d.id, d.name, d.date, d.parties, d.doc_type, d.title))
        commitments[d.id] = extract_commitments(d, segment(d))
    result = track(docs, commitments)
    entry = find_mechanism(result.mechanisms, "CMPC")
    assert entry is not None and entry.name == "Critical Minerals Partnership Council"
    assert [e.event for e in entry.events] == ["established", "convened"]
