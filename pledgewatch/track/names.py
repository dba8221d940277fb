"""Mechanism names → comparable keys: long forms, acronyms, party prefixes, short forms.

A name's key is ``(owners, core)``: the party or organisation designators
that open it ("U.S.-ROK", "ROK-U.S.", "IAEA") as a set, and the rest,
lower-cased, hyphens as spaces, without articles, ordinals, years and a
trailing plural. So "ROK-U.S. Mutual Defense Treaty" and "U.S.-ROK Mutual
Defense Treaty" share a key, "Mutual Defense Treaty" shares the core, and
"U.S. Strategic Command" and "ROK Strategic Command" stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..extract.mechanisms import YEAR_OR_ORDINAL, initials, is_acronym
from ..model import Value
from ..parties import normalise_party

# ``initials`` and ``is_acronym`` live with the recogniser; the tracking modules read them from here.
__all__ = ["MentionName", "NameKey", "initials", "is_acronym", "mention_keys", "mention_name", "name_key"]

_ORDINAL_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth next inaugural annual new".split()
)
_ARTICLES = frozenset({"the", "a", "an"})
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "'", "’": "'"})
_NOT_PLURAL = re.compile(r"(?:ss|us|is)$")


def _party_prefix(token: str) -> frozenset[str] | None:
    """Party codes of a designator token ("U.S.-ROK" → {US, KR}), or None when it is not one."""
    token = re.sub(r"['’]s$", "", token)
    parts = [p for p in re.split(r"-(?=[A-Z])", token) if p]
    codes = set()
    for part in parts:
        code = normalise_party(part)
        if code is None or (part.lower() == part):
            return None
        codes.add(code)
    return frozenset(codes) if codes else None


def _fold(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not _NOT_PLURAL.search(word) else word


@dataclass(frozen=True)
class NameKey:
    owners: frozenset[str]  # party codes (and organisation acronyms) that open the name
    core: str

    def __str__(self) -> str:
        return " ".join([*sorted(self.owners), self.core]).strip()


@lru_cache(maxsize=100_000)
def name_key(name: str) -> NameKey:
    words = name.translate(_QUOTES).split()
    owners: set[str] = set()
    while words and (words[0].lower() in _ARTICLES or words[0].lower() in _ORDINAL_WORDS or YEAR_OR_ORDINAL.match(words[0].lower())):
        words = words[1:]
    # leading designators: parties ("U.S.-ROK"), or an organisation's acronym before a longer name ("IAEA Additional Protocol")
    while len(words) > 1:
        prefix = _party_prefix(words[0])
        if prefix is not None:
            owners |= prefix
        elif is_acronym(words[0].rstrip("’'s")) and len(words) > 2:
            owners.add(words[0].upper())
        else:
            break
        words = words[1:]
        while words and (words[0].lower() in _ORDINAL_WORDS or YEAR_OR_ORDINAL.match(words[0].lower())):
            words = words[1:]
    core_words = " ".join(words).replace("-", " ").lower().split()
    if core_words:
        core_words[-1] = _fold(core_words[-1])
    return NameKey(frozenset(owners), " ".join(core_words))


@dataclass(frozen=True)
class MentionName:
    """What one mechanism mention is called: as written, its long form and acronym when known."""

    written: str
    long_name: str | None
    acronym: str | None

    @property
    def name(self) -> str:
        return self.long_name or self.written

    def forms(self) -> set[str]:
        return {f for f in (self.written, self.long_name, self.acronym) if f}


def mention_name(value: Value, acronyms: dict[str, str] | None = None) -> MentionName:
    """Read a mechanism ``Value``: its normalised dict when the recogniser filled it, else its text."""
    n: dict[str, Any] = value.normalised or {}
    written = " ".join(str(n.get("name") or value.text).split())
    acronym = n.get("acronym") or (written if is_acronym(written) else None)
    long_name = n.get("long_name")
    if long_name == acronym:
        long_name = None
    if not long_name and acronym and acronyms and acronym in acronyms:
        long_name = acronyms[acronym]
    if long_name and " ".join(long_name.split()) == written and acronym == written:
        long_name = None
    return MentionName(written, " ".join(long_name.split()) if long_name else None, acronym)


def mention_keys(value: Value, acronyms: dict[str, str] | None = None) -> frozenset[str]:
    """Strings that identify the mechanism of a mention, for linking units that name it."""
    return _keys(mention_name(value, acronyms))


@lru_cache(maxsize=100_000)
def _keys(m: MentionName) -> frozenset[str]:
    keys: set[str] = set()
    for f in m.forms():
        if is_acronym(f):
            continue
        key = name_key(f)
        keys.add(str(key))
        # an organisation's acronym in front ("IAEA Additional Protocol") is often left out
        # ("the Additional Protocol"); a party's is not ("U.S. / ROK Strategic Command")
        parties = frozenset(o for o in key.owners if normalise_party(o))
        if parties != key.owners:
            keys.add(str(NameKey(parties, key.core)))
    keys |= {f"acronym:{f.upper()}" for f in (m.acronym,) if f}
    if m.long_name:
        keys |= {f"acronym:{a}" for a in initials(m.long_name) if len(a) >= 3}
    elif not m.acronym:
        keys |= {f"acronym:{a}" for a in initials(m.written) if len(a) >= 3}
    return frozenset(k for k in keys if k)
