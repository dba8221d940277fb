"""Word lists and regex fragments for amounts and timeframes (rules as data).

``pledgewatch.extract.values`` composes its patterns from what is here and
nowhere else, so widening coverage (a currency, a people noun, a vague time
phrase) is an edit to this file. Multi-word entries may be written with single
spaces: the code lets any run of whitespace match them. Keys are lower-case
unless the comment says the list is case-sensitive.
"""

from __future__ import annotations

VERSION = "values-lexicon-2"

# --- numbers ------------------------------------------------------------------

# ASCII digits only ("2,023", "2.5", "60"): a thousands comma must be followed
# by exactly three digits, so "1,2" is not one number.
DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1,
    "a dozen": 12, "a hundred": 100,
}
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Scale words that may stand apart from the number ("2.5 billion", "$3 bn").
SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "crore": 1e7, "mn": 1e6, "mln": 1e6, "mil": 1e6,
    "bn": 1e9, "bil": 1e9, "tn": 1e12,
}
# Scale letters that only count when glued to the digits ("$200M", "100K").
SCALE_SUFFIXES: dict[str, float] = {
    "k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "t": 1e12, "bn": 1e9, "mn": 1e6,
}

# Words written before an amount that bound it; value is how ("min": the
# amount is a floor, "max": a ceiling, "approx").
QUALIFIERS: dict[str, str] = {
    "more than": "min", "over": "min", "at least": "min", "in excess of": "min",
    "upwards of": "min", "well over": "min", "no less than": "min",
    "not less than": "min", "up to": "max", "less than": "max",
    "no more than": "max", "not more than": "max", "under": "max",
    "nearly": "approx", "almost": "approx", "about": "approx",
    "approximately": "approx", "around": "approx", "roughly": "approx",
    "some": "approx", "close to": "approx", "an estimated": "approx",
}

# --- currencies ------------------------------------------------------------------

# Written before the number; case-sensitive. "$" alone is read as USD: the
# symbol is kept in the normalised value so a caller that knows the statement
# is Australian (say) can re-read it.
CURRENCY_PREFIXES: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "USD$": "USD", "$": "USD",
    "A$": "AUD", "AU$": "AUD", "AUD$": "AUD", "C$": "CAD", "CA$": "CAD",
    "NZ$": "NZD", "S$": "SGD", "HK$": "HKD", "NT$": "TWD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "JP¥": "JPY", "CN¥": "CNY",
    "₩": "KRW", "₹": "INR", "Rs.": "INR", "Rs": "INR", "₱": "PHP", "₫": "VND",
}
# ISO codes, before ("USD 2 billion", "KRW1 trillion") or after the number.
CURRENCY_CODES = (
    "USD", "EUR", "GBP", "JPY", "KRW", "CNY", "RMB", "INR", "AUD", "CAD",
    "NZD", "SGD", "HKD", "TWD", "CHF", "PHP", "VND", "IDR", "THB", "MYR",
    "BRL", "MXN", "ZAR", "SAR", "AED",
)
CODE_ALIASES: dict[str, str] = {"RMB": "CNY"}

# Written after the number ("500 billion yen", "10 million U.S. dollars").
# Matched case-insensitively. A bare "dollars" is read as USD, like "$".
CURRENCY_NAMES: dict[str, str] = {
    "u.s. dollars": "USD", "us dollars": "USD", "united states dollars": "USD",
    "american dollars": "USD", "australian dollars": "AUD",
    "canadian dollars": "CAD", "new zealand dollars": "NZD",
    "singapore dollars": "SGD", "hong kong dollars": "HKD",
    "taiwan dollars": "TWD", "new taiwan dollars": "TWD",
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "pounds": "GBP", "sterling": "GBP",
    "japanese yen": "JPY", "yen": "JPY", "korean won": "KRW", "won": "KRW",
    "yuan": "CNY", "renminbi": "CNY", "indian rupees": "INR", "rupees": "INR",
    "philippine pesos": "PHP", "pesos": "PHP", "dong": "VND",
    "rupiah": "IDR", "baht": "THB", "ringgit": "MYR", "swiss francs": "CHF",
}

