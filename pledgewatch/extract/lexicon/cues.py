"""Cue lexicon for commitments: the annotation guide's markers, as data.

Each family is a named regular expression over lower-cased unit text. The
families are features of the classifier and the words of ``why``; none is
written for a particular sentence. Version the lexicon when it changes.
"""

from __future__ import annotations

import re

LEXICON_VERSION = "5"


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# Undertakings made at this meeting (guide: kind `new`).
NEW = {
    "commit": _words(r"commit(?:s|ted)? (?:to|themselves|ourselves|itself|not to)", r"commit(?:s|ted)?(?= to)", r"make a commitment",
                     # committing one's government to a procedure: "we commit our governments to …"
                     r"commit(?:s|ted)? (?:our|their|its) (?:[\w\-]+ )?(?:governments?|administrations?|countries|nations|ministers|ministries|officials|agencies)"),
    "pledge": _words(r"pledge[sd]? (?:to|a|an|its|their|our|\$)", r"pledging"),
    "agree_to": _words(r"agree[sd]? to", r"agreed to", r"agreement to"),
    "decide": _words(r"decide[sd]? to", r"decision to"),
    # "will" in a relative clause ("an Alliance that will provide") describes, not undertakes.
    "will": _words(r"(?<!that )(?<!which )(?<!who )will(?! (?:not be|consider|be the))", r"shall", r"(?:is|are) going to"),
    "intent_noun": _words(r"(?:our|their|its|his|her|shared|joint) (?:\w+ )?(?:intent|intention|determination) to"),
    "intend": _words(r"intend[s]? to", r"plan[s]? to", r"(?:is|are) planning to", r"aim[s]? to", r"seek[s]? to", r"strive[s]? to", r"endeavou?r[s]? to"),
    "resolve": _words(r"(?:are|is) determined to", r"resolve[sd]? to", r"undertake[sd]? to", r"(?:are|is) resolved to"),
    "ready": _words(r"stand[s]? ready to", r"(?:are|is) ready to", r"(?:are|is) willing to", r"(?:are|is) prepared to", r"look[s]? forward to (?:join|host|contribut|work|launch|welcom|deepen|expand|strengthen|cooperat|partner)\w*"),
    "work_to": _words(r"work(?:s|ing)? (?:together |closely |jointly |collaboratively )?(?:to|toward|towards|on)", r"cooperate[sd]? (?:to|on|in|towards|toward|with)", r"collaborate[sd]? (?:to|on|in)", r"partner(?:s|ed)? (?:to|on|with)"),
    "launch": _words(r"launch(?:es|ed)?", r"establish(?:es|ed)?", r"creat(?:e|es|ed) (?:a|an|the)", r"set(?:s)? up", r"inaugurat(?:e|es|ed)", r"found(?:s|ed)? (?:a|an|the)", r"form(?:s|ed)? (?:a|an|the)", r"(?:re)?activat(?:e|es|ed)", r"open(?:s|ed)? (?:a|an) (?:new )?(?:office|center|centre|hub|branch)"),
    "announce": _words(r"announce[sd]?", r"unveil(?:s|ed)?", r"joined", r"(?:is|are) joining", r"sign(?:s|ed)?", r"conclude[sd]? (?:a|an|the)"),
    "expand": _words(r"expand(?:s|ed)?", r"further strengthen(?:s|ed)?", r"enhanc(?:e|es|ed)", r"deepen(?:s|ed)?", r"broaden(?:s|ed)?", r"increas(?:e|es|ed)", r"step(?:s|ped)? up", r"scale[sd]? up", r"accelerat(?:e|es|ed)", r"redouble[sd]?", r"upgrad(?:e|es|ed)", r"boost(?:s|ed)?"),
    "provide": _words(r"provid(?:e|es|ed) (?!that)", r"invest(?:s|ed)? (?!in the future)", r"host(?:s)?", r"contribut(?:e|es|ed) (?:\$|to|a|an|up)", r"fund(?:s|ed)? ", r"donat(?:e|es|ed)", r"deploy(?:s|ed)?", r"deliver(?:s|ed)?", r"allocat(?:e|es|ed)", r"mobiliz(?:e|es|ed)", r"dispatch(?:es|ed)?", r"hold(?:s)? (?:a|an|the|regular|annual|its|their)", r"convene[s]?"),
    # a summit's directive to its own officials ("we task our ministers to …")
    "task": _words(r"(?:task|instruct|direct|mandate|ask|charge)(?:s|ed)? (?:our|their|the|its|relevant) (?:[\w\-]+ ){0,3}?(?:ministers|officials|agencies|ministries|teams|governments|sherpas|envoys|negotiators|working groups?|departments) to"),
    # a text or principle the parties take on as their own policy
    "adopt": _words(r"adopt(?:s|ed)? (?:the|a|an|this|these|our)", r"endors(?:e|es|ed) (?:the|a|an|this|these)", r"approv(?:e|es|ed) (?:the|a|an)", r"ratif(?:y|ies|ied)"),
    "support_act": _words(r"support(?:s|ed)? (?:the |a |an )?(?:efforts|development|creation|establishment|expansion|implementation|launch)", r"promot(?:e|es|ed)", r"facilitat(?:e|es|ed)", r"encourag(?:e|es|ed)", r"explor(?:e|es|ed) (?:the|ways|opportunities|options|further|possible|cooperation|a|an)", r"identify(?:ing)? (?:opportunities|ways|areas)", r"initiate[sd]? (?:discussions|talks|negotiations|consultations)", r"study (?:concepts|options|ways)", r"pursu(?:e|es|ed)"),
}

