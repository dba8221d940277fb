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
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Value
from ..parties import ALIASES, GROUPS
from .lexicon import mechanisms as lex
from .prefilter import NeedleScan


@dataclass(frozen=True)
class MechanismMention:
    start: int
    end: int
    text: str  # the words as written: no article, no "(ACR)", no possessive "’s"
    name: str  # ``text`` with its whitespace collapsed
    acronym: str | None  # "NCG" for "… Group (NCG)" and for a bare "NCG"
    head: str  # "group", "dialogue", … ("acronym" for an acronym of unknown long form)
    # The long form this mention stands for: for a bare acronym or a short
    # form ("the Group"), the document's long form; for a long form written
    # with its acronym, its own name. None when there is no such link.
    long_name: str | None = None


# --- patterns ------------------------------------------------------------------------
# Spaces inside one name; a single line break is allowed, a blank line is not.
_WS = r"(?:[^\S\n]++(?:\n[^\S\n]*+)?|\n[^\S\n]*+)"

# One capitalised (or numeric) word of a name. Dotted abbreviations keep
# their dots ("U.S.", "ROK-U.S.", "U.S.-ROK", "U.S.-led"); a possessive
# stays on its word ("ROK’s", "Leaders’") so the code can see it; a
# sentence's full stop does not ("… Accords.").
_CAP_REST = r"(?:[\w&+\-]|[.’'](?=\w)|\.(?=-\w))*+(?:(?<=\.[A-Z])\.)?(?:(?<=s)[’'](?!\w))?"  # after its first character
_CAP = r"[A-Z0-9]" + _CAP_REST
_CONN = "(?:" + "|".join(re.escape(c) for c in lex.CONNECTORS) + ")"
# A run of capitalised words, possibly joined by connectors (+ "the"); the
# code decides where inside a run one name ends and the next begins.
# A run does not start inside a word: the character before its first capital
# is none of [\w’'.\-]. That test is written after the capital,
# "(?<![\w’'.\-].)", so the pattern opens with the capital and the engine skips
# to one instead of trying a look-behind at every character.
_RUN = re.compile(rf"[A-Z0-9](?<![\w’'.\-].){_CAP_REST}(?:{_WS}(?:{_CONN}{_WS}(?:the{_WS})?)?{_CAP})*")
_RUN_TOKEN = re.compile(rf"(?<![\w’'.\-]){_CAP}|(?<!\S)(?:{_CONN}|the)(?=\s)")

_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&+]*(?:-[A-Z0-9]+)*)$")
_LETTER_AND_NUMBER = re.compile(r"^[A-Z]\d+$")  # "G7", "G20"
_MEETING_FORMAT = re.compile(lex.MEETING_FORMAT)
_TRAILING_NUMBER = re.compile(r"-\d+$")
_DEFINED_ACRONYM = re.compile(
    r"[^\S\n]*\([^\S\n]*[“\"‘']?(?P<acr>[A-Z0-9][A-Za-z0-9&+\-]*(?:[^\S\n]+[A-Z][A-Za-z0-9&+\-]*){0,2})[”\"’']?[^\S\n]*\)"
)
# A year or an ordinal in front of a name ("the 2022 …", "the 4th …"): not part of it.
YEAR_OR_ORDINAL = re.compile(r"^(?:(?:1[89]|20)\d\d|\d+(?:st|nd|rd|th))$")
_POSSESSIVE = re.compile(r"[’']s$")
_NEXT_WORD = re.compile(r"[^\S\n]+([\w][\w\-’']*)")
_PREV_WORD = re.compile(r"([\w][\w\-’']*)[^\S\n]*$")
_CLAUSE_END = frozenset(".:;!?)]•“\"—–(")
_NEXT_CHAR = re.compile(r"\s*+(\S)")
_APPOSITION = re.compile(r"[^\S\n]*,[^\S\n]*(?:the[^\S\n]+)?")
# How far back the words before a candidate are read, and the longest name
# in words (the longest real ones have about a dozen): both keep the work
# linear in the length of the text, whatever the text.
_BACK = 80
_MAX_NAME_TOKENS = 40