# --- counts ------------------------------------------------------------------------

# Nouns for people: a count of these gets unit "people" (the noun is kept).
PEOPLE_NOUNS = frozenset("""
people persons individuals citizens nationals residents students scholars
fellows grantees awardees recipients participants trainees interns alumni
teachers educators professors researchers scientists engineers experts
professionals officials diplomats leaders youth women men girls boys children
refugees migrants workers employees staff personnel troops soldiers
servicemembers sailors marines airmen police officers doctors nurses
volunteers entrepreneurs delegates members beneficiaries patients families
households visitors tourists travelers travellers exchangees learners
specialists practitioners journalists athletes veterans survivors
""".split())

# Demonyms for people that do not end in "-ans" (which the code accepts when
# capitalised: "Koreans", "Americans"). Case-sensitive.
DEMONYMS = frozenset("""
Japanese Chinese Vietnamese Taiwanese Burmese Lebanese Sudanese Filipinos
Thais Pakistanis Bangladeshis Israelis Kuwaitis Qataris Emiratis Iraqis
Afghans Kiwis Swiss French British Irish Dutch Danes Finns Swedes Poles
Scots Brits Turks Greeks
""".split())

# Count nouns that do not end in "s" (the code takes "-s" plurals as nouns).
IRREGULAR_PLURALS = frozenset(
    "people children women men personnel staff police youth aircraft "
    "spacecraft sheep cattle fish equipment".split()
)

# A number followed by one of these is a measure, a share or a span of time,
# not a count: "1.5 degrees", "40 percent", "70 years" (time spans are the
# timeframe finder's business, and only with a preposition: "over five years").
NOT_COUNT_NOUNS = frozenset("""
percent percentage per cent points basis degrees celsius fahrenheit
tons tonnes kilotons megatons gigatons kilograms kg grams g pounds lbs ounces
kilometers kilometres km miles meters metres m feet ft inches cm mm
hectares acres square cubic gigawatts megawatts kilowatts gw mw kw gwh twh kwh
mwh watts volts barrels liters litres gallons bcm mtpa times fold
years months weeks days hours minutes seconds decades centuries quarters
am pm
""".split())

# Words that end a count's noun phrase: the noun must come before them
# ("10 participants from each side" -> "10 participants").
NP_STOPWORDS = frozenset("""
a an the of for to in on at by from with without under over across between
among through into within per via about around against toward towards during
including like such as than and or but nor each every this that these those
their its our his her your my who whom whose which what where when while will
would shall should can could may might must is are was were be been being
has have had do does did also more most less not no it they we he she them
us there here then so if both all any other another same up down out off
""".split())

# --- labelled numbers (never amounts or dates) ------------------------------------

# A number right after one of these names a document part or a series item:
# "resolution 2397", "No. 2", "Article 5", "Phase 3" (case-insensitive). A
# list of numbers after the word is covered too ("resolutions 2375 and 2397").
LABEL_WORDS = (
    "resolution", "resolutions", "unscr", "unscrs", "no.", "nos.", "number",
    "article", "articles", "section", "sections", "chapter", "paragraph",
    "paragraphs", "annex", "rule", "phase", "title", "item", "vol.", "volume",
    "page", "pp.", "flight", "model", "version", "level", "stage", "tier",
    "category", "class", "type", "grade", "route",
)

# --- time ---------------------------------------------------------------------------

# Case-sensitive: "May" the month, not "may" the verb.
MONTHS: dict[str, int] = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6,
    "July": 7, "August": 8, "September": 9, "October": 10, "November": 11,
    "December": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
    "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}

# Meteorological seasons of the northern hemisphere: (first month, months).
# Winter runs into the next year. "Fall" is the word the U.S. uses.
SEASONS: dict[str, tuple[int, int]] = {
    "spring": (3, 3), "summer": (6, 3), "fall": (9, 3), "autumn": (9, 3),
    "winter": (12, 3),
}

