"""Site chrome: the lines a news site wraps around a reposted statement.

Rules are data: each pattern names one family of chrome. ``classify_line``
says whether a line is chrome and, when the line carries metadata (the
statement's own URL, its title), returns it so it is kept as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Lines that are chrome wherever they appear.
LINE_PATTERNS: dict[str, re.Pattern[str]] = {
    # "34.5 F", "21°C", "Clear 12 °C"
    "weather": re.compile(r"^(?:[A-Z][a-z]+\s+)?-?\d{1,3}(?:[.,]\d)?\s*°?\s*[FC]$"),
    # "Home›Politics›…", "Home > News", "HomePoliticsUnited States…" (separators lost in copy)
    "breadcrumb": re.compile(r"^Home\s*(?:[›»>|/]\s*)?(?:News|Politics|World|Nation|Business|Opinion|[A-Z][a-z]+[A-Z])"),
    # "The post <title> first appeared on <site>."
    "post_first_appeared": re.compile(r"^The post (?P<title>.+?) (?:first )?appeared (?:first )?on (?P<site>.+?)\.?$"),
    # "Official news published at <url>"
    "official_news_at": re.compile(r"^Official news published at\s+(?P<url>https?://\S+)\s*$", re.I),
    # "originally published at Politics - Reliable News"
    "originally_published": re.compile(r"^(?:This article was )?originally published (?:at|on|by)\b.*$", re.I),
    "source_line": re.compile(r"^(?:Source|Read more|Read the full (?:statement|text)|Click here)\b.{0,40}?(?P<url>https?://\S+)?\s*$", re.I),
    # photo captions and credits: "(Official White House Photo)", "Photo by …"
    "photo": re.compile(r"(?:\((?:[^()]*\s)?Photo(?:\s[^()]*)?\)\s*$|^(?:Photo|File photo|Image)(?: by| credit|:)\b)", re.I),
    "share": re.compile(r"^(?:Share|Tweet|Print|Email|Facebook|Twitter|LinkedIn|WhatsApp)(?:\s*(?:this|on \w+))?\s*$", re.I),
    # the traditional end-of-release marks
    "end_mark": re.compile(r"^(?:\\?#){3}\s*$|^-30-\s*$|^–30–\s*$"),
    "page_date": re.compile(rf"^(?:{_WEEKDAYS},?\s+)?{_MONTHS}\s+\d{{1,2}},\s+\d{{4}}$"),
}

# Everything from one of these lines to the end of the file is chrome.
TRAILER_START = re.compile(
    r"^(?:RELATED ARTICLES|Related Articles|Related Posts|Related|Latest Articles|LATEST ARTICLES|"
    r"More from\b.*|MORE FROM\b.*|You may also like|Recommended|Leave a Reply|Comments|Most Popular|Trending)\s*:?\s*$"
)

# A URL anywhere in a chrome line is kept as metadata evidence.
URL = re.compile(r"https?://[^\s<>\"')\]]+")

# "WASHINGTON – ", "Seoul, South Korea — ", "The White HouseWashington, D.C. – "
DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Za-z.’']*\s?){1,5},\s*(?:[A-Z][A-Za-z.’']*\s?){1,3}|[A-Z]{3,}(?:\s[A-Z]{3,}){0,2})"
    rf"(?:,?\s*(?P<date>{_MONTHS}\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"(?:\s*\([A-Za-z .]+\))?\s*(?:[–—]|--?)\s+(?=[A-Z])"
)


@dataclass(frozen=True)
class ChromeLine:
    family: str
    url: str | None = None
    title: str | None = None
    page_date: str | None = None


def classify_line(line: str) -> ChromeLine | None:
    """Return what family of chrome ``line`` is, or None for statement text."""
    stripped = line.strip()
    if not stripped:
        return None
    for family, pattern in LINE_PATTERNS.items():
        m = pattern.search(stripped)
        if not m:
            continue
        groups = m.groupdict()
        url_match = URL.search(stripped)
        return ChromeLine(
            family=family,
            url=url_match.group(0).rstrip(".,;") if url_match else None,
            title=groups.get("title"),
            page_date=stripped if family == "page_date" else None,
        )
    return None


def is_trailer_start(line: str) -> bool:
    return bool(TRAILER_START.match(line.strip()))


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading dateline off the first paragraph: (dateline, rest)."""
    m = DATELINE.match(paragraph)
    if not m:
        return None, paragraph
    return m.group(0).strip(), paragraph[m.end() :]
