"""Cue words of the tracking stage, as data: the undertaking ladder, mechanism
lifecycle events, boilerplate words that say nothing about *what* is undertaken.

Nothing here names a particular statement, party pair or mechanism. Patterns
are matched against lower-cased unit text. Version the lexicon when it changes.
"""

from __future__ import annotations

import re

from ..extract.lexicon.leaders import PERSON_TITLE_WORDS

TRACK_LEXICON_VERSION = "1"


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# --- the undertaking ladder ------------------------------------------------------------
# explore/discuss → agree/commit → establish/launch → convene/hold → expand.
# A unit's rung is the highest one its undertaking verbs reach; a preparatory
# word ("explore", "initiate discussions to …", "study concepts for …") caps what
# follows it in the same clause at the lowest rung: "agree to initiate
# discussions to expand X" is an exploration, not an expansion.
LADDER: tuple[tuple[str, str], ...] = (
    ("explore", _words(
        r"explor(?:e|es|ed|ing)", r"stud(?:y|ies|ied|ying)", r"examin(?:e|es|ed|ing)", r"assess(?:es|ed|ing)? the feasibility",
        r"feasibility", r"look(?:s|ing)? into", r"consider(?:s|ed|ing)?", r"discuss(?:es|ed|ing)?",
        r"initiat(?:e|es|ed|ing) (?:discussions|talks|consultations|a dialogue)", r"begin(?:s|ning)? (?:discussions|talks)",
        r"(?:seek|identify|identifying|find)(?:s|ing)? (?:possible |further |new )?(?:opportunities|ways|areas|options)",
        r"(?:work|cooperate|move)(?:s|ing)? toward(?:s)?", r"plans? to study", r"concepts? for",
    )),
    ("commit", _words(
        r"agree(?:s|d)? to", r"commit(?:s|ted|ting)?", r"commitments?", r"pledg(?:e|es|ed|ing)", r"decid(?:e|es|ed) to",
        r"will", r"shall", r"intend(?:s)? to", r"resolv(?:e|es|ed) to", r"undertak(?:e|es)", r"reaffirm(?:s|ed|ing)?",
        r"reiterat(?:e|es|ed|ing)", r"continu(?:e|es|ed|ing) to", r"(?:are|is|stand|stands) ready to", r"determined to",
        r"work(?:s|ing)? (?:together )?to", r"cooperat(?:e|es|ed|ing)", r"seek(?:s)? to", r"aim(?:s)? to",
    )),
    ("establish", _words(
        r"establish(?:es|ed|ing|ment)?", r"launch(?:es|ed|ing)?", r"creat(?:e|es|ed|ing|ion)", r"set(?:s|ting)? up",
        r"inaugurat(?:e|es|ed|ing|ion)", r"form(?:s|ed|ing)? (?:a|an|the)", r"found(?:s|ed|ing)? (?:a|an|the)",
        r"sign(?:s|ed|ing)?", r"conclud(?:e|es|ed|ing)", r"adopt(?:s|ed|ing)?", r"join(?:s|ed|ing)?",
        r"(?:re)?activat(?:e|es|ed|ing|ion)", r"announc(?:e|es|ed|ing) (?:a|an|the) (?:new|establishment|launch|creation)",
    )),
    ("convene", _words(
        r"conven(?:e|es|ed|ing)", r"hold(?:s|ing)? (?:a|an|the|its|their|regular|annual|biannual|the first|its first)",
        r"held", r"host(?:s|ed|ing)?", r"organi[sz](?:e|es|ed|ing) (?:a|an|the)", r"meet(?:s)? (?:regularly|annually|biannually)",
    )),
    ("expand", _words(
        r"expand(?:s|ed|ing)?", r"expansion", r"elevat(?:e|es|ed|ing)", r"upgrad(?:e|es|ed|ing)", r"scal(?:e|es|ed|ing) up",
        r"enlarg(?:e|es|ed|ing)", r"broaden(?:s|ed|ing)? (?:the|its|their) (?:membership|scope|mandate)",
        r"extend(?:s|ed|ing)? (?:the|its|their) (?:membership|scope|mandate)",
    )),
)
LADDER_NAMES = tuple(name for name, _ in LADDER)
LADDER_RE = tuple((i, name, re.compile(pattern)) for i, (name, pattern) in enumerate(LADDER))
# Where a clause ends (the cap of a preparatory word stops there).
CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\b(?:while|whereas)\b")