_LOWER_HEAD_ALT = "|".join(
    sorted((re.escape(h) for h in lex.LOWER_HEADS | lex.LOWER_PHRASE_HEADS | lex.TAIL_ONLY_HEADS), key=len, reverse=True)
)
# A lower-case head right after a capitalised name: "Artemis program",
# "Indo-Pacific strategy framework", "GHS coordinating office".
_TAIL = re.compile(rf"{_WS}(?P<mods>(?:[a-z][\w\-]*{_WS}){{0,2}}?)(?P<head>{_LOWER_HEAD_ALT})\b(?![\-’'])")
# Lower-case heads of a body being created (not the tail-only ones).
_LOWER_BODY_HEAD = re.compile(
    r"(?<![\w\-])(?:[a-z][\w]*-)?(?P<head>"
    + "|".join(sorted((re.escape(h) for h in lex.LOWER_HEADS | lex.LOWER_PHRASE_HEADS), key=len, reverse=True))
    + r")\b(?![\-’'])"
)
# Most units name none of the lower-case heads: one literal check of the unit
# (prefilter.py) spares looking for a head after each name ("tail") and for a
# body being created ("body").
_HEAD_SCAN = NeedleScan.of({"tail": _TAIL, "body": _LOWER_BODY_HEAD})
_WORD_OR_MARK = re.compile(r"[\w][\w\-’'/]*|[,;:()\[\]—–]")
_CREATION = re.compile(r"\b(?:" + "|".join(lex.CREATION_WORDS) + r")\b")
# A capitalised word right after a name, past its alias or lower-case head.
_NAME_WORD_NEXT = re.compile(rf"{_WS}[A-Z]")
# A possessive, then at most a few lower-case words and a capitalised one.
_OWNER_NEXT = re.compile(rf"[’']s(?:{_WS}[a-z][\w\-]*){{0,{lex.OWNER_GAP_WORDS}}}{_WS}[A-Z]")


def _before(text: str, pos: int, width: int = _BACK) -> str:
    """The stripped text just before ``pos`` (only a window: never the whole prefix)."""
    return text[max(0, pos - width) : pos].rstrip()


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD.search(text, max(0, pos - _BACK), pos)
    return m.group(1).lower() if m else ""


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


@dataclass
class _Tok:
    start: int
    end: int
    word: str
    conn: bool  # a connector or "the", not a name word
    # Set at once: nearly every token is asked for it, and a cached_property
    # (which takes a lock on first use) costs more than the work.
    low: str = field(init=False)

    def __post_init__(self) -> None:
        self.low = _name_word(self.word)


def _name_word(word: str) -> str:
    """A token's word lower-cased, without its possessive ("ROK’s" → "rok")."""
    # endswith, not _POSSESSIVE: a token holds no line break for its "$" to stop before
    return (word[:-2] if word.endswith(("’s", "'s")) else word).lower()


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[_Tok]:
    """The name words and connectors of ``text[start:end]``."""
    return [
        _Tok(m.start(), m.end(), m.group(), not m.group()[:1].isupper() and not m.group()[:1].isdigit())
        for m in _RUN_TOKEN.finditer(text, start, len(text) if end is None else end)
    ]


def _fold(word: str) -> str | None:
    """The head noun a (lower-cased) word stands for, or None."""
    if word in lex.PROPER_HEADS:
        return word
    last = word.rsplit("-", 1)[-1]  # "Act-Accelerator", "Cyber-Exploitation"
    for w in (last, last[:-1] if last.endswith("s") else None):
        if w and w in lex.PROPER_HEADS:
            return w
    if "+" in word and _is_meeting_format(word):  # "2+2": a meeting series by its format
        return word
    return None


def _singular(head: str) -> str:
    """ "working groups" → "working group"; "consultations" and "accords" are heads as they are."""
    return head[:-1] if head.endswith("s") and head not in lex.PROPER_HEADS else head


