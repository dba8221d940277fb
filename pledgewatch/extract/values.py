"""Amounts and timeframes inside a unit, with a machine-readable reading.

``find_amounts(text)`` and ``find_timeframes(text, doc_date)`` return
``Value`` records in document order, never overlapping, whose offsets are
``offset + position in text``. The word lists live in ``lexicon/values.py``.

Amounts (annotation guide: "money and counts as written")
  * money: a number with a currency, before or after it ("$60 million",
    "US$ 1.5bn", "KRW 1 trillion", "500 billion yen"), optionally a range
    ("$10-15 million") and a bound ("more than $25 billion"); normalised
    ``{"type": "money", "value": 2.5e9, "currency": "USD", "symbol": "$"}``.
    "$" and "dollars" alone are read as USD (the symbol is kept).
  * counts: digits (or a number word with a scale: "one million") before a
    plural noun ("2,023 Koreans", "200 grantees", "1 million vaccine doses");
    ``{"type": "count", "value": 2023, "unit": "people", "noun": "Koreans"}``,
    unit "people" for people nouns and demonyms, else the noun itself.
  * an amount followed closely by a period or a rate keeps it:
    "$200 million in new funding over five years" -> ``"period": "P5Y"``,
    "for the 2021-2024 period" -> ``"period": "2021-01-01/2024-12-31"``,
    "$5 million a year" -> ``"rate": "P1Y"``; ``period_text`` quotes it.
  Decisions where the guide is silent: percentages and measures ("40 percent",
  "1.5 degrees", "10 GW") are not amounts (neither money nor a count); nor are
  spelled-out small numbers without a scale ("two countries", "nine other
  nations"), which are prose, not figures; nor time spans ("70 years": a
  duration, and a timeframe only as a bound, "over five years"); nor ordinals,
  names and labels ("70th", "5G", "G7", "COVID-19", "No. 2", "resolution 2397").
  A four-digit number from 1900 to 2099 without a comma is a year, unless it
  counts people and no time preposition comes before it ("2023 Koreans").
  A count that tells the parties' size ("the Union, representing nearly 800
  million citizens", "home to 2 billion people") describes who speaks, not
  what an undertaking serves: it is not reported ("protect our one billion
  citizens" is: the count is what the action is for).

Timeframes (the guide: "time bounds as written, also those of a target")
  Normalised ``type`` is one of
  * ``date``: a day, or a deadline ("by the end of the year" -> ``value`` and
    ``end`` 2022-12-31, ``relation`` "by");
  * ``interval``: ``start``/``end`` ("this Fall" -> 2022-09-01/2022-11-30,
    precision season; "2050"; "in the 2020s"); open-ended intervals
    ("post-2025", "from 2024") have no ``end``;
  * ``duration``: ``duration`` "P5Y", with ``start``/``end`` from the
    document date when known ("over five years", "within 100 days");
  * ``recurrence``: ``every`` "P1Y" ("annually", "twice a year");
  * ``open_ended``: no calendar end, by ``reason``: "standing" ("at all
    times", "indefinitely") or "condition", with the ``relation`` and the
    ``condition`` as written ("until a settlement is reached" -> "a
    settlement is reached"; "for as long as it takes" -> "it takes"). A
    ledger must not compute a deadline from these;
  * ``unresolved``: kept as written with a ``reason``: "vague" ("at the
    earliest date", "in a timely manner"), "event" ("by COP26"), or "no
    document date" (relative words like "next year" with no date to read
    them against). "In the coming months" and its kind stay "vague": no
    window is guessed, so a ledger never calls such an undertaking overdue.
  Decisions where the guide is silent:
  * a bare year is a time reference wherever it stands ("2050 net-zero
    targets", "the 2022 Conference"): the guide labels "2050" alone; except
    in a name: a bare year or date right before a Title-case word ("the 2030
    Agenda", "the 2014 Vision Statement", "their 30 September Joint
    Statement") or right after one ("Vision 2030") names a document or a
    plan. An event's name keeps its year ("the 2022 Conference": when it
    meets), as do an acronym after a year ("our 2035 NDC": a target's year)
    and a range of years ("the 2021-2025 Action Plan": the span it covers).
  * a baseline is no bound: "below 2005 levels", "from 2019 levels".
  * "at all times" is a timeframe: the guide's timeframes are the words that
    say when the undertaking holds ("in May", "this Fall" are no limits
    either), and "at all times" says it holds always; for a ledger that is
    the fact that it is never due. Plain "always" is not read (mostly
    description: "has always been", "as always").
  * history is not a bound: with a document date, expressions that end before
    it ("in 1953", "the 2018 summit", "by 2020") and explicitly past ones
    ("last year", "earlier this year", "over the past decade", "since 2009",
    "the seven years since") are dropped, and so is a day that has begun by
    the document date ("met in Osaka on 28-29 June 2019" in a statement of
    29 June: the meeting itself). With or without a date, a time right after
    a past act ("met in Manila on ...", "the plan adopted in May"; not after
    "be": "will be held in May") or after what an event left behind ("the
    commitments of our Summit on March 26") dates that act: dropped.
  * a month or season without a year is the next one not yet over at the
    document date (statements commit forward): "in May" on 2023-04-26 is May
    2023, "in March" would be March 2024.
  * durations need a preposition or "next"/"coming": "over five years" and
    "the next five years" are bounds, "70 years of alliance" is not; or must
    span an undertaking noun ("a five-year plan", "a two-year effort", "a
    decade-long campaign"), not a relationship ("a 70-year partnership").
  * "annual"/"regular" as adjectives describe a mechanism ("an annual
    dialogue"), not a bound; the adverbs ("annually") are recurrences.
  * early/mid/late take thirds of the period (a year's are four months each;
    a decade's are 0-3, 4-6 and 7-9).
  * an event is a bound after "before", "ahead of", "until"...; after "by",
    "at" or "during" only when upcoming ("at the next Summit") or a numbered
    COP ("by COP26"), since "by/at the ... Summit" also names an agent or the
    occasion of a past act.
  * a bound written twice in one unit is reported once (the first mention).
  * durations and recurrences carry no doc-date check: "for 70 years" in a
    history sentence is still read as a duration (the tense is not parsed).
  * a condition is "until", "as long as"... and a clause ending in a predicate
    ("is reached", "ends", "it takes"), or "as long as needed/necessary...";
    "until" before a date or an event stays a deadline ("until 2030").

Speed: the big patterns are tried only at token starts shortly before an
anchor they must contain (a digit, a month, "year"...), see ``_anchored``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import Value
from .lexicon import values as L
from .prefilter import NeedleScan, needles

_FLAGS = re.IGNORECASE | re.ASCII  # ASCII: no Unicode case folds ("ſ" ~ "s")


def _alt(words, flags: str = "") -> str:
    """An alternation of literal phrases, longest first, any whitespace between words."""
    parts = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)]
    body = "|".join(parts)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _word_trie(phrases) -> str:
    """An alternation of lower-case phrases factored by their words ("in the coming (?:weeks|months)"),
    any whitespace between words: the engine tries one branch per first word, not every phrase."""
    tree: dict = {}
    for p in set(phrases):
        node = tree
        for w in p.split():
            node = node.setdefault(w, {})
        node[""] = {}  # a phrase ends here

    def build(node: dict) -> str:
        alternatives = []
        for word, child in sorted(((w, c) for w, c in node.items() if w), key=lambda wc: -len(wc[0])):
            rest = {w: c for w, c in child.items() if w}
            tail = rf"\s+{build(rest)}" if rest else ""
            alternatives.append(re.escape(word) + (f"(?:{tail})?" if rest and "" in child else tail))
        return "(?:" + "|".join(alternatives) + ")"

    return build(tree)


# --- numbers ----------------------------------------------------------------

_ONES = [w for w, n in L.NUMBER_WORDS.items() if 0 < n < 20 and w not in ("a", "an")]
_WORDNUM = (
    rf"(?:{_alt(L.TENS)}(?:[-\s]{_alt(_ONES)})?|{_alt(_ONES)}|zero)"
    rf"(?:\s+hundred)?(?![a-z])"
)
_SCALE_WORD = _alt(L.SCALE_WORDS)
_SCALE = rf"(?:\s*{_SCALE_WORD}(?![a-z])|{_alt(L.SCALE_SUFFIXES)}(?![A-Za-z0-9]))"
_BIG_WORD = _alt(["thousand", "million", "billion", "trillion", "lakh", "crore"]) + "(?![a-z])"


def _number(words: str) -> float:
    """Digits with commas or English number words ("twenty-five", "a") to a float."""
    s = words.strip().lower().replace(",", "")
    if s and s[0].isdigit():
        return float(s)
    total = 0.0
    for w in re.split(r"[-\s]+", s):
        if w == "hundred":
            total = (total or 1) * 100
        else:
            total += L.NUMBER_WORDS.get(w, 0)
    return total


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.strip().lower()
    return L.SCALE_WORDS.get(w) or L.SCALE_SUFFIXES.get(w, 1.0)


# --- speed: try the big patterns only near what they must contain ------------

_DIGIT_RE = re.compile(r"[0-9]")
_LETTERS_RE = re.compile(r"[a-z]+")
# a token's first letters, or its first digit or currency sign (in lower-cased text)
_TOKEN_START_RE = re.compile(r"(?<![\w'\u2019-])(?:[a-z]+|[\w$\u20ac\u00a3\u00a5\u20a9\u20b9\u20b1\u20ab])", re.ASCII)


@dataclass(frozen=True)
class _Search:
    """A big pattern and what makes it cheap to look for (see ``_anchored``).

    Every match holds an anchor (sought in lower-cased text) and starts at
    most ``lookback`` chars before it, on a word in ``starters`` or on a digit
    or sign; every word between its start and the anchor is in ``inner``.
    """

    pattern: re.Pattern[str]
    anchors: re.Pattern[str]
    lookback: int
    starters: frozenset[str]
    inner: frozenset[str]


def _anchored(search: _Search, text: str, lower: str, start: int = 0):
    """The matches ``search.pattern.finditer(text, start)`` would give, found by trying
    the pattern only at the few places that could start one (a full scan of
    the big patterns is several times slower)."""
    done = start
    for a in search.anchors.finditer(lower, start):
        if a.start() < done:
            continue
        starts: list[int] = []
        for w in _TOKEN_START_RE.finditer(lower, max(done, a.start() - search.lookback), a.end() + 12):
            if w.start() > a.start():
                break
            word = w.group()
            if "a" <= word[0] <= "z":
                if word not in search.inner:
                    starts.clear()  # no match runs across this word to the anchor
                elif word in search.starters:
                    starts.append(w.start())
            else:
                starts.append(w.start())
        for start in starts:
            m = search.pattern.match(text, start)
            if m and m.end() > a.start():
                yield m
                done = m.end()
                break


def _words(*phrases: str) -> frozenset[str]:
    return frozenset(w for p in phrases for w in _LETTERS_RE.findall(p.lower()))


def _keys(phrases) -> tuple[str, ...]:
    """One word each phrase must contain: a cheap test before a regex scan. The longest word
    that is no function word: "coming", not "during", in "during the coming months"."""
    def key(phrase: str) -> str:
        words = phrase.lower().split()
        return max([w for w in words if w not in L.NP_STOPWORDS] or words, key=len)

    return tuple({key(p) for p in phrases})


def _first_words(*phrases: str) -> frozenset[str]:
    """The letters a phrase starts with, lower-cased ("US$" -> "us")."""
    return frozenset(m.group() for p in phrases if (m := _LETTERS_RE.match(p.lower())))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lower(text: str) -> str:
    """Lower-cased ASCII letters only: offsets stay valid (str.lower may not keep length)."""
    return text.translate(_ASCII_LOWER)


# --- labelled numbers: masked for both finders ------------------------------

_NUM = rf"(?:{L.DIGITS})"
_LABEL_RE = re.compile(
    rf"(?<![\w.]){_alt(L.LABEL_WORDS)}\s*{_NUM}(?:\s*(?:,|and|or|&|[-\u2013])\s*{_NUM})*", _FLAGS
)


def _label_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _LABEL_RE.finditer(text)] if _DIGIT_RE.search(text) else []


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


# --- amounts ------------------------------------------------------------------

_CODES = "|".join(L.CURRENCY_CODES)
_CUR_PREFIX = rf"(?:{_alt(L.CURRENCY_PREFIXES, '-i')}|(?-i:{_CODES})(?=\s?[0-9]))"
_AMOUNT_RE = re.compile(
    rf"(?<![\w$\u20ac\u00a3\u00a5\u20a9\u20b9\u20b1\u20ab.,+/'\u2019-])"
    rf"(?:(?P<qual>{_alt(L.QUALIFIERS)})\s+)?"
    rf"(?:(?P<cur>{_CUR_PREFIX})\s?)?"
    rf"(?P<n1>{_NUM}|{_WORDNUM}(?=\s+{_BIG_WORD})|an?(?=\s+{_BIG_WORD}))(?P<s1>{_SCALE})?"
    rf"(?:\s*(?:[-\u2013\u2014]|to)\s*(?:{_CUR_PREFIX}\s?)?(?P<n2>{_NUM})(?P<s2>{_SCALE})?)?"
    rf"(?![0-9A-Za-z%\u00b0+]|[.,][0-9])",
    _FLAGS,
)
_AMOUNT_ANCHOR_RE = re.compile(rf"[0-9][0-9,.]*|(?<![a-z]){_BIG_WORD}", re.ASCII)  # in lower-cased text
_AMOUNT_STARTERS = _first_words(
    *L.QUALIFIERS, *L.CURRENCY_PREFIXES, *L.CURRENCY_CODES, *L.NUMBER_WORDS, *L.TENS, "zero"
)
_AMOUNT_SEARCH = _Search(
    _AMOUNT_RE, _AMOUNT_ANCHOR_RE, 40, _AMOUNT_STARTERS,  # 40 chars: "in excess of US$ "
    _words(*L.QUALIFIERS, *L.CURRENCY_PREFIXES, *L.CURRENCY_CODES, *L.NUMBER_WORDS, *L.TENS, *L.SCALE_WORDS, "zero"),
)
_CUR_AFTER_RE = re.compile(
    rf"\s+(?P<cname>{_alt(L.CURRENCY_NAMES)}(?![a-z])|(?-i:{_CODES})\b)", _FLAGS
)
# a word, dotted ones included ("U.S. troops"); a sentence's final period is left out
_WORD_RE = re.compile(r"\s+([A-Za-z](?:[A-Za-z0-9'\u2019-]|\.(?=[A-Za-z]))*)\.?")
_RATE_RE = re.compile(rf",?\s+(?P<rate>{_alt(L.AMOUNT_RATES)})(?![a-z])", _FLAGS)
_TIME_PREP_BEFORE = re.compile(r"(?:\b(?:in|by|since|until|before|after|from|during|of|through)\s+)$", _FLAGS)
_PERIOD_GAP_RE = re.compile(r"^[^,;:.()\[\]]{0,60}$")


def _is_plural_noun(word: str) -> bool:
    w = word.lower()
    if w in L.IRREGULAR_PLURALS or word in L.DEMONYMS:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "\u2019s"))


def _is_people(word: str) -> bool:
    return (
        word.lower() in L.PEOPLE_NOUNS
        or word in L.DEMONYMS
        or (word[:1].isupper() and word.endswith("ans"))
    )


def _count_noun(text: str, pos: int) -> tuple[int, str] | None:
    """The count noun after a number at ``pos``: (end, noun), or None.

    Up to four words of a noun phrase are read; the phrase stops at a function
    word, an adverb or punctuation, and ends at its last plural noun.
    """
    head = None
    for _ in range(4):
        m = _WORD_RE.match(text, pos)
        if not m:
            break
        word = m.group(1)
        low = word.lower()
        if low in L.NP_STOPWORDS or low.endswith("ly"):
            break
        if low in L.NOT_COUNT_NOUNS:
            if head is None:
                return None
            break
        if _is_plural_noun(word):
            head = (m.end(1), word)
        pos = m.end()
    return head


def _amount(text: str, m: re.Match[str]) -> tuple[int, int, dict[str, Any]] | None:
    n1 = _number(m.group("n1"))
    v1, v2 = n1 * _scale(m.group("s1")), None
    end = m.end()
    if m.group("n2") is not None:
        if m.group("s1") and not m.group("s2"):  # "$5 million to 10 countries": no range
            end = m.end("s1")
        else:
            scale2 = _scale(m.group("s2"))
            v1 = n1 * (_scale(m.group("s1")) if m.group("s1") else scale2)
            v2 = _number(m.group("n2")) * scale2
    cur = m.group("cur")
    norm: dict[str, Any]
    after = _CUR_AFTER_RE.match(text, end)
    if cur or after:
        if cur:
            code = L.CURRENCY_PREFIXES.get(re.sub(r"\s+", " ", cur)) or cur
            norm = {"type": "money", "value": v1, "currency": L.CODE_ALIASES.get(code, code), "symbol": cur}
        if after:
            name = re.sub(r"\s+", " ", after.group("cname"))
            code = L.CURRENCY_NAMES.get(name.lower()) or L.CODE_ALIASES.get(name, name)
            if not cur:
                norm = {"type": "money", "value": v1, "currency": code}
            end = after.end()
    else:
        raw = m.group("n1")
        yearish = (
            re.fullmatch(r"(?:19|20)[0-9]{2}", raw) is not None and not m.group("s1") and m.group("n2") is None
        )
        found = _count_noun(text, end)
        if found is None:
            return None
        if yearish and (not _is_people(found[1]) or _TIME_PREP_BEFORE.search(text, 0, m.start())):
            return None
        end, noun = found
        value: float | int = int(v1) if v1 == int(v1) else v1
        norm = {"type": "count", "value": value, "unit": "people" if _is_people(noun) else noun.lower(), "noun": noun}
    if v2 is not None:
        norm["value_max"] = v2 if norm["type"] == "money" else int(v2) if v2 == int(v2) else v2
    if m.group("qual"):
        norm["bound"] = L.QUALIFIERS[re.sub(r"\s+", " ", m.group("qual").lower())]
    return m.start(), end, norm


# The pipeline asks for a unit's amounts, then its timeframes, and each finder
# needs the other's spans: the last few units' results are kept. Callers get
# copies of the dicts, so the cache cannot be changed from outside.
@lru_cache(maxsize=64)
def _amount_spans(text: str) -> tuple[tuple[int, int, dict[str, Any]], ...]:
    labels = _label_spans(text)
    found: list[tuple[int, int, dict[str, Any]]] = []
    lower, possible = _scanned(text)
    pos = 0 if "amount" in possible else None
    while pos is not None:
        resume, pos = pos, None
        for m in _anchored(_AMOUNT_SEARCH, text, lower, resume):
            if (found and m.start() < found[-1][1]) or _overlaps(m.start(), m.end(), labels):
                continue
            got = _amount(text, m)
            if got:
                found.append(got)
                if got[1] < m.end():  # "$5 million to 200 grantees": no range; look again after "$5 million"
                    pos = got[1]
                    break
    return tuple(found)


_DESCRIPTIVE_BEFORE_RE = re.compile(rf"(?<![\w-]){_alt(L.DESCRIPTIVE_BEFORE_COUNT)}\s+$", _FLAGS)


def _describes_the_parties(text: str, start: int, norm: dict[str, Any]) -> bool:
    """A count that tells the parties' size ("representing nearly 800 million citizens", "home to
    2 billion people") describes who speaks; it is nothing an undertaking serves or spends."""
    return norm["type"] == "count" and _DESCRIPTIVE_BEFORE_RE.search(text, max(0, start - 30), start) is not None


