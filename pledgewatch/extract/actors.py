"""Who acts: resolve a unit's actors to the statement's party codes.

In order: (1) a party's own pledge named in the unit ("the ROK's decision
to…", "the commitment of the U.S. to…", "U.S. extended deterrence
commitments") makes that party the actor; (2) otherwise the subject of the
first undertaking — the party names, leaders' names or joint words ("we",
"the two leaders", "both countries", "the Alliance") just before it — decides;
(3) a bullet inherits its lead-in's actors; (4) by default all the
statement's parties act together. Actors are always among the statement's
parties (the guide: third parties called on never act).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..parties import acting_parties, find_parties
from .lexicon import cues as lex
from .lexicon.leaders import LEADERS, TITLES

# Adjectives name a party's people or things ("Korean companies"), not the party acting.
ADJECTIVES = {
    "American", "Americans", "Korean", "Koreans", "South Korean", "South Koreans", "North Korean", "North Koreans", "Japanese",
    "Chinese", "Indian", "Australian", "Australians", "British", "French", "German", "Italian", "Canadian", "Philippine",
    "Filipino", "Vietnamese", "Russian", "Ukrainian", "Burmese", "Afghan", "Israeli", "Saudi", "Brazilian", "Mexican",
    "Polish", "Mongolian", "Thai", "Singaporean", "Malaysian", "Indonesian", "Taiwanese",
}
_TITLE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
_NAME = r"(?:[A-Z][\w\-’'.]*\s){0,3}?[A-Z][\w\-’']+"
# Patterns that start with a title (see _from_titles).
_AT_TITLE = rf"\b(?:{_TITLE})"
_LEADER_OF = re.compile(rf"{_AT_TITLE}\s+(?P<name>{_NAME}),?\s+(?:Jr\.,?\s+)?of\s+(?:the\s+)?(?P<party>[A-Z][\w.\- ’']+)")
_ADJ_LEADER = re.compile(rf"(?P<party>[A-Z][\w\-’']+(?: [A-Z][\w\-’']+)?) (?:{_TITLE}) (?P<name>{_NAME})")
_TITLED = re.compile(rf"{_AT_TITLE}\s+(?P<name>(?:[A-Z][\w\-’']+\s?){{1,3}})")
_POSSESSIVE = re.compile(r"^(?:’s|'s|’|')")
_CONJUNCTION_GAP = re.compile(r"^\s*(?:,|,?\s*and|&|,?\s*as well as)\s*(?:the\s+|president\s+|prime minister\s+)?$", re.I)
_PLEDGE_NOUN_AFTER = re.compile(r"^(?P<between>(?:’s|'s|’|')?\s+(?:[\w\-]+\s+){0,3}?)(?:decision|commitments?|pledges?|plans?|intention|initiatives?|announcement|contributions?|readiness|willingness|offer|leadership|participation)\b", re.I)
_PLEDGE_OF_BEFORE = re.compile(r"\b(?:commitment|pledge|decision|plan|contribution)s?\s+of\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str | None  # None: a joint subject (all parties)
    text: str


def _from_titles(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that starts with ``_AT_TITLE``.

    Every match starts where a title is written, so the pattern is tried
    only there: letting the engine try every position of a long document
    was most of ``leader_map``'s time.
    """
    starts: set[int] = set()
    for title in TITLES:
        i = text.find(title)
        while i != -1:
            starts.add(i)
            i = text.find(title, i + 1)
    done = 0
    for i in sorted(starts):
        if i < done:
            continue  # inside the last match: finditer does not look there either
        m = pattern.match(text, i)
        if m:
            yield m
            done = m.end()


def leader_map(doc_text: str, parties: tuple[str, ...]) -> dict[str, str]:
    """Leaders' names → party, learned from "President X of the Y" in the document."""
    names: dict[str, str] = {}
    for matches in (_from_titles(_LEADER_OF, doc_text), _ADJ_LEADER.finditer(doc_text)):
        for m in matches:
            codes = [p.code for p in find_parties(m.group("party")) if p.code]
            if not codes:
                continue
            for part in re.split(r"\s+", m.group("name").replace(",", "")):
                if len(part) > 2 and part[0].isupper() and part not in ("Jr.", "Jr"):
                    names.setdefault(part.rstrip("."), codes[0])
    for m in _from_titles(_TITLED, doc_text):
        for part in m.group("name").split():
            if part in LEADERS:
                names.setdefault(part, LEADERS[part])
    return names


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b")


def find_mentions(text: str, leaders: dict[str, str]) -> list[Mention]:
    """The parties, leaders and joint subjects a unit names, in order, none nested in another."""
    out = [Mention(p.start, p.end, p.code, p.text) for p in find_parties(text) if p.code and p.text not in ADJECTIVES]
    for name, code in leaders.items():
        if name not in text:  # most leaders are not named in a given unit: skip their search
            continue
        for m in _name_pattern(name).finditer(text):
            out.append(Mention(m.start(), m.end(), code, name))
    for m in lex.JOINT_SUBJECT.finditer(text.lower()):
        out.append(Mention(m.start(), m.end(), None, text[m.start() : m.end()]))
    out.sort(key=lambda x: (x.start, -x.end))
    # drop mentions nested in a longer one ("Korea" inside "Republic of Korea" is already resolved)
    kept: list[Mention] = []
    for m in out:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


