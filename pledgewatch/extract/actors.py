"""Who acts: resolve a unit's actors to the statement's party codes (guide: "Who", `actors`).

The actors are the union of:

1. the owners of a pledge the unit names — "the ROK's decision to …", "the
   commitment of the U.S. to …", "U.S. extended deterrence commitments",
   "welcomed X's strategy and the commitment it makes to …" — unless the pledge
   is the object of another party's support ("Australia will support the
   Philippines' plan …" is Australia's alone);
2. the subjects of the undertaking verbs: the party names, leaders' names or
   joint words just before the verb ("we", "the two leaders", "Allies", "the
   Heads of State and Government"), "We, the Leaders of A and B," naming who
   "we" are, a verb coordinated with an earlier one sharing the unit's opening
   subject ("The two Presidents welcomed …, and announced …"); a verb that
   only restates another party's pledge ("Both leaders reaffirm the commitment
   of the U.S. to …") lends its subject nothing;
3. for an imperative unit or a bullet without a subject of its own, its
   lead-in's actors (or all the parties).

With none of these, the unit's opening subject acts ("The United States
remains a reliable provider …"), then the owner of a weaker noun ("India's
leadership"), then the lead-in's actors, then all the statement's parties.
Actors are always among the statement's parties or the members of a group
party (the guide: third parties called on never act).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..parties import ADJECTIVES, acting_parties, find_parties
from .lexicon import actors as words
from .lexicon import cues as lex
from .lexicon.leaders import LEADERS, TITLES

_TITLE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
_NAME = r"(?:[A-Z][\w\-’'.]*\s){0,3}?[A-Z][\w\-’']+"
# Patterns that start with a title (see _from_titles).
_AT_TITLE = rf"\b(?:{_TITLE})"
# the party: capitalised words only ("of Brazil and President Boric of Chile" holds two offices)
_LEADER_OF = re.compile(
    rf"{_AT_TITLE}\s+(?P<name>{_NAME}),?\s+(?:Jr\.,?\s+)?of\s+(?:the\s+)?(?P<party>[A-Z][\w.\-’']*(?:\s+(?:of\s+|the\s+)*[A-Z][\w.\-’']*){{0,5}})"
)
_ADJ_LEADER = re.compile(rf"(?P<party>[A-Z][\w\-’']+(?: [A-Z][\w\-’']+)?) (?:{_TITLE}) (?P<name>{_NAME})")
_TITLED = re.compile(rf"{_AT_TITLE}\s+(?P<name>(?:[A-Z][\w\-’']+\s?){{1,3}})")
_POSSESSIVE = re.compile(r"’s|'s|’|'")  # used with match(text, pos): no "^"
_CONJUNCTION_GAP = re.compile(r"^\s*(?:,|,?\s*and|&|,?\s*as well as)\s*(?:the\s+|president\s+|prime minister\s+)?$", re.I)
_PLEDGE_NOUN_AFTER = re.compile(
    rf"^(?P<possessive>’s|'s|’|')?(?P<between>\s+(?:[\w\-]+\s+){{0,3}}?)"
    rf"(?P<noun>{'|'.join((*words.STRONG_PLEDGE_NOUNS, *words.WEAK_PLEDGE_NOUNS))})\b(?P<after>\s+(?:to|not)\b)?",
)  # matched on lower-cased text
_PLEDGE_OF_BEFORE = re.compile(rf"\b(?P<noun>{'|'.join(words.STRONG_PLEDGE_NOUNS)})\s+of\s+(?:the\s+)?$", re.I)
_WEAK_NOUNS = frozenset(words.WEAK_PLEDGE_NOUNS)
# Plain alternations of literals: the engine jumps to their first letters (a quick "is it there at all").
_PRONOUN_WORDS = re.compile("its |his |her | it | he | she ")
_PLEDGE_STEMS = re.compile("|".join(sorted({n.rstrip("s") for n in words.STRONG_PLEDGE_NOUNS})))
# Collective nouns that a third party's name before them claims ("UN Member States", "African countries").
_COLLECTIVE_END = re.compile(r"(?:countries|nations|partners|allies|governments|economies|states|members)$")
_WORD_BEFORE = re.compile(r"([\w\-’'.]+)\s+$")
_RELATIVE = re.compile(r"\b(?:which|that|who|whose|whom)\b")
_ADJECTIVES_JOINED = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s+")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str | None  # None: a joint subject (all parties)
    text: str
    person: bool = False  # a leader's name, not a state's


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
    for name, code in _offices(doc_text):
        for part in name.split():
            if len(part) > 2 and part.rstrip(".") not in _NOT_NAME_PARTS:
                names.setdefault(part.rstrip("."), code)
    for m in _from_titles(_TITLED, doc_text):
        for part in m.group("name").split():
            if part in LEADERS:
                names.setdefault(part, LEADERS[part])
    for name in _MULTIWORD_LEADERS:  # "President von der Leyen", "Prime Minister Hun Manet"
        if name in doc_text and re.search(rf"{_AT_TITLE}\s+{re.escape(name)}\b", doc_text):
            names.setdefault(name, LEADERS[name])
    return names


_MULTIWORD_LEADERS = tuple(name for name in LEADERS if " " in name)


# An office and the party it serves, with the holder's name after or before it:
# "the Minister of Foreign Affairs of the Republic of Korea, Kang Kyung-wha",
# "the Prime Minister of India Narendra Modi", "Mr. Justin Trudeau, Prime Minister
# of Canada", "Australian Minister for Foreign Affairs, Marise Payne".
_COMPLEMENT = r"(?:\s+(?:for|of)\s+[A-Z][\w\-]*(?:\s+(?:and\s+)?[A-Z][\w\-]*){0,2})?"
_HOLDER = r"(?P<name>(?:[A-Z][\w\-’'.]*\s){0,3}?[A-Z][\w\-’']+)(?=\s*,|\s+[a-z(]|\s*[.;:]|\s*$)"
_OFFICE_OF_BEFORE = re.compile(rf"(?P<title>{_AT_TITLE}){_COMPLEMENT}\s+of\s+(?:the\s+)?$")
_HOLDER_AFTER_PARTY = re.compile(rf"(?:\s*\([A-Z]+\))?,?\s+{_HOLDER}")
_HOLDER_BEFORE_TITLE = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|H\.E)\.?\s+)?(?P<name>(?:[A-Z][\w\-’'.]*\s){0,3}?[A-Z][\w\-’']+),\s+(?:the\s+)?$"
)
_TITLE_AFTER_PARTY = re.compile(rf"(?:\s*\([A-Z]+\))?\s+(?:{_TITLE}){_COMPLEMENT},?\s+{_HOLDER}")
_OF_END = re.compile(r"\bof\s+(?:the\s+)?$")
_NOT_NAME_PARTS = frozenset(
    {w for t in TITLES for w in t.split()}
    | {"The", "Mr", "Mrs", "Ms", "Dr", "Jr", "Sir", "Dame", "H.E", "Foreign", "Affairs", "Defence", "Defense", "National", "Deputy"}
)


def _offices(doc_text: str) -> Iterator[tuple[str, str]]:
    """(holder's name, party code) for each office the document names with its holder."""
    for p in find_parties(doc_text):
        if not p.code:
            continue
        head = doc_text[max(0, p.start - 8) : p.start]
        # an office "of" the party: look for its title only then (most mentions are not one)
        office = _OFFICE_OF_BEFORE.search(doc_text, max(0, p.start - 90), p.start) if _OF_END.search(head) else None
        if office:
            after = _HOLDER_AFTER_PARTY.match(doc_text, p.end)
            if after and not find_parties(after.group("name")):
                yield after.group("name"), p.code
                continue
            before = _HOLDER_BEFORE_TITLE.search(doc_text, max(0, office.start() - 60), office.start())
            if before and not find_parties(before.group("name")):
                yield before.group("name"), p.code
            continue
        after = _TITLE_AFTER_PARTY.match(doc_text, p.end)
        if after and not find_parties(after.group("name")):
            yield after.group("name"), p.code


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b")


def find_mentions(text: str, leaders: dict[str, str]) -> list[Mention]:
    """The parties, leaders and joint subjects a unit names, in order, none nested in another.

    A party's adjective counts only before its agents ("the Canadian
    Government"); a joint noun right after a party is that party's ("NATO
    Allies", "the EU and its Member States"); after another proper name it is
    a third party's ("UN Member States") and dropped.
    """
    parties: list[Mention] = []
    agent_follows = False  # looking backwards: "Korean and Australian officials" are both agents
    for p in reversed(find_parties(text)):
        if not p.code:
            continue
        if p.text in ADJECTIVES:
            joined = agent_follows and parties and _ADJECTIVES_JOINED.fullmatch(text, p.end, parties[-1].start)
            agent_follows = bool(joined or words.AGENT_AFTER_ADJECTIVE.match(text, p.end))
            if not agent_follows:
                continue
        else:
            agent_follows = False
        parties.append(Mention(p.start, p.end, p.code, p.text))
    parties.reverse()
    out = list(parties)
    for name, code in leaders.items():
        if name not in text:  # most leaders are not named in a given unit: skip their search
            continue
        for m in _name_pattern(name).finditer(text):
            out.append(Mention(m.start(), m.end(), code, name, person=True))
    low = text.lower()
    patterns = [lex.JOINT_SUBJECT]
    if "member" in low or "heads of" in low or " ally" in low:  # the group words are rare: look only then
        patterns.append(words.GROUP_SUBJECT)
    for pattern in patterns:
        for m in pattern.finditer(low):
            joint = _joint_mention(text, m.start(), m.end(), parties)
            if joint is not None:
                out.append(joint)
    out.sort(key=lambda x: (x.start, -x.end))
    # drop mentions nested in a longer one ("Korea" inside "Republic of Korea" is already resolved)
    kept: list[Mention] = []
    for m in out:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _joint_mention(text: str, start: int, end: int, parties: list[Mention]) -> Mention | None:
    phrase = text[start:end]
    if not _COLLECTIVE_END.search(phrase.lower()):
        return Mention(start, end, None, phrase)
    for p in parties:  # few per unit
        if p.end <= start and words.MEMBERS_OF_PARTY.match(text[p.end : start]):
            return Mention(p.start, end, p.code, text[p.start : end])
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    modifier = before.group(1) if before else ""
    if modifier and modifier.lower() not in words.GROUP_MODIFIERS:
        if modifier[0].isupper():
            return None  # "UN Member States", "Pacific Island countries": someone else's members
        if phrase.lower() == "members":
            return None  # "staff members", "family members": not a group's members
    return Mention(start, end, None, phrase)


_LOWER_WORDS = re.compile(r"^\s+(?:[a-z\-]+\s+){0,3}$")
_NOT_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|welcom\w*|support\w*|not\w*|applaud\w*|appreciat\w*|recogni\w*|acknowledg\w*|their|our|its|his|her|to|will|shall|would|reaffirm\w*|reiterat\w*|affirm\w*|renew\w*|commit\w*|pledge\w*|share\w*|emphasi\w*|is|are|has|have)\b", re.I)


