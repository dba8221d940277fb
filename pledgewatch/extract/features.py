"""Unit → named features: cue families, lead-in context, the grammar of the subject's verb; the domain rule.

Features are a plain ``dict[str, float]``; the classifiers weigh them and the
largest contributions become the commitment's ``why``. The cues that fire are
kept with their matched words so a person can check them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from .lexicon import cues as lex
from .lexicon.domains import DOMAIN_CUES
from ..parties import normalise_party
from .prefilter import Literals, NeedleScan

# One pass over the text: every domain cue found as an alternation of them
# (longest first) behind "(?<![a-z])" finds it, each cue mapped to the domains
# that list it.
_CUE_DOMAINS: dict[str, list[str]] = {}
# A cue written with a trailing space is a whole word ("ai " is not "aid"); the others are
# stems ("deterr" finds "deterrence") that only must not start inside a word.
_WHOLE_WORD_CUES: set[str] = set()
for _domain, _cues in DOMAIN_CUES.items():
    for _cue in _cues:
        _CUE_DOMAINS.setdefault(_cue.strip(), []).append(_domain)
        if _cue.endswith(" "):
            _WHOLE_WORD_CUES.add(_cue.strip())
_DOMAIN_CUES = Literals(_CUE_DOMAINS)
# The party a cue names, if any ("nato" → NATO), looked up once rather than per hit.
_CUE_PARTY: dict[str, str | None] = {cue: normalise_party(cue) for cue in _CUE_DOMAINS}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def domain_hits(text: str) -> list[tuple[int, str]]:
    """(start, cue) of every domain cue in ``text``, in order; starts count in `` {text.lower()} ``."""
    padded = f" {text.lower()} "
    return [(start, cue) for start, cue in _DOMAIN_CUES.finditer(padded, not_after=_LETTERS)
            if cue not in _WHOLE_WORD_CUES or not padded[start + len(cue)].isalpha()]


def domain_counts(text: str) -> dict[str, int]:
    """How many cue words of each domain the text holds (a cue does not start inside a word)."""
    counts = dict.fromkeys(DOMAIN_CUES, 0)
    for _start, cue in domain_hits(text):
        for domain in _CUE_DOMAINS[cue]:
            counts[domain] += 1
    return counts


_STEMMER = snowballstemmer.stemmer("english")
# Closed-class words that cannot open an imperative bullet.
_NOT_VERB_START = {
    "the", "a", "an", "this", "these", "that", "those", "our", "their", "its", "his", "her", "we", "they", "it", "in", "on",
    "to", "for", "with", "as", "by", "of", "at", "from", "through", "under", "over", "both", "each", "all", "such", "new",
    "and", "or", "but", "while", "since", "because", "if", "when", "president", "prime", "minister", "secretary", "more",
    "most", "many", "some", "other", "one", "two", "three", "first", "support", "recognize", "recognizing", "welcome",
}



@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@dataclass(frozen=True)
class Hit:
    """The first words of a unit that fired a cue family, and where."""

    words: str
    start: int


@dataclass
class Cues:
    """Which cue families fired, with the words that fired them."""

    new: dict[str, Hit] = field(default_factory=dict)
    reaffirmed: dict[str, Hit] = field(default_factory=dict)
    negative: dict[str, Hit] = field(default_factory=dict)

    def verb_hits(self) -> list[Hit]:
        """Undertakings expressed by a verb (who does it is its subject), in text order."""
        hits = [h for name, h in (*self.new.items(), *self.reaffirmed.items()) if name not in lex.NOUN_FAMILIES]
        return sorted(hits, key=lambda h: h.start)

    def all_hits(self) -> list[Hit]:
        return sorted((*self.new.values(), *self.reaffirmed.values()), key=lambda h: h.start)


# The cue families behind a literal check (prefilter.py): the same matches,
# most searches skipped, since a unit holds the words of only a few families.
# One scan of the unit tells which families' words it holds; each family is
# (its feature name, its name, its pattern).
def _keyed(prefix: str, family: dict[str, re.Pattern[str]]) -> list[tuple[str, str, re.Pattern[str]]]:
    return [(f"{prefix}:{name}", name, pattern) for name, pattern in family.items()]


_REAFFIRMED = _keyed("reaffirm", lex.REAFFIRMED_RE)
_NEW = _keyed("new", lex.NEW_RE)
_NOT = _keyed("not", lex.NOT_RE)
# The same scan answers for the patterns ``unit_features`` looks for.
_OWN_PLEDGE = {
    "own_pledge_noun": lex.OWN_PLEDGE_NOUN,
    "own_pledge_of": lex.OWN_PLEDGE_OF,
    "own_pledge_to_act": lex.OWN_PLEDGE_TO_ACT,
    "welcome_own_act": lex.WELCOME_OWN_ACT,
}
_CUE_SCAN = NeedleScan.of({**{key: pattern for key, _, pattern in (*_REAFFIRMED, *_NEW, *_NOT)}, **_OWN_PLEDGE})


@lru_cache(maxsize=64)
def _possible(low: str) -> frozenset[str]:
    """The cue patterns that may match a lower-cased unit: asked by ``find_cues`` and ``unit_features``."""
    return frozenset(_CUE_SCAN.may_match(low))


def _search(key: str, low: str) -> re.Match[str] | None:
    """``unit_features``' own patterns, searched only when the scan allows."""
    return _OWN_PLEDGE[key].search(low) if key in _possible(low) else None