# Standing undertakings restated (guide: kind `reaffirmed`).
# Families that name an undertaking with a noun rather than a verb: they say
# what is pledged, not who pledges it (the actor rules treat them apart).
NOUN_FAMILIES = frozenset({"commitment_noun", "affirm_commitment", "intent_noun"})

REAFFIRMED = {
    "reaffirm": _words(r"reaffirm(?:s|ed|ing)?", r"reiterat(?:e|es|ed|ing)", r"recommit(?:s|ted|ting)?", r"renew(?:s|ed)? (?:their|our|its|the)", r"re-?pledge[sd]?"),
    "remain": _words(r"remain(?:s|ed)? (?:firmly |fully |steadfastly |strongly |deeply )?(?:committed|dedicated|determined|resolved|steadfast|unwavering)", r"(?:are|is|were|was) (?:firmly |fully |strongly |deeply |also |both )?committed to", r"(?:are|is) dedicated to"),
    "continue": _words(r"(?<!that )(?<!which )(?<!who )continu(?:e|es|ed|ing) to", r"will continue", r"continue (?:our|their|its)", r"maintain(?:s|ed)?", r"keep(?:s)? (?:up|working)", r"uphold(?:s)?", r"sustain(?:s|ed)?"),
    "commitment_noun": _words(r"(?:share|shared|our|their|its|his|her|firm|strong|mutual|joint|longstanding) (?:\w+ )?commitments? (?:to|not to)"),
    # a new pledge to keep doing something restates it: "agree to continue working together"
    "pledge_to_continue": _words(r"(?:commit|agree|pledge|decide|resolve)\w* to continu\w*"),
    # "reaffirm that both countries will …": the "will" is what is restated
    "reaffirm_that": r"\b(?:reaffirm|reiterat)\w* that [^.;]*?\bwill\b",
    "affirm_commitment": _words(r"affirm(?:s|ed)? (?:the|their|our|its|his|her)(?: [\w\-’']+){0,4} commitments?", r"(?:full|firm|strong) confidence in(?: [\w\-’'.]+){0,4} commitments?", r"commitments? (?:is|are|remains?) (?:enduring|ironclad|unwavering|unshakable|steadfast)"),
}