# --- what makes an undertaking more specific ---------------------------------------------
# Used when a value carries no normalised reading (a hand-made or older record).
MONEY_TEXT = re.compile(r"[$€£¥₩]|\b(?:usd|eur|dollars?|euros?|yen|won|pounds?|rupees?)\b", re.IGNORECASE)
VAGUE_TIME = re.compile(
    r"\b(?:timely|earliest|soon|nearest future|near future|mutual(?:ly)? (?:convenience|agreeable)|as appropriate|"
    r"in due course|when possible|going forward|coming years|future)\b",
    re.IGNORECASE,
)
TIME_WORDS = re.compile(
    r"\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|"
    r"fall|autumn|winter|year|month|quarter|decade|end of)\b",
    re.IGNORECASE,
)


# --- words that say nothing about *what* is undertaken -------------------------------------
# Speech-act and modality verbs, who-speaks nouns, generic cooperation words:
# present in nearly every unit, they would make unrelated undertakings look alike.
BOILERPLATE = frozenset(
    """
    president presidents leader leaders prime minister ministers premier chancellor secretary
    country countries nation nations government governments sides parties side party
    commit commits committed commitment commitments committing pledge pledges pledged
    reaffirm reaffirms reaffirmed reiterate reiterates reiterated recommit affirm affirmed
    agree agrees agreed decide decided intend intends intention intent resolve resolved
    continue continues continued continuing remain remains determined ready stand
    work works working together jointly closely close cooperate cooperates cooperating cooperation cooperative
    collaborate collaboration collaborative partner partners also further including include includes
    efforts effort shared share mutual common strengthen strengthening strengthened enhance enhancing
    deepen deepening promote promoting support supporting ensure ensuring important importance
    recognize recognizing recognized acknowledge welcome welcomed welcomes new today year
    """.split()
)

# Words of party names that still say what is undertaken: "people" is part of
# "People's Republic of China" but content in "people-to-people exchanges".
PARTY_NAME_CONTENT_WORDS = frozenset({"people", "people's"})

# Titles whose following capitalised words are a person's name (not content).
TITLES = PERSON_TITLE_WORDS