def find_amounts(text: str, offset: int = 0) -> list[Value]:
    """Money and counts in ``text``, in order; offsets are ``offset`` + position."""
    found = _amount_spans(text)
    if not found:
        return []
    times = [c for c in _time_candidates(text, None) if c.norm is not None]
    out = []
    for i, (s, e, norm) in enumerate(found):
        if _describes_the_parties(text, s, norm):
            continue  # still an amount for the timeframe finder: "home to 2000 students" holds no year
        limit = found[i + 1][0] if i + 1 < len(found) else len(text)
        norm = dict(norm)
        _attach_period(text, e, limit, norm, times)
        out.append(Value("amount", s + offset, e + offset, text[s:e], norm))
    return out


def _attach_period(text: str, end: int, limit: int, norm: dict[str, Any], times: list[_Cand]) -> None:
    """Give an amount the rate or period written right after it."""
    r = _RATE_RE.match(text, end)
    if r:
        norm["rate"] = L.AMOUNT_RATES[re.sub(r"\s+", " ", r.group("rate").lower())]
        return
    for c in times:
        if c.start < end:
            continue
        gap = text[end : c.start]
        if c.start > limit or not _PERIOD_GAP_RE.match(gap) or len(gap.split()) > 6:
            return
        t = c.norm
        if t["type"] == "duration":
            norm["period"] = t["duration"]
        elif t["type"] == "recurrence":
            norm["rate"] = t["every"]
        elif t["type"] in ("interval", "date") and "start" in t and "end" in t:
            norm["period"] = f"{t['start']}/{t['end']}"
        norm["period_text"] = text[c.start : c.end]
        return