# Words that make a unit an attitude, a welcome, a condemnation, a call on others or a report.
NOT_COMMITMENT = {
    "attitude": _words(r"recogni[sz](?:e|es|ed)", r"acknowledg(?:e|es|ed)", r"share[sd]? (?:the|a|their|our) (?:view|vision|belief|concern)", r"underscor(?:e|es|ed)", r"emphasi[sz](?:e|es|ed)", r"stress(?:es|ed)?", r"highlight(?:s|ed)?", r"note[sd]?", r"express(?:es|ed)? (?:their|his|her|our|its|deep|grave|serious|strong)? ?(?:concern|gratitude|appreciation|support|condolences|hope)", r"appreciat(?:e|es|ed)", r"applaud(?:s|ed)?", r"commend(?:s|ed)?", r"(?:are|is) cognizant", r"believ(?:e|es|ed)", r"view(?:s|ed)?", r"(?:are|is) (?:pleased|honored|honoured|proud)", r"take[s]? (?:great )?pride", r"importance of", r"need to", r"agree[sd]? (?:that|on the importance)"),
    "welcome": _words(r"welcom(?:e|es|ed|ing)"),
    "reaffirm_attitude": _words(r"(?:reaffirm|reiterat|affirm)\w* (?:the|their|our|its|a)? ?(?:\w+ )?(?:importance|belief|view|need|recognition|concerns?|support for|strength|vitality|value|significance|relevance|(?:central|fundamental|key|vital|important) role)",
                                # "reaffirm that X is …" states a view; "… that X will/would …" pledges (reaffirm_that)
                                r"(?:re)?affirm\w* that\b(?![^.;]*\b(?:will|would|shall)\b)"),
    "condemn": _words(r"condemn(?:s|ed|ing)?", r"oppos(?:e|es|ed)", r"deplor(?:e|es|ed)", r"denounc(?:e|es|ed)", r"(?:express(?:es|ed)?|share[sd]?)(?: \w+)? concerns?"),
    "call_on": _words(r"call(?:s|ed)? (?:on|upon|for)", r"urg(?:e|es|ed)", r"demand(?:s|ed)?", r"encourag(?:e|es|ed) (?:the dprk|all|other|third|north korea|china|russia)"),
    "discuss": _words(r"discuss(?:es|ed)?", r"will consider", r"consider(?:s|ed)?", r"talk(?:s|ed)? about", r"exchang(?:e|es|ed) views"),
    "invitation": _words(r"invit(?:e|es|ed|ation) (?:to|for)", r"extend(?:s|ed)? an invitation", r"at a time of mutual convenience"),
    # a report of the meeting itself: who met, gathered, hosted, visited, co-chaired (guide: the past)
    "narrative": _words(r"met (?:in|at|on|today|virtually|with|for|via)", r"(?:have|has) gathered", r"gathered (?:in|at|today|here|virtually)",
                        r"convened (?:in|at|on|today|virtually|for|its|their|the|a)", r"hosted", r"visited", r"(?:is|are) visiting",
                        r"took place", r"co-chaired", r"paid (?:tribute|their respects|an? (?:official |state )?visit)",
                        r"(?:reviewed|assessed|reflected on)", r"(?:met|meeting) for the (?:first|second|third|\w+th) time"),
    "past": _words(r"has been", r"have been", r"(?:has|have) (?:also |further |long |steadily )?(?:grown|continued|helped|led|evolved|changed|made|submitted|responded|become|increased|deepened|expanded|strengthened)", r"was (?:forged|founded|signed|established)", r"were (?:forged|founded)", r"since \d{4}", r"over (?:seventy|sixty|fifty|\d+) years ago", r"in \d{4}, "),
    "description": _words(r"(?:is|are) (?:a|an|the) (?:linchpin|bedrock|cornerstone|foundation|pillar|source)", r"(?:is|are) grounded in", r"(?:is|are) marked by", r"(?:is|are) among", r"(?:is|are) critical", r"depends? on"),
}

# Third parties acting (their plans are not the parties' commitments).
THIRD_PARTY_SUBJECT = re.compile(
    r"\b(?:companies|firms|businesses|the private sector|industry|investors|the dprk|north korea|russia|china|the prc|the international community)\b"
)

