"""Cheap literal checks in front of expensive patterns.

A cue family such as ``\\b(?:launch(?:es|ed)?|establish(?:es|ed)?|…)\\b``
makes the regex engine try every alternative at every word boundary of a
unit, although most units contain none of its words. ``needles(pattern)``
reads the pattern's syntax tree and returns literal strings of which every
match must contain at least one ("launch", "establish", …); ``Guarded``
skips the search when none of them is in the text. The needles are derived,
never written by hand, so the lexicon stays the only place the words live,
and a needle is only ever a necessary condition: a guarded search finds
exactly what the bare one finds.

``NeedleScan`` asks the same question of many patterns at once: one
Aho–Corasick pass finds every needle of all of them that is in the text.
``Literals`` finds a list of literal strings where an alternation of them
would, from such a pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

# The parser behind ``re`` (``sre_parse`` before Python 3.11). Node kinds it
# does not know are read as "may match anything", so a change there can only
# make the check weaker, never wrong.
from re import _constants as _c, _parser as _p

Needles = frozenset[str] | None  # None: no literal is required (always search)

# Nodes that match no characters: the literals on either side of one are adjacent in the text.
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


def _best(a: Needles, b: Needles) -> Needles:
    """The more selective of two requirements (the one whose shortest needle is longer)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if min(map(len, a)) >= min(map(len, b)) else b


def _sequence(items: list) -> Needles:
    """A requirement of a sequence: its longest run of literal characters, or the best requirement of one of its parts."""
    best: Needles = None
    run: list[str] = []

    def close() -> None:
        nonlocal best
        if run:
            best = _best(best, frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
        elif op in _ZERO_WIDTH:
            continue
        else:
            close()
            best = _best(best, _node(op, av))
    close()
    return best


def _node(op, av) -> Needles:
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & (re.IGNORECASE | re.VERBOSE):
            return None
        return _sequence(list(sub))
    if op is _c.BRANCH:
        found: set[str] = set()
        for alternative in av[1]:
            need = _sequence(list(alternative))
            if need is None:
                return None  # one alternative needs nothing, so neither does the branch
            found |= need
        return frozenset(found)
    if op in _REPEATS:
        low, _high, item = av
        return _sequence(list(item)) if low >= 1 else None
    if op is _c.IN:
        return _class(av)
    return None  # anything else may match any characters: no requirement


# A range of at most this many characters ("[0-9]") counts as its characters;
# a larger one ("[a-z]") is in nearly every text and would only slow the check.
_MAX_RANGE = 10


def _class(items) -> Needles:
    """A character class of literals and small ranges: one needle per character."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is _c.LITERAL:
            chars.add(chr(value))
        elif kind is _c.RANGE and value[1] - value[0] < _MAX_RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None  # a category (\w, \s), a negation, a large range
    return frozenset(chars)


def needles(pattern: re.Pattern[str]) -> Needles:
    """Literals one of which every match of ``pattern`` contains, or None when there are none."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    need = _sequence(list(_p.parse(pattern.pattern, pattern.flags)))
    if need is None or "" in need:
        return None
    # A needle that contains another adds nothing: the shorter one is there too.
    return frozenset(n for n in need if not any(o != n and o in n for o in need))


@dataclass(frozen=True)
class Guarded:
    """A pattern that is searched only when the text holds one of its needles."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...] | None

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Guarded:
        need = needles(pattern)
        # Shortest first: short words are the likeliest to be there, which ends the check soonest.
        return cls(pattern, tuple(sorted(need, key=lambda n: (len(n), n))) if need is not None else None)

    def may_match(self, text: str) -> bool:
        if self.needles is None:
            return True
        for n in self.needles:  # a plain loop: measurably cheaper than any() over a generator here
            if n in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None


class NeedleScan:
    """Which of many named checks may succeed on a text, from one pass over it.

    A check is a set of needles (or None: it always may); it may succeed when
    one of them is in the text, the answer ``Guarded.may_match`` gives for a
    pattern's needles. Asking a few dozen patterns one needle at a time was
    most of the cost of finding a unit's cues; an Aho–Corasick automaton over
    all the needles reports every one in the text, overlapping ones
    included, in a single pass.
    """

    def __init__(self, checks: Mapping[str, Iterable[str] | None]) -> None:
        always: set[str] = set()
        keys_of: dict[str, set[str]] = {}
        for key, need in checks.items():
            need = None if need is None else frozenset(need)
            if need is None or "" in need:
                always.add(key)
                continue
            for needle in need:
                keys_of.setdefault(needle, set()).add(key)
        self._always = frozenset(always)
        self._automaton: ahocorasick.Automaton | None = None  # None: no needles to look for
        if keys_of:
            self._automaton = ahocorasick.Automaton()
            for needle, keys in keys_of.items():
                self._automaton.add_word(needle, frozenset(keys))
            self._automaton.make_automaton()

    @classmethod
    def of(cls, patterns: Mapping[str, re.Pattern[str]]) -> NeedleScan:
        """The checks of patterns: their needles."""
        return cls({key: needles(pattern) for key, pattern in patterns.items()})

    def may_match(self, text: str) -> set[str]:
        """The keys of the checks one of whose needles is in ``text`` (and of those without needles)."""
        found = set(self._always)
        for _end, keys in self._automaton.iter(text) if self._automaton is not None else ():
            found |= keys
        return found


class Literals:
    """Where literal strings occur, as a regex alternation of them finds them, from one Aho–Corasick pass.

    An alternation of a few hundred literals behind a look-behind is tried at
    every character of the text; the automaton reads each character once.
    """

    def __init__(self, literals: Iterable[str]) -> None:
        self._automaton: ahocorasick.Automaton | None = None  # None: nothing to find
        for literal in literals:
            if not literal:
                raise ValueError("an empty literal would match everywhere")
            if self._automaton is None:
                self._automaton = ahocorasick.Automaton()
            self._automaton.add_word(literal, literal)
        if self._automaton is not None:
            self._automaton.make_automaton()

    def finditer(self, text: str, *, not_after: str = "") -> list[tuple[int, str]]:
        """(start, literal) of each match of ``(?<![not_after])(?:…)``, the literals longest first.

        That is: at the leftmost place where a literal starts (and the
        character before is none of ``not_after``), the longest one there;
        then on from its end.
        """
        longest: dict[int, str] = {}
        for end, literal in self._automaton.iter(text) if self._automaton is not None else ():
            start = end - len(literal) + 1
            if start and text[start - 1] in not_after:
                continue
            if len(literal) > len(longest.get(start, "")):
                longest[start] = literal
        out = []
        done = 0
        for start in sorted(longest):
            if start >= done:
                out.append((start, longest[start]))
                done = start + len(longest[start])
        return out