# --- timeframes: patterns -------------------------------------------------------

_Y4 = r"(?:19|20)[0-9]{2}(?![0-9])"
# A year starts a token: not inside a number, a code or a hyphenated name, except
# after a part prefix ("mid-2025", "post-2025"). It is no share ("2030 percent").
_YEAR_START = rf"(?<![0-9A-Za-z$\u20ac\u00a3\u00a5\u20a9.,/+])(?<!(?<!mid|end|rly|ate|ost|pre)-){_Y4}"
_YEAR = rf"{_YEAR_START}(?![A-Za-z%\u00b0]|[.,][0-9]|[-\u2013][0-9]|\s*(?:percent|per\s+cent)\b)"
_MONTH = rf"(?:{_alt(L.MONTHS, '-i')}|{_alt(L.MONTH_ABBREVIATIONS, '-i')}\.?)(?![A-Za-z0-9'\u2019-])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_DASH = r"\s*[-\u2013\u2014]\s*"
_DURATION_UNIT = r"(?:years?|months?|weeks?|days?|decades?|century|centuries)(?![a-z])"
_DET = _alt(L.RELATIVE_DETERMINERS)
_SEASON = _alt(L.SEASONS) + "(?![a-z])"
_PERIOD_NOUN = _alt(L.PERIOD_NOUNS)
# up to two words between a span and its undertaking noun ("a five-year joint action plan"), no function word
_MODIFIER = r"(?:(?!(?:and|or|of|to|for|in|on|with|the|a|an|that|which)(?![\w'\u2019-]))[A-Za-z][\w'\u2019-]*\s+)"
_PLAN_NOUN = _alt(L.PLAN_NOUNS) + r"(?![\w-])"

