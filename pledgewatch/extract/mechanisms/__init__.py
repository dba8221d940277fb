"""Mechanism mentions, recognised by their shape (no list of known names).

The annotation guide's ``mechanisms`` are the institutional vehicles a unit
names: bodies, dialogues, groups, frameworks, agreements, programmes, funds,
summit series. Statements never seen before name new ones all the time, so
nothing here knows a name; a mention is found by what it looks like:

1. **A proper name with a head noun.** A run of capitalised words, joined by
   "of", "for", "on", "and", "in", "to", "through" (and "the" after them), whose main
   part ends in a head noun (Group, Dialogue, Framework, Treaty, Summit …,
   ``lexicon.PROPER_HEADS``, or a meeting format such as "2+2"): "Nuclear
   Consultative Group", "Summit for Democracy", "UN Convention on the Law
   of the Sea". A parenthetical acronym right after it ("(NCG)") becomes
   its alias and is left out of the span, as the guide asks. A capitalised
   name without a head may still end in a lower-case one ("Artemis
   program", "… Technology (FIRST) program").
   An acronym inside a name stays as written ("United Nations (UN)
   Charter"): words without a head, their acronym and more capitalised
   words are one name.
2. **A body being created, not yet named.** "establish a bilateral investment
   screening cooperation working group", "launch an economic security
   dialogue", or a definite one the action runs through ("through the
   bilateral space policy dialogue"). When nothing before its head says
   which body it is, what it is for or between whom does: "a dialogue on
   critical minerals", "announced a new Dialogue between the … Office and
   the … Institute".
3. **An acronym written alone**: "COVAX", "G7", "the NCG", "the TTC’s
   objectives" (linked to its long form through ``known``, the document's
   acronym map built from earlier units), unless it is a party, a field or a
   common abbreviation; a group's one-word name from the party table ("the
   Quad") counts as its acronym.

What looks like a name but is not a vehicle is left out by shape too:
documents (a Review, a Strategy, an Act, "… Council resolutions"), the
parties' relationship itself ("the U.S.-ROK Alliance", "our Transatlantic
partnership", "the North Atlantic Alliance"), titles and people
("President of …"), a party's government ("the … Administration") and the
parties' own organs ("their respective National Security Councils"),
ministries and departments (no head noun), names that modify a following
name ("the … Agency (ACR) Mining Code", "NATO’s founding … Treaty"), and
acronyms used as owners or places ("ASEAN centrality", "within ASEAN"). The
statement's own parties (``parties``) are its actors: "NATO" in a NATO
statement, "the Group of Twenty" in a G20 one, "the Council of the European
Union" in an EU one are left out, whatever their shape.

Every mention's ``text`` is the exact slice ``text[start - offset:end -
offset]``; mentions come back ordered and non-overlapping, one per
mechanism per unit.

The modules, one job each: ``shapes`` (the mention record and the words a
name is made of), ``names`` (shape 1), ``bodies`` (shape 2), ``acronyms``
(shape 3, short forms and the acronym map), ``own_parties`` (the
statement's parties filter); this one puts them together
(``find_mechanisms``) and hands mentions on as ``Value``s (``to_values``).
The rules themselves are data in ``extract.lexicon.mechanisms``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Value
from ..prefilter import NeedleScan
from .acronyms import _bare_acronyms, _short_forms, acronym_map
from .bodies import _LOWER_BODY_HEAD, _being_created, _lower_bodies, _next_start, _postmodifier_end, _Spans
from .names import _TAIL, _acronym_after, _proper_names
from .own_parties import _names_party
from .shapes import YEAR_OR_ORDINAL, MechanismMention, initials, is_acronym

__all__ = ["YEAR_OR_ORDINAL", "MechanismMention", "acronym_map", "find_mechanisms", "initials", "is_acronym", "to_values"]

# Most units name none of the lower-case heads: one literal check of the unit
# (prefilter.py) spares looking for a head after each name ("tail") and for a
# body being created ("body").
_HEAD_SCAN = NeedleScan.of({"tail": _TAIL, "body": _LOWER_BODY_HEAD})


def find_mechanisms(
    text: str, offset: int = 0, known: dict[str, str] | None = None, parties: Iterable[str] = ()
) -> list[MechanismMention]:
    """Mechanism mentions in one unit, in order; offsets are ``offset`` + position in ``text``.

    ``known`` maps acronyms to long forms met earlier in the document
    (see :func:`acronym_map`); a bare acronym or a short form ("the Group")
    found there gets that long form as ``long_name``. ``parties``: the
    statement's party codes (``Document.parties``); a name for one of them
    ("NATO" in a NATO statement, "the Group of Twenty", "the Council of the
    European Union" in an EU one) is an actor of the statement, not a vehicle.
    """
    heads = _HEAD_SCAN.may_match(text)
    found = _proper_names(text, heads)
    local_known = {**(known or {}), **found.defined}
    spans = [(m.start, m.end) for m in found.names]
    for m in found.names:  # the "(ACR)" after a long form belongs to it
        if m.acronym:
            acr, after = _acronym_after(text, m.end)
            if acr:
                spans.append((m.end, after))
    taken = _Spans(spans)
    mentions = list(found.names)
    mentions += [a for a in _bare_acronyms(text, found.acronyms, local_known) if not taken.overlaps(a.start, a.end)]
    other_starts = sorted(m.start for m in mentions)
    mentions += _lower_bodies(text, taken, {m.start for m in found.names}, heads, other_starts)
    references = []
    for start, end, head in found.short:
        # "a new Dialogue between …": a body being set up, not one met before; its post-modifier names it
        post = _postmodifier_end(text, end, _next_start(other_starts, end)) if _being_created(text, start) else end
        if post > end:
            words = text[start:post]
            mentions.append(MechanismMention(start, post, words, " ".join(words.split()), None, head))
        else:
            references.append((start, end, head))
    mentions += _short_forms(text, references, mentions, known or {})
    if parties:
        mentions = [m for m in mentions if not _names_party(m, tuple(parties))]
    return _one_per_mechanism(mentions, offset)


def _one_per_mechanism(mentions: list[MechanismMention], offset: int) -> list[MechanismMention]:
    """Ordered, non-overlapping, each mechanism once (a repeat, its acronym or its short form
    later in the same unit adds nothing)."""
    out: list[MechanismMention] = []
    seen: set[str] = set()
    last_end = -1
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.start < last_end:
            continue
        keys = {m.name.lower(), (m.long_name or m.name).lower()}
        if keys & seen:
            continue
        seen |= keys
        if m.acronym:
            seen.add(m.acronym.lower())
        last_end = m.end
        out.append(MechanismMention(m.start + offset, m.end + offset, m.text, m.name, m.acronym, m.head, m.long_name))
    return out


def to_values(mentions: Iterable[MechanismMention]) -> list[Value]:
    """The mentions as ``Value(kind="mechanism")``; ``text`` is the document slice."""
    return [
        Value("mechanism", m.start, m.end, m.text, {"name": m.name, "acronym": m.acronym, "long_name": m.long_name, "head": m.head})
        for m in mentions
    ]
