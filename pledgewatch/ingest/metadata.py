"""Metadata from evidence: title, date, document type and parties, each with provenance.

Candidates come from the reader (front matter, HTML meta, chrome lines) and
from the text (the statement's own URL, a dateline, the opening paragraph).
The most trusted candidate wins; its ``Provenance`` says where it came from.
A date that only a site's page header shows is never the statement's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from ..model import Provenance
from ..parties import CAPITALS, GROUPS, find_parties, normalise_party

MONTHS = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for m in names
}
_MONTH_RE = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
DATE_PATTERNS = (
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)"),
    re.compile(rf"{_MONTH_RE}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"),
    re.compile(rf"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?{_MONTH_RE},?\s+(?P<year>(?:19|20)\d\d)"),
)
# A date in a URL's path: /2023/04/26/, /2023-04-26/, /2023/4/26/, …_2023_04_26.html, /20230426/
URL_DATE = re.compile(
    r"(?<=[/_-])(?P<year>(?:19|20)\d\d)(?P<sep>[/_-])(?P<mnum>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?=[/_.?#-]|$)"
    r"|(?<=/)(?P<year8>(?:19|20)\d\d)(?P<mnum8>[01]\d)(?P<day8>[0-3]\d)(?=[/_.?#-]|$)"
)
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]+")

# Document types by the words of the title (or tags), most specific first.
DOC_TYPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fact_sheet", re.compile(r"\bfact\s*sheet\b", re.I)),
    ("communique", re.compile(r"\bcommuniqu[eé]\b", re.I)),
    ("declaration", re.compile(r"\bdeclaration\b", re.I)),
    ("joint_statement", re.compile(r"\bjoint\s+(?:leaders[’']?\s+)?statement\b|\bleaders[’']?\s+(?:joint\s+)?statement\b|\bjoint\s+press\s+statement\b", re.I)),
    ("press_statement", re.compile(r"\bpress\s+(?:statement|release)\b|\bstatement\s+(?:by|from)\s+the\s+press\s+secretary\b|\breadout\b", re.I)),
)


def parse_date(value: Any) -> dt.date | None:
    """Read a date from a YAML value or a string in any common form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        return None
    s = str(value)
    for pattern in DATE_PATTERNS:
        m = pattern.search(s)
        if not m:
            continue
        d = _date_from_match(m)
        if d:
            return d
    return None


def _date_from_match(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower().rstrip("."))
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"]))
    except (TypeError, ValueError):
        return None