# A party's own act reported inside a welcome: "the X's decision to join", "its commitment not to test".
OWN_PLEDGE_TO_ACT = re.compile(
    r"(?:’s|'s|s’|s')\s+(?:[\w\-]+\s+){0,3}?(?:decision|commitment|pledge|plans?|intention|initiative|announcement|contributions?|readiness|willingness|offer)\s+(?:to|not to|that\b[^.;]{0,60}\bwill)\b"
    # "the (continued) commitment of the United States to …"
    r"|\b(?:decision|commitment|pledge|plans?|intention|readiness|willingness|offer)\s+of\s+(?:the\s+)?(?:[\w.\-]+\s+){1,4}?(?:to|not to)\b"
    # "the commitment it makes to engaging more in the region": a pronoun owner
    r"|\b(?:commitments?|pledges?|decision|plans?)\s+(?:it|they|he|she)\s+(?:makes?|made|has made|have made|took|takes?)\s+(?:to|not to)\b"
)
# A unit reporting the parties' own concrete act at the summit that sets up future work.
WELCOME_OWN_ACT = re.compile(r"\bwelcom\w* the (?:signing|conclusion|launch|establishment|creation|adoption|entry into force|finalization) of\b")

# Base-form verbs that open an imperative unit ("Establish a …", "Assist countries …").
IMPERATIVE_VERBS = frozenset(
    """establish assist increase advance expand explore support promote strengthen develop launch enhance facilitate
    encourage work build deepen continue pursue create provide invest cooperate coordinate share conduct hold convene
    foster implement leverage address ensure seek collaborate partner commit renew improve accelerate align mobilize help
    engage maintain identify bolster broaden combat counter protect reinforce boost contribute host deploy deliver fund
    train exchange reduce prevent respond set form open sign join adopt apply advocate harmonize streamline upgrade scale
    jointly together also further""".split()
)
IMPERATIVE_OPENING = re.compile(r"^(?:(?:recogni[sz]ing|building|noting|given|acknowledging|reaffirming|welcoming|in)\b[^,]{0,200},\s*)?([a-z]+)\b")

# A bullet that opens with a bare verb is an imperative under a "will:" lead-in.
IMPERATIVE_START = re.compile(r"^(?:and |also |further |jointly |together,? )?([a-z]+)\b")

# Lead-ins whose bullets are undertakings ("will:", "commit to:", "will undertake the following:").
COMMISSIVE_LEAD_IN = re.compile(
    r"\b(?:will|shall|commit(?:s|ted)? to|pledge[sd]? to|agree[sd]? to|decide[sd]? to|intend to|plan to|are determined to|undertake|announc(?:e|es|ed)|launch(?:es|ed)?)\b[^:]*:$"
    # "Ministers decided Australia and the ROK would cooperate … to shape a region in which:"
    r"|\b(?:decide[sd]?|agree[sd]?|resolve[sd]?|commit(?:s|ted)?)\b[^:]*\b(?:will|would|shall)\b[^:]*:$"
)
NON_COMMISSIVE_LEAD_IN = re.compile(r"\b(?:welcom(?:e|es|ed)|recogni[sz]e|note|condemn|call on|urge|discussed|express)\b[^:]*:$")

# Joint subjects: the statement's parties acting together.
JOINT_SUBJECT = re.compile(
    r"\b(?:we|us|our|together|both|the two|two (?:leaders|presidents|prime ministers|sides|countries|nations|governments)|"
    r"(?:the )?(?:leaders|presidents|prime ministers|ministers|secretaries|sides|parties|partners|allies|governments|nations|countries)|"
    r"the alliance|our alliance|they|jointly|each other)\b"
)

# Nouns that, owned by a party, name that party's own undertaking.
OWN_PLEDGE_NOUN = re.compile(
    r"(?:’s|'s|s’|s')\s+(?:[\w\-]+\s+){0,3}?(?:decision|commitment|pledge|plan|plans|intention|initiative|initiatives|announcement|contribution|contributions|readiness|willingness|offer|leadership|participation|intent)\b"
)
OWN_PLEDGE_OF = re.compile(r"\b(?:commitment|pledge|decision|plan|contribution)s? of (?:the )?")


