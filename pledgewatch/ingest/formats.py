"""Format readers: text, Markdown (with front matter), HTML and PDF → blocks.

Each reader returns a ``Parsed``: the body as blocks (heading, paragraph,
bullet) with markup removed and whitespace collapsed, plus metadata hints that
carry their provenance. Building the final ``Document`` is ``ingest.build``'s
job; readers never decide the statement's date or parties.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import logging
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import BrokenPdf, MalformedFrontMatter, NoBody, NoTextLayer
from ..model import DocumentWarning, Provenance
from .chrome import SITE_FAMILIES, URL_FAMILIES, classify_line, is_trailer_start
from .metadata import DOC_TYPE_CUES

TERMINAL = tuple(".!?:;\"”’)")
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
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
# A paragraph that is all emphasis ("**Title**", "**Two** **parts**") is a heading.
MD_EMPHASIS_ONLY = re.compile(r"^\s*(?:(\*{1,3}|_{1,3})[^*_]+?\1\s*)+$")
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
BLANK = re.compile(r"^[\s\u00a0]*$")
# Markdown block syntax that is layout, not text.
MD_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
MD_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)[ \t]*$")
MD_FENCE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")
MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
MD_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+(?:\s*:?-{2,}:?\s*)?\|?\s*$")
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


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


def _is_heading_line(line: str) -> bool:
    """A short stand-alone line without sentence punctuation is a heading."""
    s = line.strip()
    if not s or len(s) > 120 or s.endswith(TERMINAL) or not (s[0].isupper() or s[0].isdigit()):
        return False
    words = s.split()
    return 0 < len(words) <= 16


def _markdown_items(lines: list[str]) -> list[str | RawBlock]:
    """Markdown block syntax that is layout: fences, quotes, rules, setext underlines, tables.

    Returns lines (to be grouped into runs) and ready blocks (table rows).
    """
    out: list[str | RawBlock] = []
    for line in lines:
        if MD_FENCE.match(line):
            out.append("")  # the fence marker goes; the lines inside stay text
            continue
        line = MD_QUOTE.sub("", line)
        if MD_TABLE_RULE.match(line) and "|" in line:
            continue
        if MD_TABLE_ROW.match(line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            text = clean_inline(" | ".join(c for c in cells if c), True)
            if text:
                out.append(RawBlock("paragraph", text))
            continue
        previous = out[-1] if out else ""
        if MD_SETEXT.match(line) and isinstance(previous, str) and not BLANK.match(previous):
            # "Title\n=====": the paragraph above is a heading.
            start = len(out)
            while start > 0 and isinstance(out[start - 1], str) and not BLANK.match(out[start - 1]):
                start -= 1
            paragraph = [x for x in out[start:] if isinstance(x, str)]
            if not BULLET.match(paragraph[0]):
                out[start:] = ["", "# " + " ".join(x.strip() for x in paragraph), ""]
                continue
        if MD_THEMATIC_BREAK.match(line):
            out.append("")
            continue
        out.append(line)
    return out


def _split_runs(items: list[str | RawBlock]) -> list[list[str] | RawBlock]:
    runs: list[list[str] | RawBlock] = []
    current: list[str] = []
    for item in items:
        if isinstance(item, RawBlock) or BLANK.match(item):
            if current:
                runs.append(current)
                current = []
            if isinstance(item, RawBlock):
                runs.append(item)
        else:
            current.append(item)
    if current:
        runs.append(current)
    return runs


def _blocks_from_run(run: list[str], markdown: bool) -> list[RawBlock]:
    """Turn a run of non-blank lines into blocks, reflowing hard-wrapped lines."""
    if markdown:
        if len(run) == 1 and (m := MD_HEADING.match(run[0])):
            return [RawBlock("heading", clean_inline(m.group("text"), markdown))]
        joined = " ".join(line.strip() for line in run)
        if MD_EMPHASIS_ONLY.match(joined) and len(joined.split()) <= 25 and not BULLET.match(run[0]):
            text = clean_inline(joined, markdown)
            # "**Heading**" is a heading; "*A whole sentence in italics.*" is text.
            return [RawBlock("paragraph" if text.endswith(TERMINAL) else "heading", text)]
    # Plain text: short lines of one run are a hard-wrapped paragraph, unless
    # none ends a sentence and all are short (a stack of title lines).
    stacked = not any(x.rstrip().endswith(TERMINAL) for x in run) and max(len(x) for x in run) <= 60
    wrapped = markdown or (len(run) > 1 and max(len(x) for x in run) <= 100 and not stacked)
    blocks: list[RawBlock] = []
    pieces: list[str] = []
    kind = "paragraph"
    number: re.Match[str] | None = None

    def flush() -> None:
        if pieces:
            text = clean_inline(" ".join(pieces), markdown)
            if text and number is not None:
                blocks.append(RawBlock(kind, text, number.group("mark"), _numbering(number)))
            elif text:
                blocks.append(RawBlock(kind, text))
        pieces.clear()

    for i, line in enumerate(run):
        bullet = BULLET.match(line)
        if markdown and MD_HEADING.match(line):
            flush()
            blocks.append(RawBlock("heading", clean_inline(MD_HEADING.match(line).group("text"), markdown)))
            kind, number = "paragraph", None
            continue
        numbered = NUMBERED.match(line)
        if numbered and numbered.group("roman") and not _roman_may_start(run, i, numbered):
            numbered = None
        if numbered:
            flush()
            kind, number = "numbered", numbered
            pieces.append(line[numbered.end() :])
        elif bullet:
            flush()
            kind, number = "bullet", None
            pieces.append(line[bullet.end() :])
        elif wrapped:
            pieces.append(line.strip())
        else:
            flush()
            kind, number = "paragraph", None
            pieces.append(line.strip())
    flush()
    if not markdown or len(run) == 1:
        for block in blocks:
            if block.kind == "paragraph" and _is_heading_line(block.text):
                block.kind = "heading"
    return blocks


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


def _strip_chrome(lines: list[str], parsed: Parsed) -> list[str]:
    """Drop chrome lines and everything after a trailer start; keep their metadata."""
    kept: list[str] = []
    date_lines: list[str] = []
    for line in lines:
        if is_trailer_start(line):
            parsed.chrome.append("trailer")
            break
        chrome = classify_line(line)
        if chrome is None:
            kept.append(line)
            continue
        parsed.chrome.append(chrome.family)
        evidence = clean_meta(line)
        if chrome.url and chrome.family in URL_FAMILIES:
            parsed.meta.setdefault("source_url", (clean_meta(chrome.url), Provenance("text", 0.85, evidence)))
        if chrome.title:
            parsed.meta.setdefault("title", (clean_inline(chrome.title, False), Provenance("text", 0.75, evidence)))
        if chrome.page_date:
            date_lines.append(evidence)
        kept.append("")  # keep paragraph breaks where chrome stood
    if date_lines:
        if SITE_FAMILIES.intersection(parsed.chrome):
            # A date in a news site's header is the page's, not the statement's:
            # recorded for the user, never used as the statement's date.
            parsed.meta.setdefault("page_date", (date_lines[0], Provenance("page_header", 0.2, date_lines[0])))
        else:
            # No site around it: a date on a line of its own is the statement's.
            parsed.meta.setdefault("date_line", (date_lines[0], Provenance("text", 0.7, f"date line: {date_lines[0]}")))
    return kept


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


def parse_lines(text: str, parsed: Parsed, *, markdown: bool, header: bool) -> Parsed:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n").replace("\u2028", "\n")
    lines = _strip_chrome(text.split("\n"), parsed)
    items: list[str | RawBlock] = _markdown_items(lines) if markdown else list(lines)
    blocks: list[RawBlock] = []
    for run in _split_runs(items):
        blocks.extend([run] if isinstance(run, RawBlock) else _blocks_from_run(run, markdown))
    blocks = resolve_numbered(blocks)
    if header:
        blocks = _take_header(blocks, parsed)
    title = parsed.meta.get("title", (None,))[0]
    if blocks and title and blocks[0].text.casefold() == str(title).casefold():
        blocks = blocks[1:]  # the body repeats the title
    parsed.blocks = _unpunctuated_body(blocks)
    return parsed


def parse_text(text: str) -> Parsed:
    return parse_lines(text, Parsed("text", []), markdown=False, header=True)


_URL_LIKE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool)


def _front_matter_meta(data: dict[Any, Any], parsed: Parsed, path: str | None) -> None:
    """Known front-matter keys → metadata hints; a value of the wrong shape is a warning, not an error."""
    ignored: list[str] = []
    for key, value in data.items():
        key_l = str(key).lower()
        if value is None or value == "" or value == []:
            continue
        evidence = clean_meta(f"{key}: {value}")
        if key_l in ("title", "headline"):
            if _scalar(value) and (title := clean_inline(str(value), True)):
                parsed.meta["title"] = (title, Provenance("front_matter", 0.95, evidence))
            else:
                ignored.append(str(key))
        elif key_l in ("date", "published", "date_published", "published_time", "issued"):
            if _scalar(value):
                parsed.meta.setdefault("date", (value, Provenance("front_matter", 0.95, evidence)))
            else:
                ignored.append(str(key))
        elif key_l in ("source_url", "url", "source", "link", "canonical_url"):
            if isinstance(value, str) and _URL_LIKE.match(value.strip()):
                parsed.meta["source_url"] = (clean_meta(value), Provenance("front_matter", 0.95, evidence))
            else:
                ignored.append(str(key))
        elif key_l in ("tags", "categories", "keywords"):
            tags = value if isinstance(value, list) else re.split(r"[,;]\s*", str(value))
            cleaned = tuple(t for t in (clean_meta(t, 100) for t in tags if _scalar(t)) if t)
            if cleaned:
                parsed.meta["tags"] = (cleaned, Provenance("front_matter", 0.95, clean_meta(key)))
        elif key_l in ("type", "doc_type", "document_type"):
            if _scalar(value):
                parsed.meta["doc_type"] = (clean_meta(value), Provenance("front_matter", 0.9, evidence))
        elif key_l in ("parties", "countries"):
            parties = value if isinstance(value, list) else re.split(r"[,;]\s*", str(value))
            parsed.meta["parties"] = (tuple(clean_meta(p, 100) for p in parties if _scalar(p)), Provenance("front_matter", 0.95, clean_meta(key)))
    if ignored:
        parsed.warnings.append(_coded(MalformedFrontMatter(
            f"front matter {', '.join(ignored)} ignored: not a plain value of the right kind", path=path,
            hint="give title and date as text and source_url as one http(s) URL")))


def _coded(err: MalformedFrontMatter) -> DocumentWarning:
    """A front-matter problem is a warning (the body is still ingested) that keeps its error code."""
    return DocumentWarning(str(err), err.code)


# Lines that look like the YAML of a front matter block ("key: value", "- item").
_YAML_LINE = re.compile(r"^\s*(?:[\w-]+\s*:(?:\s|$)|-\s|#)")


_LENIENT_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w\-]*)\s*:\s*(?P<value>.*?)\s*$")


def _lenient_front_matter(block: str) -> dict[str, Any]:
    """``key: value`` lines of a front matter block that YAML refused, values as plain text."""
    out: dict[str, Any] = {}
    for line in block.splitlines():
        m = _LENIENT_LINE.match(line)
        if m and m.group("value"):
            value = m.group("value")
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            out.setdefault(m.group("key"), value)
    return out


def parse_markdown(text: str, *, path: str | None = None) -> Parsed:
    parsed = Parsed("markdown", [])
    text = text.lstrip("\ufeff")
    m = FRONT_MATTER.match(text)
    body = text
    if m:
        body = text[m.end() :]
        try:
            data = yaml.safe_load(m.group("yaml"))
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise yaml.YAMLError("front matter is not a mapping")
            _front_matter_meta(data, parsed, path)
        except Exception as exc:  # YAMLError, and ValueError for impossible dates ("2026-13-45")
            first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
            # The commonest slip is an unquoted colon in a title ("title: Joint Statement: …"):
            # read such a block line by line, "key: the rest of the line", rather than lose it all.
            lenient = _lenient_front_matter(m.group("yaml"))
            fallback = Parsed("markdown", [])
            if lenient:
                _front_matter_meta(lenient, fallback, path)
            if fallback.meta:
                parsed.meta.update(fallback.meta)
                parsed.warnings.extend(fallback.warnings)
                parsed.warnings.append(_coded(MalformedFrontMatter(
                    f"front matter is not valid YAML ({clean_meta(first, 200)}); read line by line as 'key: value'", path=path,
                    hint="quote values that contain ': ' (title: \"A: B\")")))
            else:
                parsed.warnings.append(_coded(MalformedFrontMatter(f"malformed front matter ({clean_meta(first, 200)})", path=path)))
    elif text.startswith("---"):
        # Never closed: the YAML-looking lines under the opener are dropped, the rest is the body.
        parsed.warnings.append(_coded(MalformedFrontMatter("front matter opened with '---' but never closed", path=path)))
        lines = text.split("\n")[1:]
        skip = 0
        while skip < len(lines) and _YAML_LINE.match(lines[skip]):
            skip += 1
        body = "\n".join(lines[skip:])
    return parse_lines(body, parsed, markdown=True, header=False)


def parse_html(text: str, *, path: str | None = None) -> Parsed:
    """Boilerplate removal by trafilatura; its Markdown output keeps headings and lists."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    parsed = Parsed("html", [])
    try:
        doc = trafilatura.bare_extraction(
            text,
            output_format="python",
            include_formatting=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            favor_recall=True,
        )
    except Exception as exc:  # a page lxml cannot parse at all
        raise NoBody(f"the HTML could not be parsed ({type(exc).__name__})", path=path) from None
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip() or (len(body) < 1000 and "\n\n" not in body.strip()):
        # On a page too short to look like an article (a two-sentence
        # readout) trafilatura finds nothing, or falls back to all the page's
        # lines, menus included: read the visible text of its blocks instead.
        body = _html_visible_text(text) or body
    if getattr(doc, "title", None) and (title := clean_inline(doc.title, False)):
        parsed.meta["title"] = (title, Provenance("html_meta", 0.85, clean_meta(doc.title)))
    url = getattr(doc, "url", None)
    if url and _URL_LIKE.match(url):
        parsed.meta["source_url"] = (clean_meta(url), Provenance("html_meta", 0.85, clean_meta(url)))
    if getattr(doc, "date", None):
        # htmldate reads the page's publication date: the statement's only when
        # nothing better (front matter, URL path, dateline) says otherwise.
        parsed.meta["date"] = (doc.date, Provenance("html_meta", 0.6, clean_meta(f"page date {doc.date}")))
    tags = getattr(doc, "tags", None) or getattr(doc, "categories", None)
    if tags:
        parsed.meta["tags"] = (tuple(clean_meta(t, 100) for t in tags), Provenance("html_meta", 0.7, "meta"))
    parse_lines(body, parsed, markdown=True, header=False)
    first = parsed.blocks[0] if parsed.blocks else None
    if first is not None and first.kind == "heading" and "title" in parsed.meta:
        # The page's <h1> is the statement's title; <title> often adds " | Site name".
        if first.text.casefold() in str(parsed.meta["title"][0]).casefold():
            parsed.meta["title"] = (first.text, Provenance("html_meta", 0.9, f"<h1> {first.text}"))
            parsed.blocks = parsed.blocks[1:]
    return parsed


