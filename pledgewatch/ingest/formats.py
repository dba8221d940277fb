"""Format readers: text, Markdown (with front matter), HTML and PDF → blocks.

Each reader returns a ``Parsed``: the body as blocks (heading, paragraph,
bullet) with markup removed and whitespace collapsed, plus metadata hints that
carry their provenance. Building the final ``Document`` is ``ingest.build``'s
job; readers never decide the statement's date or parties.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import BrokenPdf, MalformedFrontMatter, NoTextLayer
from ..model import Provenance
from .chrome import classify_line, is_trailer_start

TERMINAL = tuple(".!?:;\"”’)")
BULLET = re.compile(r"^\s*(?:[-*+•·▪◦‣●○■□–]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]+\))\s+(?=\S)")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
# A paragraph that is all emphasis ("**Title**", "**Two** **parts**") is a heading.
MD_EMPHASIS_ONLY = re.compile(r"^\s*(?:(\*{1,3}|_{1,3})[^*_]+?\1\s*)+$")
MD_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")
MD_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
STRAY_STARS = re.compile(r"\*{2,}")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# C0/C1 control characters (an ANSI escape in a web page must not reach a terminal).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BLANK = re.compile(r"^[\s\u00a0]*$")
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass
class RawBlock:
    kind: str  # heading | paragraph | bullet
    text: str


@dataclass
class Parsed:
    format: str
    blocks: list[RawBlock]
    meta: dict[str, tuple[Any, Provenance]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)  # families of chrome removed


def clean_inline(text: str, markdown: bool) -> str:
    """Remove inline markup and collapse whitespace (the guide's unit text)."""
    if markdown:
        text = MD_LINK.sub(lambda m: m.group("text"), text)
        text = MD_ESCAPE.sub(lambda m: "\x00" + m.group(1), text)  # protect escaped chars
        for _ in range(2):  # nested ***bold italic***
            text = MD_EMPHASIS.sub(r"\2", text)
        text = STRAY_STARS.sub("", text)
        text = text.replace("\x00", "")
    text = HTML_TAG.sub("", text)
    if "&" in text:
        text = html_lib.unescape(text)
    text = CONTROL.sub(" ", text)
    return SPACES.sub(" ", text).strip()


def _is_heading_line(line: str) -> bool:
    """A short stand-alone line without sentence punctuation is a heading."""
    s = line.strip()
    if not s or len(s) > 120 or s.endswith(TERMINAL) or not (s[0].isupper() or s[0].isdigit()):
        return False
    words = s.split()
    return 0 < len(words) <= 16


def _split_runs(lines: list[str]) -> list[list[str]]:
    runs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if BLANK.match(line):
            if current:
                runs.append(current)
                current = []
        else:
            current.append(line)
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
            return [RawBlock("heading", clean_inline(joined, markdown))]
    wrapped = markdown or (len(run) > 1 and max(len(x) for x in run) <= 100)
    blocks: list[RawBlock] = []
    pieces: list[str] = []
    kind = "paragraph"

    def flush() -> None:
        if pieces:
            text = clean_inline(" ".join(pieces), markdown)
            if text:
                blocks.append(RawBlock(kind, text))
        pieces.clear()

    for line in run:
        bullet = BULLET.match(line)
        if markdown and MD_HEADING.match(line):
            flush()
            blocks.append(RawBlock("heading", clean_inline(MD_HEADING.match(line).group("text"), markdown)))
            kind = "paragraph"
            continue
        if bullet:
            flush()
            kind = "bullet"
            pieces.append(line[bullet.end() :])
        elif wrapped:
            pieces.append(line.strip())
        else:
            flush()
            kind = "paragraph"
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
    for line in lines:
        if is_trailer_start(line):
            parsed.chrome.append("trailer")
            break
        chrome = classify_line(line)
        if chrome is None:
            kept.append(line)
            continue
        parsed.chrome.append(chrome.family)
        if chrome.url and chrome.family in ("official_news_at", "source_line"):
            parsed.meta.setdefault("source_url", (chrome.url, Provenance("text", 0.85, line.strip())))
        if chrome.title:
            parsed.meta.setdefault("title", (clean_inline(chrome.title, False), Provenance("text", 0.75, line.strip())))
        if chrome.page_date:
            # A date in the site's header is the page's, not the statement's:
            # recorded for the user, never used as the statement's date.
            parsed.meta.setdefault("page_date", (chrome.page_date, Provenance("page_header", 0.2, line.strip())))
        kept.append("")  # keep paragraph breaks where chrome stood
    return kept


def _take_header(blocks: list[RawBlock], parsed: Parsed) -> list[RawBlock]:
    """In files without front matter, short lines before the first prose are a header.

    The last of them is the title; the rest (a site's city line, a section
    name) are chrome.
    """
    header: list[RawBlock] = []
    for block in blocks:
        if block.kind == "heading" or (block.kind == "paragraph" and not block.text.endswith(TERMINAL) and len(block.text.split()) <= 40):
            header.append(block)
        else:
            break
    if not header:
        return blocks
    title = header[-1].text
    parsed.meta["title"] = (title, Provenance("text", 0.8, title))
    if len(header) > 1:
        parsed.chrome.append("header")
    return blocks[len(header) :]


def parse_lines(text: str, parsed: Parsed, *, markdown: bool, header: bool) -> Parsed:
    lines = _strip_chrome(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), parsed)
    blocks: list[RawBlock] = []
    for run in _split_runs(lines):
        blocks.extend(_blocks_from_run(run, markdown))
    if header:
        blocks = _take_header(blocks, parsed)
    title = parsed.meta.get("title", (None,))[0]
    if blocks and title and blocks[0].text.casefold() == str(title).casefold():
        blocks = blocks[1:]  # the body repeats the title
    parsed.blocks = blocks
    return parsed


