"""Shape 3 and references: acronyms written alone, short forms, and the acronym map that links them.

A bare acronym ("COVAX", "the G7", "the TTC’s objectives") is a mention
unless it is a party, a field or a common abbreviation, or is used as an
owner, a place or a deadline ("ASEAN centrality", "within ASEAN", "by
COP26"); a group's one-word name ("the Quad") counts as its acronym. A short
form ("the Group", "the 2022 Conference") is the mechanism of that head met
before: earlier in the unit, or through the document's acronym map
(``acronym_map``, built from long forms written with their acronym).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from ..lexicon import mechanisms as lex
from .names import _head
from .shapes import _WS, MechanismMention, _before, _next_word, _prev_word, _stop_acronym, _Tok, _tokens, _unpossessed

_NEXT_CHAR = re.compile(r"\s*+(\S)")
# A possessive, then at most a few lower-case words and a capitalised one.
_OWNER_NEXT = re.compile(rf"[’']s(?:{_WS}[a-z][\w\-]*){{0,{lex.OWNER_GAP_WORDS}}}{_WS}[A-Z]")


def _bare_acronyms(text: str, groups: list[list[_Tok]], known: dict[str, str]) -> list[MechanismMention]:
    """Mentions among ``groups`` of acronyms written alone ("COVAX AMC", "the G7"); ``known``: the acronym map."""
    out = []
    for group in groups:
        # a party code in front is not part of the mechanism ("ROK NCG")
        while group and _stop_acronym(group[0].word) and group[0].word not in known:
            group = group[1:]
        if not group:
            continue
        start, end = group[0].start, group[-1].end
        if group[-1].word != _unpossessed(group[-1].word):
            end -= 2  # "the TTC’s objectives": the mention is "TTC"
            if _OWNER_NEXT.match(text, end):
                continue  # "NATO’s founding Washington Treaty": the owner of the name that follows
        words = text[start:end]
        name = " ".join(words.split())
        single = len(group) == 1
        if single and _stop_acronym(name) and name not in known:
            continue
        prev_word = _prev_word(text, start)
        nxt_word = _next_word(text, end)
        after = _NEXT_CHAR.match(text, end)
        if _before(text, start).endswith("(") and after and after.group(1) == ")":
            continue  # a definition "(ACR)", not a mention
        if prev_word in lex.PLACE_PREPOSITIONS:
            continue  # "within ASEAN": a region
        if any(c.isdigit() for c in name) and prev_word in lex.DEADLINE_PREPOSITIONS:
            continue  # "by COP26": a deadline
        if nxt_word.lower() in lex.ACRONYM_ATTRIBUTES or (
            text[end : end + 2] in ("’s", "'s") and _next_word(text, end + 2).lower() in lex.ACRONYM_ATTRIBUTES
        ):
            continue  # "ASEAN centrality", "the GHSA target": an owner, not a vehicle
        if name not in known and single and len(name) == 2 and not any(c.isdigit() for c in name):
            # two letters are too often something else ("AI", "EV"): "the UN"
            # counts only as a noun of its own, followed by no noun
            if prev_word != "the" or (nxt_word[:1].islower() and nxt_word not in ("and", "or", "to", "in", "on", "at", "for", "with")):
                continue
        long_name = known.get(name)
        out.append(MechanismMention(start, end, words, name, name, _head_of_name(long_name) if long_name else "acronym", long_name))
    return out


def _head_of_name(name: str) -> str:
    """The head of a long form from the acronym map (for short forms and bare acronyms)."""
    toks = _tokens(name)
    if toks:
        head, _ = _head(toks)
        if head:
            return head
    tail = name.split()[-1].lower() if name.split() else ""
    return tail if tail in lex.LOWER_HEADS | lex.TAIL_ONLY_HEADS else "acronym"


def _short_forms(text: str, short: list[tuple[int, int, str]], mentions: list[MechanismMention], known: dict[str, str]) -> list[MechanismMention]:
    """ "the Group", "the 2022 Conference": the mechanism of that head met before.

    Within the unit it is the same mechanism again (dropped later as a
    repeat); across units it resolves through the acronym map to the most
    recent long form with that head. The parties' relationship ("the
    Alliance") is never resolved.
    """
    out = []
    by_head: dict[str, list[MechanismMention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        by_head.setdefault(m.head, []).append(m)
    for start, end, head in short:
        if head in lex.RELATIONSHIP_HEADS:
            continue
        same = by_head.get(head, [])
        i = bisect_left(same, start, key=lambda m: m.start)  # the last one of that head before it
        if i:
            long_name = same[i - 1].long_name or same[i - 1].name
            acronym = same[i - 1].acronym
        else:
            match = next(((a, n) for a, n in reversed(list(known.items())) if _head_of_name(n) == head), None)
            if not match:
                continue
            acronym, long_name = match
        words = text[start:end]
        out.append(MechanismMention(start, end, words, " ".join(words.split()), acronym, head, long_name))
    return out


def acronym_map(mentions: Iterable[MechanismMention]) -> dict[str, str]:
    """Acronym → long form, from the long forms written with their acronym ("… Group (NCG)")."""
    return {m.acronym: m.name for m in mentions if m.acronym and m.name != m.acronym and m.long_name == m.name}