# Relation words before a time expression, by what they make of it.
#  deadline: the action ends by the bound ("by 2050", "no later than 2050")
#  before:   strictly before it starts ("before 2030" -> 2029-12-31)
#  within:   during it ("in May", "on May 21, 2022", "over five years")
#  start:    from it on, open-ended ("from 2024", "beginning in May")
#  after:    after it ends, open-ended ("after 2025")
#  since:    history ("since 2009"): dropped
RELATIONS: dict[str, str] = {
    "by": "deadline", "no later than": "deadline", "not later than": "deadline",
    "until": "deadline", "till": "deadline", "through": "deadline",
    "thru": "deadline", "up to": "deadline", "by the latest": "deadline",
    "before": "before", "prior to": "before", "ahead of": "before",
    "in": "within", "during": "within", "on": "within", "at": "within",
    "for": "within", "throughout": "within", "within": "within",
    "over": "within", "across": "within", "around": "within",
    "sometime in": "within", "some time in": "within",
    "from": "start", "beginning": "start", "beginning in": "start",
    "beginning from": "start", "starting": "start", "starting in": "start",
    "starting from": "start", "as of": "start", "as early as": "start",
    "effective": "start", "after": "after", "since": "since",
}

# Words that take a part of a period ("the end of the year", "early next
# year", "the first half of 2024", "mid-2025"): value is the part's name.
PARTS_OF: dict[str, str] = {  # written "the X of"
    "end": "end", "very end": "end", "close": "end", "beginning": "begin",
    "start": "begin", "middle": "mid", "first half": "h1", "second half": "h2",
    "latter half": "h2", "first quarter": "q1", "second quarter": "q2",
    "third quarter": "q3", "fourth quarter": "q4", "final quarter": "q4",
    "last quarter": "q4", "remainder": "later", "rest": "later",
}
PART_PREFIXES: dict[str, str] = {  # written "X 2024", "X-2024", "X in May"
    "early": "early", "mid": "mid", "late": "late", "later": "later",
    "earlier": "earlier", "end": "end",
}

# "this year", "next month", "the coming year"; value: offset in units from
# the one the document is dated in (None: the past, which is history).
RELATIVE_DETERMINERS: dict[str, int | None] = {
    "this": 0, "the current": 0, "the present": 0, "the same": 0, "the": 0,
    "next": 1, "the next": 1, "the coming": 1, "the following": 1,
    "the upcoming": 1, "last": None, "the past": None, "the previous": None,
    "the last": None,
}
RELATIVE_UNITS = ("year", "month", "week", "decade", "century", "quarter")

DURATION_UNITS: dict[str, str] = {  # singular -> ISO 8601 designator
    "year": "Y", "month": "M", "week": "W", "day": "D", "decade": "Y",
    "century": "Y",
}
DURATION_FACTOR = {"decade": 10, "century": 100}
# Nouns that may follow "the 2021-2025" or "a five-year".
PERIOD_NOUNS = ("period", "timeframe", "time frame", "cycle", "window", "span", "horizon")

# Written right after a time span, these make it history ("seventy years ago",
# "in the seven years since they were signed").
PAST_AFTER = ("ago", "earlier", "previously", "before now", "since")

# Adverbs and phrases of repetition; value: ISO 8601 period.
RECURRENCES: dict[str, str] = {
    "annually": "P1Y", "yearly": "P1Y", "every year": "P1Y", "each year": "P1Y",
    "once a year": "P1Y", "once per year": "P1Y", "per year": "P1Y",
    "per annum": "P1Y", "on an annual basis": "P1Y", "on a yearly basis": "P1Y",
    "biennially": "P2Y", "every other year": "P2Y", "every two years": "P2Y",
    "on a biennial basis": "P2Y", "biannually": "P6M", "semi-annually": "P6M",
    "semiannually": "P6M", "twice a year": "P6M", "twice per year": "P6M",
    "quarterly": "P3M", "on a quarterly basis": "P3M", "every quarter": "P3M",
    "monthly": "P1M", "every month": "P1M", "each month": "P1M",
    "on a monthly basis": "P1M", "every three years": "P3Y",
    "every four years": "P4Y", "every five years": "P5Y",
}
# The rate an amount is spent at ("$5 million a year"): only right after one.
AMOUNT_RATES: dict[str, str] = {
    "a year": "P1Y", "per year": "P1Y", "each year": "P1Y", "every year": "P1Y",
    "annually": "P1Y", "per annum": "P1Y", "a month": "P1M", "per month": "P1M",
    "monthly": "P1M",
}