def find_cues(text: str) -> Cues:
    low = text.lower()
    found = Cues()
    possible = _possible(low)
    masked = low
    for key, name, pattern in _REAFFIRMED:
        m = pattern.search(low) if key in possible else None
        if m:
            found.reaffirmed[name] = Hit(m.group(0).strip(), m.start())
            # Words of a reaffirmation ("are committed to", "will continue")
            # must not also count as a new undertaking.
            masked = pattern.sub(lambda mm: " " * len(mm.group(0)), masked)
    # the blanks may join what was around them into a needle: look again
    possible_new = _CUE_SCAN.may_match(masked) if masked != low else possible
    for key, name, pattern in _NEW:
        m = pattern.search(masked) if key in possible_new else None
        if m:
            found.new[name] = Hit(m.group(0).strip(), m.start())
    for key, name, pattern in _NOT:
        m = pattern.search(low) if key in possible else None
        if m:
            found.negative[name] = Hit(m.group(0).strip(), m.start())
    return found


@lru_cache(maxsize=256)
def _new_families(text: str) -> tuple[str, ...]:
    """The new-undertaking families a (lower-cased) lead-in holds: asked once per lead-in, not per bullet."""
    possible = _CUE_SCAN.may_match(text)
    return tuple(name for key, name, pattern in _NEW if key in possible and pattern.search(text))


@dataclass(frozen=True)
class UnitContext:
    """What the extractor knows about a unit beyond its words."""

    is_bullet: bool = False
    is_lead_in: bool = False
    lead_in_text: str | None = None  # the lead-in this bullet hangs from
    party_subject: bool = False  # an undertaking verb has the parties as its subject
    subject_verbs: tuple[str, ...] = ()  # classes of the verbs that follow the unit's subjects, in order
    opening_subject: str = "none"  # who the main clause is about: "party" (a party, a leader, "we") or "thing"
    is_first: bool = False  # the statement's first unit


@lru_cache(maxsize=256)  # asked again for every bullet under the same lead-in
def lead_in_is_commissive(lead_in: str | None) -> bool | None:
    if not lead_in:
        return None
    low = lead_in.lower().strip()
    if lex.NON_COMMISSIVE_LEAD_IN.search(low):
        return False
    return bool(lex.COMMISSIVE_LEAD_IN.search(low))