_HTML_DROP = "//script|//style|//noscript|//template|//nav|//header|//footer|//aside|//form|//head|//button|//select"
_HTML_BLOCKS = {"p", "div", "section", "article", "main", "ul", "ol", "tr", "table", "blockquote", "dd", "dt", "pre", "figure"}
_HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<\"'])")


def _html_visible_text(page: str) -> str:
    """The visible text of a page as escaped Markdown: headings, list items and paragraphs."""
    from lxml import html as lxml_html

    try:
        # lxml refuses control characters (they never show on a page anyway)
        root = lxml_html.fromstring(CONTROL.sub(" ", page))
    except Exception:
        return ""
    for element in root.xpath(_HTML_DROP):
        element.drop_tree()
    parts: list[str] = []

    def escaped(text: str | None) -> str:
        return _MD_SPECIAL.sub(r"\\\1", text or "")

    def walk(element: Any) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _HTML_HEADINGS or (tag == "li" and not element.xpath(".//ul|.//ol")):
            words = " ".join(element.text_content().split())
            if words:
                parts.append(f"\n\n{'# ' if tag in _HTML_HEADINGS else '- '}{escaped(words)}\n\n")
        elif tag:  # comments and processing instructions have no text of their own
            parts.append("\n\n" if tag in _HTML_BLOCKS or tag == "li" else "\n" if tag == "br" else "")
            parts.append(escaped(element.text))
            for child in element:
                walk(child)
            parts.append("\n\n" if tag in _HTML_BLOCKS or tag == "li" else "")
        parts.append(escaped(element.tail))

    walk(root)
    return "".join(parts)