def date_from_url(url: str | None) -> dt.date | None:
    """The date in a URL's path (never in its host), or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]*", "", url, flags=re.I)
    for m in URL_DATE.finditer(path):
        g = m.groupdict()
        try:
            if g["year8"]:
                return dt.date(int(g["year8"]), int(g["mnum8"]), int(g["day8"]))
            return dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        except ValueError:
            continue
    return None


def choose_date(meta: dict[str, tuple[Any, Provenance]], source_url: str | None, dateline: str | None,
                opening: str, url_provenance: Provenance | None = None) -> tuple[dt.date | None, Provenance]:
    """The statement's date: front matter, its own URL's path, a dateline, a date line, the opening.

    A URL that was only found somewhere in the body (a link the statement
    cites) is weak evidence; the statement's own URL (front matter, page
    metadata, an "Official news published at" line) is strong.
    """
    candidates: list[tuple[dt.date, Provenance]] = []
    if "date" in meta:
        value, prov = meta["date"]
        d = parse_date(value)
        if d:
            candidates.append((d, prov))
    d = date_from_url(source_url)
    if d:
        own = url_provenance is None or url_provenance.confidence >= 0.8
        candidates.append((d, Provenance("url", 0.9 if own else 0.45, source_url or "")))
    if "date_line" in meta:
        value, prov = meta["date_line"]
        d = parse_date(value)
        if d:
            candidates.append((d, prov))
    if dateline:
        d = parse_date(dateline)
        if d:
            candidates.append((d, Provenance("dateline", 0.8, dateline)))
    for pattern in DATE_PATTERNS[1:]:
        m = pattern.search(opening)
        if m and (d := _date_from_match(m)):
            candidates.append((d, Provenance("text", 0.5, m.group(0))))
            break
    if not candidates:
        why = "no date in front matter, URL, dateline or opening paragraph"
        if "page_date" in meta:
            why += f"; the page header's date '{meta['page_date'][0]}' is the site's, not the statement's"
        return None, Provenance("none", 0.0, why)
    return max(candidates, key=lambda c: c[1].confidence)


def choose_doc_type(title: str | None, tags: tuple[str, ...], meta: dict[str, tuple[Any, Provenance]],
                    bullet_share: float) -> tuple[str, Provenance]:
    if "doc_type" in meta:
        value, prov = meta["doc_type"]
        for doc_type, cue in DOC_TYPE_CUES:
            if cue.search(str(value).replace("_", " ")):
                return doc_type, prov
    for field_name, text, confidence in (("title", title or "", 0.9), ("tags", " ".join(tags), 0.6)):
        for doc_type, cue in DOC_TYPE_CUES:
            if cue.search(text.replace("-", " ")):
                return doc_type, Provenance(field_name, confidence, text)
    if bullet_share >= 0.3:
        return "fact_sheet", Provenance("text", 0.5, f"{bullet_share:.0%} of blocks are bullets")
    if title and re.search(r"\bstatement\b", title, re.I):
        return "press_statement", Provenance("title", 0.5, title)
    return "other", Provenance("default", 0.3, "no cue in title, tags or layout")


def _state_codes(text: str) -> list[str]:
    """Party codes named in ``text``: names, short forms and adjectives, not capital cities."""
    return [m.code for m in find_parties(text) if m.code and m.text not in CAPITALS]


MEMBERS_LISTED = re.compile(
    r"\b(?:we|the)\W+(?:the\s+)?(?:leaders|heads of (?:state and )?government|foreign ministers|ministers|prime ministers)\s+of\s+"
    r"(?P<members>(?:the\s+)?[A-Z][^.;:]{2,200}?)(?=,?\s+(?:met|have|hereby|are|gathered|convened|today|on|in)\b|[.;:])",
)
# "Joint Statement on Ukraine": what follows "on" is the subject, not a party.
TITLE_SUBJECT = re.compile(r"\s+(?:on|regarding|concerning|about|in support of|against|for)\s+", re.I)
FIRST_SENTENCE = re.compile(r"^.+?[.!?](?=\s|$)", re.S)


def choose_parties(meta: dict[str, tuple[Any, Provenance]], title: str | None, opening: str,
                   body: str) -> tuple[tuple[str, ...], Provenance]:
    """The statement's parties: given, named in the title, or named in its opening.

    Countries a statement talks *about* (a third party condemned or called
    on) are mentioned too, so the title and the opening sentences, where
    joint statements name who met, outweigh raw frequency.
    """
    if "parties" in meta:
        value, prov = meta["parties"]
        codes = tuple(dict.fromkeys(c for c in (normalise_party(str(v)) for v in value) if c))
        if codes:
            return codes, prov
    counts = Counter(_state_codes(body))
    title = title or ""
    head = TITLE_SUBJECT.split(title, maxsplit=1)[0]
    in_title = list(dict.fromkeys(_state_codes(head))) or list(dict.fromkeys(_state_codes(title)))
    # The guide: where the members are listed ("we, the leaders of Australia,
    # India, Japan and the United States") the parties are the members.
    listed = MEMBERS_LISTED.search(opening)
    if listed:
        members = [c for c in dict.fromkeys(_state_codes(listed.group("members"))) if c not in GROUPS]
        if len(members) >= 2:
            return tuple(members), Provenance("text", 0.8, listed.group(0)[:200])
    if len(in_title) >= 2:
        return tuple(in_title), Provenance("title", 0.85, title)
    if len(in_title) == 1 and in_title[0] in GROUPS:
        # A group named without its members ("G7 Leaders' Statement"): the group is the party.
        return tuple(in_title), Provenance("title", 0.8, title)
    opening_codes = [c for c in dict.fromkeys(_state_codes(opening)) if counts[c] >= 2 or c in in_title]
    if len(opening_codes) >= 2:
        return tuple(opening_codes), Provenance("text", 0.7, opening[:200])
    first = FIRST_SENTENCE.match(opening.strip())
    first_codes = list(dict.fromkeys(_state_codes(first.group(0)))) if first else []
    if len(first_codes) >= 2:
        return tuple(first_codes), Provenance("text", 0.6, first.group(0)[:200])
    if not counts:
        return (), Provenance("none", 0.0, "no party named")
    top = counts.most_common(1)[0][1]
    frequent = tuple(c for c, n in counts.most_common() if n >= 0.4 * top)[:4]
    return frequent, Provenance("text", 0.4, ", ".join(f"{c}×{counts[c]}" for c in frequent))


def url_in_text(text: str) -> str | None:
    m = URL_IN_TEXT.search(text)
    return m.group(0).rstrip(".,;") if m else None


# --- language ---------------------------------------------------------------
# Extraction reads English only. Signs that a text is not English: most of its
# letters are not Latin a–z (Korean, Japanese, Russian …); or, over enough
# words, the function words of another language written in Latin letters
# outnumber the commonest English ones (German and Dutch share "in", "an",
# "is" with English), or there are next to no English ones at all (a language
# not listed here). Measured on the 28 labelled English statements: at least
# 99.9 % of their letters are a–z; any 40 consecutive words hold at least 10 %
# English function words (a run of names and titles is the lowest; 21 % over
# a whole statement) and at most 3 % of the others (names: "Byung-se"). A list
# of English noun phrases ("- Quantum computing") holds few of either and is
# left alone.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a for on with that is are will be by as our their this from at which its we they it an "
    "have has not or also been were would should these those such between both".split()
)
# Function words of other languages in Latin letters; none of them an English word or a piece of
# one ("un" is the UN, "non" opens "non-proliferation", "com" ends a web address).
OTHER_FUNCTION_WORDS = frozenset(
    # German, Dutch
    "der und das zu mit sich von ist nicht für auf ein eine dem des werden wird sie im zur zum auch bei nach über "
    "het een van en dat zijn voor niet ook worden wordt zij hebben naar bij deze om "
    # French, Spanish, Portuguese, Italian
    "le la les des et du une est dans qui sur aux avec ont ils leur sont "
    "el los las del y que por con una se su sus es como "
    "os dos em um uma não ao na "
    "il di che della gli delle sono alla "
    # Scandinavian, Polish, Indonesian and Malay, Tagalog, Turkish
    "och att det som är för med av og er til ikke af inte "
    "się że nie jest oraz "
    "dan yang untuk dengan ini itu dari pada akan dalam tidak "
    "ng sa ang mga "
    "bir bu ile için".split()
)
MIN_LETTERS_FOR_SCRIPT = 20  # fewer letters than this prove nothing
MIN_LATIN_SHARE = 0.5
MIN_WORDS_FOR_FUNCTION_WORDS = 40  # a shorter text may be a list of names
MIN_FUNCTION_WORD_SHARE = 0.03
_WORD = re.compile(r"[^\W\d_]+")


def not_english(text: str) -> str | None:
    """Why ``text`` is not English (the evidence, for the warning), or None when it is or cannot be told."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= MIN_LETTERS_FOR_SCRIPT:
        latin = sum("a" <= c <= "z" or "A" <= c <= "Z" for c in letters) / len(letters)
        if latin < MIN_LATIN_SHARE:
            return f"{latin:.0%} of its letters are Latin a–z"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) >= MIN_WORDS_FOR_FUNCTION_WORDS:
        english = sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)
        other = sum(w in OTHER_FUNCTION_WORDS for w in words) / len(words)
        if english < MIN_FUNCTION_WORD_SHARE or other > english:
            return (f"{english:.0%} of its words are common English words such as 'the', 'of', 'and'; "
                    f"{other:.0%} are common words of other languages")
    return None
