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

_DATE_MDY = rf"{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}"
_DATE_DMY = rf"\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}"
_CLOCK = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?"

# Lines that are chrome wherever they appear.
LINE_PATTERNS: dict[str, re.Pattern[str]] = {
    # "34.5 F", "21°C", "Clear 12 °C", "Partly cloudy -3°C", "18°C Sunny"
    "weather": re.compile(
        r"^(?:[A-Za-z][A-Za-z ,.]{0,30}\s)?-?\d{1,3}(?:[.,]\d)?\s*°\s*[FC](?:\s+[A-Za-z][A-Za-z ]{0,20})?$"
        r"|^-?\d{1,3}(?:[.,]\d)?\s*[FC]$"
    ),
    # "Home›Politics›…", "Home » News", "You are here: Home / World", "HomePoliticsUnited States…" (separators lost in copy)
    "breadcrumb": re.compile(
        r"^(?:You are here:?\s*)?Home\s*[›»>|/]\s*\S.*$"
        r"|^Home\s*(?:News|Politics|World|Nation|Business|Opinion|Asia|Europe|Americas|[A-Z][a-z]+[A-Z])(?!.*[.!?]$).*$"
    ),
    # "The post <title> first appeared on <site>.", "This article first appeared on <site>"
    "post_first_appeared": re.compile(
        r"^The post (?P<title>.+?) (?:first )?appeared (?:first )?on (?P<site>.+?)\.?$|^This (?:article|story|post) (?:first )?appeared (?:first )?(?:on|in) .+$"
    ),
    # "Official news published at <url>"
    "official_news_at": re.compile(r"^Official news published at\s+(?P<url>https?://\S+)\s*$", re.I),
    # "originally published at Politics - Reliable News", "This article was originally published at <url>"
    "originally_published": re.compile(r"^(?:This (?:article|story|statement|post) was )?originally published (?:at|on|by|in)\b.*$", re.I),
    # "Source: White House", "Read more: https://…", "Click here to read the full statement"
    "source_line": re.compile(
        r"^(?:Sources?\s*:.*|(?:Read more|Read the full (?:statement|text|release)|Click here)\b.{0,120})$", re.I
    ),
    # photo captions and credits: "(Official White House Photo)", "Photo by …", "Photo: Reuters"
    "photo": re.compile(
        r"(?:\((?:[^()]*\s)?Photo(?:\s[^()]*)?\)\s*$|^(?:Photo|File photo|Image|Picture|Photograph)(?:\s+by\b|\s+credit\b|\s*:))", re.I
    ),
    "share": re.compile(
        r"^(?:Share|Tweet|Print|Email|Facebook|Twitter|X|LinkedIn|WhatsApp|Telegram|Reddit)"
        r"(?:\s+(?:this|on \w+|this (?:article|story|page|post)))?\s*:?\s*$",
        re.I,
    ),
    # the traditional end-of-release marks
    "end_mark": re.compile(r"^(?:\\?#){3}\s*$|^-30-\s*$|^–30–\s*$"),
    # "Thursday, March 28, 2024", "Tuesday, 14 October 2025", "Oct. 14, 2025 10:32 AM",
    # and with the place it was issued: "Tokyo, September 5, 2024", "Washington, D.C., May 21, 2022"
    "page_date": re.compile(
        rf"^(?:(?:[A-Z][\w.’'\-]*(?:\s(?:of\s|the\s|de\s)*[A-Z][\w.’'\-]*){{0,3}}),\s+){{0,2}}(?:{_WEEKDAYS},?\s+)?(?:{_DATE_MDY}|{_DATE_DMY}){_CLOCK}$"
    ),
}

# Families that only a news site's page has: where one is present, a date line
# in the header is the page's date, not the statement's.
SITE_FAMILIES = frozenset({"weather", "breadcrumb", "post_first_appeared", "originally_published", "official_news_at", "share", "trailer"})
# Families whose URL is the statement's own (good metadata); a "first appeared
# on" line points to the repost instead.
URL_FAMILIES = frozenset({"official_news_at", "source_line", "originally_published"})

# Everything from one of these lines to the end of the file is chrome.
TRAILER_START = re.compile(
    r"^(?:RELATED ARTICLES|Related Articles|Related Posts|Related Stories|Related News|Related Content|Related|"
    r"Latest Articles|LATEST ARTICLES|Latest News|Latest Stories|More Stories|MORE STORIES|Read Next|READ NEXT|"
    r"More from\b.*|MORE FROM\b.*|You may also like|You might also like|Also read|ALSO READ|Recommended|"
    r"Recommended for you|Leave a Reply|Leave a Comment|Comments|Most Popular|Most Read|Popular Posts|Trending|Trending Now)\s*:?\s*$"
)

# A URL anywhere in a chrome line is kept as metadata evidence.
URL = re.compile(r"https?://[^\s<>\"')\]]+")

# "WASHINGTON – ", "Seoul, South Korea — ", "The White HouseWashington, D.C. – ",
# "TOKYO, Oct. 12 (Daily Herald) — ", "Canberra, 5 June 2027 — "
DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Za-z.’']*\s?){1,5},\s*(?:[A-Z][A-Za-z.’']*\s?){1,3}|[A-Z]{3,}(?:\s[A-Z]{3,}){0,2}"
    rf"|(?:[A-Z][A-Za-z.’']*\s?){{1,4}}(?=,\s*(?:{_MONTHS}\s+\d|\d{{1,2}}\s+{_MONTHS})))"
    rf"(?:,?\s*(?P<date>{_MONTHS}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:,?\s+\d{{4}})?))?"
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
