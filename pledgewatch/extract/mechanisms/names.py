"""Shape 1: proper names with a head noun, read from runs of capitalised words.

A run ("the Supply Chain and Commercial Dialogue and the Quad Vaccine
Partnership") is cut into candidate names at the connectors that join two
names (``_split_run``); what opens a candidate without being part of it
(articles, clause verbs, possessors, years, titles) is dropped
(``_strip_front``); and a candidate is a mechanism when its main part ends
in a head noun, or when a lower-case head follows it ("Artemis program"),
unless its shape says it is something else: the parties' relationship, a
party's government or the parties' own organs, a document, or the owner
of a name that follows. A bracketed acronym after a name is its alias and
stays out of its span; one inside a name ("United Nations (UN) Charter")
stays in it. Acronyms written alone and short forms ("the Group") are
handed on in ``_Found`` for ``acronyms`` to resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import mechanisms as lex
from .shapes import (
    _POSSESSIVE,
    _RUN,
    _STATE_WORDS,
    _WS,
    YEAR_OR_ORDINAL,
    MechanismMention,
    _clause_start,
    _fold,
    _is_meeting_format,
    _name_word,
    _next_word,
    _partyish,
    _prev_word,
    _short_name,
    _singular,
    _stop_acronym,
    _Tok,
    _tokens,
    initials,
    is_acronym,
    longest_first,
)

_DEFINED_ACRONYM = re.compile(
    r"[^\S\n]*\([^\S\n]*[“\"‘']?(?P<acr>[A-Z0-9][A-Za-z0-9&+\-]*(?:[^\S\n]+[A-Z][A-Za-z0-9&+\-]*){0,2})[”\"’']?[^\S\n]*\)"
)
# The longest name in words (the longest real ones have about a dozen): it
# keeps the work linear in the length of the text, whatever the text.
_MAX_NAME_TOKENS = 40

# A lower-case head right after a capitalised name: "Artemis program",
# "Indo-Pacific strategy framework", "GHS coordinating office".
_LOWER_HEAD_ALT = longest_first(lex.LOWER_HEADS | lex.LOWER_PHRASE_HEADS | lex.TAIL_ONLY_HEADS)
_TAIL = re.compile(rf"{_WS}(?P<mods>(?:[a-z][\w\-]*{_WS}){{0,2}}?)(?P<head>{_LOWER_HEAD_ALT})\b(?![\-’'])")
# A capitalised word right after a name, past its alias or lower-case head.
_NAME_WORD_NEXT = re.compile(rf"{_WS}[A-Z]")


def _split_run(toks: list[_Tok]) -> list[list[_Tok]]:
    """Cut a run of capitalised words into candidate names at the connectors that join two names."""
    out: list[list[_Tok]] = []
    cur = [toks[0]]
    has_conn = False
    head_so_far = _fold(toks[0].low) is not None
    k = 1
    while k < len(toks):
        tok = toks[k]
        if not tok.conn:
            if len(cur) >= _MAX_NAME_TOKENS:  # no name is this long: cut
                out.append(cur)
                cur, has_conn, head_so_far = [], False, False
            cur.append(tok)
            head_so_far = head_so_far or _fold(tok.low) is not None
            k += 1
            continue
        conn = tok.low
        the = k + 1 < len(toks) and toks[k + 1].conn and toks[k + 1].low == "the"
        nxt = k + 2 if the else k + 1
        if nxt >= len(toks):
            break
        first = toks[nxt]
        if conn == "the" or first.low in lex.DATE_WORDS or first.word.isdigit():
            join = False
        elif conn in ("of", "for", "on"):
            join = True
        elif conn in ("and", "&"):
            # "Supply Chain and Commercial Dialogue" is one name; "… Steering
            # Group and Action Package Working Groups", "… Organization and
            # the G7" and "USAID and KOICA" are two.
            ends_in_head = not has_conn and _fold(cur[-1].low) is not None
            join = not (the or ends_in_head or is_acronym(first.word) or (len(cur) == 1 and is_acronym(cur[0].word))
                        or first.word in _STATE_WORDS)
            if not join and not the and not ends_in_head and _names_document(toks, nxt):
                join = True  # "CHIPS and Science Act": one (document) name
        elif conn == "through":
            # only inside a post-modifier ("Commission for Democracy through Law"):
            # after a bare name, "through" leads to the vehicle of an action
            join = (head_so_far and not the and not is_acronym(first.word)
                    and any(t.conn and t.low in ("of", "for", "on") for t in cur))
        else:  # "in", "to": only inside a name that has no head yet ("Partners in the Blue Pacific")
            join = not head_so_far and not (conn == "to" and the)
        if join and len(cur) < _MAX_NAME_TOKENS:
            cur.extend(toks[k : nxt + 1])
            has_conn = True
        else:
            out.append(cur)
            cur = [first]
            has_conn = False
            join = False
        head_so_far = (head_so_far if join else False) or _fold(first.low) is not None
        k = nxt + 1
    out.append(cur)
    return out


def _names_document(toks: list[_Tok], k: int) -> bool:
    """Whether the capitalised words from ``toks[k]`` on end in a document word."""
    end = next((i for i in range(k, len(toks)) if toks[i].conn), len(toks))
    return end > k and toks[end - 1].low in lex.DOCUMENT_WORDS


def _strip_front(text: str, toks: list[_Tok]) -> list[_Tok]:
    """Drop what opens a candidate without being part of a name: articles, clause-opening
    verbs, possessors ("the ROK’s …"), "U.S.-led", ordinals and years, titles."""
    at_clause_start = bool(toks) and _clause_start(text, toks[0].start)
    # a possessor anywhere but at the end: the name is what follows it
    for i in range(len(toks) - 2, -1, -1):
        if not toks[i].conn and _POSSESSIVE.search(toks[i].word):
            toks = toks[i + 1 :]
            at_clause_start = False
            break
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.low
        if t.conn or low in lex.FUNCTION_CAPS or low.endswith(lex.LED_SUFFIXES) or YEAR_OR_ORDINAL.match(low):
            i += 1
        elif low in lex.ORDINAL_WORDS and i + 1 < len(toks):  # "the Second … Meeting"
            i += 1
        elif at_clause_start and low in lex.CLAUSE_VERBS:
            i += 1
        elif low.split("-")[0] in lex.TITLES and _head(toks[i:])[0] is None:
            # "President of the Asian Development Bank": the name, if any, follows "of"
            i = next((j + 1 for j in range(i, len(toks)) if toks[j].conn and toks[j].low in ("of", "to", "for")), len(toks))
        else:
            break
        at_clause_start = False
    return toks[i:]


def _main_end(toks: list[_Tok]) -> int:
    """Index of the first post-modifying connector: "and" joins words of the main part
    ("Supply Chain and Commercial Dialogue"), "of"/"for"/"on"/"in"/"to" start what follows it."""
    return next((i for i, t in enumerate(toks) if t.conn and t.low not in ("and", "&")), len(toks))


# Phrase heads that run past a connector, by their first word:
# "memorandum" → [("of", "understanding"), …].
_CONNECTED_HEADS: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(lex.PHRASE_HEADS):
    _first, *_rest = _phrase.split()
    if any(w in lex.CONNECTORS for w in _rest):
        _CONNECTED_HEADS.setdefault(_first, []).append(tuple(_rest))


def _head(toks: list[_Tok]) -> tuple[str | None, int]:
    """The head noun of a candidate and the index of the last token of its main part.

    The main part is what comes before the first connector ("Summit" in
    "Summit for Democracy"); its last word must be the head: a name that
    ends in another word is a document or a thing ("… Posture Review").
    A phrase head with a connector in it ("Memorandum of Understanding")
    takes the words after that connector into the main part.
    """
    main = _main_end(toks)
    last = main - 1
    for rest in _CONNECTED_HEADS.get(toks[last].low, ()):
        if [t.low for t in toks[main : main + len(rest)]] == list(rest):
            return " ".join((toks[last].low, *rest)), main + len(rest) - 1
    if last >= 1 and f"{toks[last - 1].low} {toks[last].low}".rstrip("s") in lex.PHRASE_HEADS:
        return f"{toks[last - 1].low} {toks[last].low}".rstrip("s"), last
    return _fold(toks[last].low), last


def _acronym_after(text: str, end: int) -> tuple[str | None, int]:
    """The alias in brackets right after a name ("(NCG)", "(2+2)") and the end of the brackets."""
    m = _DEFINED_ACRONYM.match(text, end)
    if m and (is_acronym(m.group("acr").split()[0]) or _is_meeting_format(m.group("acr"))):
        return m.group("acr"), m.end()
    return None, end


def _tail(text: str, pos: int) -> re.Match[str] | None:
    """A lower-case head right after a name ("… program"), unless a clause word stands among its modifiers."""
    tail = _TAIL.match(text, pos)
    if tail and any(w in lex.NP_STOPS for w in tail.group("mods").split()):
        return None
    return tail


def _modifies_next_name(text: str, pos: int) -> bool:
    """Whether the name that ends at ``pos`` runs on into more capitalised words.

    A noun phrase ends in its head. When a name, past its bracketed alias or
    its lower-case head, is followed at once by more capitalised words, the
    phrase goes on and the name is a modifier of what it ends in ("the Ocean
    Mining Authority (OMA) Exploration Code", "an OMA licensing agreement
    Annex"): the owner of a thing named after it, not the vehicle itself.
    """
    return bool(_NAME_WORD_NEXT.match(text, pos))


_LIST_BEFORE = re.compile(rf"((?:[A-Z][\w\-]*{_WS})*[A-Z][\w\-]*),{_WS}(?:and{_WS})?$")


def _letters(s: str) -> str:
    return re.sub(r"[^A-Z]", "", s)


def _extend_to_initials(text: str, start: int, end: int, acronym: str) -> int:
    """Move ``start`` back over a comma list when the acronym says the name begins earlier:
    "the Work, English Study, and Travel (WEST) program"."""
    letters = _letters(acronym)
    while max((len(_letters(i)) for i in initials(text[start:end])), default=0) < len(letters):
        m = _LIST_BEFORE.search(text, max(0, start - 120), start)
        if not m or not any(letters.endswith(_letters(i)) for i in initials(text[m.start(1) : end])):
            break
        start = m.start(1)
    return start


def _relationship(head: str, modifiers: Iterable[str]) -> bool:
    """A relationship head with nothing but party names and relationship adjectives in front:
    the parties' relationship itself ("the U.S.-ROK Alliance", "our Comprehensive Strategic
    Partnership", "the Japan-Australia strategic partnership"), not a vehicle."""
    return head in lex.RELATIONSHIP_HEADS and all(_partyish(w) or _relational(_name_word(w)) for w in modifiers)


def _relational(low: str) -> bool:
    """A word that says how or where the parties relate ("strategic", "Transatlantic", "North")."""
    return low in lex.RELATIONSHIP_WORDS or low in lex.COMPASS_WORDS or low.endswith(lex.REGION_ENDINGS)


def _parties_own(text: str, toks: list[_Tok], head: str, last: int) -> bool:
    """A name for a party's government or for the parties' own organs: actors, not vehicles.

    A government is one word in front of a government head and nothing after
    it ("the Kishida Administration"); the parties' own organs are a plural
    name spread over them ("their respective National Security Councils").
    """
    if head in lex.GOVERNMENT_HEADS and last < 2 and last == len(toks) - 1:
        return True
    plural = toks[last].low.endswith("s") and not head.endswith("s")
    return plural and _prev_word(text, toks[0].start) in lex.DISTRIBUTIVE_WORDS


@dataclass
class _Found:
    names: list[MechanismMention]
    short: list[tuple[int, int, str]]  # "the Group": start, end, head
    acronyms: list[list[_Tok]]  # groups of acronyms written alone ("COVAX AMC")
    defined: dict[str, str]  # acronyms defined in this unit → long form

    def add(self, text: str, start: int, end: int, head: str, acronym: str | None) -> None:
        """A name found at ``text[start:end]``, with its bracketed alias if it has one."""
        if acronym:
            start = _extend_to_initials(text, start, end, acronym)
        words = text[start:end]
        name = " ".join(words.split())
        if acronym:
            self.defined[acronym] = name
        self.names.append(MechanismMention(start, end, words, name, acronym, head, name if acronym else None))


def _proper_names(text: str, heads: set[str]) -> _Found:
    """``heads``: the unit's ``_HEAD_SCAN``."""
    found = _Found([], [], [], {})
    may_tail, may_alias = "tail" in heads, "(" in text
    inner: list[_Tok] = []  # a name's words before an acronym inside it: "United Nations (UN) Charter"
    inner_next = -1  # where the rest of that name starts
    for run in _RUN.finditer(text):
        if inner and run.start() < inner_next:
            continue  # the acronym in the brackets
        if inner and run.start() == inner_next:
            toks = inner + _tokens(text, run.start(), run.end())
        elif not _may_name(text, run, may_tail, may_alias):
            inner = []
            continue  # most runs: "The", "Korea", "President Biden", "the United States"
        else:
            toks = _tokens(text, run.start(), run.end())
        inner = []
        if not toks:
            continue
        if may_alias:
            within = _acronym_within(text, run.end()) if _fold(toks[-1].low) is None else -1
            if within > 0:  # the words after the "(UN)" belong to this name
                inner, inner_next = toks, within
                continue
            if "(" in text[max(0, run.start() - 6) : run.start()] and _is_bracketed_alias(text, run.start(), run.end()):
                continue  # "(NCG)", "(the Venice Commission)": another name of the one before
        if (len(toks) == 1 and not _short_name(toks[0].word) and _fold(toks[0].low) is None
                and not _TAIL.match(text, run.end()) and not _DEFINED_ACRONYM.match(text, run.end())):
            continue  # a lone capitalised word ("Korea", "President"): the common case, and never a name here
        for cand in _split_run(toks):
            _candidate(text, _strip_front(text, cand), found)
    return found


_ALIAS_OPEN = re.compile(r"(?:^|(?<=[\w.’'”\"]))[^\S\n]*\([^\S\n]*(?:the[^\S\n]+)?[“\"‘']?$")
_ALIAS_CLOSE = re.compile(r"[”\"’']?[^\S\n]*\)")


def _is_bracketed_alias(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is all of a bracket right after a word: "(NCG)", "(the Venice
    Commission)". (A bracket that holds more, "(with the NCG)", is a phrase of its own.)"""
    return bool(_ALIAS_OPEN.search(text, max(0, start - 12), start) and _ALIAS_CLOSE.match(text, end))


def _acronym_within(text: str, end: int) -> int:
    """Where a name goes on past an acronym in brackets ("United Nations (UN) Charter"), or -1.

    Words without a head of their own followed by their bracketed acronym and
    at once by more capitalised words are one name with the acronym inside
    it ("United Nations (UN) Charter"). (Words with a head are a name of
    their own, the owner of the one after it: "the … Agency (ACR) Additional
    Protocol", see ``_modifies_next_name``.)"""
    acronym, after = _acronym_after(text, end)
    if not acronym or _stop_acronym(acronym):
        return -1  # "Republic of Korea (ROK) Comprehensive …": a party's name and code, owner of what follows
    m = _NAME_WORD_NEXT.match(text, after)
    return m.end() - 1 if m else -1


# Every word of a phrase head, without its plural "s" ("working", "group", "memorandum" …).
_PHRASE_WORDS = frozenset(w.rstrip("s") for phrase in lex.PHRASE_HEADS for w in phrase.split())


def _may_name(text: str, run: re.Match[str], may_tail: bool, may_alias: bool) -> bool:
    """Whether a run of capitalised words can yield anything: a test that skips most runs before
    they are cut into tokens and candidates.

    Each shape ``_one_candidate`` accepts needs an acronym, a head noun (or a
    word of a phrase head) among the run's words, or a lower-case head or a
    bracketed alias right after the run: inside a run, a candidate is followed
    by a connector and a capitalised word, never by either. The run's words
    are its tokens: the gaps between tokens are its only spaces. ``may_tail``
    and ``may_alias``: whether the unit holds a lower-case head and a "(" at all.
    """
    if any(map(_names_part, run.group().split())):
        return True
    return bool((may_tail and _TAIL.match(text, run.end())) or (may_alias and _DEFINED_ACRONYM.match(text, run.end())))


@lru_cache(maxsize=100_000)
def _names_part(word: str) -> bool:
    """An acronym, a head noun or a word of a phrase head (asked of the same few words over and over)."""
    low = _name_word(word)
    return _short_name(word) or _fold(low) is not None or low.rstrip("s") in _PHRASE_WORDS


def _candidate(text: str, toks: list[_Tok], found: _Found) -> None:
    # a candidate without a head may hand on the words after its "of"
    # ("Article 5 of the North Atlantic Treaty"): a loop, not recursion
    next_toks: list[_Tok] | None = toks
    while next_toks:
        next_toks = _one_candidate(text, next_toks, found)


def _one_candidate(text: str, toks: list[_Tok], found: _Found) -> list[_Tok] | None:
    if all(_short_name(t.word) for t in toks):
        tail = _tail(text, toks[-1].end)
        if tail and _modifies_next_name(text, tail.end()):
            return None
        if not tail or _stop_acronym(toks[-1].word):
            found.acronyms.append(toks)  # "COVAX AMC", "the G7"
            return None
    head, last = _head(toks)
    start, end = toks[0].start, toks[-1].end
    possessive = _POSSESSIVE.search(toks[-1].word)
    if possessive:
        end -= len(possessive.group())
    acronym, after = _acronym_after(text, end)
    if head is None:
        return _headless(text, toks, start, end, acronym, after, found)
    if all(t.low in head.split() or t.low in (head, head + "s") for t in toks) and not _is_meeting_format(head):
        found.short.append((start, end, head))  # "the Group", "the 2022 Conference"; "the 2+2" is a name
        return None
    if (
        (last == len(toks) - 1 and _relationship(head, [t.word for t in toks[:last] if not t.conn]))
        or (head in lex.NEEDS_POSTMODIFIER and _main_end(toks) == len(toks))
        or _parties_own(text, toks, head, last)
        or (not possessive and _next_word(text, after).lower() in lex.DOCUMENT_TAIL)  # "… Council resolutions"
        or (acronym and _modifies_next_name(text, after))
    ):
        return None
    found.add(text, start, end, head, acronym)
    return None


def _headless(
    text: str, toks: list[_Tok], start: int, end: int, acronym: str | None, after: int, found: _Found
) -> list[_Tok] | None:
    """A capitalised name without a head: a mechanism only with a lower-case head after it.
    Returns the words after its first "of"/"for"/"on", which may still name one."""
    # "5G and 6G network": numbers and codes alone do not make a name
    proper = any(t.word[:1].isupper() for t in toks)
    if len(toks) == 1 and _clause_start(text, start) and not is_acronym(toks[0].word):
        proper = False  # "Following consultations …": sentence case, not a name
    tail = None if _POSSESSIVE.search(toks[-1].word) or not proper else _tail(text, after)
    if tail and _modifies_next_name(text, tail.end()):
        return None
    if tail:
        head = _singular(tail.group("head"))
        if not _relationship(head, [*(t.word for t in toks if not t.conn), *tail.group("mods").split()]):
            # "… Technology (FIRST) program": the name is the long form
            found.add(text, start, end if acronym else tail.end(), head, acronym)
            return None
    # "Article 5 of the North Atlantic Treaty", "Secretary-General of NATO":
    # the words after the first "of"/"for"/"on" may still name one
    post = _main_end(toks)
    if post < len(toks):
        inner = _strip_front(text, toks[post + 1 :])
        return inner if inner and _head(inner)[0] not in lex.WEAK_HEADS else None
    # Not a mechanism. Its acronyms are owners ("ASEAN Outlook …", "G7
    # Leaders") unless one ends it ("the U.S.-ROK NCG").
    if is_acronym(toks[-1].word) and all(_partyish(t.word) for t in toks[:-1] if not t.conn):
        found.acronyms.append(toks[-1:])
    return None
