"""The shapes of a mechanism mention, as data (see ``extract.mechanisms``).

Nothing here names a particular mechanism: these are the nouns that head an
institutional vehicle, the small words that may sit inside a proper name,
and the words and abbreviations that look like names but are not vehicles
(parties, fields, documents, titles). Words are lower case unless the entry
says otherwise.
"""

from __future__ import annotations

from .leaders import PERSON_TITLE_WORDS

# --- heads --------------------------------------------------------------------

# Nouns that head a capitalised mechanism name ("… Consultative Group",
# "… Economic Framework", "Summit for …"). Plurals are folded to these forms
# by the code ("Accords", "Working Groups", "Consultations").
PROPER_HEADS = frozenset(
    """
    group dialogue framework agreement accord accords treaty initiative partnership program programme
    fund commission command summit consultation consultations council forum organization organisation
    agenda charter protocol mechanism alliance center centre agency administration facility coalition
    committee network body cooperation conference convention platform compact pact arrangement regime
    process board assembly secretariat pledge declaration system policy accelerator bank talks meeting
    ministerial club consortium taskforce blueprint
    """.split()
)
# (A "Blueprint for …" is an agreed programme of cooperation, as an agenda is;
# a "… Strategy", "Roadmap" or "Vision" is a text the parties refer to, see
# DOCUMENT_WORDS.)

# Meeting formats named by how many ministers each side sends, the same
# number on both sides ("2+2": the foreign and defence ministers of two
# parties; "3+3"). Such a word names a meeting series on its own, like a head
# noun, and may be a name's bracketed alias ("… Committee (2+2)"). A regular
# expression, matched against a whole word.
MEETING_FORMAT = r"([1-9])\+\1"

# Heads of several words, matched before the one-word ones. Those with a
# connector in them ("memorandum of understanding") run past the connector
# that otherwise ends a name's main part.
PHRASE_HEADS = frozenset(
    {"task force", "working group", "steering group", "contact group", "trust fund", "memorandum of understanding",
     "memorandum of cooperation"}
)

# Heads that are also ordinary title-case nouns inside other names ("Office
# of Science and Technology Policy", "ASEAN Outlook on Maritime
# Cooperation"): after the "of"/"on" of a name without a head of its own,
# they do not start a mechanism.
WEAK_HEADS = frozenset(
    "cooperation policy system process agenda body network platform meeting board center centre mechanism".split()
)

# Heads that also name the parties' relationship itself ("the U.S.-ROK
# Alliance", "our Comprehensive Strategic Partnership"): with nothing but
# party names and relationship adjectives in front of them, they are the
# relationship (domain ``alliance``), not a vehicle.
RELATIONSHIP_HEADS = frozenset({"alliance", "partnership", "relationship", "friendship"})
RELATIONSHIP_WORDS = frozenset(
    """
    comprehensive global strategic enduring ironclad special bilateral trilateral future-oriented
    full-fledged new our their mutual
    """.split()
)
# Regional adjectives, which in front of a relationship head say where the
# parties are, not what a vehicle does ("our Transatlantic partnership", "the
# North Atlantic Alliance", "an Indo-Pacific partnership"): word endings
# (so "Euro-Atlantic", "Trans-Pacific" count) and compass words.
REGION_ENDINGS = (
    "atlantic", "pacific", "asian", "european", "african", "american", "arctic", "oceanic", "nordic", "baltic",
    "mediterranean", "caribbean", "continental", "hemispheric",
)
COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast southwest".split()
)

# A declaration is a document unless it is one others sign up to, which in a
# name shows as a post-modifier ("Declaration for the Future of …"); a bare
# "X Declaration" is a text the parties refer to.
NEEDS_POSTMODIFIER = frozenset({"declaration"})