@dataclass(frozen=True)
class _Owner:
    mention: Mention
    weak: bool  # owns a role ("leadership"), not a pledge
    reported: bool  # inside a welcome, an appreciation or a restatement


def _governing(text: str, at: int) -> str | None:
    """"support" when the nearest governing word before ``at`` is a verb of support, "report" when a
    welcome, appreciation or restatement, else None; looked for in the same clause, a few words back."""
    window = text[max(0, at - 80) : at].lower()
    cut = max(window.rfind(";"), window.rfind(":"), window.rfind(". "))
    if cut >= 0:
        window = window[cut + 1 :]
    support = max((m.end() for m in words.SUPPORT_VERB.finditer(window)), default=-1)
    report = max((m.end() for m in words.REPORTING_VERB.finditer(window)), default=-1)
    if support < 0 and report < 0:
        return None
    return "support" if support > report else "report"


def _own_pledges(text: str, mentions: list[Mention]) -> list[_Owner]:
    """Party mentions that own a pledge noun: "the ROK's decision", "the commitment of the U.S.",
    "U.S. extended deterrence commitments", and the pronouns of a welcome ("the commitment it makes")."""
    owners = []
    for m in mentions:
        if m.code is None:
            continue
        after = text[m.end : m.end + 70]
        noun = _PLEDGE_NOUN_AFTER.match(after.lower())
        if noun:
            between = after[slice(*noun.span("between"))]  # as written: an attributive noun's words are lower-case
            attributive = (
                not m.person
                and _LOWER_WORDS.match(between)
                and not _NOT_ATTRIBUTIVE.search(between)
                # "Japan and India pledge to …": a verb, not a noun
                and not (not between.strip() and noun.group("noun").lower() in words.VERB_LIKE_NOUNS and noun.group("after"))
            )
            if noun.group("possessive") or attributive:
                owners.append(_owner(text, m, noun.group("noun").lower() in _WEAK_NOUNS))
                continue
        if "of" in text[max(0, m.start - 8) : m.start] and _PLEDGE_OF_BEFORE.search(text, max(0, m.start - 40), m.start):
            owners.append(_owner(text, m, False))
    owners.extend(_pronoun_owners(text, mentions))
    return [o for o in owners if o is not None]