_NUMBER = rf"(?:{_NUM}|{_WORDNUM})"
_TIME_RE = re.compile(
    rf"(?<![\w'\u2019-])"
    rf"(?:(?P<rel>{_alt(L.RELATIONS)})\s+)?"  # by, no later than, in, from...
    rf"(?:(?:the\s+)?(?P<pof>{_alt(L.PARTS_OF)})\s+of\s+"  # the end of, the first half of
    rf"|(?:the\s+)?(?P<ppre>early|mid|late|later|earlier)(?:-|\s+(?:in\s+)?)|(?P<pend>end)-)?"  # early, mid-
    r"(?:"
    # between 2021 and 2025 | (the) 2021-2025 (period), 2023-24
    rf"between\s+(?P<by1>{_YEAR})\s+and\s+(?P<by2>{_Y4})"
    rf"|(?:the\s+)?(?P<ry1>{_YEAR_START})\s*(?:[-\u2013\u2014]|to|through|until|till)\s*"
    rf"(?P<ry2>{_Y4}|[0-9]{{2}}(?![0-9]))(?:\s+{_PERIOD_NOUN})?"
    # May 30-31, 2021 | May 30-June 2 | 21 May 2022 | May 2022 | May
    rf"|(?P<dm_m>{_MONTH})\s+(?P<dm_d1>{_DAY})(?:{_DASH}(?:(?P<dm_m2>{_MONTH})\s+)?(?P<dm_d2>{_DAY}))?"
    rf"(?:,?\s+(?P<dm_y>{_Y4}))?"
    rf"|(?P<md_d1>{_DAY})(?:{_DASH}(?P<md_d2>{_DAY}))?\s+(?P<md_m>{_MONTH})(?:,?\s+(?P<md_y>{_Y4}))?"
    rf"|(?P<my_m>{_MONTH})(?:,?\s+(?:of\s+)?(?P<my_y>{_Y4}))?"
    # Q3 2024, H1 2025 | FY2025, fiscal year 2024
    rf"|(?-i:(?P<q>[QH][1-4]))\s*(?:of\s+)?(?P<q_y>{_Y4})"
    rf"|(?:FY\s?|fiscal\s+year\s+)(?P<fy>{_Y4}|[0-9]{{2}}(?![0-9]))"
    # this Fall, next spring, the summer of 2024
    rf"|(?:(?P<s_det>{_DET})\s+)?(?P<season>{_SEASON})(?:\s+(?:of\s+)?(?P<s_y>{_Y4}))?"
    # the 2020s | post-2025 | mid-century
    rf"|(?:the\s+)?(?<![0-9A-Za-z$])(?P<decade>(?:19|20)[0-9]0)s(?![A-Za-z])"
    rf"|(?P<prepost>post|pre)-(?P<pp_y>{_Y4})"
    r"|(?P<midc>mid-?century)(?![a-z])"
    # (the next) five years, 12 to 18 months, a year | a five-year period, a two-year effort, a decade-long campaign
    rf"|(?:(?P<d_det>{_DET})\s+|(?P<d_art>an?)\s+)?"
    rf"(?:(?P<d_n>{_NUMBER})(?:\s*(?:[-\u2013]|to|or)\s*(?P<d_n2>{_NUMBER}))?|(?P<d_a>an?))"
    rf"[\s-]+(?P<d_u>{_DURATION_UNIT})"
    rf"(?P<d_adj>(?:-long)?\s+(?:{_PERIOD_NOUN}(?![\w-])|{_MODIFIER}{{0,2}}?{_PLAN_NOUN}))?"
    # this year, next month, the coming decade
    rf"|(?P<r_det>{_DET})\s+(?:fiscal\s+|calendar\s+)?(?P<r_u>{_alt(L.RELATIVE_UNITS)})(?![a-z])"
    # 2050, the year 2030
    rf"|(?:(?:the\s+)?(?:calendar\s+|fiscal\s+)?year\s+)?(?P<year>{_YEAR})"
    r")",
    _FLAGS,
)
# Every expression _TIME_RE matches holds one of these (see _anchored).
# Sought in lower-cased text (a case-insensitive scan is much slower).
_ANCHOR_RE = re.compile(
    rf"[0-9][0-9,.]*|\b{_alt(m.lower() for m in [*L.MONTHS, *L.MONTH_ABBREVIATIONS])}\b"
    rf"|\b{_alt([*L.SEASONS, *L.RELATIVE_UNITS, *L.DURATION_UNITS, 'centur', 'midcentur'])}",
    re.ASCII,
)
_RECUR_RE = re.compile(
    rf"(?<![\w-])(?:(?P<fixed>{_alt(L.RECURRENCES)})|every\s+(?P<e_n>{_NUMBER})\s+(?P<e_u>{_DURATION_UNIT}))(?![\w-])",
    _FLAGS,
)
_TIME_STARTERS = _first_words(
    *L.RELATIONS, *L.PARTS_OF, *L.PART_PREFIXES, *L.RELATIVE_DETERMINERS, *L.SEASONS, *L.MONTHS,
    *L.MONTH_ABBREVIATIONS, *L.NUMBER_WORDS, *L.TENS,
    *"the between post pre fy fiscal calendar year q h midcentury".split(),
)
_TIME_SEARCH = _Search(
    _TIME_RE, _ANCHOR_RE, 80, _TIME_STARTERS,  # 80 chars: "not later than the second quarter of the following "
    _TIME_STARTERS | _words(
        *L.RELATIONS, *L.PARTS_OF, *L.RELATIVE_DETERMINERS, *L.RELATIVE_UNITS, *L.PERIOD_NOUNS, *L.SEASONS,
        *L.MONTHS, *L.MONTH_ABBREVIATIONS, *L.NUMBER_WORDS, *L.TENS, *L.DURATION_UNITS,
        "of in and to through until till or years months weeks days decades centuries century midcentury",
    ),
)
_AGO_RE = re.compile(rf"\s+{_alt(L.PAST_AFTER)}(?![\w-])", _FLAGS)
_RECUR_KEYS = _keys([*L.RECURRENCES, "every"])
_VAGUE_KEYS = _keys(L.VAGUE_TIME)
_EVENT_KEYS = tuple({h.split()[-1].lower() for h in L.EVENT_HEADS} | {"cop"})
# sought in lower-cased text: over a hundred phrases, a case-insensitive alternation of them was slow
_VAGUE_RE = re.compile(rf"(?<![\w-]){_word_trie(p.lower() for p in L.VAGUE_TIME)}(?![\w-])", re.ASCII)
_MONTH_WORD = rf"{_alt([*L.MONTHS, *L.MONTH_ABBREVIATIONS])}(?![A-Za-z])"
_EVENT_WORDS = (  # "the P4G Seoul Summit", "Summit of the Americas"; capitalised words before a head
    r"(?:[A-Z0-9][\w.'\u2019&+-]*\s+){0,5}?" + _alt(L.EVENT_HEADS)
    # the name may go on ("of the Americas"), but not into its date ("the Summit on March 26")
    + rf"(?![\w-])(?:\s+(?:of|on|for)\s+(?:the\s+)?(?!{_MONTH_WORD})"
    + r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3})?"
)
_COP = r"COP\s?[0-9]{1,2}(?![0-9])"
_UPCOMING_EVENT = (
    rf"{_alt(L.EVENT_UPCOMING_DETERMINERS)}\s+{_alt(L.EVENT_UPCOMING)}\s+(?:{_COP}|{_EVENT_WORDS})"
)
_EVENT_RE = re.compile(
    rf"(?<![\w-])(?:(?P<erel>{_alt(L.EVENT_RELATIONS, 'i')})\s+(?P<ev>(?:the\s+)?(?:{_Y4}\s+)?(?:{_COP}|{_EVENT_WORDS})"
    rf"|{_UPCOMING_EVENT})"
    rf"|(?P<erel2>(?i:by))\s+(?P<ev2>{_COP}|{_UPCOMING_EVENT})"
    rf"|(?P<erel3>{_alt(L.EVENT_RELATIONS_UPCOMING, 'i')})\s+(?P<ev3>{_UPCOMING_EVENT}))",
    re.ASCII,
)

