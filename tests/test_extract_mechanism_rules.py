"""The mechanism recogniser's exclusion rules, each shown both ways.

Each rule is stated by word class and shape (see the docstrings in
``pledgewatch.extract.mechanisms``); every sentence here is invented, in the
style of G7, Quad, U.S.–Japan and EU statements, and names made-up bodies.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.extract.mechanisms import YEAR_OR_ORDINAL, acronym_map, find_mechanisms, initials, is_acronym
from pledgewatch.track import names as track_names


def names(text: str, known: dict[str, str] | None = None) -> list[str]:
    return [m.text for m in find_mechanisms(text, 0, known)]


# --- a name that runs on into another name modifies it ---------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # past a bracketed alias
        ("The G7 will uphold the Ocean Mining Agency (OMA) Exploration Code.", ["G7"]),
        ("The G7 will work through the Ocean Mining Agency (OMA) to set rules.", ["G7", "Ocean Mining Agency"]),
        # past a lower-case head after an acronym
        ("The Quad partners will implement the WHO preparedness framework Annex on Surveillance.", []),
        ("The Quad partners will support the WHO preparedness framework in every region.", ["WHO preparedness framework"]),
        # past a lower-case head after a capitalised name
        ("The EU and Japan will extend the Copernicus data programme Charter.", []),
        ("The EU and Japan will extend the Copernicus data programme to Asia.", ["Copernicus data programme"]),
        # a number is not a name word: the phrase has ended
        ("They launched the Lunar Relay program 3 years ago.", ["Lunar Relay program"]),
    ],
)
def test_a_name_running_on_into_capitalised_words_modifies_them(text, expected):
    assert names(text) == expected


# --- the parties themselves: relationship, government, own organs ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # relationship head with only party names and relationship adjectives in front,
        # in capitals or with a lower-case head
        ("The Japan-Australia Special Strategic Partnership endures.", []),
        ("The U.S.-Japan strategic partnership remains strong.", []),
        # a field in front, or a post-modifier, makes it a vehicle
        ("The U.S.-Japan semiconductor partnership will expand.", ["U.S.-Japan semiconductor partnership"]),
        ("The Japan-Australia Partnership for Clean Hydrogen will expand.", ["Japan-Australia Partnership for Clean Hydrogen"]),
    ],
)
def test_the_relationship_itself_is_not_a_vehicle(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Smith-Jones Administration will fund the effort.", []),
        ("The Kishida Administration and the Biden Administration will meet.", []),
        ("Japan will partner with the National Coastal and Fisheries Administration.", ["National Coastal and Fisheries Administration"]),
        ("They will work with the Administration for Community Resilience.", ["Administration for Community Resilience"]),
    ],
)
def test_a_government_is_an_actor_but_an_agency_is_a_vehicle(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The leaders will direct their respective Coast Defense Commands to report.", []),
        ("The leaders will direct their National Space Councils to cooperate.", []),
        # singular: one shared body
        ("The leaders will direct their Joint Space Council to cooperate.", ["Joint Space Council"]),
        # plural without a distributive word: shared bodies
        ("The leaders welcomed the Coral Reef Working Groups.", ["Coral Reef Working Groups"]),
        # a head that is plural in itself is one shared series of meetings
        ("Both sides will convene their Strategic Talks in May.", ["Strategic Talks"]),
    ],
)
def test_the_parties_own_organs_are_actors_but_shared_bodies_are_vehicles(text, expected):
    assert names(text) == expected


# --- meeting formats and phrase heads with a connector -----------------------------------------------


def test_a_meeting_format_names_a_series_on_its_own():
    assert names("The U.S.-Japan 2+2 will convene in Tokyo.") == ["U.S.-Japan 2+2"]
    assert names("Australia and India will hold the first 3+3 in Delhi.") == ["3+3"]
    (m,) = find_mechanisms("The ministers held the Security Consultative Committee (2+2) in Tokyo.")
    assert (m.text, m.acronym, m.head) == ("Security Consultative Committee", "2+2", "committee")
    assert acronym_map([m]) == {"2+2": "Security Consultative Committee"}
    # a sum in prose is not a format word
    assert names("The plan adds 2+3 new posts.") == []


def test_a_phrase_head_runs_past_its_connector():
    (m,) = find_mechanisms("Japan and Australia signed the Memorandum of Cooperation on Critical Minerals.")
    assert (m.text, m.head) == ("Memorandum of Cooperation on Critical Minerals", "memorandum of cooperation")
    (m,) = find_mechanisms("The EU and Japan signed a Memorandum of Understanding on Hydrogen Trade.")
    assert m.head == "memorandum of understanding"
    # the same first word before another connector phrase is no head
    assert names("Japan noted the Memorandum of the Finance Ministry.") == []


# --- helpers shared with the tracking stage -------------------------------------------------------------


def test_acronym_shape():
    assert all(is_acronym(w) for w in ("NCG", "R&D", "O-RAN", "G7", "G20", "COVID-19"))
    assert not any(is_acronym(w) for w in ("Quad", "A", "7G", "Ncg", "U.S."))


def test_initials_read_hyphens_both_ways_and_dotted_abbreviations_whole():
    assert initials("Indo-Pacific Ocean Fund") == {"IOF", "IPOF"}
    assert "USAMD" in initials("U.S. Agency for Maritime Development")
    assert initials("Fund") == frozenset()


def test_year_or_ordinal():
    assert all(YEAR_OR_ORDINAL.match(w) for w in ("2031", "1999", "4th", "21st"))
    assert not any(YEAR_OR_ORDINAL.match(w) for w in ("2+2", "G7", "300", "fourth"))


def test_tracking_uses_the_same_helpers():
    assert track_names.is_acronym is is_acronym and track_names.initials is initials


# --- statements of any series: the statement's parties, charters, bodies being set up ----------------
#
# Invented sentences in the style of G7, G20, ASEAN, Quad, NATO, AU–NZ,
# Japan–Philippines, EU–Japan and EU–Canada statements; ``parties`` is the
# statement's ``Document.parties``. Every expected item is checked as the
# exact slice of its sentence.

SERIES_CASES = [
    # the statement's own group is an actor; other groups are vehicles
    ("G7", "The G7 will convene the G7 Ministerial on Ocean Data in Rome.", ["G7 Ministerial on Ocean Data"]),
    ("G7", "We, the G7, will continue to coordinate through the Rapid Response Mechanism.", ["Rapid Response Mechanism"]),
    ("G20", "The Group of Twenty will implement the Common Framework for Debt Treatments.", ["Common Framework for Debt Treatments"]),
    ("G20", "The G-20 remains committed to the G20 Osaka Track.", []),
    ("ASEAN", "ASEAN remains committed to the ASEAN Charter and the Treaty of Amity and Cooperation.",
     ["ASEAN Charter", "Treaty of Amity and Cooperation"]),
    ("ASEAN", "The Association of Southeast Asian Nations (ASEAN) will deepen its work with the Quad.", ["Quad"]),
    ("QUAD", "The Quad will support the Pacific Islands Forum and the Indian Ocean Rim Association.", ["Pacific Islands Forum"]),
    ("AU JP", "Australia and Japan will strengthen the Quad and its Quad Critical Minerals Initiative.",
     ["Quad", "Quad Critical Minerals Initiative"]),
    ("NATO", "The North Atlantic Treaty Organization will uphold Article 5 of the Washington Treaty.", ["Washington Treaty"]),
    ("NATO", "NATO is a defensive Alliance and will strengthen the NATO-Ukraine Council.", ["NATO-Ukraine Council"]),
    ("NATO", "We remain committed to NATO’s founding Washington Treaty and NATO’s Open Door Policy.",
     ["Washington Treaty", "Open Door Policy"]),
    ("EU JP", "The Council of the European Union and Japan will implement the Economic Partnership Agreement.",
     ["Economic Partnership Agreement"]),
    ("AU NZ", "Australia and New Zealand will support the Council of the European Union.", ["Council of the European Union"]),
    # treaties and charters, an acronym inside a name kept as written
    ("JP PH", "Japan and the Philippines will uphold the United Nations (UN) Convention on the Law of the Sea.",
     ["United Nations (UN) Convention on the Law of the Sea"]),
    ("G7", "We adhere to the purposes and principles of the Charter of the United Nations.", ["Charter of the United Nations"]),
    ("JP PH", "Japan and the Philippines signed a new Reciprocal Access Agreement.", ["Reciprocal Access Agreement"]),
    ("AU NZ", "Through our Pacific Resilience Pledge, we are increasing support to island states.", ["Pacific Resilience Pledge"]),
    ("EU CA", "We reaffirm our commitment to the Open Skies Policy of both partners.", ["Open Skies Policy"]),
    ("AU KR", "They identified, through a new Maritime Security Cooperation Blueprint, avenues for joint patrols.",
     ["Maritime Security Cooperation Blueprint"]),
    # an acronym alone, its possessive stripped; a pair of party codes is not one
    ("EU JP", "The EU and Japan reaffirm the EPA’s objectives and will use the JDC to monitor them.", ["EPA", "JDC"]),
    ("EU JP", "The EU-JP partners will hold the EU-Japan Connectivity Forum.", ["EU-Japan Connectivity Forum"]),
    # a body being created, named by what it is for or between whom
    ("AU NZ", "Australia and New Zealand announced a new Dialogue between the Australian Space Agency and the New Zealand Space Agency.",
     ["Dialogue between the Australian Space Agency and the New Zealand Space Agency"]),
    ("EU JP", "The EU and Japan signed an administrative arrangement for customs cooperation.", ["administrative arrangement"]),
    ("EU JP", "They extended for two years the three administrative arrangements that support the exchange.",
     ["administrative arrangements"]),
    ("AU JP", "The ministers will launch a dialogue on critical minerals next year.", ["dialogue on critical minerals"]),
    ("JP PH", "The two sides will establish a task force between their coast guards.", ["task force between their coast guards"]),
    ("AU JP", "The ministers will launch a new Task Force.", []),
    ("JP PH", "They welcomed a Dialogue between the two foreign ministries.", []),  # not being set up by them
    # the parties' relationship itself is no vehicle
    ("EU JP", "The EU and Japan will renew our Euro-Pacific partnership.", []),
    ("NATO", "The North Atlantic Alliance will continue to adapt.", []),
    ("EU CA", "Canada and the EU will deepen ties through the Canada-EU Ocean Partnership and the Transatlantic partnership.",
     ["Canada-EU Ocean Partnership"]),
    # an ordinal word says which meeting of a series, "through" joins inside a post-modifier
    ("AU NZ", "The Second Australia-New Zealand Climate Ministers Meeting will be held in Wellington.",
     ["Australia-New Zealand Climate Ministers Meeting"]),
    ("JP PH", "The leaders will work with the Asia-Pacific Forum for Peace through Dialogue.", ["Asia-Pacific Forum for Peace through Dialogue"]),
    ("JP PH", "The leaders will coordinate with the Maritime Dialogue through ASEAN.", ["Maritime Dialogue", "ASEAN"]),
    # another name in brackets after a name is an alias, not a second mechanism
    ("EU CA", "Canada is joining the European Commission for Democracy through Law (the Venice Commission).",
     ["European Commission for Democracy through Law"]),
]


@pytest.mark.parametrize(("parties", "text", "expected"), SERIES_CASES)
def test_mechanisms_of_statements_of_any_series(parties, text, expected):
    found = find_mechanisms(text, 40, None, tuple(parties.split()))
    assert [m.text for m in found] == expected
    for m in found:
        assert text[m.start - 40 : m.end - 40] == m.text


def test_there_are_enough_invented_series_cases():
    assert len(SERIES_CASES) >= 30


@pytest.mark.parametrize(
    ("text", "parties", "expected"),
    [
        # written alone, a group is the statement's actor only in its own statement
        ("The Quad will hold the Quad Leaders’ Summit.", ("QUAD",), ["Quad Leaders’ Summit"]),
        ("The Quad will hold the Quad Leaders’ Summit.", ("US", "IN"), ["Quad", "Quad Leaders’ Summit"]),
        ("The G7 will meet.", ("G7",), []),
        ("The G7 will meet.", (), ["G7"]),
        # its long form too, by the party table or by its initials
        ("The North Atlantic Treaty Organization will meet.", ("NATO",), []),
        ("The North Atlantic Treaty Organization will meet.", ("JP", "AU"), ["North Atlantic Treaty Organization"]),
        # and one of its organs
        ("The Council of the European Union will decide.", ("EU", "CA"), []),
        ("The Council of the European Union will decide.", ("JP", "CA"), ["Council of the European Union"]),
    ],
)
def test_the_statements_own_parties_are_actors(text, parties, expected):
    assert [m.text for m in find_mechanisms(text, 0, None, parties)] == expected


def test_a_name_with_a_head_before_an_acronym_owns_the_name_after_it():
    # "United Nations" has no head: "(UN)" sits inside one name; an agency is a name of its own
    assert names("Both will uphold the United Nations (UN) Charter.") == ["United Nations (UN) Charter"]
    assert names("Both will implement the Ocean Energy Agency (OEA) Additional Protocol.") == ["Additional Protocol"]
    # a party's name and code own what follows them
    assert names("They advanced the Japan-Republic of the Philippines (PH) Strategic Partnership.") == []


def test_a_possessive_acronym_before_a_name_is_its_owner():
    assert names("We support the IORA’s new Blue Economy Forum.") == ["Blue Economy Forum"]
    assert names("We support the IORA’s work on fisheries.") == ["IORA"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("abXYZ GFund()Group.-’'0of the and between new a Dialogue NATO EU")), max_size=140),
    st.sampled_from([(), ("NATO",), ("EU", "US"), ("G20",), ("QUAD",)]),
)
def test_spans_stay_exact_and_ordered_whatever_the_parties(text, parties):
    last = 0
    for m in find_mechanisms(text, 0, None, parties):
        assert text[m.start : m.end] == m.text and last <= m.start < m.end
        last = m.end


def test_creation_words_are_verbs_not_nouns_or_adjectives():
    # "initiative" does not set up the forum it names; "extended" before a noun is an adjective
    assert names("The Pacific Fisheries Initiative (PFI) remains the premier forum for this work.") == [
        "Pacific Fisheries Initiative"
    ]
    assert names("Japan and Australia will establish an extended deterrence dialogue.") == ["extended deterrence dialogue"]
    assert names("They signed a maritime domain awareness memorandum of understanding.") == [
        "maritime domain awareness memorandum of understanding"
    ]