def _owner(text: str, m: Mention, weak: bool) -> _Owner | None:
    governed = _governing(text, m.start)
    if governed == "support":
        return None  # "will support the Philippines' plan": the supporter's undertaking
    return _Owner(m, weak, governed == "report")


def _pronoun_owners(text: str, mentions: list[Mention]) -> list[_Owner | None]:
    """"… welcomed the ROK's strategy and the commitment it makes to …": the pronoun's owner is the
    party (for "it", "its") or the leader (for "he", "his") named last since the welcome."""
    low = text.lower()
    if not _PLEDGE_STEMS.search(low) or not _PRONOUN_WORDS.search(low):
        return []  # most units hold no pronoun owner: two substring scans spare the patterns
    out = []
    for m in words.PRONOUN_PLEDGE.finditer(low):
        pronoun = m.group("pronoun") or m.group("subject")
        reports = [r.end() for r in words.REPORTING_VERB.finditer(low, 0, m.start())]
        if not reports:
            continue
        person = pronoun in words.PERSON_PRONOUNS
        since = [x for x in mentions if reports[-1] <= x.start and x.end <= m.start() and x.code and x.person == person]
        if since:
            out.append(_owner(text, since[-1], False))
    return out


_PREPOSITION_BEFORE = re.compile(
    r"\b(?:against|by|with|to|for|on|in|from|toward|towards|between|among|including|than|under|into|at|upon|via|through)\s+(?:the\s+)?$",
    re.I,
)
_SUBJECT_GAP = re.compile(r"^[\s\w’'\-]{0,40}$")
_APPOSITIVE = re.compile(r"^\s*,[^,;:.!?]{3,120},\s*(?:[\w’'\-]+\s+){0,2}$")
# "We, the Leaders of Australia, India, Japan and the United States, commit …": who "we" are, commas and all.
_WE_APPOSITIVE = re.compile(r"\s*,\s*(?:the\s+)?[^;:.!?]{3,240}?,\s*(?:[\w’'\-]+\s+){0,2}$", re.I)