# --- mechanism lifecycle -----------------------------------------------------------------
# The event a unit records for a mechanism is read from the undertaking verb
# that governs the mention: the nearest cue before it in the same clause.
# Order matters only for ties at the same position.
EVENT_CUES: dict[str, str] = {
    "reactivated": _words(
        r"(?:re)?activat(?:e|es|ed|ing|ion)", r"reviv(?:e|es|ed|ing|al)", r"resum(?:e|es|ed|ing|ption)",
        r"relaunch(?:es|ed|ing)?", r"re-?launch(?:es|ed|ing)?", r"restart(?:s|ed|ing)?", r"re-?establish(?:es|ed|ing|ment)?",
        r"re-?convene[sd]?",
    ),
    "established": _words(
        r"establish(?:es|ed|ing|ment)?", r"launch(?:es|ed|ing)?", r"creat(?:e|es|ed|ing|ion)", r"set(?:s|ting)? up",
        r"inaugurat(?:e|es|ed|ing|ion)", r"form(?:s|ed|ing|ation)?", r"found(?:s|ed|ing)?", r"formulat(?:e|es|ed|ing|ion)",
        r"develop(?:s|ed|ing)? (?:a|an|the)", r"open(?:s|ed|ing)? (?:a|an)", r"joined", r"stand(?:s|ing)? up", r"institut(?:e|es|ed)",
        r"announc(?:e|es|ed|ing)", r"unveil(?:s|ed|ing)?",
    ),
    "agreed": _words(
        r"sign(?:s|ed|ing)?", r"conclud(?:e|es|ed|ing)", r"conclusion", r"ratif(?:y|ies|ied|ying|ication)",
        r"endors(?:e|es|ed|ing|ement)", r"adopt(?:s|ed|ing|ion)?", r"renew(?:s|ed|ing|al)?", r"join(?:s|ing)?",
        r"accede[sd]?", r"accession", r"enter(?:s|ed)? into", r"entry into force", r"decision to (?:join|sign|participate)",
        r"participat(?:e|es|ed|ing|ion)",
    ),
    "convened": _words(
        r"conven(?:e|es|ed|ing)", r"hold(?:s|ing)?", r"held", r"host(?:s|ed|ing)?", r"organi[sz](?:e|es|ed|ing)",
        r"meets", r"\d+(?:st|nd|rd|th)", r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?! of its kind)(?!-ever)",
        r"next", r"inaugural", r"upcoming",
    ),
    "strengthened": _words(
        r"strengthen(?:s|ed|ing)?", r"expand(?:s|ed|ing)?", r"expansion", r"enhanc(?:e|es|ed|ing)", r"elevat(?:e|es|ed|ing)",
        r"upgrad(?:e|es|ed|ing)", r"scal(?:e|es|ed|ing) up", r"increas(?:e|es|ed|ing)", r"boost(?:s|ed|ing)?",
        r"reinforc(?:e|es|ed|ing)", r"bolster(?:s|ed|ing)?", r"deepen(?:s|ed|ing)?", r"broaden(?:s|ed|ing)?",
        r"reform(?:s|ed|ing)?", r"support(?:s|ed|ing)?", r"fund(?:s|ed|ing)?", r"contribut(?:e|es|ed|ing|ion|ions)",
        r"pledges? (?:to|of)", r"invest(?:s|ed|ing|ment|ments)? in", r"provid(?:e|es|ed|ing) (?:resources|funding|financing)",
        r"ensur(?:e|es|ed|ing) the success", r"(?:take|takes|taking|took|play|plays|playing) (?:a|the) (?:leading|leadership|lead) role",
    ),
    "proposed": _words(
        r"explor(?:e|es|ed|ing)", r"stud(?:y|ies|ied|ying)", r"consider(?:s|ed|ing)?", r"propos(?:e|es|ed|ing|al)",
        r"toward(?:s)?", r"initiat(?:e|es|ed|ing) (?:discussions|talks|negotiations|consultations)",
        r"negotiat(?:e|es|ed|ing|ion|ions)", r"feasibility", r"discuss(?:es|ed|ing)?", r"discussions? (?:on|of|about|toward|towards)",
        r"begin(?:s|ning)? (?:discussions|talks|negotiations|consultations)", r"call(?:s|ed)? for",
        r"look(?:s|ing)? into", r"plans? to", r"aim(?:s)? to (?:conclude|sign|establish|launch)",
    ),
}
EVENT_CUES_RE = {event: re.compile(pattern) for event, pattern in EVENT_CUES.items()}
# A preparatory word before the governing verb makes the event a proposal:
# "cooperate towards … signing X", "initiate discussions to … conclude X".
PREPARATORY = re.compile(EVENT_CUES["proposed"])
# A preposition between the governing verb and the mention makes the mechanism
# the vehicle of another action ("expand cooperation through X", "work with
# X", "consistent with X"): the mechanism is referenced, not acted on.
VEHICLE = re.compile(
    r"\b(?:through|via|under|within|with|at|consistent with|in accordance with|in line with|"
    r"in coordination with|in cooperation with|building (?:on|upon)|based on|by means of|using|such as|between|among|"
    r"recogni[sz](?:e|es|ed|ing)|acknowledg(?:e|es|ed|ing)|importance of)\b"
)
# Clause openers after which nothing in the clause acts on the mechanism ("Building on
# the ROK's previous commitment to participate in X", "Recognizing the role of X").
REFERENCE_CLAUSE = re.compile(
    r"^\W*(?:building (?:on|upon)|based on|recogni[sz]ing|acknowledging|noting|consistent with|in line with|as part of)\b"
)
# A mechanism named as new or unprecedented is being set up by this unit.
# Only modifiers may stand between the marker and the name ("a new, sustainable X").
NEW_MECHANISM = re.compile(
    r"\b(?:a|an) (?:new|first[- ]of[- ]its[- ]kind|first[- ]ever|inaugural)\b(?P<between>(?:[ ,]+[\w\-’']+){0,4}?)[ ,]*$"
)
NOT_MODIFIERS = frozenset(
    "with by to for of on in at through under via conducted held led and or that which who will would is are was were".split()
)
# How many words before a mention a governing cue may stand, at most.
EVENT_WINDOW_WORDS = 14
# Passives after a mention: "X will be launched", "X, to be held in May".
EVENT_AFTER = {
    "established": re.compile(r"^\W{0,3}(?:\([^)]*\)\W*)?(?:will be|to be|was|is|has been|have been) (?:established|launched|created|set up|formed)\b"),
    "convened": re.compile(r"^\W{0,3}(?:\([^)]*\)\W*)?(?:will be|to be|was|is) (?:held|convened|hosted)\b|^\W{0,3}(?:\([^)]*\)\W*)?will (?:meet|convene)\b"),
    "reactivated": re.compile(r"^\W{0,3}(?:\([^)]*\)\W*)?(?:will be|to be|was|is) (?:reactivated|revived|resumed|relaunched)\b"),
}

# Document types that lead a meeting's label (the others accompany them).
LEAD_DOC_TYPES = ("joint_statement", "communique", "declaration", "press_statement", "fact_sheet", "other")
