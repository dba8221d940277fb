"""parties: names, short forms and adjectives → the guide's party codes."""

from __future__ import annotations

import pytest

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.parties import (
    ADJECTIVES,
    ALIASES,
    CAPITALS,
    GROUP_MEMBERS,
    GROUPS,
    NAMES,
    _pattern,
    acting_parties,
    find_parties,
    normalise_party,
    party_codes,
)


@pytest.mark.parametrize(
    "text,codes",
    [
        ("the United States and the Republic of Korea", ["US", "KR"]),
        ("the United States of America", ["US"]),
        ("U.S. and ROK officials", ["US", "KR"]),
        ("the U.S.-ROK Alliance", ["US", "KR"]),
        ("the US-ROK alliance", ["US", "KR"]),
        ("American and Korean companies", ["US", "KR"]),
        ("Japan and the U.S.", ["JP", "US"]),
        ("the Japanese and Australian navies", ["JP", "AU"]),
        ("Australia–Japan cooperation", ["AU", "JP"]),
        ("the DPRK and North Korean missiles", ["KP"]),
        ("the People’s Republic of China", ["CN"]),
        ("the UK, U.K. and Britain", ["GB"]),
        ("the Philippines and Viet Nam", ["PH", "VN"]),
        ("New Zealand and Indonesia", ["NZ", "ID"]),
        ("Japan’s and Korea’s and the ROK’s", ["JP", "KR"]),
        ("the G7 and the G-7 and the Group of Seven", ["G7"]),
        ("the Quad and the QUAD", ["QUAD"]),
        ("the European Union and the EU", ["EU"]),
    ],
)
def test_parties_codes_from_names_short_forms_and_adjectives(text, codes):
    assert party_codes(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "the Korean Peninsula",
        "the South China Sea and the East China Sea",
        "the Indian Ocean",
        "the Americas and Latin America",
        "the Korean War",
        "the Indo-Pacific",
        "He used us",  # the pronoun is not the United States
        "quad bikes",
        "the Washington Declaration",
        "the Washington Treaty and the Washington Summit",
        "the Tokyo Declaration",
        "the transatlantic bond between Europe and North America",
        "the Euro-Atlantic area",
        "European security and European partners",
        "the Middle East",
        "the Taiwan Strait and the West Philippine Sea",
        "the Gulf of Mexico and New Mexico",
        "Central America and the Pan-American Highway",
        "Africa and Asia",
        "AU",  # Australia's ISO code, the African Union's acronym: ambiguous in a text, left unresolved
    ],
)
def test_parties_places_that_only_contain_a_party_name_are_not_parties(text):
    assert party_codes(text) == []


def test_parties_mentions_carry_offsets_and_weakness():
    text = "Seoul and the ROK agreed."
    mentions = find_parties(text, offset=100)
    assert [(m.text, m.code, m.weak) for m in mentions] == [("Seoul", "KR", True), ("ROK", "KR", False)]
    assert all(text[m.start - 100 : m.end - 100] == m.text for m in mentions)
    assert "Seoul" in CAPITALS and "Korean" not in CAPITALS


@pytest.mark.parametrize(
    "value,code",
    [("us", "US"), ("US", "US"), ("United States", "US"), ("U.S.", "US"), ("South Korea", "KR"), ("kr", "KR"),
     ("ROK", "KR"), ("Japan", "JP"), ("quad", "QUAD"), ("Quad", "QUAD"), ("g7", "G7"), ("European Union", "EU"),
     ("UK", "GB"), ("gb", "GB"), ("Mexico", "MX"), ("XX", None), ("Narnia", None), ("", None)],
)
def test_parties_normalise_user_values(value, code):
    assert normalise_party(value) == code


def test_parties_alias_table_has_no_alias_under_two_codes():
    seen: dict[str, str | None] = {}
    for code, aliases in ALIASES.items():
        for alias in aliases:
            assert alias not in seen, (alias, seen.get(alias), code)
            seen[alias] = code