# PDF page furniture: a bare page number ("3", "- 3 -", "Page 3 of 7").
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:Page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I)
_DIGITS = re.compile(r"\d+")


def _pdf_furniture(pages: list[list[str]]) -> set[str]:
    """Running headers and footers: lines at a page's top or bottom repeated on most pages."""
    if len(pages) < 3:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        edge = [x for x in lines if x.strip()]
        for line in set(edge[:2] + edge[-2:]):
            if line.strip().endswith((".", "!", "?", ";", ",")):
                continue  # statement text, even if it repeats
            key = _DIGITS.sub("#", line.strip())
            seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n >= max(3, 0.6 * len(pages))}


def _pdf_paragraphs(page_texts: list[str]) -> str:
    """A PDF's text layer is hard-wrapped lines without blank lines: rebuild its paragraphs.

    A line ending a sentence well short of the usual line width ends a
    paragraph; a short line without sentence punctuation standing alone is
    a heading; bullets start their own paragraph; a word hyphenated across a
    line break is rejoined. Paragraphs run on across page breaks.
    """
    pages = [t.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n") for t in page_texts]
    furniture = _pdf_furniture(pages)
    lines = [
        line.strip()
        for page in pages
        for line in page
        if not _PAGE_NUMBER.match(line) and _DIGITS.sub("#", line.strip()) not in furniture
    ]
    widths = sorted(len(x) for x in lines if x)
    # The usual full line width: the longest line of a short text, else the 90th percentile.
    width = (widths[-1] if len(widths) < 20 else widths[int(0.9 * (len(widths) - 1))]) if widths else 0
    paragraphs: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current:
            paragraphs.append(current)
        current = ""

    for i, line in enumerate(lines):
        if not line:
            flush()
            continue
        if BULLET.match(line):
            flush()
        if not current:
            current = line
        elif re.search(r"[a-z]-$", current) and line[:1].islower():
            current = current[:-1] + line
        else:
            current += " " + line
        if line.endswith(TERMINAL) and len(line) < 0.7 * width:
            flush()
        elif (current == line and _is_heading_line(line) and len(line) < 0.85 * width
              and not _CONTINUES.search(line) and lines[i + 1 : i + 2] != [""] and (lines[i + 1 : i + 2] or ["A"])[0][:1].isupper()):
            flush()  # a title-like line standing alone before a capitalised line: a heading
    flush()
    return "\n\n".join(paragraphs)


# A line ending in one of these words runs on into the next.
_CONTINUES = re.compile(r"\b(?:and|or|of|the|to|in|for|with|a|an|on|by|at|from|as|its|their|our|that)$", re.I)
# Titles that PDF writers fill in by themselves.
_GENERIC_PDF_TITLE = re.compile(r"^(?:untitled(?: document)?|document\d*|title|slide \d+|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|rtf|indd|odt))$", re.I)


class _Quiet:
    """Silence pypdf's logged warnings ("EOF marker not found") while one file is read."""

    def __enter__(self) -> None:
        self.logger = logging.getLogger("pypdf")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR + 10)

    def __exit__(self, *exc: object) -> None:
        self.logger.setLevel(self.level)


def parse_pdf(raw: bytes, *, path: str | None = None) -> Parsed:
    from pypdf import PdfReader

    try:
        with _Quiet(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")  # many PDFs are locked only against editing
                except Exception:
                    opened = 0
                if not opened:
                    raise BrokenPdf("the PDF is password-protected", path=path,
                                    hint="save a copy without the password (or print it to PDF) and ingest that")
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
    except BrokenPdf:
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        raise BrokenPdf(f"cannot read the PDF ({clean_meta(f'{type(exc).__name__}: {exc}', 200)})", path=path) from None
    if not "".join(pages).strip():
        raise NoTextLayer("the PDF has no text layer", path=path)
    parsed = Parsed("pdf", [])
    try:
        pdf_title = clean_meta(info.title) if info is not None and info.title else ""
    except Exception:
        pdf_title = ""
    if pdf_title and not _GENERIC_PDF_TITLE.match(pdf_title):
        parsed.meta["title"] = (pdf_title, Provenance("pdf_meta", 0.7, pdf_title))
    return parse_lines(_pdf_paragraphs(pages), parsed, markdown=False, header=True)
