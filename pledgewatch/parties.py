"""Party names, short forms and adjectives → the guide's party codes.

The alias table is data. States use ISO 3166-1 alpha-2 codes; standing
groups that act as one use their name in capitals (``G7``, ``QUAD``,
``ASEAN``). Place names that merely contain a party's name ("the Korean
Peninsula", "the South China Sea") map to ``None`` so that the longer,
non-party reading wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ALIASES: dict[str | None, tuple[str, ...]] = {
    "US": ("United States of America", "United States", "U.S.A.", "USA", "U.S.", "US", "America", "American", "Americans", "Washington"),
    "KR": ("Republic of Korea", "ROK", "South Korea", "South Korean", "South Koreans", "Korea", "Korean", "Koreans", "Seoul"),
    "KP": ("Democratic People's Republic of Korea", "Democratic People’s Republic of Korea", "DPRK", "North Korea", "North Korean", "North Koreans", "Pyongyang"),
    "JP": ("Japan", "Japanese", "Tokyo"),
    "CN": ("People's Republic of China", "People’s Republic of China", "PRC", "China", "Chinese", "Beijing"),
    "TW": ("Taiwan", "Taiwanese"),
    "IN": ("India", "Indian", "Republic of India"),
    "AU": ("Australia", "Australian", "Australians", "Canberra"),
    "NZ": ("New Zealand",),
    "GB": ("United Kingdom", "U.K.", "UK", "Britain", "Great Britain", "British"),
    "FR": ("France", "French"),
    "DE": ("Germany", "German"),
    "IT": ("Italy", "Italian"),
    "CA": ("Canada", "Canadian"),
    "PH": ("Philippines", "Philippine", "Republic of the Philippines", "Filipino"),
    "VN": ("Viet Nam", "Vietnam", "Vietnamese"),
    "ID": ("Indonesia", "Indonesian"),
    "TH": ("Thailand", "Thai"),
    "SG": ("Singapore", "Singaporean"),
    "MY": ("Malaysia", "Malaysian"),
    "MN": ("Mongolia", "Mongolian"),
    "RU": ("Russian Federation", "Russia", "Russian"),
    "UA": ("Ukraine", "Ukrainian"),
    "MM": ("Myanmar", "Burma", "Burmese"),
    "AF": ("Afghanistan", "Afghan"),
    "IL": ("Israel", "Israeli"),
    "SA": ("Saudi Arabia", "Saudi"),
    "AE": ("United Arab Emirates", "UAE"),
    "BR": ("Brazil", "Brazilian"),
    "MX": ("Mexico", "Mexican"),
    "PL": ("Poland", "Polish"),
    "EU": ("European Union", "EU"),
    "G7": ("Group of Seven", "G7", "G-7"),
    "G20": ("Group of Twenty", "G20", "G-20"),
    "QUAD": ("Quad", "QUAD", "Quadrilateral Security Dialogue"),
    "ASEAN": ("Association of Southeast Asian Nations", "ASEAN"),
    "NATO": ("North Atlantic Treaty Organization", "NATO"),
    # Places and things that contain a party's name but are not the party.
    None: (
        "Korean Peninsula", "Korean peninsula", "Korean War", "Korean-American", "Korean-Americans",
        "South China Sea", "East China Sea", "Sea of Japan", "Indian Ocean", "Pacific Islander",
        "American and Korean people", "Asian-American", "Asian American", "Korean War Veterans",
        "Washington Declaration", "Washington Consensus", "Americas", "Latin America", "Latin American",
        "Central America", "South America", "North America", "Ukraine war",
    ),
}

# Group codes: bodies that can themselves be a statement's party.
GROUPS = ("EU", "G7", "G20", "QUAD", "ASEAN", "NATO")
# Members of the groups, by code: a member named in a group's statement
# ("Japan will host …" in a G7 statement) acts for itself.
GROUP_MEMBERS: dict[str, frozenset[str]] = {
    "G7": frozenset("US JP GB FR DE IT CA EU".split()),
    "G20": frozenset("AR AU BR CA CN FR DE IN ID IT JP KR MX RU SA ZA TR GB US EU".split()),
    "QUAD": frozenset("US JP IN AU".split()),
    "ASEAN": frozenset("BN KH ID LA MY MM PH SG TH VN".split()),
    "EU": frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()),
    "NATO": frozenset(
        "AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES SE TR GB US".split()
    ),
}


def acting_parties(parties: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The codes that may act in a statement of ``parties``: the parties and the members of any group among them."""
    out = set(parties)
    for p in parties:
        out |= GROUP_MEMBERS.get(p, frozenset())
    return frozenset(out)


# Capital-city aliases are weak: they count for actors only when clearly a government.
WEAK = {"Washington", "Seoul", "Pyongyang", "Tokyo", "Beijing", "Canberra", "Korea", "Korean", "Koreans", "American", "Americans", "America", "US"}

# Capitals stand for their governments in prose ("Seoul and Washington agreed"),
# but a statement's metadata takes its parties from names, short forms and adjectives only.
CAPITALS = frozenset({"Washington", "Seoul", "Pyongyang", "Tokyo", "Beijing", "Canberra"})

# How a party code is written for people.
NAMES: dict[str, str] = {
    "US": "United States", "KR": "Republic of Korea", "KP": "DPRK", "JP": "Japan", "CN": "China",
    "IN": "India", "AU": "Australia", "GB": "United Kingdom", "EU": "European Union", "G7": "G7",
    "QUAD": "Quad", "ASEAN": "ASEAN", "PH": "Philippines", "VN": "Viet Nam", "RU": "Russia", "UA": "Ukraine",
}


@dataclass(frozen=True)
class PartyMention:
    start: int
    end: int
    text: str
    code: str | None  # None: a place name that only looks like a party
    weak: bool = False


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str | None]]:
    lookup: dict[str, str | None] = {}
    for code, aliases in ALIASES.items():
        for alias in aliases:
            lookup[alias] = code
    alternatives = sorted(lookup, key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    # A match opens with "the" or an alias: looking at that one character first
    # spares trying every alias at every other word (same matches, a few times faster).
    first = "".join(sorted({re.escape(a[0]) for a in alternatives} | {"t"}))
    # An alias must not be glued to letters; "U.S." may be followed by "-ROK".
    return re.compile(rf"(?=[{first}])(?<![\w.])(?:the\s+)?({body})(?![a-z])(?!\w)"), lookup


def find_parties(text: str, offset: int = 0) -> list[PartyMention]:
    """Every party name, short form or adjective in ``text``, longest match first."""
    pattern, lookup = _pattern()
    out = []
    for m in pattern.finditer(text):
        alias = m.group(1)
        code = lookup.get(alias)
        out.append(PartyMention(offset + m.start(1), offset + m.end(1), alias, code, alias in WEAK))
    return out


def party_codes(text: str) -> list[str]:
    """Distinct party codes named in ``text``, in order of first mention."""
    seen: dict[str, None] = {}
    for mention in find_parties(text):
        if mention.code:
            seen.setdefault(mention.code, None)
    return list(seen)


def normalise_party(value: str) -> str | None:
    """A code or a name given by a user or front matter → the party code."""
    v = value.strip()
    if v.upper() in {c for c in ALIASES if c} | {"QUAD"}:
        return v.upper()
    found = party_codes(v)
    return found[0] if found else None
