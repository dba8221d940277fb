"""Mechanism mentions by shape (``pledgewatch.extract.mechanisms``).

Every sentence here is invented: the recogniser must work on names it has
never seen, so the tests use made-up bodies of the right shape.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.extract.mechanisms import MechanismMention, acronym_map, find_mechanisms, to_values


def names(text: str, known: dict[str, str] | None = None) -> list[str]:
    return [m.text for m in find_mechanisms(text, 0, known)]


def check_spans(text: str, found: list[MechanismMention], offset: int = 0) -> None:
    last = offset
    for m in found:
        assert text[m.start - offset : m.end - offset] == m.text
        assert last <= m.start < m.end
        last = m.end


# --- proper names and their acronyms ---------------------------------------------------------


def test_proper_name_with_acronym_alias():
    text = "The leaders launched the Quad Vaccine Partnership (QVP) to expand supply."
    (m,) = find_mechanisms(text)
    assert (m.text, m.name, m.acronym, m.head) == ("Quad Vaccine Partnership", "Quad Vaccine Partnership", "QVP", "partnership")
    assert m.long_name == "Quad Vaccine Partnership"  # a long form written with its acronym links to itself
    assert acronym_map([m]) == {"QVP": "Quad Vaccine Partnership"}


def test_later_bare_acronym_keeps_its_text_and_links_to_the_long_form():
    first = find_mechanisms("Both sides established a new Coastal Resilience Consultative Group (CRCG).")
    assert [m.text for m in first] == ["Coastal Resilience Consultative Group"]
    known = acronym_map(first)
    (later,) = find_mechanisms("The CRCG will meet twice a year.", 500, known)
    assert (later.text, later.name, later.acronym) == ("CRCG", "CRCG", "CRCG")
    assert later.long_name == "Coastal Resilience Consultative Group" and later.head == "group"
    assert later.start == 504


def test_acronym_defined_and_reused_in_one_unit_is_one_mechanism():
    text = "Announce the Pacific Fisheries Data Consultations (PFDC); the PFDC will meet each spring."
    assert names(text) == ["Pacific Fisheries Data Consultations"]


def test_articles_ordinals_and_led_words_are_not_part_of_the_name():
    assert names("They will hold the 4th U.S.-Ghana Digital Trade Dialogue in May.") == ["U.S.-Ghana Digital Trade Dialogue"]
    assert names("Japan joined the U.S.-led Summit on Ocean Data Sharing.") == ["Summit on Ocean Data Sharing"]
    assert names("The two Presidents support the ROK’s New Northern Agenda.") == ["New Northern Agenda"]


def test_connectors_inside_one_name_and_between_two():
    assert names("We will host the Conference on Arctic Shipping and support the Convention on the Law of Rivers.") == [
        "Conference on Arctic Shipping",
        "Convention on the Law of Rivers",
    ]
    assert names("They launched the Water Security and Infrastructure Dialogue.") == ["Water Security and Infrastructure Dialogue"]
    assert names("Both will deepen ties with the Nordic Fisheries Organization and the G20.") == ["Nordic Fisheries Organization", "G20"]
    assert names("The ROK joins the Ocean Data Steering Group and Coral Reef Working Groups.") == [
        "Ocean Data Steering Group",
        "Coral Reef Working Groups",
    ]
    assert names("They work within the Organization for Maritime Cooperation and Development.") == [
        "Organization for Maritime Cooperation and Development"
    ]


def test_a_title_or_a_document_before_the_name_is_cut_off():
    assert names("The President of the Caribbean Development Bank met the leaders.") == ["Caribbean Development Bank"]
    assert names("Both reaffirmed Article 3 of the Southern Mutual Security Treaty.") == ["Southern Mutual Security Treaty"]


def test_lower_case_head_after_a_capitalised_name():
    assert names("They expanded the Erasmus scholarship program and the Tidewater program.") == [
        "Erasmus scholarship program",
        "Tidewater program",
    ]
    text = "The ROK will join the U.S.-led Clean Hydrogen Infrastructure for Ports (CHIP) program."
    (m,) = find_mechanisms(text)
    assert (m.text, m.acronym, m.head) == ("Clean Hydrogen Infrastructure for Ports", "CHIP", "program")
    assert names("He praised the ROK’s initiative to host the meeting.") == []


def test_acronym_list_long_form_starts_where_its_initials_say():
    text = "They expanded the Study, Intern, and Travel (SIT) program."
    assert names(text) == ["Study, Intern, and Travel"]


# --- lower-case bodies being created ------------------------------------------------------------


def test_unnamed_body_being_created_is_a_mechanism_without_its_article():
    assert names("The ministers will establish a bilateral semiconductor export control working group.") == [
        "bilateral semiconductor export control working group"
    ]
    assert names("They will launch an energy storage dialogue led by their ministries.") == ["energy storage dialogue"]
    assert names("Both will create a new, catalytic ocean finance mechanism.") == ["catalytic ocean finance mechanism"]
    assert names("The leaders announced a new youth climate fellowship initiative.") == ["youth climate fellowship initiative"]
    # what it is for is part of how it is written (the guide: "as written, without its article")
    assert names("We will set up a joint task force on illicit finance.") == ["joint task force on illicit finance"]


def test_definite_lower_case_body_the_action_runs_through():
    assert names("They will continue cooperation through the bilateral ocean policy dialogue.") == ["bilateral ocean policy dialogue"]
    assert names("They will continue cooperation through the existing dialogue.") == []


def test_generic_or_not_created_bodies_are_not_mechanisms():
    assert names("The ministers discussed the working group.") == []
    assert names("They will work together in a new partnership with like-minded partners.") == []
    assert names("They agreed to use the existing bilateral mechanisms and establish new mechanisms as needed.") == []
    assert names("Both will strengthen investment screening mechanism reviews.") == []
    assert names("They will build a comprehensive strategic partnership.") == []


def test_a_descriptor_in_apposition_to_a_name_is_not_a_second_mechanism():
    text = "We will launch a senior-level experts group, the Harbor Safety Experts Group, to advise us."
    assert names(text) == ["Harbor Safety Experts Group"]


# --- bare acronyms ---------------------------------------------------------------------------------


def test_bare_acronyms_that_are_vehicles():
    assert names("Both will contribute to COVAX and coordinate with the G7.") == ["COVAX", "G7"]
    assert names("The ROK will increase its pledge to GAVI AMC this year.") == ["GAVI AMC"]
    assert names("They will work together at the UN, and in the WTO.") == ["UN", "WTO"]


def test_acronyms_that_are_parties_fields_owners_places_or_deadlines():
    assert names("The ROK, the DPRK, the PRC and the U.S. discussed AI, R&D, EVs and COVID-19.") == []
    assert names("They support ASEAN centrality and unity.") == []
    assert names("They foster digital trade within ASEAN.") == []
    assert names("The ROK will submit its target by COP31.") == []
    assert names("They welcomed the ASEAN Outlook on Maritime Cooperation.") == []
    assert names("Leaders noted the NDCs and SDGs.") == []


def test_acronym_used_as_modifier_of_a_following_name():
    text = "They uphold the International Seabed Authority (ISA) Mining Code and the IMO Ballast Water Convention."
    assert names(text) == ["IMO Ballast Water Convention"]


# --- what looks like a name but is not a vehicle --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Consistent with the Nuclear Posture Review, the United States will consult the ROK.",
        "President Biden and President Yoon met Prime Minister Kishida at Camp David.",
        "The Republic of Korea and the Democratic People’s Republic of Korea (DPRK) were discussed.",
        "The Ministry of Foreign Affairs and the Department of Homeland Security will coordinate.",
        "The COVID-19 pandemic and the Korean Peninsula were discussed.",
        "The leaders welcomed the Indo-Pacific Strategy and the Inflation Reduction Act.",
        "They noted President Biden’s Executive Order on Improving Cyber Defense.",
        "The CHIPS and Science Act will support investment.",
        "The U.S.-Japan Alliance remains the cornerstone of peace.",
        "The parties will further strengthen the Comprehensive Strategic Partnership.",
        "The two Presidents will direct their respective National Security Councils to report.",
        "The DPRK’s launches violate United Nations Security Council resolutions.",
        "This is the second State Visit of the Biden-Harris Administration.",
        "The Washington Declaration reflects our resolve.",
        "The Alliance will maintain robust communication.",
    ],
)
def test_not_mechanisms(text):
    assert names(text) == []


def test_security_council_as_vehicle_but_not_as_owner_of_resolutions():
    text = "They will work with the UN Security Council to address violations of UN Security Council resolutions."
    assert names(text) == ["UN Security Council"]


# --- short forms ---------------------------------------------------------------------------------------


def test_short_form_resolves_through_the_acronym_map():
    known = acronym_map(find_mechanisms("They created the River Basin Partnership Committee (RBPC)."))
    (m,) = find_mechanisms("The Committee will convene annually.", 0, known)
    assert (m.text, m.long_name, m.acronym, m.head) == ("Committee", "River Basin Partnership Committee", "RBPC", "committee")
    assert find_mechanisms("The Committee will convene annually.") == []  # nothing to resolve it to


def test_short_form_repeating_a_name_in_the_same_unit_is_dropped():
    text = "Korea will host the 5th Global Tidal Energy Conference; the 2027 Conference will be in Busan."
    assert names(text) == ["Global Tidal Energy Conference"]


def test_the_alliance_is_never_resolved():
    known = {"GAVA": "Global Alliance for Vaccine Access"}
    assert names("The Alliance will grow stronger.", known) == []


# --- offsets, values, order ---------------------------------------------------------------------------


def test_values_carry_document_offsets_and_normalised_fields():
    text = "Leaders reaffirmed the Antarctic Treaty (AT) and the NCG."
    mentions = find_mechanisms(text, 100, {"NCG": "Nuclear Consultative Group"})
    values = to_values(mentions)
    assert [v.text for v in values] == ["Antarctic Treaty", "NCG"]
    doc = " " * 100 + text
    for v in values:
        assert v.kind == "mechanism" and doc[v.start : v.end] == v.text
    assert values[0].normalised == {"name": "Antarctic Treaty", "acronym": "AT", "long_name": "Antarctic Treaty", "head": "treaty"}
    assert values[1].normalised["long_name"] == "Nuclear Consultative Group"


def test_possessive_is_outside_the_span():
    (m,) = find_mechanisms("The Coral Triangle Initiative’s work will expand.")
    assert m.text == "Coral Triangle Initiative"


def test_repeats_in_one_unit_count_once_and_come_back_in_order():
    text = "The Reef Fund and the Delta Council will fund the Reef Fund pilot, and the Delta Council will oversee it."
    found = find_mechanisms(text)
    assert [m.text for m in found] == ["Reef Fund", "Delta Council"]
    check_spans(text, found)


def test_name_across_a_single_line_break_has_its_whitespace_collapsed():
    (m,) = find_mechanisms("They convened the Harbor\nSafety Dialogue.")
    assert m.text == "Harbor\nSafety Dialogue" and m.name == "Harbor Safety Dialogue"
    assert names("They convened the Harbor\n\nSafety Dialogue.") == ["Safety Dialogue"]


# --- robustness -----------------------------------------------------------------------------------------

# Text made of the pieces names are built from, so that the odd corners get hit.
_PIECES = list("abcXYZ GFund()Group.-&’'0123,;:\n") + [
    "of ", "the ", "and ", "for ", "Council ", "NCG ", "U.S.", "’s ", "(ABC) ", "program ", "establish a new ", "working group ",
]
_NAMEISH = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_NAMEISH, st.text(max_size=200)), st.integers(0, 1000))
def test_arbitrary_text_spans_exact_ordered_and_non_overlapping(text, offset):
    found = find_mechanisms(text, offset, {"NCG": "Nuclear Consultative Group", "ABC": "Alpha Beta Committee"})
    check_spans(text, found, offset)
    for m in found:
        assert m.name == " ".join(m.text.split()) and m.head
    for v in to_values(found):
        assert text[v.start - offset : v.end - offset] == v.text
    acronym_map(found)


@pytest.mark.parametrize(
    "text",
    [
        "Supply and " * 20000,
        "Group of " * 20000 + "X",
        "NATO " * 20000,
        "A" + " " * 100000 + "b",
        "establish a bilateral working group " * 5000,
        "Work, " * 20000 + "(WORK) program",
        "Article of " * 20000 + "X",
        "President of " * 20000 + "Bank",
        "The " * 20000 + "Group",
        "Xa Fund working group " * 10000,
        "Xa Fund (XF), the Fund and the XF " * 5000,
    ],
)
def test_pathological_input_is_linear(text):
    started = time.perf_counter()
    found = find_mechanisms(text)
    assert time.perf_counter() - started < 5
    check_spans(text, found)
