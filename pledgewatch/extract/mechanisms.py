"""Mechanism mentions, recognised by their shape (no list of known names).

Three shapes:

1. A proper name: capitalised words (joined by "of", "for", "on", "and", "&"
   and "of the" …) that holds a head noun (Group, Dialogue, Framework,
   Agreement, Treaty, Initiative, Partnership, Program, Fund, Task Force,
   Commission, Command, Summit, Council, Organization, Agency …), with an
   optional "(ACRONYM)" after it that becomes its alias;
2. a body being created but not yet named, in lower case, headed by a
   mechanism noun, in a unit that creates something ("establish a bilateral
   investment screening working group");
3. an acronym written alone: one the document linked to a long form, or a
   capitalised token of three or more letters that is not a party, a field
   or a common abbreviation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Value
from .lexicon import mechanisms as lex


@dataclass(frozen=True)
class MechanismMention:
    start: int
    end: int
    text: str  # the words as written (no article, no "(ACR)")
    name: str
    acronym: str | None
    head: str
    long_name: str | None = None  # for a bare acronym: the long form the document gave it


_TOKEN = re.compile(r"[A-Za-z0-9][\w’'&\.\-]*[\w’']|[A-Za-z0-9]|\(|\)|,|;|:")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        end = m.end()
        # a sentence's full stop is not part of the last word ("Accords.")
        while word.endswith(".") and not lex.DOTTED.match(word):
            word = word[:-1]
            end -= 1
        out.append((m.start(), end, word))
    return out


def _is_cap(word: str) -> bool:
    return (word[0].isupper() or word[0].isdigit()) and word.lower() not in lex.NOT_NAME_WORDS


def _head_of(words: list[str]) -> str | None:
    """The last head noun in a capitalised run (two-word heads first)."""
    head = None
    for i, w in enumerate(words):
        pair = f"{w} {words[i + 1]}".lower() if i + 1 < len(words) else ""
        if pair in lex.HEADS:
            head = pair
        elif w.lower().rstrip("s") in lex.HEADS or w.lower() in lex.HEADS:
            head = w.lower()
    return head


def _proper_names(text: str, toks: list[tuple[int, int, str]]) -> list[MechanismMention]:
    out: list[MechanismMention] = []
    i = 0
    while i < len(toks):
        if not _is_cap(toks[i][2]) or toks[i][2] in ("(", ")"):
            i += 1
            continue
        j = i
        words = [toks[i][2]]
        while j + 1 < len(toks):
            nxt = toks[j + 1][2]
            if _is_cap(nxt) and nxt not in ("(", ")"):
                j += 1
                words.append(nxt)
                continue
            # connectors inside a name: "Summit for Democracy", "Law of the Sea"
            k = j + 1
            conn = []
            while k < len(toks) and toks[k][2].lower() in lex.CONNECTORS and len(conn) < 2:
                conn.append(toks[k][2].lower())
                k += 1
            # "and" joins words of one name ("Supply Chain and Commercial
            # Dialogue") but not two names ("… Organization and the G7").
            joins = bool(conn) and conn[0] != "the" and (len(conn) == 1 or (conn[1] == "the" and conn[0] != "and"))
            if conn[:1] == ["and"] and (_head_of([words[-1]]) or (k < len(toks) and lex.ACRONYM.match(toks[k][2]))):
                joins = False
            if conn and k < len(toks) and _is_cap(toks[k][2]) and joins:
                words.extend(toks[x][2] for x in range(j + 1, k + 1))
                j = k
                continue
            break
        # leading article or sentence-initial verb is not part of the name
        start_i = i
        while start_i < j and toks[start_i][2].lower() in lex.LEADING_DROP:
            start_i += 1
        words = [t[2] for t in toks[start_i : j + 1]]
        # trailing connectors never end a name
        end_j = j
        while end_j > start_i and toks[end_j][2].lower() in lex.CONNECTORS:
            end_j -= 1
        words = [t[2] for t in toks[start_i : end_j + 1]]
        head = _head_of(words)
        s, e = toks[start_i][0], toks[end_j][1] if end_j >= start_i else toks[start_i][1]
        tail = lex.LOWER_TAIL.match(text[e:])
        # "the ROK’s initiative" is a party's act, not a named programme
        if tail and words and not words[-1].endswith(("’s", "'s", "’", "'")) and words[-1].lower() not in lex.LEADING_DROP:
            e += tail.end()
            head = tail.group(1)
            while end_j + 1 < len(toks) and toks[end_j + 1][1] <= e:
                end_j += 1
        if head and words and words[-1].lower() not in lex.DOCUMENT_WORDS:
            acronym = None
            if end_j + 3 < len(toks) and toks[end_j + 1][2] == "(" and lex.ACRONYM.match(toks[end_j + 2][2]) and toks[end_j + 3][2] == ")":
                acronym = toks[end_j + 2][2]
            out.append(MechanismMention(s, e, text[s:e], text[s:e], acronym, head))
        i = j + 1
    return out


def _created_bodies(text: str, taken: list[tuple[int, int]]) -> list[MechanismMention]:
    if not lex.CREATION.search(text.lower()):
        return []
    out = []
    for m in lex.LOWER_BODY.finditer(text):
        s, e = m.start("name"), m.end("name")
        if any(s < te and ts < e for ts, te in taken):
            continue
        name = text[s:e]
        out.append(MechanismMention(s, e, name, name, None, m.group("head").lower()))
    return out


def _bare_acronyms(text: str, toks: list[tuple[int, int, str]], taken: list[tuple[int, int]], known: dict[str, str]) -> list[MechanismMention]:
    out = []
    for idx, (s, e, w) in enumerate(toks):
        if any(s < te and ts < e for ts, te in taken):
            continue
        if not lex.ACRONYM.match(w) or w in lex.NOT_MECHANISM_ACRONYMS:
            continue
        if idx > 0 and toks[idx - 1][2] == "(":
            continue  # the alias of a long form already taken
        if w in known or len(w) >= 4 or any(ch.isdigit() for ch in w):
            if out and text[out[-1].end : s] == " ":
                prev = out.pop()  # "COVAX AMC": one mechanism
                s = prev.start
            words = text[s:e]
            out.append(MechanismMention(s, e, words, words, words, "acronym", known.get(words)))
    return out


def find_mechanisms(text: str, offset: int = 0, known: dict[str, str] | None = None) -> list[MechanismMention]:
    """Mechanism mentions in one unit; offsets are ``offset`` + position in ``text``."""
    known = known or {}
    toks = _tokens(text)
    names = _proper_names(text, toks)
    taken = [(m.start, m.end) for m in names]
    # the "(ACR)" after a long form is part of that mention, not a mention of its own
    for m in names:
        if m.acronym:
            idx = text.find(f"({m.acronym})", m.end)
            if idx >= 0:
                taken.append((idx, idx + len(m.acronym) + 2))
    lower = _created_bodies(text, taken)
    taken += [(m.start, m.end) for m in lower]
    acronyms = _bare_acronyms(text, toks, taken, known)
    found = []
    seen: set[str] = set()
    for m in sorted([*names, *lower, *acronyms], key=lambda m: m.start):
        if m.name.lower() not in seen:  # a name repeated in one unit is one mechanism
            seen.add(m.name.lower())
            found.append(m)
    return [
        MechanismMention(m.start + offset, m.end + offset, m.text, m.name, m.acronym, m.head, m.long_name)
        for m in found
    ]


def acronym_map(mentions: Iterable[MechanismMention]) -> dict[str, str]:
    return {m.acronym: m.name for m in mentions if m.acronym and m.head != "acronym"}


def to_values(mentions: Iterable[MechanismMention]) -> list[Value]:
    return [
        Value("mechanism", m.start, m.end, m.text, {"name": m.name, "acronym": m.acronym, "long_name": m.long_name, "head": m.head})
        for m in mentions
    ]