def unit_features(text: str, ctx: UnitContext, cues: Cues | None = None) -> dict[str, float]:
    """The detection features of a unit: what means the same in any statement.

    No word of the unit is a feature by itself: a word that one series uses
    (a party, a leader, a place, a topic) would let the model learn that
    series rather than the guide. The features are the guide's markers (each
    family, and grouped), the grammar of the subject's verb (``subject_verbs``),
    the unit's position (bullet, lead-in, opening) and attitude and
    third-party cues.
    """
    cues = cues or find_cues(text)
    low = text.lower()
    f: dict[str, float] = {"bias_len": min(len(low.split()), 80) / 80}
    inherited = 0
    commissive_lead = lead_in_is_commissive(ctx.lead_in_text)
    if commissive_lead:
        # The guide: bullets inherit their lead-in's modality ("… will:").
        for name in _new_families(ctx.lead_in_text.lower()):
            if name not in cues.new:
                f[f"new:{name}"] = 1.0
                inherited += 1
    opening = lex.IMPERATIVE_OPENING.match(low)
    if opening and opening.group(1) in lex.IMPERATIVE_VERBS:
        f["new:imperative"] = 1.0
        inherited += 1
    for name in cues.new:
        f[f"new:{name}"] = 1.0
    for name in cues.reaffirmed:
        f[f"reaffirm:{name}"] = 1.0
    for name in cues.negative:
        f[f"not:{name}"] = 1.0
    # The same markers grouped, so that what one family teaches carries to the
    # others: a series that says "remain committed" where another says "reaffirm".
    if any(n not in _WEAK_NEW_FAMILIES for n in cues.new):
        f["marker:new"] = 1.0
    if any(n in _WEAK_NEW_FAMILIES for n in cues.new):
        f["marker:new_weak"] = 1.0
    if cues.reaffirmed:
        f["marker:restated"] = 1.0
    if cues.negative:
        f["marker:not"] = 1.0
    f["n_commissive"] = float(len(cues.new) + len(cues.reaffirmed) + inherited)
    f["n_negative"] = float(len(cues.negative))
    if not cues.new and not cues.reaffirmed and not inherited:
        f["no_commissive_cue"] = 1.0
    if ctx.is_lead_in or low.rstrip().endswith(":"):
        f["is_lead_in"] = 1.0
    if ctx.is_bullet:
        f["is_bullet"] = 1.0
        first = lex.IMPERATIVE_START.match(low)
        if first and first.group(1) not in _NOT_VERB_START:
            f["bullet_imperative"] = 1.0
    if commissive_lead is True:
        f["under_commissive_lead_in"] = 1.0
    elif commissive_lead is False:
        f["under_other_lead_in"] = 1.0
    if ctx.party_subject:
        f["party_subject"] = 1.0
    if lex.JOINT_SUBJECT.search(low[:60]):
        f["joint_subject_early"] = 1.0
    if lex.THIRD_PARTY_SUBJECT.search(low[:50]):
        f["third_party_subject_early"] = 1.0
    if _search("own_pledge_noun", low) or _search("own_pledge_of", low):
        f["own_pledge_noun"] = 1.0
    if _search("own_pledge_to_act", low):
        f["own_pledge_to_act"] = 1.0
    if _search("welcome_own_act", low):
        f["welcome_own_act"] = 1.0

    # The first cue decides the main clause more often than later ones.
    first_new = min((h.start for h in cues.new.values()), default=-1)
    first_neg = min((h.start for h in cues.negative.values()), default=-1)
    if first_new >= 0 and (first_neg < 0 or first_new < first_neg):
        f["commissive_first"] = 1.0
    if first_neg >= 0 and (first_new < 0 or first_neg < first_new):
        f["negative_first"] = 1.0
    # The verbs of the unit's subjects: the first one and every class present.
    if ctx.subject_verbs:
        f[f"sv_first:{ctx.subject_verbs[0]}"] = 1.0
        for cls in dict.fromkeys(ctx.subject_verbs):
            f[f"sv_any:{cls}"] = 1.0
    else:
        f["sv_none"] = 1.0
    if ctx.is_first:
        f["opening_unit"] = 1.0
    if ctx.opening_subject != "none":
        f[f"subject:{ctx.opening_subject}"] = 1.0
    return f


