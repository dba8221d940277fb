"""List marks and numbered blocks: what a number at the start of a block makes it.

A symbol ("•", "-") always marks a bullet (``BULLET``). A number or a
letter (``NUMBERED``: "2.", "(3)", "b)", "(iv)", "IV.") marks a list item,
a section name or a numbered paragraph; which one is decided by the blocks
around it (``resolve_numbered``), once the readers have cut a text into
blocks.
"""

from __future__ import annotations

import re

from .parsed import TERMINAL, RawBlock

# A list mark: a symbol, or a number or letter. A symbol always marks a bullet;
# a number marks a list item or a numbered paragraph, decided by what is
# around it (``resolve_numbered``).
BULLET = re.compile(r"^\s*(?:[-*+•·▪◦‣●○■□–]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]+\))\s+(?=\S)")
# The number of a numbered block. An upper-case Roman numeral ("IV. …") counts
# only where a block starts (a hard-wrapped "World War\nII. The …" is not one).
NUMBERED = re.compile(
    r"^\s*(?P<mark>\((?P<arabic_p>\d{1,2})\)|(?P<arabic>\d{1,2})[.)]|\((?P<roman_p>[ivx]+)\)|\(?(?P<letter>[a-z])[.)]"
    r"|(?P<roman>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\.)\s+(?=\S)"
)


def _numbering(number: re.Match[str]) -> str:
    if number.group("arabic") or number.group("arabic_p"):
        return "arabic"
    return "roman" if number.group("roman") else "letter"  # "(iv)" counts with "(a)": both mark list items


def _roman_may_start(run: list[str], i: int, number: re.Match[str]) -> bool:
    """"IV. The …" numbers a block only where one may start and before a capital (not "I. M. Pei" mid-line)."""
    follows = run[i][number.end() : number.end() + 1]
    return (i == 0 or run[i - 1].rstrip().endswith(TERMINAL)) and (follows.isupper() or follows.isdigit())


_SENTENCE_END = re.compile(r"[.!?:][\"”’)\]]*$")
HEADING_MAX_WORDS = 25
HEADING_MAX_CHARS = 200


def _is_title(text: str) -> bool:
    """A numbered section name: short, capitalised, no sentence punctuation at its end."""
    return (bool(text) and (text[0].isupper() or text[0].isdigit()) and not text.endswith(TERMINAL) and not text.endswith(",")
            and len(text) <= HEADING_MAX_CHARS and len(text.split()) <= HEADING_MAX_WORDS)


# A sentence boundary inside a block, roughly: a stop after a small letter or a
# digit, then a capital ("… partners. We will …"; not "the U.S. President").
# Ingest sits below segment, so the exact sentence splitter is not at hand.
_INNER_BOUNDARY = re.compile(r"(?<=[a-z0-9\])”’\"])[.!?]\s+[\"“‘(]?[A-Z]")


def _one_sentence(text: str) -> bool:
    return not _INNER_BOUNDARY.search(text)


def _is_fragment(text: str) -> bool:
    """Not a sentence of its own: opens in lower case or does not end a sentence ("… capital and ideas;")."""
    return text[:1].islower() or not _SENTENCE_END.search(text)


def resolve_numbered(blocks: list[RawBlock]) -> list[RawBlock]:
    """Decide what each numbered block is: a heading, a list item (bullet) or a numbered paragraph.

    A *run* is a stretch of consecutive numbered blocks with the same style of
    number. Lettered items ("(a)", "b)", "(iv)") are list items. A run of one
    short capitalised item without sentence punctuation followed by more
    text ("1. Advancing cooperation on AI", "I. Introduction") is a section
    name: a heading (its number kept in the name). A run is a list when all
    its items are fragments (lower-case opening, no sentence end: "1. states
    cooperate …;"), or when it comes right after a lead-in ending in ":" and
    each item is one sentence. Otherwise its items are numbered paragraphs
    ("2. We are determined … We are making good progress."): paragraphs cut
    into sentences, their number laid out before the text and outside every
    unit; a title-shaped item among them is a heading.
    """
    out = list(blocks)
    i = 0
    while i < len(out):
        if out[i].kind != "numbered":
            i += 1
            continue
        j = i
        while j + 1 < len(out) and out[j + 1].kind == "numbered" and out[j + 1].numbering == out[i].numbering:
            j += 1
        run = out[i : j + 1]
        before = out[i - 1] if i > 0 else None
        lead = before is not None and before.kind != "heading" and before.text.endswith(":")
        if run[0].numbering == "letter":
            kinds = ["bullet"] * len(run)
        elif len(run) == 1 and j + 1 < len(out) and _is_title(run[0].text):
            kinds = ["heading"]
        elif all(_is_fragment(b.text) for b in run) or (lead and all(_one_sentence(b.text) for b in run)):
            kinds = ["bullet"] * len(run)
        else:
            kinds = ["heading" if _is_title(b.text) else "paragraph" for b in run]
        for k, (block, kind) in enumerate(zip(run, kinds)):
            if kind == "heading":
                out[i + k] = RawBlock("heading", f"{block.marker} {block.text}")
            elif kind == "bullet":
                out[i + k] = RawBlock("bullet", block.text)
            else:
                out[i + k] = RawBlock("paragraph", block.text, block.marker)
        i = j + 1
    return out
