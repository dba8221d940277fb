"""The mechanism recogniser's exclusion rules, each shown both ways.

Each rule is stated by word class and shape (see the docstrings in
``pledgewatch.extract.mechanisms``); every sentence here is invented, in the
style of G7, Quad, U.S.–Japan and EU statements, and names made-up bodies.
"""

from __future__ import annotations

import pytest

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