@pytest.mark.parametrize(
    "name,code",
    [
        # the states most often in joint statements, by name, short form or adjective
        ("Canada", "CA"), ("Mexico", "MX"), ("Brazil", "BR"), ("Argentina", "AR"), ("Chile", "CL"), ("Colombia", "CO"),
        ("Peru", "PE"), ("the Republic of Korea", "KR"), ("Japan", "JP"), ("the People’s Republic of China", "CN"),
        ("Mongolia", "MN"), ("India", "IN"), ("Pakistan", "PK"), ("Bangladesh", "BD"), ("Sri Lanka", "LK"),
        ("Nepal", "NP"), ("Maldives", "MV"), ("Kazakhstan", "KZ"), ("Uzbekistan", "UZ"), ("the Philippines", "PH"),
        ("Viet Nam", "VN"), ("Vietnam", "VN"), ("Indonesia", "ID"), ("Thailand", "TH"), ("Singapore", "SG"),
        ("Malaysia", "MY"), ("Cambodia", "KH"), ("Lao PDR", "LA"), ("Brunei Darussalam", "BN"), ("Timor-Leste", "TL"),
        ("Myanmar", "MM"), ("Australia", "AU"), ("New Zealand", "NZ"), ("Papua New Guinea", "PG"), ("Fiji", "FJ"),
        ("Solomon Islands", "SB"), ("Samoa", "WS"), ("Tonga", "TO"), ("Palau", "PW"), ("the United Kingdom", "GB"),
        ("France", "FR"), ("Germany", "DE"), ("Italy", "IT"), ("Spain", "ES"), ("Portugal", "PT"),
        ("the Netherlands", "NL"), ("Belgium", "BE"), ("Ireland", "IE"), ("Austria", "AT"), ("Switzerland", "CH"),
        ("Sweden", "SE"), ("Norway", "NO"), ("Denmark", "DK"), ("Finland", "FI"), ("Iceland", "IS"),
        ("Estonia", "EE"), ("Latvia", "LV"), ("Lithuania", "LT"), ("Poland", "PL"), ("Czechia", "CZ"),
        ("the Czech Republic", "CZ"), ("Slovakia", "SK"), ("Hungary", "HU"), ("Romania", "RO"), ("Bulgaria", "BG"),
        ("Greece", "GR"), ("Croatia", "HR"), ("Moldova", "MD"), ("Ukraine", "UA"), ("the Russian Federation", "RU"),
        ("Türkiye", "TR"), ("Turkey", "TR"), ("Israel", "IL"), ("Saudi Arabia", "SA"), ("the United Arab Emirates", "AE"),
        ("Qatar", "QA"), ("Jordan", "JO"), ("Egypt", "EG"), ("Iran", "IR"), ("Iraq", "IQ"), ("Morocco", "MA"),
        ("South Africa", "ZA"), ("South Sudan", "SS"), ("Nigeria", "NG"), ("Kenya", "KE"), ("Ethiopia", "ET"),
        ("Ghana", "GH"), ("Côte d’Ivoire", "CI"), ("Spanish", "ES"), ("Dutch", "NL"), ("Swedish", "SE"),
        ("Egyptian", "EG"), ("South African", "ZA"), ("New Zealanders", "NZ"), ("Emirati", "AE"),
        # standing groups: their name in capitals
        ("the Group of Seven", "G7"), ("G-20", "G20"), ("the Association of Southeast Asian Nations", "ASEAN"),
        ("the Quad", "QUAD"), ("the North Atlantic Treaty Organization", "NATO"), ("the European Union", "EU"),
        ("the European Commission", "EU"), ("the African Union", "AFRICAN_UNION"), ("the Pacific Islands Forum", "PIF"),
        ("APEC", "APEC"), ("AUKUS", "AUKUS"), ("BRICS", "BRICS"), ("the Gulf Cooperation Council", "GCC"),
    ],
)
def test_parties_common_states_and_groups_resolve(name, code):
    assert party_codes(f"Talks with {name} will resume.") == [code]


def test_parties_longest_name_wins_and_words_are_not_split():
    assert party_codes("South Sudan and Sudan") == ["SS", "SD"]
    assert party_codes("Nigeria") == ["NG"]  # no "Niger" inside
    assert party_codes("Romania and Oman") == ["RO", "OM"]
    assert party_codes("American Samoa and Samoa") == ["WS"]  # a territory's name, then the state
    assert party_codes("the Washington Treaty, and Washington will") == ["US"]


def test_parties_codes_are_iso_alpha2_or_a_group_in_capitals():
    for code in ALIASES:
        if code is None:
            continue
        assert re.fullmatch(r"[A-Z]{2}", code) or code in GROUPS, code
        assert code in NAMES
    assert "AU" not in GROUPS and normalise_party("African Union") == "AFRICAN_UNION" and normalise_party("au") == "AU"


def test_parties_groups_have_members_and_members_act_for_themselves():
    assert set(GROUP_MEMBERS) == set(GROUPS)
    for group, members in GROUP_MEMBERS.items():
        assert group not in members and members
    assert {"US", "JP", "G7"} <= acting_parties(("G7",)) and "CN" not in acting_parties(("G7",))
    assert "AFRICAN_UNION" in acting_parties(("G20",)) and "NZ" in acting_parties(("PIF",))
    assert acting_parties(("US", "PH")) == {"US", "PH"}


def test_parties_adjectives_are_aliases_of_one_party():
    lookup = {alias: code for code, aliases in ALIASES.items() for alias in aliases}
    assert ADJECTIVES and all(lookup.get(a) for a in ADJECTIVES)
    assert {"Canadian", "Korean", "American", "Spanish"} <= ADJECTIVES
    assert "European" not in lookup  # the continent's adjective, not the Union's


ALIAS_LIST = sorted({a for aliases in ALIASES.values() for a in aliases})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(ALIAS_LIST), st.sampled_from([" ", ", ", "the ", "s", "’s ", "-", "and ", "x"])), max_size=30))
def test_parties_prefix_tree_finds_what_a_longest_first_alternation_finds(parts):
    text = "".join(parts)
    pattern, lookup = _pattern()
    alternatives = sorted(lookup, key=len, reverse=True)
    plain = re.compile(rf"(?<![\w.])(?:the\s+)?({'|'.join(re.escape(a) for a in alternatives)})(?![a-z])(?!\w)")
    assert [m.span(1) for m in pattern.finditer(text)] == [m.span(1) for m in plain.finditer(text)]