def is_acronym(word: str) -> bool:
    """All capitals with at least two letters ("NCG", "R&D", "O-RAN"), or a letter and a number ("G7")."""
    if not _ACRONYM.match(word):
        return False
    return sum(c.isupper() for c in word) >= 2 or bool(_LETTER_AND_NUMBER.match(word))


def _unpossessed(word: str) -> str:
    """A word without its possessive, its case kept ("TTC’s" → "TTC")."""
    return word[:-2] if word.endswith(("’s", "'s")) else word


# Standing groups whose one-word name is not in capitals ("the Quad", "the
# G-20"), from the party table: written alone, such a word names the group as
# an acronym does. The EU is left out as its acronym is (NOT_MECHANISM_ACRONYMS).
_GROUP_WORDS = frozenset(
    a for g in GROUPS if g != "EU" for a in ALIASES.get(g, ()) if " " not in a and not is_acronym(a)
)


# States by their codes and one-word names in the party table ("PH", "Japan"):
# parties and places, never a vehicle, and never the second half of a name
# joined by "and" ("the Council of the European Union and Japan").
_STATE_CODES = frozenset(code for code in ALIASES if code and code not in GROUPS)
_STATE_WORDS = frozenset(a for code in _STATE_CODES for a in ALIASES[code] if " " not in a and not is_acronym(a))


@lru_cache(maxsize=100_000)
def _short_name(word: str) -> bool:
    """An acronym or a group's one-word name, possessive aside: a name that can stand alone."""
    w = _unpossessed(word)
    return is_acronym(w) or w in _GROUP_WORDS


@lru_cache(maxsize=100_000)
def initials(name: str) -> frozenset[str]:
    """Possible acronyms of a long form: "Indo-Pacific Economic Framework" → {"IEF", "IPEF"}.

    The first character of each capitalised or numeric word, hyphenated words
    read as one word and as several; a dotted abbreviation gives all its
    capitals ("U.S. Agency for …" → "USA…"). Only strings of two or more.
    """
    out = set()
    for split_hyphens in (False, True):
        text = name.replace("-", " ") if split_hyphens else name
        letters = "".join(
            ("".join(c for c in w if c.isupper()) if "." in w.rstrip(".") else w[0])
            for w in text.split() if w[:1].isupper() or w[:1].isdigit()
        )
        if len(letters) >= 2:
            out.add(letters.upper())
    return frozenset(out)


def _is_meeting_format(word: str) -> bool:
    return bool(_MEETING_FORMAT.fullmatch(word))


@lru_cache(maxsize=100_000)
def _stop_acronym(word: str) -> bool:
    """A party, a field or a common abbreviation, also a pair of them ("EU-US", "US-ROK")."""
    w = _unpossessed(word).upper()
    if w in _STOP_ACRONYMS or _TRAILING_NUMBER.sub("", w) in _STOP_ACRONYMS:
        return True
    parts = w.split("-")
    return len(parts) > 1 and all(p in _STOP_ACRONYMS for p in parts)


_STOP_ACRONYMS = lex.NOT_MECHANISM_ACRONYMS | _STATE_CODES


def _partyish(word: str) -> bool:
    """A party's name or code, or a pair of them ("U.S.-ROK", "Japan-Australia")."""
    word = _POSSESSIVE.sub("", word)
    if "." in word:
        return True
    parts = word.split("-")
    if len(parts) > 1:
        return all(p[:1].isupper() for p in parts)
    return (word.isupper() and word in _STOP_ACRONYMS) or word in _STATE_WORDS


def _clause_start(text: str, pos: int) -> bool:
    before = _before(text, pos)
    return not before or before[-1] in _CLAUSE_END


# --- shape 1: capitalised runs -------------------------------------------------------


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


# --- shape 3: acronyms written alone ---------------------------------------------------------


def _bare_acronyms(text: str, groups: list[list[_Tok]], known: dict[str, str]) -> list[MechanismMention]:
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