# Nouns of an undertaking that a written span bounds: "a five-year plan", "a
# two-year effort", "a decade-long campaign". Not nouns of a relationship or
# its past ("a 70-year partnership", "the 70-year alliance", "a decade-long
# war"): those tell an age, not a bound.
PLAN_NOUNS = (
    "plan", "plans", "action plan", "work plan", "programme", "programmes", "program", "programs",
    "effort", "efforts", "initiative", "initiatives", "project", "projects", "strategy", "strategies",
    "roadmap", "roadmaps", "road map", "commitment", "commitments", "pledge", "pledges", "agreement",
    "agreements", "arrangement", "arrangements", "deal", "contract", "contracts", "extension",
    "extensions", "mandate", "mandates", "term", "budget", "budgets", "investment", "investments",
    "campaign", "campaigns", "pilot", "pilots", "moratorium", "freeze", "lease", "loan", "loans",
    "grant", "grants", "fellowship", "fellowships", "scholarship", "scholarships", "mission",
    "missions", "deployment", "deployments", "rotation", "rotations", "package", "process",
    "target", "targets", "goal", "goals", "agenda", "framework", "fund", "facility",
)

# Time bounds that cannot be put on a calendar; kept as written, unresolved.
VAGUE_TIME = tuple(dict.fromkeys((
    "at the earliest date", "at the earliest possible date",
    "at the earliest opportunity", "at the earliest possible opportunity",
    "at an early date", "at the earliest", "as soon as possible",
    "as soon as practicable", "as early as possible", "as quickly as possible",
    "in a timely manner", "in a timely fashion", "in a timely and coordinated manner",
    "in a timely and effective manner", "without delay", "without further delay",
    "in the near future", "in the nearest future", "in the foreseeable future",
    "in the near term", "in the short term", "in the medium term",
    "in the long term", "over the long term", "in the short to medium term",
    "in the coming weeks", "in the coming months", "in the coming years",
    "in the coming decades", "in the weeks ahead", "in the months ahead",
    "in the years ahead", "in the months and years ahead",
    "in the weeks and months ahead", "in the next few weeks",
    "in the next few months", "in the next few years", "over the coming years",
    "over the coming months", "over the coming decades", "in the years to come",
    "in the months to come", "at a mutually agreeable time",
    "at a mutually agreeable date", "at a mutually convenient time",
    "at a mutually convenient date", "at a time of mutual convenience",
    "at an appropriate time", "at the appropriate time", "in due course",
    "soon", "shortly", "as soon as feasible", "at the earliest possible time",
    "in the period ahead", "in the coming period", "for years to come",
    "for decades to come", "for generations to come", "for the foreseeable future",
    *(  # "in the coming months", "over the next few years", "within the next several weeks"
        f"{prep} the {det} {span}"
        for prep in ("in", "over", "within", "during")
        for det in ("coming", "next few", "next several", "next couple of", "coming few")
        for span in ("weeks", "months", "years", "decades")
    ),
)))