# Open-ended scopes: "at all times", "until a settlement is reached", "for as long as it takes".
_COND_SUBJECT = (  # one to six words, none that starts another clause, none a number ("until 2030 and remain")
    rf"(?:(?!{_alt(L.CONDITION_SUBJECT_STOPS)}(?![\w'\u2019-]))[A-Za-z][\w.'\u2019-]*\s+){{1,6}}?"
)
_COND_PREDICATE = (
    rf"(?:{_alt(L.CONDITION_AUXILIARIES)}\s+(?:no\s+longer\s+|fully\s+|finally\s+|once\s+again\s+)?[a-z][\w-]*"
    rf"|{_alt(L.CONDITION_VERBS)})"
)
_OPEN_RE = re.compile(
    rf"(?<![\w'\u2019-])(?:(?P<fixed>{_alt(L.OPEN_ENDED)})"
    rf"|(?P<conj>{_alt(L.CONDITION_CONJUNCTIONS)})\s+"
    rf"(?P<cond>{_alt(L.CONDITION_SHORT)}|{_COND_SUBJECT}{_COND_PREDICATE}))"
    r"(?![\w-])",
    _FLAGS,
)
_OPEN_KEYS = (*_keys(L.OPEN_ENDED), *_keys(L.CONDITION_CONJUNCTIONS))

# --- which finders have anything to look at ----------------------------------------

# Most units hold no figure, month or time word: one pass over the lower-cased
# text finds the words (and digits) each finder needs before it may match.
# "time" and "amount": the anchors' own needles; the others: a word of each phrase.
_VALUE_SCAN = NeedleScan({
    "time": needles(_ANCHOR_RE),
    "amount": needles(_AMOUNT_ANCHOR_RE),
    "recur": _RECUR_KEYS,
    "vague": _VAGUE_KEYS,
    "event": _EVENT_KEYS,
    "open": _OPEN_KEYS,
})


@lru_cache(maxsize=64)
def _scanned(text: str) -> tuple[str, set[str]]:
    """The text lower-cased and the finders that may match in it (shared by amounts and timeframes)."""
    lower = _lower(text)
    return lower, _VALUE_SCAN.may_match(lower)


# --- timeframes: what the words around an expression make of it -----------------

