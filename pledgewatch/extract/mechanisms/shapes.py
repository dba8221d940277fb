"""The words a mechanism name is made of, and the mention record: what every recogniser here shares.

``MechanismMention`` is what the package returns. The rest reads single
words and short stretches of text and decides nothing on its own: the
patterns of a run of capitalised words and of its tokens; what one word is
(an acronym, a head noun, a meeting format such as "2+2", a party's code
or name, a group's one-word name); the acronyms a long form may have; and
the text around a position (the word before, the word after, whether a
clause starts there). ``names``, ``bodies`` and ``acronyms`` build the
three shapes of a mention out of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ...parties import ALIASES, GROUPS
from ..lexicon import mechanisms as lex


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
# A year or an ordinal in front of a name ("the 2022 …", "the 4th …"): not part of it.
YEAR_OR_ORDINAL = re.compile(r"^(?:(?:1[89]|20)\d\d|\d+(?:st|nd|rd|th))$")
_POSSESSIVE = re.compile(r"[’']s$")
_NEXT_WORD = re.compile(r"[^\S\n]+([\w][\w\-’']*)")
_PREV_WORD = re.compile(r"([\w][\w\-’']*)[^\S\n]*$")
_CLAUSE_END = frozenset(".:;!?)]•“\"—–(")
# How far back the words before a position are read: only a window, so the
# work stays linear in the length of the text, whatever the text.
_BACK = 80


def longest_first(words: Iterable[str]) -> str:
    """An alternation of ``words`` as literals, longest first ("working group" before "group")."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


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
    return _unpossessed(word).lower()


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
    # endswith, not _POSSESSIVE: a token holds no line break for its "$" to stop before
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