def compile_family(family: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {name: re.compile(pattern) for name, pattern in family.items()}


NEW_RE = compile_family(NEW)
REAFFIRMED_RE = compile_family(REAFFIRMED)
NOT_RE = compile_family(NOT_COMMITMENT)


# --- the verb of the subject: what the parties (or "we") do in the unit ---------
# The first word(s) after a subject mention, skipping adverbs and an
# appositive ("We, the Leaders of the G20, met …"), are classed by what the
# guide says they do. These are grammar, the same in any statement.
SUBJECT_VERB_SKIP = frozenset(
    """also further jointly together today again both all each fully firmly strongly deeply warmly highly
    once now hereby collectively resolutely steadfastly unequivocally continuously still""".split()
)
VERB_CLASSES: dict[str, frozenset[str]] = {
    # binds the subject to act from now on (guide: "will act")
    "commissive": frozenset(
        """will shall commit commits committed pledge pledges pledged agree agrees agreed decide decides decided
        resolve resolves resolved undertake undertakes undertook intend intends plan plans aim aims seek seeks
        strive strives endeavor endeavour endeavors endeavours launch launches launched establish establishes established
        announce announces announced create creates created set sets adopt adopts adopted endorse endorses endorsed
        sign signs signed join joins joined host hosts provide provides invest invests contribute contributes
        deploy deploys expand expands strengthen strengthens deepen deepens enhance enhances accelerate accelerates
        task tasks tasked instruct instructs instructed direct directs directed""".split()
    ),
    # re-undertakes a standing pledge (guide: kind `reaffirmed`)
    "restating": frozenset(
        """reaffirm reaffirms reaffirmed reiterate reiterates reiterated recommit recommits recommitted renew renews
        renewed remain remains continue continues maintain maintains uphold upholds adhere adheres""".split()
    ),
    # attitude, welcome, concern, condemnation (guide: `other`, even though it sounds committal)
    "attitude": frozenset(
        """recognize recognizes recognized recognise recognises recognised acknowledge acknowledges acknowledged
        welcome welcomes welcomed note notes noted underscore underscores underscored emphasize emphasizes emphasized
        emphasise emphasises emphasised stress stresses stressed highlight highlights highlighted express expresses expressed
        appreciate appreciates appreciated applaud applauds applauded commend commends commended condemn condemns
        condemned oppose opposes opposed deplore deplores deplored share shares shared believe believes believed view views
        viewed affirm affirms affirmed praise praises praised celebrate celebrates celebrated honor honors honored
        honour honours honoured mourn mourns mourned regret regrets regretted hope hopes hoped call calls called urge urges
        urged""".split()
    ),
    # a report of the meeting itself: who met, convened, hosted, discussed (guide: description of the past)
    "narrative": frozenset(
        """met meet meets meeting gathered gather convened hosted visited visiting visit held chaired co-chaired
        discussed reviewed assessed reflected exchanged marked celebrated paid toured attended participated
        received issued released reported""".split()
    ),
    # what something is (guide: description of the present)
    "copula": frozenset("is are was were be been represent represents reflect reflects".split()),
    # a duty or a wish, not an undertaking
    "normative": frozenset("should must need needs ought would could may might can".split()),
    "perfect": frozenset("has have had".split()),
}
# After a copula these words make it an undertaking, not a description ("are committed to", "is ready to").
COPULA_UNDERTAKING = frozenset(
    "committed determined ready willing prepared resolved dedicated going set working united steadfast unwavering".split()
)

# Finite undertaking verbs that, coordinated after the subject's first verb ("… recognized X and
# committed to Y"), share its subject: the guide's "any clause suffices". Base forms such as
# "create" or "build" are left out: after "and" they are as often infinitives ("can help make … and create").
COORDINATED_UNDERTAKING = frozenset(
    """commit commits committed agree agrees agreed pledge pledges pledged decide decides decided resolve resolves resolved
    reaffirm reaffirms reaffirmed reiterate reiterates reiterated recommit recommits recommitted will shall announce
    announces announced launch launches launched intend intends undertake undertakes undertook""".split()
)

# An opening phrase before the main clause ("Building on …, ", "As we work together …, ",
# "In this context, "): the subject of the unit comes after it.
INTRODUCTORY_PHRASE = re.compile(
    r"^(?:in|on|at|through|with|by|as|since|while|after|before|during|under|from|for|given|to|building|recognizing|"
    r"recognising|noting|guided|founded|faced|cognizant|mindful|acknowledging|welcoming|reaffirming|underscoring|"
    r"marking|following|looking|today|now|together|finally|furthermore|moreover|additionally|also)\b[^,;:]{0,240},\s*"
)
# Words of JOINT_SUBJECT that own a noun rather than act ("our common values are …").
POSSESSIVE_DETERMINERS = frozenset({"our", "their", "its", "his", "her"})