def parse_text(text: str) -> Parsed:
    return parse_lines(text, Parsed("text", []), markdown=False, header=True)


def _front_matter_meta(data: dict[str, Any], parsed: Parsed) -> None:
    for key, value in data.items():
        key_l = str(key).lower()
        if value in (None, ""):
            continue
        if key_l in ("title", "headline"):
            parsed.meta["title"] = (clean_inline(str(value), True), Provenance("front_matter", 0.95, f"{key}: {value}"))
        elif key_l in ("date", "published", "date_published", "published_time", "issued"):
            parsed.meta.setdefault("date", (value, Provenance("front_matter", 0.95, f"{key}: {value}")))
        elif key_l in ("source_url", "url", "source", "link", "canonical_url"):
            parsed.meta["source_url"] = (str(value), Provenance("front_matter", 0.95, f"{key}: {value}"))
        elif key_l in ("tags", "categories", "keywords"):
            tags = value if isinstance(value, list) else re.split(r"[,;]\s*", str(value))
            parsed.meta["tags"] = (tuple(str(t) for t in tags if t), Provenance("front_matter", 0.95, f"{key}"))
        elif key_l in ("type", "doc_type", "document_type"):
            parsed.meta["doc_type"] = (str(value), Provenance("front_matter", 0.9, f"{key}: {value}"))
        elif key_l in ("parties", "countries"):
            parties = value if isinstance(value, list) else re.split(r"[,;]\s*", str(value))
            parsed.meta["parties"] = (tuple(str(p) for p in parties), Provenance("front_matter", 0.95, f"{key}"))


def parse_markdown(text: str, *, path: str | None = None) -> Parsed:
    parsed = Parsed("markdown", [])
    m = FRONT_MATTER.match(text)
    body = text
    if m:
        body = text[m.end() :]
        try:
            data = yaml.safe_load(m.group("yaml"))
            if not isinstance(data, dict):
                raise yaml.YAMLError("front matter is not a mapping")
            _front_matter_meta(data, parsed)
        except yaml.YAMLError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
            parsed.warnings.append(str(MalformedFrontMatter(f"malformed front matter ({first})", path=path)))
    elif text.lstrip("\ufeff").startswith("---"):
        parsed.warnings.append(str(MalformedFrontMatter("front matter opened with '---' but never closed", path=path)))
        body = text.lstrip("\ufeff")[3:]
    return parse_lines(body, parsed, markdown=True, header=False)


def parse_html(text: str, *, path: str | None = None) -> Parsed:
    """Boilerplate removal by trafilatura; its Markdown output keeps headings and lists."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    parsed = Parsed("html", [])
    doc = trafilatura.bare_extraction(
        text,
        output_format="python",
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        favor_recall=True,
    )
    if doc is None:
        return parsed
    body = getattr(doc, "text", None) or ""
    if getattr(doc, "title", None):
        parsed.meta["title"] = (clean_inline(doc.title, False), Provenance("html_meta", 0.85, doc.title))
    if getattr(doc, "url", None):
        parsed.meta["source_url"] = (doc.url, Provenance("html_meta", 0.85, doc.url))
    if getattr(doc, "date", None):
        # htmldate reads the page's publication date: the statement's only when
        # nothing better (front matter, URL path, dateline) says otherwise.
        parsed.meta["date"] = (doc.date, Provenance("html_meta", 0.6, f"page date {doc.date}"))
    tags = getattr(doc, "tags", None) or getattr(doc, "categories", None)
    if tags:
        parsed.meta["tags"] = (tuple(tags), Provenance("html_meta", 0.7, "meta"))
    return parse_lines(body, parsed, markdown=True, header=False)


_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def parse_pdf(raw: bytes, *, path: str | None = None) -> Parsed:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PdfStreamError

    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise BrokenPdf(f"cannot read the PDF: {exc}", path=path) from None
    except Exception as exc:  # pypdf raises many exception types on damaged files
        raise BrokenPdf(f"cannot read the PDF: {type(exc).__name__}: {exc}", path=path) from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise NoTextLayer("the PDF has no text layer", path=path)
    text = _HYPHEN_BREAK.sub("", text)
    parsed = Parsed("pdf", [])
    if info is not None and getattr(info, "title", None):
        parsed.meta["title"] = (str(info.title), Provenance("pdf_meta", 0.7, str(info.title)))
    return parse_lines(text, parsed, markdown=False, header=True)