# New-undertaking families that as often name the content of something else ("provide opportunities").
_WEAK_NEW_FAMILIES = frozenset({"expand", "provide", "support_act", "work_to"})
_VERB_TOKEN = re.compile(r"[A-Za-z][\w\-’']*")
# "We, the Leaders of the G20, met …": the subject, an appositive, then its verb.
_APPOSITIVE_AFTER = re.compile(r"^\s*,[^,;:.!?]{3,140},")
_POSSESSIVE_AFTER = ("’s", "'s", "’ ", "' ")
_CLASS_OF: dict[str, str] = {w: cls for cls, words in reversed(list(lex.VERB_CLASSES.items())) for w in words}


def _verb_class(words: list[str]) -> str | None:
    """The class of the verb group that opens ``words`` (lower-cased), or None when it is no verb."""
    i = 0
    while i < len(words) and words[i] in lex.SUBJECT_VERB_SKIP:
        i += 1
    if i == len(words):
        return None
    w = words[i]
    nxt = words[i + 1 : i + 4]
    after = next((x for x in nxt if x not in lex.SUBJECT_VERB_SKIP), "")
    cls = "copula" if w in ("remain", "remains", "remained") else _CLASS_OF.get(w)
    if cls == "copula":
        if after in lex.COPULA_UNDERTAKING:
            return "restating" if after in ("committed", "dedicated", "steadfast", "unwavering") else "commissive"
        if after.endswith("ing"):
            return "progressive"
        return "copula"
    if cls == "perfect":
        participle = _CLASS_OF.get(after)
        if participle in ("commissive", "restating", "narrative", "attitude"):
            return participle
        return "perfect" if after.endswith(("ed", "en", "wn", "ne", "de", "ght")) or after in ("been", "grown", "made", "taken") else None
    if cls:
        return cls
    if w.endswith("ed") and len(w) > 4:
        return "past"
    return None


# How far into the main clause its subject may start (after an opening phrase).
_SUBJECT_WINDOW = 12


def opening_subject(text: str, mentions) -> str:
    """Who the main clause is about: ``party`` when a party, a leader or a joint word ("we", "the
    two leaders") opens it, ``thing`` when something else does ("Our common values are …", "The
    agreement reflects …"), ``none`` for an imperative or a fragment (a bullet's own shape)."""
    low = text.lower()
    intro = lex.INTRODUCTORY_PHRASE.match(low)
    start = intro.end() if intro else 0
    first = _VERB_TOKEN.search(text, start)
    if first is None:
        return "none"
    if first.group(0).lower() in lex.IMPERATIVE_VERBS and not first.group(0).isupper():
        return "none"
    for m in mentions:
        if start <= m.start <= start + _SUBJECT_WINDOW and text[m.start : m.end].lower() not in lex.POSSESSIVE_DETERMINERS:
            # "the ROK's …" owns, "the Canada-EU Agreement" names: neither is the subject
            if not text.startswith(_POSSESSIVE_AFTER, m.end) and text[m.end : m.end + 1] not in ("-", "–"):
                return "party"
    return "thing"


def subject_verbs(text: str, mentions) -> tuple[str, ...]:
    """The classes of the verbs right after the unit's subject mentions (parties, leaders, "we" …)."""
    out: list[str] = []
    for m in mentions:
        rest = text[m.end : m.end + 200]
        if rest.startswith(_POSSESSIVE_AFTER):
            continue
        appositive = _APPOSITIVE_AFTER.match(rest)
        if appositive:
            rest = rest[appositive.end() :]
        elif rest[:1] in (",", ";", ":", "."):
            continue
        cls = _verb_class([w.lower() for w in _VERB_TOKEN.findall(rest[:80])[:6]])
        if cls:
            out.append(cls)
    if out:
        # "… recognized the importance of X and committed to Y": a verb coordinated with the
        # subject's verb has the same subject (the guide: any clause suffices).
        for m in _COORDINATED.finditer(text):
            word = m.group(1).lower()
            if word in lex.COORDINATED_UNDERTAKING:
                out.append(f"and_{_CLASS_OF[word]}")
    return tuple(out)


_COORDINATED = re.compile(r"\band (?:also |further |jointly |together |today |then )?([a-z]+)\b")