# Time scopes with no calendar end (read as ``open_ended``), by why they have
# none: "standing", the undertaking holds always ("defend each other at all
# times"); "condition", it holds until something happens ("until further notice").
OPEN_ENDED: dict[str, str] = {
    "at all times": "standing", "in perpetuity": "standing", "indefinitely": "standing",
    "for all time": "standing", "on a permanent basis": "standing",
    "on an ongoing basis": "standing", "on a continuing basis": "standing",
    "until further notice": "condition",
}
# Conjunctions that open a condition the undertaking lasts until ("until a
# settlement is reached", "for as long as it takes", "as long as needed").
CONDITION_CONJUNCTIONS = (
    "until", "till", "until such time as", "as long as", "for as long as", "so long as", "for so long as",
)
# What may follow the conjunction alone: "as long as needed".
CONDITION_SHORT = ("needed", "necessary", "required", "possible", "warranted", "appropriate")
# A condition clause ends in a predicate: a form of "be"/"become" and one
# word ("is met", "is no longer needed"), or one of these verbs ("it takes",
# "the conflict ends", "the threat persists", "the agreement enters into force").
CONDITION_AUXILIARIES = ("is", "are", "has been", "have been", "becomes", "become", "gets", "get")
CONDITION_VERBS = (
    "takes", "take", "ends", "end", "persists", "persist", "remains", "remain", "continues", "continue",
    "lasts", "last", "exists", "exist", "prevails", "prevail", "ceases", "cease", "stops", "stop",
    "concludes", "conclude", "succeeds", "succeed", "returns", "return", "withdraws", "withdraw",
    "abandons", "abandon", "complies", "comply", "subsides", "subside", "requires", "require",
    "needs", "need", "enters into force", "enter into force", "takes effect", "take effect",
)
# Words a condition's subject never holds: they start another clause ("until
# 2030 and remain ...": a deadline, then a new verb).
CONDITION_SUBJECT_STOPS = (
    "and", "or", "but", "to", "will", "shall", "would", "we", "they", "which", "that", "when", "while",
)

# Past acts a date right after them dates ("met in Osaka on 28-29 June", "the
# plan adopted in May"): history, not a bound. Not after "be"/"been" ("will be
# held in May" is upcoming).
PAST_ACTS = (
    "met", "gathered", "convened", "assembled", "took place", "held", "signed", "adopted", "launched",
    "announced", "concluded", "endorsed", "issued", "agreed", "reached", "visited", "hosted",
    "established", "inaugurated", "opened",
)
# What an event leaves behind: "the commitments of our Summit on March 26"
# speaks of a Summit that has taken place, so its date is history.
EVENT_OUTCOMES = (
    "commitment", "commitments", "outcome", "outcomes", "decision", "decisions", "conclusion",
    "conclusions", "result", "results", "declaration", "declarations", "pledge", "pledges",
    "achievement", "achievements", "legacy", "deliverable", "deliverables", "statement",
    "statements", "communique", "communiqué", "communiques", "communiqués",
)
# Written right after a year, these make it a baseline ("below 2005 levels").
BASELINE_AFTER = ("levels", "level", "baseline", "baselines")

# Words before a count that make it a description of the parties, not
# something an undertaking serves or spends ("the Union, representing nearly
# 800 million citizens, ..."; "home to 2 billion people").
DESCRIPTIVE_BEFORE_COUNT = (
    "representing", "represent", "represents", "comprising", "comprise", "comprises", "encompassing",
    "home to", "accounting for", "account for", "accounts for", "population of", "populations of",
    "numbering",
)

# Named events used as deadlines ("by COP26", "before the next Quad Summit").
# Event heads are case-sensitive capitalised words; "COP" + number is special.
EVENT_HEADS = (
    "Summit", "summit", "Conference", "conference", "Ministerial", "ministerial", "Meeting", "meeting",
    "Games", "Olympics", "Expo", "Assembly", "Forum", "Leaders' Meeting",
    "Leaders’ Meeting", "Dialogue", "Convention", "Session", "session", "Congress", "Cup",
    "Festival", "Exhibition", "Championships",
)
# Words that make any named event a time bound.
EVENT_RELATIONS = ("before", "ahead of", "prior to", "in time for", "in advance of", "until")
# "by", "at", "during" name the agent or the occasion of past acts too ("fostered
# by the Summit on ...", "announced at the G20 Summit"): with these an event is
# a bound only when it is upcoming ("at the next Quad Summit") or, after "by",
# a numbered COP ("by COP26").
EVENT_RELATIONS_UPCOMING = ("at", "during", "on the margins of", "on the sidelines of")
EVENT_UPCOMING = ("next", "upcoming", "forthcoming")
# Determiners of an upcoming event: "the next Summit", "our next meeting".
EVENT_UPCOMING_DETERMINERS = ("the", "our", "its", "their")