_EVENT_HEAD_WORDS = frozenset(w for h in L.EVENT_HEADS for w in h.split())
_NOT_NAME_WORDS = frozenset(  # Title-case words before a year that are no name ("Beyond 2030, ...")
    w for p in (*L.NP_STOPWORDS, *L.RELATIONS, "beyond", "toward", "towards", "into", "circa", "around")
    for w in p.split()
)
_TITLE_AFTER_RE = re.compile(r"\s+(?P<w>[A-Z][a-z][\w'\u2019-]*)")  # "Vision" in "2014 Vision Statement"; no acronym
_TITLE_BEFORE_RE = re.compile(r"(?<![\w'\u2019.-])(?P<w>[A-Z][a-z][\w'\u2019-]*)\s+$")  # "Vision" in "Vision 2030"
_NAME_RUN_RE = re.compile(r"\s+([A-Z][\w'\u2019.&-]*|of|for|on|and|the|de)(?![\w'\u2019.&-])")
_PAST_ACT_BEFORE_RE = re.compile(  # "met in Osaka, Japan on", "took place in Lulea, Sweden, on", "adopted in"
    rf"(?<![\w'\u2019-])(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?i:{_alt(L.PAST_ACTS)})"
    r"(?:\s+(?i:for\s+the\s+first\s+time|virtually|again|jointly|together|today))?"
    # up to two names after it, of a place or an object: "in Osaka, Japan", "Tokyo", "the Accord", "with President Lula"
    r"(?:\s+(?:(?:in|at|with)\s+)?(?:the\s+)?[A-Z][^\s,;.]*(?:,?\s+[A-Z][^\s,;.]*){0,4}){0,2},?\s+$",
    re.ASCII,
)
_OUTCOME_OF_EVENT_RE = re.compile(  # "the commitments of our Extraordinary Summit " + "on March 26"
    rf"(?<![\w-])(?i:{_alt(L.EVENT_OUTCOMES)})\s+(?:[a-z]+\s+)?(?:of|at|from|during)\s+(?:the|our|its|their|this)\s+"
    rf"{_EVENT_WORDS},?\s+$",
    re.ASCII,
)
_BASELINE_RE = re.compile(rf"\s+{_alt(L.BASELINE_AFTER)}(?![\w-])", _FLAGS)


def _is_name_part(m: re.Match[str]) -> bool:
    """A bare year or date that is part of a name ("the 2030 Agenda", "the 2014 Vision Statement",
    "Vision 2030"): the name names a document or a plan, not when the undertaking is due. A year
    before an event's name stays ("the 2022 Conference": the event's year), and so do a year before
    an acronym ("our 2030 NDC": a target's year) and a range of years ("the 2021-2025 Action Plan":
    the span the plan covers)."""
    g = m.group
    if g("rel") or g("pof") or g("ppre") or g("pend") or not (g("year") or g("dm_m") or g("md_m") or g("my_m")):
        return False
    text = m.string
    after = _TITLE_AFTER_RE.match(text, m.end())
    if after and after.group("w") not in L.MONTHS:
        pos, run = m.end(), []
        while (w := _NAME_RUN_RE.match(text, pos)) and len(run) < 8:
            run.append(w.group(1).rstrip(".").removesuffix("'s").removesuffix("\u2019s"))
            pos = w.end()
        return not _EVENT_HEAD_WORDS.intersection(run)
    if g("year") and not g("dm_m"):
        before = _TITLE_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
        if before:
            w = before.group("w")
            return w.lower() not in _NOT_NAME_WORDS and w not in L.MONTHS and w not in _EVENT_HEAD_WORDS
    return False


def _dates_a_past_event(m: re.Match[str], rel: str | None) -> bool:
    """A time that dates an act already done, not a bound on the undertaking: "met in Osaka on
    28-29 June", "the plan adopted in May", "the commitments of our Summit on March 26"."""
    if rel not in (None, "within") or m.group("d_u"):  # a span is no date: "launched a five-year plan"
        return False
    window = m.string[max(0, m.start() - 90) : m.start()]
    return bool(_PAST_ACT_BEFORE_RE.search(window) or _OUTCOME_OF_EVENT_RE.search(window))


# --- timeframes: resolution ---------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    start: dt.date | None
    end: dt.date | None
    precision: str


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    norm: dict[str, Any] | None  # None: matched but dropped (history, not a bound)


class _Drop(Exception):
    """The expression is history or not a bound: consume it, report nothing."""


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _add(d: dt.date, n: int, unit: str) -> dt.date:
    if unit == "D":
        return d + dt.timedelta(days=n)
    if unit == "W":
        return d + dt.timedelta(weeks=n)
    return _add_months(d, n * (12 if unit == "Y" else 1))


def _year(y: int) -> _Period:
    return _Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _season(name: str, y: int) -> _Period:
    first, n = L.SEASONS[name.lower()]
    start = dt.date(y, first, 1)
    return _Period(start, _add_months(start, n) - dt.timedelta(days=1), "season")


def _forward(make, doc: dt.date | None, year: int | None):
    """A month/season with no year: the next one not over at the document date."""
    if year is not None:
        return make(year)
    if doc is None:
        raise LookupError
    p = make(doc.year)
    return p if p.end >= doc else make(doc.year + 1)


