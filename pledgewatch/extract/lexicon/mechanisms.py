"""Mechanism shapes as data: head nouns, connectors, words that are never part of a name."""

from __future__ import annotations

import re

# Nouns that head an institutional vehicle (singular, lower case; two-word heads too).
HEADS = frozenset(
    """group dialogue framework agreement accords accord treaty initiative partnership program programme fund
    commission command summit consultations consultation council forum organization organisation agenda charter
    protocol mechanism center centre facility coalition committee network cooperation conference convention
    agency administration office board platform compact arrangement pact process pledge corps club institute
    secretariat mission system policy declaration
    """.split()
) | frozenset({"task force", "working group", "working groups", "steering group", "trust fund", "memorandum of understanding", "action plan"})

# Words that end a document's name, not a body's: the guide leaves documents out.
DOCUMENT_WORDS = frozenset({"review", "act", "strategy", "report", "order", "statement", "resolution", "resolutions", "law", "vision", "policy-review"})

# Joining words allowed inside a proper name ("Summit for Democracy", "Law of the Sea").
CONNECTORS = frozenset({"of", "for", "on", "and", "&", "the"})

# Capitalised words that start a sentence or a bullet without being part of a name.
LEADING_DROP = frozenset(
    """the a an this these our their its establish launch support expand explore increase strengthen promote
    create develop build hold convene join sign welcome through under with by at in to from and as both
    """.split()
)

# Capitalised words never inside a mechanism's name.
NOT_NAME_WORDS = frozenset({"president", "presidents", "we", "i", "they", "it", "together", "both", "and"})

ACRONYM = re.compile(r"^(?=[A-Z0-9&]*[A-Z][A-Z0-9&]*$)[A-Z][A-Z0-9&]{1,7}$|^[A-Z][a-z]?[0-9]{1,2}$")

# Acronyms that name parties, fields, diseases or ordinary things, not mechanisms.
NOT_MECHANISM_ACRONYMS = frozenset(
    """US USA UK EU ROK DPRK PRC KR JP CN IN AU GB UAE AI STEM COVID R&D ICBM ICBMs WMD IUU GHG ZEV ZEVs EV EVs SMR SMRs
    LNG CEO CEOs GDP NGO NGOs PM AM HIV TB LGBTQI LGBTQI+ SSA CCUS CO2 IT ICT OPCON IRA DOD DOE
    """.split()
)

DOTTED = re.compile(r"^(?:[A-Z]\.){2,}(?:-[A-Z]+)?$|^[A-Z][a-z]{0,3}\.$")

# A unit that creates something: only then is an unnamed lower-case body a mechanism.
CREATION = re.compile(r"\b(?:establish\w*|launch\w*|creat\w*|set(?:ting)? up|announc\w*|inaugurat\w*|form(?:s|ed|ing)? a|new|initiat\w*|convene\w*|hold\w*|renew\w*)\b")

_LOWER_HEADS = r"dialogue|working group|task force|mechanism|initiative|program|programme|framework|frameworks|fund|office|partnership|consultations|commission|committee|forum|platform|center|centre|memorandum of understanding|cyber-working group"
LOWER_BODY = re.compile(
    rf"(?:\b(?i:establish|launch|creat|set|announc|form|initiat|inaugurat|open|convene|hold)\w*(?:\s+up)?\s+(?:a|an|the|its|their|our)\s+(?:new\s+)?|\bnew\s+)"
    rf"(?:first\s+|senior-level\s+|high-level\s+|comprehensive\s+)*"
    rf"(?P<name>(?:(?!(?:and|or|of|for|with|to|the|a|an|new)\b)[a-zA-Z][\w\-]*\s+){{0,4}}(?P<head>{_LOWER_HEADS}))\b"
)
# lower-case words that may follow a proper name and end with a head: "Artemis program"
LOWER_TAIL = re.compile(rf"^\s+(?:[a-z][\w\-]*\s+){{0,1}}({_LOWER_HEADS}|agreement|program|initiative)\b")
