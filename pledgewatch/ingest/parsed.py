"""What a format reader returns, and the clean-up of the words it reads.

``Parsed`` is a reader's output: the body as ``RawBlock``s (heading,
paragraph, bullet) plus metadata hints that carry their provenance.
``clean_inline`` removes inline markup (Markdown emphasis, links, images,
escapes; HTML tags and entities) and collapses whitespace, giving a unit's
text as the annotation guide reads it; ``clean_meta`` makes a metadata
string from the input safe to store and print.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Provenance

TERMINAL = tuple(".!?:;\"”’)")
# Inline markup, removed from the text by ``clean_inline``.
MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")
MD_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
STRAY_STARS = re.compile(r"\*{2,}")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# C0/C1 control characters (an ANSI escape in a web page must not reach a terminal).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Escaped characters are hidden in plane-15 private use while markup is removed,
# so "\*not emphasis\*" and "\<script>" come through as the literal characters.
_HIDDEN_BASE = 0xF0000
HIDDEN = re.compile("[\U000F0000-\U000F007F]")
# A URL given as a metadata value (front matter, a page's own URL): one word, http(s) or www.
_URL_LIKE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)


@dataclass
class RawBlock:
    kind: str  # heading | paragraph | bullet (| numbered, until ``resolve_numbered`` decides)
    text: str
    marker: str = ""  # a numbered paragraph's number as written ("2.", "(3)", "IV."): laid out before the text
    numbering: str = ""  # arabic | roman | letter: a numbered block's style of number


@dataclass
class Parsed:
    format: str
    blocks: list[RawBlock]
    meta: dict[str, tuple[Any, Provenance]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)  # families of chrome removed


def clean_inline(text: str, markdown: bool) -> str:
    """Remove inline markup and collapse whitespace (the guide's unit text)."""
    # Each "in" test is a character the pattern cannot match without: most
    # paragraphs have no markup, and a scan per pattern was most of the work.
    if markdown:
        text = HIDDEN.sub("", text)
        if "\\" in text:
            text = MD_ESCAPE.sub(lambda m: chr(_HIDDEN_BASE + ord(m.group(1))), text)  # protect escaped chars
        if "](" in text:
            text = MD_IMAGE.sub("", text)
            text = MD_LINK.sub(lambda m: m.group("text"), text)
        if "*" in text or "_" in text:
            for _ in range(2):  # nested ***bold italic***
                text = MD_EMPHASIS.sub(r"\2", text)
            text = STRAY_STARS.sub("", text)
    if "<" in text:
        text = HTML_TAG.sub("", text)
    if "&" in text:
        text = html_lib.unescape(text)
    text = CONTROL.sub(" ", text)
    if markdown:
        text = HIDDEN.sub(lambda m: chr(ord(m.group(0)) - _HIDDEN_BASE), text)
    return SPACES.sub(" ", text).strip()


def clean_meta(value: object, limit: int = 500) -> str:
    """A metadata string from the input made safe to store and print: one line, no control characters."""
    text = CONTROL.sub(" ", str(value))
    return SPACES.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()[:limit]
