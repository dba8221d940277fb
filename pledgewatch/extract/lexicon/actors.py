"""Actor lexicon: the words that tell who acts, as data (guide: "Who", `actors`, "Party codes").

Each family is a pattern or a word set used by ``extract.actors``; none is
written for a particular sentence.
"""

from __future__ import annotations

import re

# Group subjects: a group party's members acting together, resolved to the
# statement's parties like "we" ("the Heads of State and Government", "ASEAN
# Member States", "each Ally"). Searched in the lower-cased unit; the
# statement-wide joint words ("we", "the two leaders", "Allies") are
# ``cues.JOINT_SUBJECT``.
GROUP_SUBJECT = re.compile(
    r"\b(?:(?:the )?heads of (?:state and|state or|state|government)(?: (?:and|or) government)?|"
    r"(?:the |our |all )?member (?:states|countries|nations|economies)|(?:each|every|all|one) ally|"
    r"(?:the |our |all )?members)\b"
)

# Capitalised words that may open a group subject without naming a third party
# ("All Allies", "Allied Leaders"): any other capitalised word right before
# "Member States", "partners", "countries" … names whose members they are
# ("UN Member States", "African countries").
GROUP_MODIFIERS = frozenset(
    """the all both each every our their its allied fellow member partner two three four five six seven eight nine ten
    twenty thirty leaders heads""".split()
)

# "X and its Member States", "X's Allies": the group's members stand for the group.
MEMBERS_OF_PARTY = re.compile(r"^(?:\s+and\s+(?:its|their)|’s|'s|’|')?\s+$")

# A party adjective that names the party's own agents, not its people or things:
# "the Canadian Government will …", "Korean officials will …" (but "Korean companies").
AGENT_AFTER_ADJECTIVE = re.compile(  # used with match(text, pos): no "^"
    r"\s+(?:Government|government|Administration|administration|officials|authorities|side|delegation|Armed Forces|"
    r"armed forces|forces|Forces|military|Navy|navy|Army|Air Force|Coast Guard|Ministry|ministry|Ministries|agencies|"
    r"Embassy|Presidency|presidency|leadership|Prime Minister|President|Chancellor|Minister|Ministers|leaders|Leaders)\b"
)

# Nouns that, owned by a party, name its own undertaking ("the ROK's decision to …").
STRONG_PLEDGE_NOUNS = (
    "decision", "decisions", "commitment", "commitments", "pledge", "pledges", "plan", "plans", "intention", "intentions",
    "intent", "announcement", "announcements", "contribution", "contributions", "readiness", "willingness", "offer",
    "offers", "undertaking", "undertakings",
)
# Weaker: a party's role, counted only when no strong pledge noun has an owner
# ("appreciated India's leadership … and his commitment to …" is the commitment's).
WEAK_PLEDGE_NOUNS = ("leadership", "participation", "initiative", "initiatives")
# Nouns that are also verbs: "Japan and India pledge to …" is a verb, not "Japan's pledge".
VERB_LIKE_NOUNS = frozenset({"pledge", "pledges", "plan", "plans", "offer", "offers"})

# SUPPORT_VERB and REPORTING_VERB search lower-cased text (case-blind patterns are a few times slower).
# A verb whose object is another party's plan makes that plan the verb's
# subject's undertaking: "Australia will support the Philippines' …" is Australia's.
# Nouns of attitude ("support for") are not verbs of undertaking.
SUPPORT_VERB = re.compile(
    r"\b(?:support(?:s|ed|ing)?|help(?:s|ed|ing)?|assist(?:s|ed|ing)?|back(?:s|ed|ing)?(?!\s+to\b)|"
    r"defend(?:s|ed|ing)?|bolster(?:s|ed|ing)?|reinforc(?:e|es|ed|ing)|complement(?:s|ed|ing)?|"
    r"contribut(?:e|es|ed|ing) to|in support of|enabl(?:e|es|ed|ing)|facilitat(?:e|es|ed|ing))\b"
    r"(?!\s+(?:for|by)\b)",  # "support for" is an attitude, "supported by" a passive
)
# Words that report another party's undertaking without taking it on: the
# welcome, the appreciation, the restatement ("reaffirmed the commitment of …").
REPORTING_VERB = re.compile(
    r"\b(?:welcom\w*|appreciat\w*|commend\w*|applaud\w*|prais\w*|hail\w*|laud\w*|not(?:e|es|ed|ing)|recogni[sz]\w*|"
    r"acknowledg\w*|valu(?:e|es|ed)|celebrat\w*|support for|confidence in|reaffirm\w*|reiterat\w*|affirm\w*|"
    r"underscor\w*|highlight\w*)\b",
)
# Undertaking verbs that restate an existing pledge: their subject does not
# act when their object is another party's pledge ("Both leaders reaffirm the
# commitment of the U.S. to …" is the United States').
RESTATING_VERB = re.compile(r"^(?:reaffirm|reiterat|renew|recommit|re-?pledg|affirm)", re.I)

# Pronoun owners of a pledge inside a welcome: "the commitment it makes to …",
# "his commitment to …". ``group("pronoun")`` says whether a person or a state owns it.
_STRONG = "|".join(STRONG_PLEDGE_NOUNS)
PRONOUN_PLEDGE = re.compile(
    rf"\b(?:(?P<pronoun>its|his|her)\s+(?:[a-z\-]+\s+){{0,2}}?(?:{_STRONG})\b"
    rf"|the\s+(?:[a-z\-]+\s+)?(?:{_STRONG})\s+(?P<subject>it|he|she)\s+(?:makes|made|has made|gives|gave|has given|announced|has announced|undertakes|undertook)\b)"
)
PERSON_PRONOUNS = frozenset({"his", "her", "he", "she"})

# A verb coordinated with an earlier one shares its subject: "The two
# Presidents welcomed …, and announced plans to …". Only finite forms count:
# a gerund ("and working closely") continues what is being welcomed.
COORDINATED_BEFORE = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:also\s+|further\s+|then\s+|jointly\s+)?$")
FINITE_HIT = re.compile(r"^(?:will|shall|[a-z]+ed)\b")

# Words that open a subordinate clause: a party named right after them is not the unit's subject.
SUBORDINATORS = frozenset(
    """when if as while since although though because once until unless after before where whereas whether building
    following through with in under given recognizing recognising noting acknowledging welcoming reaffirming recalling
    to for by on at from of upon during including like""".split()
)