# Heads that also name a party's government, an actor rather than a vehicle.
# A government's name is one word (a leader's surname, a pair of them, a
# party) in front of the head and nothing after it ("the Kishida
# Administration", "the Smith-Jones Administration"); an agency's name
# describes its field in more words ("National … and … Administration",
# "Administration for …").
GOVERNMENT_HEADS = frozenset({"administration"})

# Heads allowed in lower case, after a capitalised modifier ("Artemis
# program", "… (FIRST) program", "GHS coordinating office") or in a body
# being created ("a bilateral investment screening working group").
# Deliberately narrower than PROPER_HEADS: lower-case "cooperation",
# "system", "summit", "policy" or "agreement to …" are everyday words.
LOWER_HEADS = frozenset(
    """
    dialogue dialogues framework frameworks initiative initiatives program programs programme programmes
    fund mechanism mechanisms partnership office forum platform network networks center centre
    commission committee council consultations consortium coalition facility arrangement arrangements
    """.split()
)
LOWER_PHRASE_HEADS = frozenset(
    {"working group", "working groups", "task force", "steering group", "experts group", "expert group",
     "contact group", "memorandum of understanding", "memorandum of cooperation", "trust fund"}
)
# Lower-case heads accepted only in the "Name + lower-case head" shape
# ("Reciprocal Defense Procurement agreement"), not alone in lower case.
TAIL_ONLY_HEADS = frozenset({"agreement", "process", "accords", "treaty"})

# Words that end a document's name: "CHIPS and Science Act", "… Strategy".
DOCUMENT_WORDS = frozenset(
    """
    act acts strategy review order law laws report statement plan roadmap vision guidelines outlook
    communique communiqué principles resolution declaration
    """.split()
)

# Nouns after a capitalised name that make the name a document's owner, not
# a vehicle: "UN Security Council resolutions".
DOCUMENT_TAIL = frozenset(
    """
    resolution resolutions report reports statement statements communique communiqué communiques
    communiqués guidelines decision decisions declaration declarations
    """.split()
)

# --- inside a capitalised run ------------------------------------------------------------

# Small words that may join the words of one proper name ("Summit for
# Democracy", "Convention on the Law of the Sea", "Partners in the Blue
# Pacific", "Access to COVID-19 Tools Accelerator", "Commission for Democracy
# through Law"). Which of them really join is decided by the code: "and" and
# "in" often sit between two names, "through" joins only inside a name's
# post-modifier.
CONNECTORS = ("of", "for", "on", "and", "&", "in", "to", "through")

# Capitalised words that begin a clause without being part of a name.
FUNCTION_CAPS = frozenset(
    """
    the a an this these that those our their its his her we they it he she both together in on at for
    to as by with through under and but also further furthermore additionally moreover today following
    tomorrow yesterday each all any every other another some such since while when where if
    """.split()
)

# Imperative verbs that open fact-sheet bullets ("Establish U.S.-ROK …",
# "Promote ASEAN centrality"): dropped when they are a clause's first word.
CLAUSE_VERBS = frozenset(
    """
    establish launch create explore support expand increase promote strengthen deepen enhance advance
    build develop continue work cooperate collaborate coordinate commit pledge announce renew partner
    host hold convene join sign endorse implement facilitate ensure foster encourage provide invest
    fund contribute align leverage share reaffirm reiterate welcome recognize recognise seek pursue
    bolster reinforce accelerate elevate improve address combat counter prevent protect maintain
    train conduct engage identify assess consult designate co-host mobilize mobilise deploy help
    unveil introduce initiate set form open upgrade broaden intensify institutionalize
    institutionalise operationalize operationalise reinvigorate revitalize revitalise reactivate
    complete conclude finalize finalise negotiate ratify
    """.split()
)

# Titles: a capitalised run starting with one names a person or office
# holder ("President of the Asian Development Bank"); the name, if any,
# comes after its "of".
TITLES = PERSON_TITLE_WORDS | frozenset(
    """
    ministers secretaries chairs chairperson directors ambassadors envoy envoys governor deputy vice
    administrator commissioner representative representatives spokesperson prince leader leaders
    member members head heads senator congressman
    """.split()
)