class _Spans:
    """Spans already taken by names, asked "does [s, e) overlap one?" in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []  # the furthest end among the spans up to each index
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.max_end[i - 1] > start


# --- shape 2: lower-case bodies being created -------------------------------------------------


def _lower_bodies(
    text: str, taken: _Spans, proper_starts: set[int], heads: set[str], other_starts: list[int]
) -> list[MechanismMention]:
    """``heads``: the unit's ``_HEAD_SCAN``; ``other_starts``: where the unit's other mentions start.

    A body is named by what stands before its head ("a bilateral law-enforcement
    dialogue on …" → "bilateral law-enforcement dialogue"); only when nothing
    there says which body it is does its post-modifier name it ("a dialogue on
    critical minerals", "a joint task force on illicit finance")."""
    out: list[MechanismMention] = []
    if "body" not in heads:
        return out
    for m in _LOWER_BODY_HEAD.finditer(text):
        hs, he = m.start(), m.end()
        if taken.overlaps(hs, he):
            continue
        window_start = max(0, hs - 200)
        marks = [(x.start() + window_start, x.group()) for x in _WORD_OR_MARK.finditer(text[window_start:hs])]
        # walk back over the modifiers; a comma or "and"/"or" inside them
        # ends an adjective list, and the name starts after it
        mods: list[tuple[int, str]] = []
        i = len(marks) - 1
        name_from = 0
        while i >= 0:
            pos, w = marks[i]
            if w in (",", "and", "or") and mods:
                if i > 0 and marks[i - 1][1][:1].islower() and marks[i - 1][1] not in lex.NP_STOPS:
                    name_from = name_from or len(mods)  # the name starts after the last one
                    i -= 1
                    continue
                break
            if not w[:1].islower() or w in lex.NP_STOPS or not w.replace("-", "").isalpha():
                break
            if w != "new" and _CREATION.fullmatch(w):
                break  # "establish …": the verb, not a modifier
            mods.append((pos, w))
            if w == "new":
                break  # "establish new mechanisms": "new" stands where the article would
            i -= 1
        mods.reverse()
        all_mods = [w for _, w in mods]
        kept = mods[len(mods) - name_from:] if name_from else mods
        while kept and kept[0][1] in lex.NOT_NAME_ADJECTIVES:
            kept = kept[1:]
        content = [w for _, w in kept if w not in lex.GENERIC_ADJECTIVES]
        prefix = m.group()[: m.start("head") - m.start()]  # "cyber-" of "cyber-working group"
        # a bare "working group" or "task force" is specific enough when it is being set up
        compound = m.group("head") in lex.LOWER_PHRASE_HEADS
        end = he if content or prefix else _postmodifier_end(text, he, _next_start(other_starts, he))
        if not content and not prefix and not compound and end == he:
            continue  # "a new partnership", "the existing mechanisms": not one specific body
        if m.group("head") in lex.RELATIONSHIP_HEADS and all(w in lex.RELATIONSHIP_WORDS for _, w in kept):
            continue  # "a comprehensive strategic partnership": the relationship
        np_start = mods[0][0] if mods else hs
        before = text[max(0, np_start - 60):np_start]
        generic_phrase = next((p for p in lex.GENERIC_ADJECTIVE_PHRASES if before.rstrip().endswith(p)), None)
        if generic_phrase:
            before = before.rstrip()[: -len(generic_phrase)]
        prev_words = re.findall(r"[\w][\w\-’']*", before)[-6:]
        det = prev_words[-1].lower() if prev_words else ""
        has_det = det in lex.DETERMINERS or (all_mods and all_mods[0] == "new") or bool(generic_phrase)
        created = bool(generic_phrase) or bool(_CREATION.search(" ".join(prev_words + all_mods).lower()))
        through = det == "the" and len(prev_words) >= 2 and prev_words[-2].lower() in lex.THROUGH_WORDS
        if not has_det or not (created or (through and (kept or prefix))):
            continue
        # "a senior-level experts group, the KORUS … Experts Group": the named one is the mechanism
        appos = _APPOSITION.match(text, he)
        if appos and appos.end() in proper_starts:
            continue
        start = kept[0][0] if kept else hs
        words = text[start:end]
        name = " ".join(words.split())
        out.append(MechanismMention(start, end, words, name, None, _singular(m.group("head"))))
    return out


# --- putting it together --------------------------------------------------------------------


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


# --- bodies being created, named by what they are for ------------------------------------------

_PM_WORD = re.compile(r"[^\S\n]+([\w][\w\-]*(?:[.’'][\w\-]+)*)")
_PM_FUNCTION_WORDS = frozenset({"the", "a", "an"}) | lex.POSTMODIFIER_PREPOSITIONS


def _next_start(starts: list[int], pos: int) -> int:
    """The first of ``starts`` at or after ``pos`` (a post-modifier stops before another mention)."""
    i = bisect_left(starts, pos)
    return starts[i] if i < len(starts) else 1 << 62


def _postmodifier_end(text: str, pos: int, limit: int) -> int:
    """The end of the prepositional phrase that says what a body is for or between whom
    ("between the … Office and the … Institute", "on critical minerals"), or ``pos``.

    It opens with one of ``POSTMODIFIER_PREPOSITIONS`` and runs over words
    until a clause goes on (``POSTMODIFIER_STOPS``), a mark, ``limit`` or
    ``POSTMODIFIER_MAX_WORDS`` content words; "and" joins only the two sides
    of "between" or a capitalised word ("on Trade and Technology"). The
    sides of "between" are the body's members, part of its name even when
    they are names themselves ("between the … Agency and the … Agency"):
    ``limit`` does not stop it."""
    m = _PM_WORD.match(text, pos)
    if not m or m.group(1) not in lex.POSTMODIFIER_PREPOSITIONS:
        return pos
    between = m.group(1) == "between"
    if between:
        limit = len(text)
    end, cur, content, ands = pos, m.end(), 0, 0
    while content < lex.POSTMODIFIER_MAX_WORDS:
        w = _PM_WORD.match(text, cur)
        if not w or w.end() > limit:
            break
        word = w.group(1)
        low = word.lower()
        if low in lex.POSTMODIFIER_STOPS or low in lex.DATE_WORDS or word.isdigit():
            break
        if low == "and":
            nxt = _PM_WORD.match(text, w.end())
            if not ((between and not ands) or (nxt and nxt.group(1)[:1].isupper())):
                break
            ands += 1
        elif low not in _PM_FUNCTION_WORDS:
            end = w.end()
            content += 1
        cur = w.end()
    return end


_WORD = re.compile(r"[\w][\w\-’']*")


def _being_created(text: str, start: int) -> bool:
    """Whether a head written alone is a body being set up: after "a"/"an" or "new" (with at
    most a few lower-case adjectives) and a creation word ("announced a new Dialogue …")."""
    before = text[max(0, start - 80) : start]
    if not before.endswith((" ", "\n")):
        return False
    prev = _WORD.findall(before)[-7:]
    i = len(prev) - 1
    while i >= 0 and len(prev) - 1 - i < 3 and prev[i][:1].islower() and prev[i] not in lex.NP_STOPS:
        i -= 1  # the adjectives: "a new bilateral Dialogue"
    if i < 0 or (prev[i].lower() not in ("a", "an") and "new" not in prev[i + 1 :]):
        return False
    return bool(_CREATION.search(" ".join(prev).lower()))


# --- the statement's own parties ------------------------------------------------------------------


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


def acronym_map(mentions: Iterable[MechanismMention]) -> dict[str, str]:
    """Acronym → long form, from the long forms written with their acronym ("… Group (NCG)")."""
    return {m.acronym: m.name for m in mentions if m.acronym and m.name != m.acronym and m.long_name == m.name}


def to_values(mentions: Iterable[MechanismMention]) -> list[Value]:
    """The mentions as ``Value(kind="mechanism")``; ``text`` is the document slice."""
    return [
        Value("mechanism", m.start, m.end, m.text, {"name": m.name, "acronym": m.acronym, "long_name": m.long_name, "head": m.head})
        for m in mentions
    ]