def _relative(det: str, unit: str, doc: dt.date | None) -> _Period | dict[str, Any]:
    off = L.RELATIVE_DETERMINERS[det]
    if off is None:
        raise _Drop
    if det in ("the next", "the coming") and unit != "century":  # "over the next decade"
        n, u = (10, "Y") if unit == "decade" else (3, "M") if unit == "quarter" else (1, unit[0].upper())
        return _duration(n, u, doc)
    if doc is None:
        raise LookupError
    if unit == "year":
        return _year(doc.year + off)
    if unit == "month":
        s = _add_months(doc.replace(day=1), off)
        return _Period(s, _month_end(s.year, s.month), "month")
    if unit == "quarter":
        s = _add_months(dt.date(doc.year, 3 * ((doc.month - 1) // 3) + 1, 1), 3 * off)
        return _Period(s, _add_months(s, 3) - dt.timedelta(days=1), "quarter")
    if unit == "week":
        s = doc - dt.timedelta(days=doc.weekday()) + dt.timedelta(weeks=off)
        return _Period(s, s + dt.timedelta(days=6), "week")
    if unit == "decade":
        y = doc.year // 10 * 10 + 10 * off
        return _Period(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade")
    y = (doc.year - 1) // 100 * 100 + 1 + 100 * off  # centuries run 2001-2100
    return _Period(dt.date(y, 1, 1), dt.date(y + 99, 12, 31), "century")


def _duration(n: float, unit: str, doc: dt.date | None) -> dict[str, Any]:
    if n != int(n):  # "1.5 years" -> P18M: whole units of the next size down
        n, unit = {"Y": (n * 12, "M"), "M": (n * 30, "D"), "W": (n * 7, "D")}.get(unit, (n, unit))
    n = int(round(n))
    norm: dict[str, Any] = {"type": "duration", "duration": f"P{n}{unit}"}
    if doc is not None:
        norm["start"] = doc.isoformat()
        norm["end"] = _add(doc, n, unit).isoformat()
    return norm


def _core(m: re.Match[str], doc: dt.date | None) -> _Period | dict[str, Any]:
    """The period the core of a match names, or a finished normalised dict."""
    g = m.group
    if g("by1") or g("ry1"):
        y1 = int(g("by1") or g("ry1"))
        raw = g("by2") or g("ry2")
        y2 = int(raw) if len(raw) == 4 else y1 // 100 * 100 + int(raw)
        if y2 < y1:
            raise _Drop
        return _Period(dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year")
    if g("dm_m") or g("md_m"):
        m1 = _month_number(g("dm_m") or g("md_m"))
        m2 = _month_number(g("dm_m2")) if g("dm_m2") else m1
        d1 = int(re.match(r"[0-9]+", g("dm_d1") or g("md_d1")).group())
        raw2 = g("dm_d2") or g("md_d2")
        d2 = int(re.match(r"[0-9]+", raw2).group()) if raw2 else d1
        yr = g("dm_y") or g("md_y")

        def make(y: int) -> _Period:
            return _Period(dt.date(y, m1, d1), dt.date(y, m2, d2), "day")

        try:
            p = _forward(make, doc, int(yr) if yr else None)
        except ValueError:  # "February 30"
            raise _Drop from None
        if p.end < p.start:
            raise _Drop
        return p
    if g("my_m"):
        mo = _month_number(g("my_m"))
        if not (g("my_y") or g("rel") or g("pof") or g("ppre")):
            raise _Drop  # a month name alone ("May's meeting") is not a bound
        return _forward(lambda y: _Period(dt.date(y, mo, 1), _month_end(y, mo), "month"), doc,
                        int(g("my_y")) if g("my_y") else None)
    if g("q"):
        y, k = int(g("q_y")), int(g("q")[1])
        if g("q")[0].upper() == "H":
            if k > 2:
                raise _Drop
            s = dt.date(y, 6 * k - 5, 1)
            return _Period(s, _add_months(s, 6) - dt.timedelta(days=1), "half")
        s = dt.date(y, 3 * k - 2, 1)
        return _Period(s, _add_months(s, 3) - dt.timedelta(days=1), "quarter")
    if g("fy"):
        raw = g("fy")
        return _year(int(raw) if len(raw) == 4 else 2000 + int(raw))
    if g("season"):
        det = (g("s_det") or "").lower()
        det = re.sub(r"\s+", " ", det)
        if g("s_y"):
            return _season(g("season"), int(g("s_y")))
        if not det or (det == "the" and not g("rel")):
            raise _Drop  # "fall" the verb, "the fall of ..."
        off = L.RELATIVE_DETERMINERS[det]
        if off is None:
            raise _Drop
        if doc is None:
            raise LookupError
        p = _season(g("season"), doc.year - (1 if g("season").lower() == "winter" and doc.month <= 2 else 0))
        if off and p.start <= doc:
            p = _season(g("season"), p.start.year + 1)
        return p
    if g("decade"):
        y = int(g("decade"))
        return _Period(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade")
    if g("prepost"):
        if g("prepost").lower() == "pre":
            raise _Drop  # "pre-2020 levels": a baseline, not a bound
        return _Period(dt.date(int(g("pp_y")) + 1, 1, 1), None, "year")
    if g("midc"):
        return {"type": "date", "value": "2050-12-31", "end": "2050-12-31", "precision": "year", "approximate": True}
    if g("d_u"):
        det = re.sub(r"\s+", " ", (g("d_det") or "").lower())
        if det and L.RELATIVE_DETERMINERS.get(det, 0) is None:
            raise _Drop  # "over the past 70 years"
        rel = L.RELATIONS.get(re.sub(r"\s+", " ", (g("rel") or "").lower()))
        spans_an_undertaking = g("d_adj") and not g("d_u").lower().endswith("s")  # "a five-year plan"
        upcoming = det in ("next", "the next", "the coming", "the following")
        if rel != "within" and not upcoming and not spans_an_undertaking:
            raise _Drop  # "70 years of alliance", "a 70-year partnership": a span, not a bound
        unit = g("d_u").lower().rstrip("s")
        unit = "century" if unit.startswith("centur") else unit
        n = 1.0 if g("d_a") else _number(g("d_n"))
        norm = _duration(n * L.DURATION_FACTOR.get(unit, 1), L.DURATION_UNITS[unit], doc)
        if g("d_n2"):  # "in the next 12 to 18 months"
            n2 = _number(g("d_n2")) * L.DURATION_FACTOR.get(unit, 1)
            norm["duration_max"] = _duration(n2, L.DURATION_UNITS[unit], None)["duration"]
            if doc is not None:
                norm["end"] = _duration(n2, L.DURATION_UNITS[unit], doc)["end"]
        return norm
    if g("r_u"):
        det = re.sub(r"\s+", " ", g("r_det").lower())
        if det == "the" and not (g("pof") or g("ppre")):
            raise _Drop  # "the year" alone
        return _relative(det, g("r_u").lower(), doc)
    return _year(int(g("year")))


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return L.MONTHS.get(name) or L.MONTH_ABBREVIATIONS[name]


def _part(p: _Period, part: str, doc: dt.date | None) -> _Period:
    """A part of a period: its end, its early third, its second half..."""
    if p.start is None or p.end is None:
        return p
    if part == "end":
        return _Period(p.end, p.end, p.precision)
    if part == "begin":
        return _Period(p.start, p.start, p.precision)
    if part == "later":
        return _Period(max(p.start, doc) if doc else p.start, p.end, p.precision)
    if p.precision == "decade" and part in ("early", "mid", "late"):  # the early 2020s: 2020-2023
        first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[part]
        return _Period(dt.date(p.start.year + first, 1, 1), dt.date(p.start.year + last, 12, 31), "decade")
    pieces, k = {"early": (3, 0), "mid": (3, 1), "late": (3, 2), "h1": (2, 0), "h2": (2, 1),
                 "q1": (4, 0), "q2": (4, 1), "q3": (4, 2), "q4": (4, 3)}[part]
    months = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1
    if p.start.day == 1 and months % pieces == 0 and months > 1:
        s = _add_months(p.start, months // pieces * k)
        return _Period(s, _add_months(s, months // pieces) - dt.timedelta(days=1), p.precision)
    days = (p.end - p.start).days + 1
    s = p.start + dt.timedelta(days=days * k // pieces)
    e = p.start + dt.timedelta(days=days * (k + 1) // pieces - 1)
    return _Period(s, e if k < pieces - 1 else p.end, p.precision)


def _resolve(m: re.Match[str], doc: dt.date | None) -> dict[str, Any]:
    g = m.group
    rel_word = re.sub(r"\s+", " ", (g("rel") or "").lower())
    rel = L.RELATIONS.get(rel_word)
    if rel == "since" or (g("ppre") or "").lower() == "earlier" or _AGO_RE.match(m.string, m.end()):
        raise _Drop  # "since 2009", "earlier this year", "seventy years ago": history, not a bound
    if _BASELINE_RE.match(m.string, m.end()) or _is_name_part(m) or _dates_a_past_event(m, rel):
        raise _Drop  # "below 2005 levels", "the 2030 Agenda", "met in Osaka on 28-29 June"
    try:
        core = _core(m, doc)
    except LookupError:
        return {"type": "unresolved", "reason": "no document date", **({"relation": rel_word} if rel_word else {})}
    if rel == "start" and (g("ry1") or g("by1") or g("dm_d2") or g("md_d2")):
        rel = "within"  # "from 2021 to 2025", "from 25-27 January" is the range itself
    if isinstance(core, dict):
        return {**core, "relation": rel_word} if rel_word and "relation" not in core else core
    part = (L.PARTS_OF.get(re.sub(r"\s+", " ", g("pof").lower())) if g("pof")
            else L.PART_PREFIXES[g("ppre").lower()] if g("ppre") else "end" if g("pend") else None)
    p = _part(core, part, doc) if part else core
    if doc is not None and p.precision == "day" and p.start is not None and p.start <= doc:
        if rel not in ("start", "after"):  # a day begun by the statement's date: the meeting itself, or before it
            raise _Drop
    norm: dict[str, Any] = {"precision": p.precision}
    if part:
        norm["part"] = part
    if rel_word:
        norm["relation"] = rel_word
    if p.end is None or rel in ("start", "after"):
        start = p.end + dt.timedelta(days=1) if rel == "after" and p.end else p.start
        return {"type": "interval", "start": start.isoformat(), **norm}
    if rel in ("deadline", "before"):
        point = p.end if rel == "deadline" or part == "end" or p.start == p.end else p.start - dt.timedelta(days=1)
        return {"type": "date", "value": point.isoformat(), "end": point.isoformat(), **norm}
    if p.start == p.end:
        return {"type": "date", "value": p.start.isoformat(), "start": p.start.isoformat(),
                "end": p.end.isoformat(), **norm}
    return {"type": "interval", "start": p.start.isoformat(), "end": p.end.isoformat(), **norm}


def _is_past(norm: dict[str, Any], doc: dt.date | None) -> bool:
    if doc is None:
        return False
    last = norm.get("value") if norm["type"] == "date" else norm.get("end") if norm["type"] == "interval" else None
    return last is not None and last < doc.isoformat()


@lru_cache(maxsize=64)
def _time_matches(text: str) -> tuple[tuple[re.Match[str], dict[str, Any] | None], ...]:
    """What the time patterns match, before any date is read: a ``_TIME_RE``
    match (to resolve against the document date) or a finished reading."""
    lower, possible = _scanned(text)
    found: list[tuple[re.Match[str], dict[str, Any] | None]] = [
        (m, None) for m in (_anchored(_TIME_SEARCH, text, lower) if "time" in possible else ())
    ]
    for m in _RECUR_RE.finditer(text) if "recur" in possible else ():
        if m.group("fixed"):
            every = L.RECURRENCES[re.sub(r"\s+", " ", m.group("fixed").lower())]
        else:
            unit = m.group("e_u").lower().rstrip("s")
            unit = "century" if unit.startswith("centur") else unit
            n = int(_number(m.group("e_n"))) * L.DURATION_FACTOR.get(unit, 1)
            every = f"P{n}{L.DURATION_UNITS[unit]}"
        found.append((m, {"type": "recurrence", "every": every}))
    for m in _VAGUE_RE.finditer(lower) if "vague" in possible else ():
        found.append((m, {"type": "unresolved", "reason": "vague"}))
    for m in _OPEN_RE.finditer(text) if "open" in possible else ():
        if m.group("fixed"):
            reason = L.OPEN_ENDED[" ".join(m.group("fixed").lower().split())]
            found.append((m, {"type": "open_ended", "reason": reason}))
        else:
            conj, cond = " ".join(m.group("conj").lower().split()), " ".join(m.group("cond").split())
            found.append((m, {"type": "open_ended", "reason": "condition", "relation": conj, "condition": cond}))
    for m in _EVENT_RE.finditer(text) if "event" in possible else ():
        event = m.group("ev") or m.group("ev2") or m.group("ev3")
        rel = (m.group("erel") or m.group("erel2") or m.group("erel3")).lower()
        found.append((m, {"type": "unresolved", "reason": "event", "event": event,
                          "relation": re.sub(r"\s+", " ", rel)}))
    return tuple(found)


@lru_cache(maxsize=64)
def _time_candidates(text: str, doc: dt.date | None) -> tuple[_Cand, ...]:
    """The time expressions of ``text`` read against ``doc``, leftmost-longest, none overlapping."""
    cands: list[_Cand] = []
    for m, norm in _time_matches(text):
        if norm is None:
            try:
                norm = _resolve(m, doc)
            except _Drop:
                if not (m.group("rel") or m.group("pof") or m.group("ppre")):
                    continue  # a bare word that is no bound ("May" alone, "70 years") blocks nothing
                norm = None  # history with its preposition ("since 2009"): it blocks what it holds
            if norm is not None and _is_past(norm, doc):
                norm = None
        cands.append(_Cand(m.start(), m.end(), norm))
    cands.sort(key=lambda c: (c.start, c.start - c.end))
    labels = _label_spans(text)
    out: list[_Cand] = []
    for c in cands:
        if (not out or c.start >= out[-1].end) and not _overlaps(c.start, c.end, labels):
            out.append(c)
    return tuple(out)


def find_timeframes(text: str, doc_date: dt.date | None, offset: int = 0) -> list[Value]:
    """Time bounds in ``text`` read against ``doc_date``; offsets are ``offset`` + position."""
    if isinstance(doc_date, dt.datetime):  # a datetime is a date, but cannot be compared with one
        doc_date = doc_date.date()
    cands = [c for c in _time_candidates(text, doc_date) if c.norm is not None]
    amounts = [(s, e) for s, e, _ in _amount_spans(text)] if cands else []  # "2000 students"
    out: list[Value] = []
    seen: set[str] = set()
    for c in cands:
        # a bound written twice ("its 2030 target, and ... its final 2030 target") is one bound
        key = " ".join(text[c.start : c.end].lower().split())
        if _overlaps(c.start, c.end, amounts) or key in seen:
            continue
        seen.add(key)
        out.append(Value("timeframe", c.start + offset, c.end + offset, text[c.start : c.end], dict(c.norm)))
    return out