_LOWER_WORDS = re.compile(r"^\s+(?:[a-z\-]+\s+){0,3}$")
_NOT_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|welcom\w*|support\w*|not\w*|applaud\w*|appreciat\w*|recogni\w*|acknowledg\w*|their|our|its|his|her|to|will|shall|would|reaffirm\w*|reiterat\w*|affirm\w*|renew\w*|commit\w*|pledge\w*|share\w*|emphasi\w*|is|are|has|have)\b", re.I)


def _own_pledges(text: str, mentions: list[Mention]) -> list[Mention]:
    """Party mentions that own a pledge noun: "the ROK's decision", "the commitment of the U.S.",
    "U.S. extended deterrence commitments"."""
    owners = []
    for m in mentions:
        if m.code is None:
            continue
        after = text[m.end : m.end + 60]
        noun = _PLEDGE_NOUN_AFTER.match(after)
        if noun:
            possessive = _POSSESSIVE.match(after)
            between = noun.group("between")
            if possessive or (_LOWER_WORDS.match(between) and not _NOT_ATTRIBUTIVE.search(between)):
                owners.append(m)
                continue
        if _PLEDGE_OF_BEFORE.search(text[max(0, m.start - 40) : m.start]):
            owners.append(m)
    return owners


_SUBJECT_GAP = re.compile(r"^[\s\w’'\-]{0,40}$")
_APPOSITIVE = re.compile(r"^\s*,[^,;:.!?]{3,120},\s*(?:[\w’'\-]+\s+){0,2}$")


def _subject_before(text: str, cue_at: int, mentions: list[Mention]) -> list[Mention]:
    """The mentions forming the subject right before the undertaking at ``cue_at``.

    The subject must be close and in the same clause (no punctuation between);
    "X and Y", "X, Y and Z" are gathered into one subject.
    """
    before = [m for m in mentions if m.end <= cue_at]
    if not before:
        return []
    if not _SUBJECT_GAP.match(text[before[-1].end : cue_at]):
        # "We, the Leaders of the Group of Seven (G7), reaffirm …": a subject, then an appositive
        for m in reversed(before):
            if _APPOSITIVE.match(text[m.end : cue_at]):
                return [m]
        return []
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if _CONJUNCTION_GAP.match(text[m.end : group[0].start]):
            group.insert(0, m)
        else:
            break
    return group


def has_party_subject(
    text: str, parties: tuple[str, ...], leaders: dict[str, str], verb_hits: list, mentions: list[Mention] | None = None
) -> bool:
    """Whether some undertaking verb has the parties (or a joint "we") as its subject.

    ``mentions``: the unit's ``find_mentions`` when the caller has them already.
    """
    if mentions is None:
        mentions = find_mentions(text, leaders)
    allowed = acting_parties(parties)
    for hit in verb_hits:
        for m in _subject_before(text, hit.start, mentions):
            if m.code is None or m.code in allowed:
                return True
    return False


def resolve_actors(
    text: str,
    parties: tuple[str, ...],
    leaders: dict[str, str],
    verb_hits: list,
    inherited: tuple[str, ...] | None = None,
    mentions: list[Mention] | None = None,
) -> tuple[tuple[str, ...], str]:
    """(actors, reason) for one unit; ``verb_hits`` are the undertaking verbs, in text order;
    ``mentions`` the unit's ``find_mentions`` when the caller has them already."""
    everyone = tuple(parties)
    allowed = acting_parties(parties)  # a group's members act for themselves
    if mentions is None:
        mentions = find_mentions(text, leaders)
    owners = [m for m in _own_pledges(text, mentions) if m.code in allowed]
    first = verb_hits[0] if verb_hits else None
    if owners and (len(parties) > 1 or owners[0].code not in parties):
        owner = owners[0]
        # The pledge is the object of the first undertaking verb ("reaffirm the
        # commitment of the U.S. to …"), or no verb undertakes anything else.
        if first is None or (0 <= owner.start - (first.start + len(first.words)) <= 30) or owner.start < first.start:
            return (owner.code,), f"{owner.text}'s own pledge is named"
    # Every undertaking verb's subject counts: "the U.S. commits …, and the
    # Alliance will …" is both parties' commitment. An imperative opening
    # (a bullet under a "will:" lead-in) has no subject of its own.
    codes: dict[str, None] = {}
    reasons: list[str] = []
    for hit in verb_hits:
        if hit.start <= 3:
            continue
        subject = _subject_before(text, hit.start, mentions)
        if not subject:
            continue
        if any(m.code is None for m in subject):
            return everyone, "joint subject: " + subject[-1].text
        for m in subject:
            if m.code in allowed:
                codes.setdefault(m.code, None)
        reasons.append(" and ".join(m.text for m in subject))
    if codes:
        return tuple(codes), "subject: " + "; ".join(dict.fromkeys(reasons))
    if owners and (len(parties) > 1 or owners[0].code not in parties):
        return (owners[0].code,), f"{owners[0].text}'s own pledge is named"
    if inherited:
        return inherited, "from its lead-in"
    return everyone, "the statement's parties"