# Words that never continue a name after a connector ("… Council on Monday").
DATE_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday spring summer fall autumn winter
    """.split()
)

# Participles that make a word an attribute of what follows ("U.S.-led",
# "ASEAN-centred"): never the start of a name.
LED_SUFFIXES = (
    "-led", "-hosted", "-backed", "-funded", "-sponsored", "-supported", "-chaired", "-initiated", "-proposed",
    "-centered", "-centred",
)

# Words that spread a plural name over the parties, one each ("their
# respective National Security Councils", "our Space Councils"): the parties'
# own organs, actors rather than one shared vehicle. A shared vehicle in the
# plural is named without them ("the Coral Reef Working Groups").
DISTRIBUTIVE_WORDS = frozenset({"their", "our", "respective"})

# --- lower-case bodies being created -------------------------------------------------

# Words (as regular expressions) near a lower-case body that say it is being
# set up (or renewed, or held): only then is "a … working group" a specific
# body and not a category.
CREATION_WORDS = (
    r"establish\w*", r"launch\w*", r"creat\w*", r"form(?:s|ed|ing|ation)?", r"found(?:s|ed|ing)?",
    # the verb only: the noun "initiative" names a vehicle, it does not set one up
    r"initiat(?:e|es|ed|ing|ion)", r"inaugurat\w*", r"sign(?:s|ed|ing)?",
    # "extended for three years the … arrangements"; "extended" alone is an adjective ("extended deterrence")
    r"extend(?:s|ing)?", r"extended(?=\s+(?:for|until|to|through)\b)",
    r"renew\w*", r"start(?:s|ed|ing)?", r"begin\w*", r"institute[sd]?",
    r"instituting", r"convene\w*", r"hold(?:s|ing)?", r"held", r"host(?:s|ed|ing)?", r"new", r"first",
    r"announc\w*", r"unveil\w*", r"reactivat\w*", r"relaunch\w*", r"re-launch\w*", r"resum\w*",
    r"set(?:s|ting)?\s+up", r"stand(?:s|ing)?\s+up", r"stood\s+up",
)
# A definite lower-case body the action runs through ("through the bilateral
# space policy dialogue"): the preposition stands right before "the".
THROUGH_WORDS = frozenset({"through", "via", "under", "within"})

# Determiners that open a lower-case body's noun phrase.
DETERMINERS = frozenset({"a", "an", "the", "its", "their", "our", "his", "her", "this", "these", "new"})

# Adjectives that do not make a lower-case body specific ("a new
# partnership", "the existing mechanisms", "a joint committee").
GENERIC_ADJECTIVES = frozenset(
    """
    new existing regular annual comprehensive first second third such other relevant appropriate
    additional further possible future various similar same senior-level high-level working-level
    technical-level ministerial-level leaders-level leader-level expert-level sub-cabinet-level
    several many more greater stronger closer broader deeper robust strong close effective
    sustainable important key major own joint concrete potential ongoing current respective
    public-private dedicated formal informal standing permanent multi-year long-term premier
    two three four five six seven eight nine ten both
    """.split()
)
# Words in front of a lower-case body that say when or at what level it
# meets, or how many there are, not which body it is: left out of its name
# ("a new educational exchange initiative" → "educational exchange
# initiative", "the two administrative arrangements" → "administrative
# arrangements").
NOT_NAME_ADJECTIVES = frozenset(
    """
    new first second third regular annual existing further additional such other senior-level
    high-level ministerial-level working-level technical-level leaders-level leader-level expert-level
    sub-cabinet-level possible future potential ongoing current respective
    two three four five six seven eight nine ten both
    """.split()
)
# Ordinals written as words in front of a name say which meeting of a series
# it is, like "4th" (see YEAR_OR_ORDINAL in the code): "the Second … 2+2
# Meeting" is the "… 2+2 Meeting".
ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth inaugural".split()
)

# What may follow the head of a body being created, as its post-modifier
# ("a new Dialogue between the … Office and the … Institute", "an
# administrative arrangement for research collaboration", "a working group on
# critical minerals"): the prepositions that open one ...
POSTMODIFIER_PREPOSITIONS = frozenset({"between", "for", "on", "of"})
# ... and the words that end it: the clause goes on (a relative pronoun, a
# verb, an infinitive) or another phrase starts.
POSTMODIFIER_STOPS = frozenset(
    """
    to that which who whom whose where when while will would shall should can could may might must
    is are was were be been being has have had do does did as by with at from into onto in within
    through via under across including include includes such so than also not
    next this last each every later
    """.split()
)
POSTMODIFIER_MAX_WORDS = 12
# Phrases that stand where an adjective would ("a first-of-its-kind pilot program").
GENERIC_ADJECTIVE_PHRASES = ("first of its kind", "first-of-its-kind", "one of a kind", "one-of-a-kind")

# Lower-case words that end a body's noun phrase when walking back from its
# head: they belong to the clause, not to the name.
NP_STOPS = frozenset(
    """
    a an the its their our his her this these that those of for on in to with by at from into onto
    as and or but between among through via under within across including include includes
    is are was were be been being will would shall should can could may might must
    which who whose that it they we he she kind sort type such
    """.split()
)

# --- bare acronyms ----------------------------------------------------------------------

# All-caps words that are not vehicles: parties and places, fields,
# technologies, weapons, diseases, units and currencies, government
# departments (actors), and ordinary abbreviations. Compared in upper case
# after dropping a trailing "-19"-style number.
NOT_MECHANISM_ACRONYMS = frozenset(
    """
    US USA UK EU ROK DPRK PRC KR JP CN IN AU GB NZ UAE ROC USSR RF DRC UNITED STATES
    AI ML IOT ICT IT OT STEM R&D S&T HPC QIS 5G 6G RAN ORAN O-RAN 3D
    ICBM ICBMS IRBM SLBM SRBM WMD CBRN ASAT DA-ASAT UAV UAS ISR HADR MDA IUU SAR C4ISR
    COVID SARS MERS HIV AIDS TB AMR PPE UHC MRNA NCD NCDS
    LNG LEU HEU HALEU SMR SMRS CCUS CCS EV EVS ZEV ZEVS GHG CO2 HFC HFCS PFAS NDC NDCS SDG SDGS
    MW GW GWH TWH KWH USD KRW JPY EUR GBP CNY INR AUD
    GDP GNI FDI ODA SME SMES MSME MSMES NGO NGOS CSO CSOS CEO CEOS CFO CTO PHD MBA
    DOD DOE DHS DOJ DOS HHS NSC NSA FBI CIA MOFA MND MOD
    LGBT LGBTI LGBTQ LGBTQI LGBTQI+ WPS
    II III IV VI VII VIII IX XI XII
    AM PM EST KST GMT UTC OK TV PC
    """.split()
)

# Lower-case nouns after a bare acronym that make it an owner or a region,
# not a vehicle the action runs through ("ASEAN centrality", "the GHSA
# target", "ASEAN youth").
ACRONYM_ATTRIBUTES = frozenset(
    """
    centrality unity member members member-states countries nations partners allies citizens people
    peoples youth region regions targets target goals goal standards principles values outlook way
    economies economy markets market leaders leadership presidency chair chairmanship
    """.split()
)
# Words after an acronym's possessive that still leave it an owner, with a
# name after them ("NATO’s founding Washington Treaty"): at most this many.
OWNER_GAP_WORDS = 2

# Prepositions that make a bare acronym a place ("within ASEAN").
PLACE_PREPOSITIONS = frozenset({"within", "across", "throughout", "among", "amongst"})
# Prepositions that make an acronym with a number a deadline ("by COP26").
DEADLINE_PREPOSITIONS = frozenset({"by", "before", "until", "till", "ahead"})
