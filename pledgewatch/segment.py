"""Document → Units, as the annotation guide defines them.

A unit is a sentence of a paragraph or a bullet item (a bullet of more than
three sentences is cut into its sentences). Headings are not units but name
the section of the units under them. A sentence ending in ":" is a lead-in:
its own unit, and the bullets after it point to it (``Unit.lead_in``), also
across the numbered headings of its list. A run-in heading opening a block
("Major Defense Partner. The …") is not part of the unit; no unit is longer
than ``MAX_UNIT_CHARS``.

Sentence boundaries come from blingfire (fast, keeps "U.S.", "Jr.", "No. 2"
whole); two small repairs follow: a boundary after a title abbreviation
("Dr. Kim") is undone, and a boundary hidden by a missing space
("programs.Both") is made.
"""

from __future__ import annotations

import ctypes
import re

import blingfire
import numpy as np

from .model import Document, Unit

# Abbreviations that precede a name or number and never end a sentence.
NO_BREAK_WORDS = (
    "Dr Mr Mrs Ms Mx Prof Gen Lt Col Maj Capt Cmdr Sgt Adm Amb Sen Rep Gov Hon Rev St Mt No Nos Art Arts Vol Fig Sec "
    "Para Ch para cf vs e.g i.e approx est Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
NO_BREAK_AFTER = re.compile(r"(?:^|[\s(])(?:" + "|".join(map(re.escape, NO_BREAK_WORDS)) + r")\.$")
# A match ends the sentence (at most a line break after it), so only this many
# last characters are searched: the separator, the word, its "." and a "\n".
_NO_BREAK_TAIL = max(map(len, NO_BREAK_WORDS)) + 3
# "programs.Both leaders": a lower-case word, a full stop and a capitalised word;
# the sentence is cut after the stop. The pattern opens with the stop so the
# engine can skip to one (an opening look-behind is tried at every character).
MISSING_SPACE = re.compile(r"[.!?](?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
MAX_BULLET_SENTENCES = 3


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) offsets of the sentences of ``text``."""
    if not text.strip():
        return []
    spans = _byte_safe(text, _sentence_offsets(text))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and _ends_in_no_break_word(text[merged[-1][0] : merged[-1][1]]):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out: list[tuple[int, int]] = []
    for start, end in merged:
        cut = start
        for m in MISSING_SPACE.finditer(text, start, end):
            out.append((cut, m.end()))
            cut = m.end()
        out.append((cut, end))
    return [_trim(text, s, e) for s, e in out if text[s:e].strip()]


def _ends_in_no_break_word(sentence: str) -> bool:
    # From a position after 0 "^" cannot match: the same answer as a search of the whole sentence.
    return bool(NO_BREAK_AFTER.search(sentence, max(0, len(sentence) - _NO_BREAK_TAIL)))


def _sentence_offsets(text: str) -> list[tuple[int, int]]:
    """blingfire's sentence offsets, mapped from UTF-8 bytes to characters with numpy.

    ``blingfire.text_to_sentences_and_offsets`` does that mapping in a Python
    loop over every byte, which was an eighth of extraction time; the C
    function and its calling convention are the library's own.
    """
    raw = text.encode("utf-8")
    size = len(raw) * 2
    out = ctypes.create_string_buffer(size)
    starts, ends = (ctypes.c_int32 * size)(), (ctypes.c_int32 * size)()
    n_bytes = blingfire.blingfire.TextToSentencesWithOffsets(
        ctypes.c_char_p(raw), ctypes.c_int(len(raw)), ctypes.byref(out), ctypes.byref(starts), ctypes.byref(ends),
        ctypes.c_int(size),
    )
    if n_bytes == -1 or n_bytes > size:
        return [(0, len(text))]
    count = out.value.count(b"\n") + 1
    if len(raw) == len(text):  # ASCII: a byte offset is a character offset
        return [(start, end + 1) for start, end in zip(starts[:count], ends[:count])]
    # character index of every byte position (and of the end of the text)
    lead = (np.frombuffer(raw, dtype=np.uint8) & 0xC0) != 0x80
    char_at = np.concatenate(([0], np.cumsum(lead)))
    begin = char_at[np.frombuffer(starts, dtype=np.int32, count=count)]
    end = char_at[np.frombuffer(ends, dtype=np.int32, count=count) + 1]  # blingfire's ends are inclusive
    return list(zip(begin.tolist(), end.tolist()))


def _byte_safe(text: str, offsets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """blingfire's offsets are character offsets; guard against drift all the same."""
    spans = []
    for start, end in offsets:
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if end > start:
            spans.append((start, end))
    if not spans:
        return [(0, len(text))]
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A run-in heading: a short title phrase opening a block, then its text
# ("Major Defense Partner. The United States …", "Artificial intelligence:
# reaffirmed …"). The guide: headings are not units, so the unit starts after it.
RUN_IN = re.compile(r"(?P<head>[A-Z0-9][^.:;!?()\[\]“”\"\n]{0,59}?)(?P<stop>[.:])\s+(?=[\"“‘(]?[A-Za-z0-9])")
RUN_IN_MAX_WORDS = 6
# Words that make a phrase a clause, not a title: subjects, auxiliaries and
# modals, "to", and the words of a lead-in ("… include:", "as follows:").
CLAUSE_WORDS = frozenset(
    "i we you he she it they our their its his her my your this these that those there which who what "
    "is are was were be been being am has have had do does did will shall would should can could may might must "
    "to not include includes included including follows following below".split()
)
# A title may open with these on a colon ("Energy:"), never with an article or determiner ("The goal: …" is a sentence).
TITLE_OPENERS_NOT = frozenset("the a an some all each every both any".split())
TITLE_CONNECTORS = frozenset("of and the for on in with at by or & from to a an".split())
# No unit is longer than this (twice the longest labelled unit): a run without
# sentence punctuation is cut at its sentences, then semicolons, then spaces.
MAX_UNIT_CHARS = 1500
_CLAUSE_BREAK = re.compile(r";\s+")
_NUMBERED_HEADING = re.compile(r"^(?:\(?\d{1,2}[.)]|[IVX]{1,5}\.)\s")


def run_in_heading(body: str) -> int:
    """Where a block's text starts after its run-in heading (0 when it has none)."""
    m = RUN_IN.match(body)
    if not m:
        return 0
    head, rest = m.group("head").strip(), body[m.end() :]
    words = head.split()
    if not 0 < len(words) <= RUN_IN_MAX_WORDS or not rest.strip():
        return 0
    lowered = [w.lower() for w in words]
    if any(w in CLAUSE_WORDS for w in lowered):
        return 0
    if m.group("stop") == ":":
        # "Artificial intelligence: …", "6G: …"; not "The Leaders agreed: …"
        if lowered[0] in TITLE_OPENERS_NOT or any(w.endswith("ed") for w in words[1:] if w[:1].islower()):
            return 0
        return m.end()
    # "Major Defense Partner. The …": every word capitalised (or a small connector),
    # a new sentence after it, and the stop not an abbreviation's ("Gen. Kim", "John F. Kennedy").
    last = words[-1]
    if last in NO_BREAK_WORDS or len(last) < 2 or not rest[:1].isupper() and rest[:1] not in "\"“‘(":
        return 0
    if lowered[0] in TITLE_CONNECTORS or lowered[-1] in TITLE_CONNECTORS:
        return 0
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in TITLE_CONNECTORS for w in words):
        return 0
    return m.end()


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as pieces of at most MAX_UNIT_CHARS: at sentences, then semicolons, then spaces."""
    if end - start <= MAX_UNIT_CHARS:
        return [(start, end)]
    sentences = [(start + s, start + e) for s, e in split_sentences(text[start:end])]
    if len(sentences) > 1:
        return [piece for s, e in sentences for piece in _bounded(text, s, e)]
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    while end - piece_start > MAX_UNIT_CHARS:
        limit = piece_start + MAX_UNIT_CHARS
        at = max((c for c in cuts if piece_start < c <= limit), default=None)
        if at is None:  # no clause break: the last space before the limit, else the limit itself
            space = text.rfind(" ", piece_start + 1, limit)
            at = space + 1 if space > piece_start else limit
        pieces.append(_trim(text, piece_start, at))
        piece_start = at
    pieces.append(_trim(text, piece_start, end))
    return [(s, e) for s, e in pieces if e > s]


def segment(doc: Document) -> list[Unit]:
    """Cut a document's body into units with exact character offsets."""
    units: list[Unit] = []
    section: str | None = None
    lead_in: int | None = None
    text = doc.text
    for block in doc.blocks:
        body = text[block.start : block.end]
        if block.kind == "heading":
            section = body
            # The numbered parts of a list ("The ministers agreed on: 1. Advancing
            # …, - …; 2. Promoting …, - …") stay under its lead-in.
            if not _NUMBERED_HEADING.match(body):
                lead_in = None
            continue
        offset = run_in_heading(body)
        spans = [(offset + s, offset + e) for s, e in split_sentences(body[offset:])]
        if block.kind == "bullet" and len(spans) <= MAX_BULLET_SENTENCES:
            spans = [_trim(body, offset, len(body))]
        if block.kind != "bullet":
            lead_in = None
        for start, end in (piece for s, e in spans for piece in _bounded(body, s, e)):
            s, e = block.start + start, block.start + end
            unit_text = text[s:e]
            is_lead_in = unit_text.rstrip().endswith(":")
            # A bullet of several sentences that ends in ":" introduces the
            # bullets after it but is labelled by what it says (asked only of
            # a lead-in: splitting is a good part of segmenting).
            single = not is_lead_in or block.kind != "bullet" or len(split_sentences(unit_text)) == 1
            kind = "lead_in" if is_lead_in and single else ("bullet" if block.kind == "bullet" else "sentence")
            units.append(Unit(doc.id, len(units), s, e, unit_text, kind, section, lead_in if block.kind == "bullet" else None))
            if is_lead_in:
                lead_in = len(units) - 1
    return units
