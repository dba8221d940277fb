"""Party names, short forms and adjectives → the guide's party codes.

The alias table is data. States use ISO 3166-1 alpha-2 codes; standing
groups that act as one use their name in capitals (``G7``, ``QUAD``,
``ASEAN``, ``PIF``; ``AFRICAN_UNION``, since ``AU`` is Australia). Place
names that merely contain a party's name ("the Korean Peninsula", "the South
China Sea") map to ``None`` so that the longer, non-party reading wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Names and short forms of each party (and the capitals written for their governments).
NAMES_OF: dict[str, tuple[str, ...]] = {
    # the Americas
    "US": ("United States of America", "United States", "U.S.A.", "USA", "U.S.", "US", "America", "Washington"),
    "CA": ("Canada",), "MX": ("Mexico", "United Mexican States"), "BR": ("Brazil",), "AR": ("Argentina",),
    "CL": ("Chile",), "CO": ("Colombia",), "PE": ("Peru",), "EC": ("Ecuador",), "VE": ("Venezuela",),
    "BO": ("Bolivia",), "PY": ("Paraguay",), "UY": ("Uruguay",), "CU": ("Cuba",), "PA": ("Panama",),
    "CR": ("Costa Rica",), "GT": ("Guatemala",), "HN": ("Honduras",), "SV": ("El Salvador",), "NI": ("Nicaragua",),
    "DO": ("Dominican Republic",), "HT": ("Haiti",), "JM": ("Jamaica",),
    # East Asia
    "KR": ("Republic of Korea", "ROK", "South Korea", "Korea", "Seoul"),
    "KP": ("Democratic People's Republic of Korea", "Democratic People’s Republic of Korea", "DPRK", "North Korea", "Pyongyang"),
    "JP": ("Japan", "Tokyo"),
    "CN": ("People's Republic of China", "People’s Republic of China", "PRC", "China", "Beijing"),
    "TW": ("Taiwan",), "HK": ("Hong Kong",), "MN": ("Mongolia",),
    # South and Central Asia
    "IN": ("India", "Republic of India"), "PK": ("Pakistan",), "BD": ("Bangladesh",), "LK": ("Sri Lanka",),
    "NP": ("Nepal",), "BT": ("Bhutan",), "MV": ("Maldives",), "AF": ("Afghanistan",), "KZ": ("Kazakhstan",),
    "UZ": ("Uzbekistan",), "KG": ("Kyrgyzstan", "Kyrgyz Republic"), "TJ": ("Tajikistan",), "TM": ("Turkmenistan",),
    # Southeast Asia
    "PH": ("Philippines", "Republic of the Philippines"), "VN": ("Viet Nam", "Vietnam"), "ID": ("Indonesia",),
    "TH": ("Thailand",), "SG": ("Singapore",), "MY": ("Malaysia",), "MM": ("Myanmar", "Burma"),
    "KH": ("Cambodia",), "LA": ("Lao PDR", "Lao People's Democratic Republic", "Lao People’s Democratic Republic", "Laos"),
    "BN": ("Brunei Darussalam", "Brunei"), "TL": ("Timor-Leste", "East Timor"),
    # Oceania
    "AU": ("Australia", "Canberra"), "NZ": ("New Zealand", "Aotearoa New Zealand"), "PG": ("Papua New Guinea",),
    "FJ": ("Fiji",), "SB": ("Solomon Islands",), "VU": ("Vanuatu",), "WS": ("Samoa",), "TO": ("Tonga",),
    "PW": ("Palau",), "FM": ("Federated States of Micronesia",), "MH": ("Marshall Islands",), "KI": ("Kiribati",),
    "TV": ("Tuvalu",), "NR": ("Nauru",), "CK": ("Cook Islands",), "NU": ("Niue",), "PF": ("French Polynesia",),
    "NC": ("New Caledonia",),
    # Europe
    "GB": ("United Kingdom", "U.K.", "UK", "Britain", "Great Britain"), "FR": ("France",), "DE": ("Germany",),
    "IT": ("Italy",), "ES": ("Spain",), "PT": ("Portugal",), "NL": ("Netherlands", "Kingdom of the Netherlands"),
    "BE": ("Belgium",), "LU": ("Luxembourg",), "IE": ("Ireland",), "AT": ("Austria",), "CH": ("Switzerland",),
    "SE": ("Sweden",), "NO": ("Norway",), "DK": ("Denmark",), "FI": ("Finland",), "IS": ("Iceland",),
    "EE": ("Estonia",), "LV": ("Latvia",), "LT": ("Lithuania",), "PL": ("Poland",),
    "CZ": ("Czech Republic", "Czechia"), "SK": ("Slovakia", "Slovak Republic"), "SI": ("Slovenia",),
    "HR": ("Croatia",), "HU": ("Hungary",), "RO": ("Romania",), "BG": ("Bulgaria",), "GR": ("Greece", "Hellenic Republic"),
    "CY": ("Cyprus",), "MT": ("Malta",), "AL": ("Albania",), "ME": ("Montenegro",), "MK": ("North Macedonia",),
    "RS": ("Serbia",), "BA": ("Bosnia and Herzegovina",), "MD": ("Moldova", "Republic of Moldova"), "GE": ("Georgia",),
    "UA": ("Ukraine",), "BY": ("Belarus",), "RU": ("Russian Federation", "Russia"), "TR": ("Türkiye", "Turkey"),
    "AM": ("Armenia",), "AZ": ("Azerbaijan",),
    # the Middle East and North Africa
    "IL": ("Israel",), "PS": ("State of Palestine", "Palestine"), "SA": ("Saudi Arabia", "Kingdom of Saudi Arabia"),
    "AE": ("United Arab Emirates", "UAE"), "QA": ("Qatar",), "KW": ("Kuwait",), "BH": ("Bahrain",), "OM": ("Oman",),
    "JO": ("Jordan",), "LB": ("Lebanon",), "SY": ("Syria",), "IQ": ("Iraq",), "IR": ("Iran", "Islamic Republic of Iran"),
    "YE": ("Yemen",), "EG": ("Egypt",), "MA": ("Morocco",), "DZ": ("Algeria",), "TN": ("Tunisia",), "LY": ("Libya",),
    # Sub-Saharan Africa
    "ZA": ("South Africa",), "NG": ("Nigeria",), "KE": ("Kenya",), "ET": ("Ethiopia",), "GH": ("Ghana",),
    "SN": ("Senegal",), "CI": ("Côte d'Ivoire", "Côte d’Ivoire", "Cote d'Ivoire"), "AO": ("Angola",), "TZ": ("Tanzania",),
    "UG": ("Uganda",), "RW": ("Rwanda",), "CD": ("Democratic Republic of the Congo", "DRC"), "SO": ("Somalia",),
    "SD": ("Sudan",), "SS": ("South Sudan",), "MZ": ("Mozambique",), "ZM": ("Zambia",), "ZW": ("Zimbabwe",),
    "NA": ("Namibia",), "BW": ("Botswana",), "CM": ("Cameroon",),
    # Standing groups that act as one: their name in capitals (guide, "Party codes").
    # The African Union is written out: "AU" is Australia's ISO code, and a bare
    # "AU" in a text is left unresolved rather than guessed.
    "EU": ("European Union", "EU", "European Commission", "European Council"),
    "G7": ("Group of Seven", "G7", "G-7"),
    "G20": ("Group of Twenty", "G20", "G-20"),
    "QUAD": ("Quad", "QUAD", "Quadrilateral Security Dialogue"),
    "ASEAN": ("Association of Southeast Asian Nations", "ASEAN"),
    "NATO": ("North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "NATO", "North Atlantic Alliance", "North Atlantic Council"),
    "AFRICAN_UNION": ("African Union",),
    "PIF": ("Pacific Islands Forum", "PIF"),
    "APEC": ("Asia-Pacific Economic Cooperation", "APEC"),
    "AUKUS": ("AUKUS",),
    "BRICS": ("BRICS",),
    "GCC": ("Gulf Cooperation Council", "GCC", "Cooperation Council for the Arab States of the Gulf"),
}

# Adjectives and demonyms: they name the party in a title or an opening (the
# statement's parties) but, as actors, its people or things ("Korean
# companies"), unless its agents follow ("the Korean Government").
ADJECTIVES_OF: dict[str, tuple[str, ...]] = {
    "US": ("American", "Americans"), "CA": ("Canadian", "Canadians"), "MX": ("Mexican",), "BR": ("Brazilian",),
    "AR": ("Argentine", "Argentinian"), "CL": ("Chilean",), "CO": ("Colombian",), "PE": ("Peruvian",),
    "VE": ("Venezuelan",), "CU": ("Cuban",), "PA": ("Panamanian",), "HT": ("Haitian",), "JM": ("Jamaican",),
    "KR": ("South Korean", "South Koreans", "Korean", "Koreans"), "KP": ("North Korean", "North Koreans"),
    "JP": ("Japanese",), "CN": ("Chinese",), "TW": ("Taiwanese",), "MN": ("Mongolian",),
    "IN": ("Indian", "Indians"), "PK": ("Pakistani",), "BD": ("Bangladeshi",), "LK": ("Sri Lankan",),
    "NP": ("Nepali", "Nepalese"), "AF": ("Afghan",), "KZ": ("Kazakh",), "UZ": ("Uzbek",),
    "PH": ("Philippine", "Filipino", "Filipinos"), "VN": ("Vietnamese",), "ID": ("Indonesian",), "TH": ("Thai",),
    "SG": ("Singaporean",), "MY": ("Malaysian",), "MM": ("Burmese",), "KH": ("Cambodian",),
    "AU": ("Australian", "Australians"), "NZ": ("New Zealander", "New Zealanders"), "FJ": ("Fijian",),
    "WS": ("Samoan",), "TO": ("Tongan",), "PW": ("Palauan",),
    "GB": ("British",), "FR": ("French",), "DE": ("German",), "IT": ("Italian",), "ES": ("Spanish",),
    "PT": ("Portuguese",), "NL": ("Dutch",), "BE": ("Belgian",), "IE": ("Irish",), "AT": ("Austrian",),
    "CH": ("Swiss",), "SE": ("Swedish",), "NO": ("Norwegian",), "DK": ("Danish",), "FI": ("Finnish",),
    "IS": ("Icelandic",), "EE": ("Estonian",), "LV": ("Latvian",), "LT": ("Lithuanian",), "PL": ("Polish",),
    "CZ": ("Czech",), "SK": ("Slovak",), "SI": ("Slovenian",), "HR": ("Croatian",), "HU": ("Hungarian",),
    "RO": ("Romanian",), "BG": ("Bulgarian",), "GR": ("Greek",), "CY": ("Cypriot",), "MT": ("Maltese",),
    "AL": ("Albanian",), "RS": ("Serbian",), "MD": ("Moldovan",), "GE": ("Georgian",), "UA": ("Ukrainian", "Ukrainians"),
    "BY": ("Belarusian",), "RU": ("Russian",), "TR": ("Turkish",), "AM": ("Armenian",), "AZ": ("Azerbaijani",),
    "IL": ("Israeli",), "PS": ("Palestinian",), "SA": ("Saudi",), "AE": ("Emirati",), "QA": ("Qatari",),
    "KW": ("Kuwaiti",), "JO": ("Jordanian",), "LB": ("Lebanese",), "SY": ("Syrian",), "IQ": ("Iraqi",),
    "IR": ("Iranian",), "YE": ("Yemeni",), "EG": ("Egyptian",), "MA": ("Moroccan",), "DZ": ("Algerian",),
    "TN": ("Tunisian",), "LY": ("Libyan",), "ZA": ("South African",), "NG": ("Nigerian",), "KE": ("Kenyan",),
    "ET": ("Ethiopian",), "GH": ("Ghanaian",), "SN": ("Senegalese",), "RW": ("Rwandan",), "UG": ("Ugandan",),
    "SO": ("Somali",), "SD": ("Sudanese",),
}

# Places and things whose names contain a party's name but are not the party:
# the longer, non-party reading wins. "European", "Europe", "Euro-Atlantic",
# "Indo-Pacific", "Asia", "Africa" are never aliases at all (they name regions,
# not the European or African Union).
PLACES = (
    "Korean Peninsula", "Korean peninsula", "Korean War", "Korean-American", "Korean-Americans", "Korea Strait",
    "South China Sea", "East China Sea", "Sea of Japan", "Indian Ocean", "Pacific Islander", "Pacific Islanders",
    "American and Korean people", "Asian-American", "Asian American", "Korean War Veterans",
    "Washington Declaration", "Washington Consensus", "Americas", "Latin America", "Latin American",
    "Central America", "Central American", "South America", "South American", "North America", "North American",
    "Pan-American", "Inter-American", "Ukraine war", "Taiwan Strait", "Philippine Sea", "West Philippine Sea",
    "Singapore Strait", "Gulf of Mexico", "New Mexico", "Panama Canal", "Irish Sea", "Timor Sea", "Gulf of Oman",
    "Native American", "Native Americans", "African American", "African Americans", "American Samoa",
)

# Standing groups: bodies that can themselves be a statement's party.
GROUPS = ("EU", "G7", "G20", "QUAD", "ASEAN", "NATO", "AFRICAN_UNION", "PIF", "APEC", "AUKUS", "BRICS", "GCC")

ALIASES: dict[str | None, tuple[str, ...]] = {
    **{code: names + ADJECTIVES_OF.get(code, ()) for code, names in NAMES_OF.items()},
    None: PLACES,
}
# Every adjective form: for actors, a party's people or things, not the party acting.
ADJECTIVES = frozenset(a for forms in ADJECTIVES_OF.values() for a in forms)

# Members of the groups, by code: a member named in a group's statement
# ("Japan will host …" in a G7 statement) acts for itself.
GROUP_MEMBERS: dict[str, frozenset[str]] = {
    "G7": frozenset("US JP GB FR DE IT CA EU".split()),
    "G20": frozenset("AR AU BR CA CN FR DE IN ID IT JP KR MX RU SA ZA TR GB US EU AFRICAN_UNION".split()),
    "QUAD": frozenset("US JP IN AU".split()),
    "ASEAN": frozenset("BN KH ID LA MY MM PH SG TH VN TL".split()),
    "EU": frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()),
    "NATO": frozenset(
        "AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES SE TR GB US".split()
    ),
    "AFRICAN_UNION": frozenset(
        """DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU MA MZ
        NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW EH""".split()
    ),
    "PIF": frozenset("AU CK FJ PF KI MH FM NR NC NZ NU PW PG WS SB TO TV VU".split()),
    "APEC": frozenset("AU BN CA CL CN HK ID JP KR MY MX NZ PG PE PH RU SG TW TH US VN".split()),
    "AUKUS": frozenset("AU GB US".split()),
    "BRICS": frozenset("BR RU IN CN ZA EG ET IR AE ID".split()),
    "GCC": frozenset("BH KW OM QA SA AE".split()),
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
# A capital naming a text or an event is a name, not a government: "the Washington Treaty", "the Tokyo Declaration".
_CAPITAL_AS_NAME = re.compile(
    r"\s+(?:Treaty|Declaration|Summit|Statement|Consensus|Agreement|Accords?|Process|Principles|Charter|Conference|"
    r"Convention|Protocol|Framework|Communiqu[ée]|Plan|Initiative|Forum|Dialogue|Round|Talks)\b"
)

# How a party code is written for people: its first name unless said here.
NAMES: dict[str, str] = {
    **{code: names[0] for code, names in NAMES_OF.items()},
    "US": "United States", "KR": "Republic of Korea", "KP": "DPRK", "CN": "China", "GB": "United Kingdom",
    "VN": "Viet Nam", "RU": "Russia", "QUAD": "Quad", "NATO": "NATO", "ASEAN": "ASEAN", "GCC": "GCC", "APEC": "APEC",
}


@dataclass(frozen=True)
class PartyMention:
    start: int
    end: int
    text: str
    code: str | None  # None: a place name that only looks like a party
    weak: bool = False


def _trie_pattern(words: list[str]) -> str:
    """An alternation of ``words`` as a prefix tree: the engine follows one branch instead of
    trying each of a few hundred aliases in turn; longer words are tried before their prefixes,
    so the longest alias that fits wins, as in a longest-first alternation."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str | None]]:
    lookup: dict[str, str | None] = {}
    for code, aliases in ALIASES.items():
        for alias in aliases:
            lookup[alias] = code
    alternatives = sorted(lookup, key=len, reverse=True)
    body = _trie_pattern(alternatives)
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
        if alias in CAPITALS and _CAPITAL_AS_NAME.match(text, m.end(1)):
            code = None
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
