"""parties: names, short forms and adjectives → the guide's party codes."""

from __future__ import annotations

import pytest

from pledgewatch.parties import ALIASES, CAPITALS, find_parties, normalise_party, party_codes


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
        "Papua New Guinea",
        "the Washington Declaration",
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
