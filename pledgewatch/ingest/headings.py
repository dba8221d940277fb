"""Headings by shape, and a file's header: where a statement's title comes from when no markup says.

A short stand-alone line without sentence punctuation is a heading
(``_is_heading_line``). In a file without front matter, the short lines
before the first prose are its header (``_take_header``): the one naming a
document type ("… Joint Statement"), else the longest, is the title. A text
without any sentence punctuation reads as headings only: its sentence-long
lines are its body (``_unpunctuated_body``).
"""

from __future__ import annotations

from ..model import Provenance
from .metadata import DOC_TYPE_CUES
from .parsed import TERMINAL, Parsed, RawBlock


def _is_heading_line(line: str) -> bool:
    """A short stand-alone line without sentence punctuation is a heading."""
    s = line.strip()
    if not s or len(s) > 120 or s.endswith(TERMINAL) or not (s[0].isupper() or s[0].isdigit()):
        return False
    words = s.split()
    return 0 < len(words) <= 16


def _take_header(blocks: list[RawBlock], parsed: Parsed) -> list[RawBlock]:
    """In files without front matter, short lines before the first prose are a header.

    The title is the header line that names a document type ("… Joint
    Statement"), else the longest; lines above it (a site's city line, a
    section name) are chrome, lines below it stay as headings of the body.
    """
    header: list[RawBlock] = []
    for block in blocks:
        if block.kind == "heading" or (block.kind == "paragraph" and not block.text.endswith(TERMINAL) and len(block.text.split()) <= 40):
            header.append(block)
        else:
            break
    if not header:
        return blocks
    typed = [i for i, b in enumerate(header) if any(cue.search(b.text) for _, cue in DOC_TYPE_CUES)]
    if typed:
        at = typed[0]
    elif len(header) == len(blocks):
        # No prose after the short lines: a text without sentence punctuation,
        # not a header. Its first line is its title only when shaped like one.
        if len(blocks) < 2 or not _is_heading_line(blocks[0].text) or not any(
                len(b.text.split()) >= UNPUNCTUATED_SENTENCE_WORDS for b in blocks[1:]):
            return blocks
        at = 0
    else:
        longest = max(len(b.text.split()) for b in header)
        at = max(i for i, b in enumerate(header) if len(b.text.split()) == longest)
    title = header[at].text
    parsed.meta["title"] = (title, Provenance("text", 0.8, title))
    if at > 0:
        parsed.chrome.append("header")
    rest = header[at + 1 :]
    for block in rest:
        block.kind = "heading"
    return rest + blocks[len(header) :]


# A line of this many words is a sentence, not a heading, in a text without punctuation.
UNPUNCTUATED_SENTENCE_WORDS = 5


def _unpunctuated_body(blocks: list[RawBlock]) -> list[RawBlock]:
    """A text without sentence punctuation reads as headings only: its sentence-long lines are its body."""
    if any(b.kind != "heading" for b in blocks):
        return blocks
    return [RawBlock("paragraph", b.text, b.marker) if len(b.text.split()) >= UNPUNCTUATED_SENTENCE_WORDS else b
            for b in blocks]