def _subject_before(text: str, cue_at: int, mentions: list[Mention], parties: tuple[str, ...] = ()) -> list[Mention]:
    """The mentions forming the subject right before the undertaking at ``cue_at``.

    The subject must be close and in the same clause (no punctuation between);
    "X and Y", "X, Y and Z" are gathered into one subject. ``parties``: the
    statement's, which "We, the Leaders of the G7 …" or "We, the leaders of A
    and B" name (before any guest also named).
    """
    before = [m for m in mentions if m.end <= cue_at]
    if not before:
        return []
    if not _SUBJECT_GAP.match(text[before[-1].end : cue_at]):
        # "We, the Leaders of the Group of Seven (G7), reaffirm …": a subject, then an appositive
        for i, m in enumerate(before):
            if m.code is None and m.text.lower() == "we" and _WE_APPOSITIVE.match(text, m.end, cue_at):
                named = list({x.code: x for x in reversed(before[i + 1 :]) if x.code}.values())[::-1]  # "Group of Seven (G7)": once
                return [x for x in named if x.code in parties] or named or [m]
        for m in reversed(before):
            if _APPOSITIVE.match(text[m.end : cue_at]):
                return [m]
        return []
    subject = _gather(text, before)
    if _PREPOSITION_BEFORE.search(text, max(0, subject[0].start - 20), subject[0].start):
        return []  # "an attack against the ROK will be met …": the party is not the subject
    return subject


def _names_we(text: str, mentions: list[Mention], first: Mention) -> bool:
    """Whether ``first`` stands in the appositive of an opening "We, …," (it names who "we" are)."""
    we = next((m for m in mentions if m.code is None and m.text.lower() == "we" and m.end <= first.start), None)
    return we is not None and bool(re.match(r"\s*,", text[we.end : first.start])) and "," in text[first.end :]


def _gather(text: str, before: list[Mention]) -> list[Mention]:
    """The last mention of ``before`` with the ones joined to it by "and" or commas."""
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if _CONJUNCTION_GAP.match(text[m.end : group[0].start]):
            group.insert(0, m)
        else:
            break
    return group


