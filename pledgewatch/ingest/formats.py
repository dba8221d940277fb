"""Format readers: text, Markdown (with front matter), HTML and PDF → blocks.

Each reader returns a ``Parsed``: the body as blocks (heading, paragraph,
bullet) with markup removed and whitespace collapsed, plus metadata hints that
carry their provenance. Building the final ``Document`` is the job of
``ingest.build_document``; readers never decide the statement's date or parties.

Here: Markdown's block syntax, the cutting of lines into blocks
(``parse_lines``, which every reader ends in) and the four readers. What a
reader returns and the clean-up of inline markup are in ``parsed``; list
marks and numbered blocks in ``numbering``; heading lines and a file's
header in ``headings``; front matter in ``front_matter``.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from typing import Any

from ..errors import BrokenPdf, NoBody, NoTextLayer
from ..model import Provenance
from .chrome import SITE_FAMILIES, URL_FAMILIES, classify_line, is_trailer_start
from .front_matter import read_front_matter
from .headings import _is_heading_line, _take_header, _unpunctuated_body
from .numbering import BULLET, NUMBERED, _numbering, _roman_may_start, resolve_numbered
from .parsed import _URL_LIKE, CONTROL, TERMINAL, Parsed, RawBlock, clean_inline, clean_meta

__all__ = ["Parsed", "RawBlock", "parse_html", "parse_lines", "parse_markdown", "parse_pdf", "parse_text"]

MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
# A paragraph that is all emphasis ("**Title**", "**Two** **parts**") is a heading.
MD_EMPHASIS_ONLY = re.compile(r"^\s*(?:(\*{1,3}|_{1,3})[^*_]+?\1\s*)+$")
BLANK = re.compile(r"^[\s\u00a0]*$")
# Markdown block syntax that is layout, not text.
MD_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
MD_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)[ \t]*$")
MD_FENCE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")
MD_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
MD_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+(?:\s*:?-{2,}:?\s*)?\|?\s*$")


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


def parse_markdown(text: str, *, path: str | None = None) -> Parsed:
    parsed = Parsed("markdown", [])
    body = read_front_matter(text.lstrip("\ufeff"), parsed, path)
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
        raise NoBody(f"the HTML could not be parsed ({type(exc).__name__})", path=path,
                     hint="check that this is a web page; save it again from the browser") from None
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
        raise BrokenPdf(f"the PDF is damaged ({clean_meta(f'{type(exc).__name__}: {exc}', 200)})", path=path) from None
    if not "".join(pages).strip():
        raise NoTextLayer("the PDF has no text layer (a scan?)", path=path)
    parsed = Parsed("pdf", [])
    try:
        pdf_title = clean_meta(info.title) if info is not None and info.title else ""
    except Exception:
        pdf_title = ""
    if pdf_title and not _GENERIC_PDF_TITLE.match(pdf_title):
        parsed.meta["title"] = (pdf_title, Provenance("pdf_meta", 0.7, pdf_title))
    return parse_lines(_pdf_paragraphs(pages), parsed, markdown=False, header=True)
