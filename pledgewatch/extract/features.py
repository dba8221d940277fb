"""Unit → named features: cue families, lead-in context, subject shape, word stems.

Features are a plain ``dict[str, float]``; the classifiers weigh them and the
largest contributions become the commitment's ``why``. The cues that fire are
kept with their matched words so a person can check them.
"""

from __future__ import annotations

from collections.abc import Collection
import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from .lexicon import cues as lex
from .lexicon.domains import DOMAIN_CUES
from .prefilter import Literals, NeedleScan

# One pass over the text: every domain cue found as an alternation of them
# (longest first) behind "(?<![a-z])" finds it, each cue mapped to the domains
# that list it.
_CUE_DOMAINS: dict[str, list[str]] = {}
for _domain, _cues in DOMAIN_CUES.items():
    for _cue in _cues:
        _CUE_DOMAINS.setdefault(_cue.strip(), []).append(_domain)
_DOMAIN_CUES = Literals(_CUE_DOMAINS)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def domain_counts(text: str) -> dict[str, int]:
    """How many cue words of each domain the text holds (a cue does not start inside a word)."""
    counts = dict.fromkeys(DOMAIN_CUES, 0)
    for _start, cue in _DOMAIN_CUES.finditer(f" {text.lower()} ", not_after=_LETTERS):
        for domain in _CUE_DOMAINS[cue]:
            counts[domain] += 1
    return counts


_WORD = re.compile(r"[a-z][a-z\-’']*[a-z]|[a-z0-9]+")
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


def stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower())]


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


@lru_cache(maxsize=256)  # asked again for every bullet under the same lead-in
def lead_in_is_commissive(lead_in: str | None) -> bool | None:
    if not lead_in:
        return None
    low = lead_in.lower().strip()
    if lex.NON_COMMISSIVE_LEAD_IN.search(low):
        return False
    return bool(lex.COMMISSIVE_LEAD_IN.search(low))


def unit_features(text: str, ctx: UnitContext, cues: Cues | None = None, words: Collection[str] | None = None) -> dict[str, float]:
    """``words``: the unit's distinct ``stems(text)``, in order, when the caller has them already
    (an ordered collection, not a set: the order of features must not depend on the hash seed)."""
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
    for s in dict.fromkeys(stems(text)) if words is None else words:
        f[f"w:{s}"] = 1.0
    return f


# Word stems weigh less than the guide's domain cues: with few labelled units
# they would otherwise learn the sample documents' topics, not the domains.
DOMAIN_WORD_WEIGHT = 0.3


def domain_features(text: str, words: Collection[str] | None = None) -> dict[str, float]:
    """``words``: the unit's distinct ``stems(text)``, in order, when the caller has them already
    (an ordered collection, not a set: the order of features must not depend on the hash seed)."""
    f: dict[str, float] = {}
    for domain, n in domain_counts(text).items():
        if n:
            f[f"cue:{domain}"] = float(min(n, 4))
    for s in dict.fromkeys(stems(text)) if words is None else words:
        f[f"w:{s}"] = DOMAIN_WORD_WEIGHT
    return f