def _runs(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """The mentions in runs joined by "and" or commas ("Australia, India and Japan")."""
    runs: list[list[Mention]] = []
    for m in mentions:
        gap = text[runs[-1][-1].end : m.start] if runs else ""
        if runs and (not gap.strip() or _CONJUNCTION_GAP.match(gap)):  # "The two" + "Presidents"
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


_VERB_NEXT = re.compile(r",?\s+(?!of\b|and\b|or\b)[a-z]")


def _opening_subject(text: str, mentions: list[Mention]) -> list[Mention]:
    """The subject that opens the unit's main clause: "The United States remains …",
    "In this context, Canada is joining …", "Building on …, the two Presidents agreed …".

    Only articles, titles and names may stand before it (after an opening
    phrase that ends with a comma), and a lower-case word — its verb — after it.
    """
    for run in _runs(text, mentions):
        first, last = run[0], run[-1]
        if first.start > 200:
            break
        prefix = text[: first.start]
        comma = prefix.rfind(", ")
        local = (prefix[comma + 2 :] if comma >= 0 else prefix).split()
        opener = prefix.split()[:1]
        if (
            len(local) <= 6
            and all(w[0].isupper() or w in ("of", "the", "and") for w in local)
            and not (local and local[0].lower() in words.SUBORDINATORS)
            and not (comma < 0 and opener and opener[0].lower() in words.SUBORDINATORS)
            and _VERB_NEXT.match(text, last.end)
        ):
            return run
    return []


def _reports(text: str, end: int) -> bool:
    """Whether the verb after a subject ending at ``end`` only reports ("welcomed", "shares his support for")."""
    return bool(words.REPORTING_VERB.search(text[end : end + 30].lower()))


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


def _opens_imperative(text: str, verb_hits: list) -> bool:
    if verb_hits and verb_hits[0].start <= 3:
        return True
    opening = lex.IMPERATIVE_OPENING.match(text.lower())
    return bool(opening and opening.group(1) in lex.IMPERATIVE_VERBS)


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
    found = [o for o in _own_pledges(text, mentions) if o.mention.code in allowed]
    strong = [o for o in found if not o.weak]
    opening: list[Mention] | None = None
    codes: dict[str, None] = {}
    reasons: list[str] = []
    joint: str | None = None
    for hit in verb_hits:
        if hit.start <= 3:
            continue  # an imperative opening (a bullet under a "will:" lead-in) has no subject of its own
        hit_end = hit.start + len(hit.words)
        if words.RESTATING_VERB.match(hit.words) and any(0 <= o.mention.start - hit_end <= 30 for o in strong):
            continue  # "reaffirm the commitment of the U.S. to …": the subject restates another's pledge
        if words.COORDINATED_BEFORE.search(text, max(0, hit.start - 20), hit.start):
            if not words.FINITE_HIT.match(hit.words):
                continue  # "… to engaging more and working with …": still what the pledge names
            if opening is None:
                opening = _opening_subject(text, mentions)
            # "… a review, which takes an approach that is open to and will explore …": not the main clause
            subject = opening if opening and not _RELATIVE.search(text, opening[-1].end, hit.start) else []
        else:
            subject = _subject_before(text, hit.start, mentions, everyone)
        # "New Zealand will help Australia's efforts to expand …": the helped party's plan is not its act here
        subject = [m for m in subject if not (_POSSESSIVE.match(text, m.end) and _governing(text, m.start) == "support")]
        if not subject:
            continue
        if any(m.code is None for m in subject):
            joint = joint or subject[-1].text
            continue
        for m in subject:
            if m.code in allowed:
                codes.setdefault(m.code, None)
        named = " and ".join(m.text for m in subject)
        # "We, the Leaders of the G7, commit …": a joint "we" that names who it is
        reasons.append(f"joint subject: We, {named}" if _names_we(text, mentions, subject[0]) else named)
    owned = {o.mention.code: o for o in strong}
    if joint:
        extra = [c for c in (*codes, *(c for c, o in owned.items() if o.reported)) if c not in everyone]
        return (*everyone, *dict.fromkeys(extra)), "joint subject: " + joint
    base: tuple[str, ...] = ()
    imperative = _opens_imperative(text, verb_hits)
    if imperative or inherited:
        if opening is None:
            opening = _opening_subject(text, mentions)
        if imperative or not opening:
            base = inherited or everyone
    actors = dict.fromkeys((*base, *sorted(owned, key=lambda c: owned[c].mention.start), *codes))
    if actors:
        why = [f"{', '.join(owned)}: own pledge named"] if owned else []
        why += ["; ".join(r if r.startswith("joint") else "subject: " + r for r in dict.fromkeys(reasons))] if reasons else []
        why += ["from its lead-in" if inherited else "imperative: the statement's parties"] if base else []
        return tuple(actors), "; ".join(why)
    if opening is None:
        opening = _opening_subject(text, mentions)
    if opening and not _reports(text, opening[-1].end):
        if any(m.code is None for m in opening):
            return everyone, "joint opening subject: " + opening[-1].text
        opening_codes = tuple(dict.fromkeys(m.code for m in opening if m.code in allowed))
        if opening_codes:
            return opening_codes, "opening subject: " + " and ".join(m.text for m in opening)
    if found:
        return (found[0].mention.code,), f"{found[0].mention.text}'s own role is named"
    if inherited:
        return inherited, "from its lead-in"
    return everyone, "the statement's parties"