# The domain, by the guide's table (lexicon.domains), not by a trained model:
# a model learns the domains of the series it was trained on and cannot name a
# domain those series lack (measured leave-one-series-out: 0.47–0.60 accuracy
# against 0.82 for this rule; BENCHMARKS.md).
# A cue before the first undertaking words ("Recognizing the pandemic …, we
# will …") says less about what the action is about than one after them.
BEFORE_UNDERTAKING_WEIGHT = 0.5
# "cooperation across many fields at once" is `alliance` (guide): this many
# domains of the table, none holding more than this share of the cues.
MANY_FIELDS = 4
MANY_FIELDS_SHARE = 0.4
_BROAD = frozenset({"alliance", "regional"})


def domain_scores(text: str, cues: Cues | None = None, own: tuple[str, ...] = ()) -> tuple[dict[str, float], dict[str, int]]:
    """Weighted cue counts per domain, and where each domain's first cue is; ``own``: the statement's parties."""
    cues = cues or find_cues(text)
    anchor = min((h.start for h in cues.all_hits()), default=0) + 1  # +1: the padding space below
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for start, cue in domain_hits(text):
        if own and _CUE_PARTY[cue] in own:
            continue  # the statement's own group ("NATO" in a NATO statement) says nothing of the domain
        weight = 1.0 if start >= anchor else BEFORE_UNDERTAKING_WEIGHT
        for domain in _CUE_DOMAINS[cue]:
            scores[domain] = scores.get(domain, 0.0) + weight
            first.setdefault(domain, start)
    return scores, first


def choose_domain(text: str, cues: Cues | None = None, own: tuple[str, ...] = ()) -> tuple[str, str]:
    """(domain, why): the domain with most cue weight, ties to the first named; `alliance` for
    many fields at once, or when no cue of any domain is there (the relationship as a whole)."""
    scores, first = domain_scores(text, cues, own)
    if not scores:
        return "alliance", "no domain cue: the relationship as a whole"
    fields = [d for d, v in scores.items() if d not in _BROAD and v >= 1]
    if len(fields) >= MANY_FIELDS and max(scores.values()) / sum(scores.values()) <= MANY_FIELDS_SHARE:
        return "alliance", f"cooperation across many fields ({', '.join(fields)})"
    best = max(scores.values())
    domain = min((d for d, v in scores.items() if v == best), key=first.__getitem__)
    return domain, "domain cues: " + ", ".join(f"{d} {v:g}" for d, v in sorted(scores.items(), key=lambda x: -x[1])[:3])


# Which way the guide says each detection feature points: +1 toward a
# commitment, -1 toward `other`, 0 either way (position, length, words). The
# model learns how much each weighs, never the direction (``fit_signed``).
_TOWARD_COMMITMENT = frozenset(
    """own_pledge_noun own_pledge_to_act welcome_own_act party_subject under_commissive_lead_in bullet_imperative
    commissive_first n_commissive""".split()
)
_TOWARD_OTHER = frozenset("under_other_lead_in third_party_subject_early negative_first no_commissive_cue n_negative".split())
_VERB_SIGN = {"commissive": 1, "restating": 1, "and_commissive": 1, "and_restating": 1, "and_attitude": -1, "and_narrative": -1, "attitude": -1, "narrative": -1, "copula": -1, "past": -1, "perfect": -1,
              "normative": -1, "progressive": 0}
_SUBJECT_SIGN = {"party": 1, "thing": -1}


def guide_sign(feature: str) -> int:
    if feature == "marker:not":
        return -1
    if feature.startswith(("new:", "reaffirm:", "marker:")) or feature in _TOWARD_COMMITMENT:
        return 1
    if feature.startswith("not:") or feature in _TOWARD_OTHER:
        return -1
    if feature.startswith(("sv_first:", "sv_any:")):
        return _VERB_SIGN.get(feature.split(":", 1)[1], 0)
    if feature.startswith("subject:"):
        return _SUBJECT_SIGN.get(feature.split(":", 1)[1], 0)
    return 0
