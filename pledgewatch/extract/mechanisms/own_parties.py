"""The statement's own parties: its actors, never the vehicles it names.

A name that is one of the statement's parties ("NATO" in a NATO statement,
"the Group of Twenty" in a G20 one), by its code, one of its names in the
party table or its initials, and a name of one of their organs ("the
Council of the European Union" in an EU one) are left out, whatever their
shape.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...parties import ALIASES
from .shapes import MechanismMention, initials


def _party_key(name: str) -> str:
    """A name compared as a party's: lower case, no article, no dots, hyphens or spaces ("the G-20" → "g20")."""
    low = name.lower()
    if low.startswith("the "):
        low = low[4:]
    return re.sub(r"[.\-\s]+", "", low)


@lru_cache(maxsize=256)
def _party_names(parties: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The parties' codes and names as ``_party_key`` gives them, and their names in lower case."""
    names = [n for code in parties for n in (code, *ALIASES.get(code, ()))]
    return frozenset(map(_party_key, names)), tuple(" " + n.lower() for n in names if len(n) > 2)


def _names_party(m: MechanismMention, parties: tuple[str, ...]) -> bool:
    """A name of one of the statement's parties, or of one of its organs ("Council of the
    European Union"): what the statement's authors are, not what they act through."""
    return any(_is_party_name(n, parties) for n in (m.name, m.acronym, m.long_name) if n) or _is_party_organ(m.name, parties)


@lru_cache(maxsize=100_000)
def _is_party_name(name: str, parties: tuple[str, ...]) -> bool:
    if _party_key(name) in _party_names(parties)[0]:
        return True
    # an acronym of the name ("North Atlantic Treaty Organization" for NATO); short codes are too ambiguous
    return any(len(code) >= 3 and code.upper() in initials(name) for code in parties)


@lru_cache(maxsize=100_000)
def _is_party_organ(name: str, parties: tuple[str, ...]) -> bool:
    low = name.lower()
    return " of " in low and any(low.endswith((" of" + n, " of the" + n)) for n in _party_names(parties)[1])
