"""Amounts and timeframes: normalisation, what is not a value, spans.

Every sentence here is invented for the test; none is taken from the corpus.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.extract import values as V
from pledgewatch.extract.lexicon import values as L
from pledgewatch.extract.values import find_amounts, find_timeframes

D2022 = dt.date(2022, 5, 21)
D2023 = dt.date(2023, 4, 26)


def amounts(text: str) -> dict[str, dict]:
    return {v.text: v.normalised for v in find_amounts(text)}


def times(text: str, doc: dt.date | None = D2022) -> dict[str, dict]:
    return {v.text: v.normalised for v in find_timeframes(text, doc)}


# --- amounts ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, written, value, currency",
    [
        ("The agency will provide $60 million for clean water.", "$60 million", 60e6, "USD"),
        ("Partners pledged $2.5 billion to the fund.", "$2.5 billion", 2.5e9, "USD"),
        ("The bank commits US$ 1.5bn in loans.", "US$ 1.5bn", 1.5e9, "USD"),
        ("Japan will lend ¥500 billion to the project.", "¥500 billion", 500e9, "JPY"),
        ("Japan will lend 500 billion yen to the project.", "500 billion yen", 500e9, "JPY"),
        ("Korea will invest KRW 1 trillion in chips.", "KRW 1 trillion", 1e12, "KRW"),
        ("Korea will invest 3 trillion won in chips.", "3 trillion won", 3e12, "KRW"),
        ("The Union adds €20 million.", "€20 million", 20e6, "EUR"),
        ("The Union adds EUR 20 million.", "EUR 20 million", 20e6, "EUR"),
        ("Britain adds £15m for the clinics.", "£15m", 15e6, "GBP"),
        ("The fund receives a new $200M commitment.", "$200M", 200e6, "USD"),
        ("They will spend one billion dollars on roads.", "one billion dollars", 1e9, "USD"),
        ("They will spend 10 million U.S. dollars on roads.", "10 million U.S. dollars", 10e6, "USD"),
    ],
)
def test_values_money_is_normalised(sentence, written, value, currency):
    got = amounts(sentence)
    assert got[written]["type"] == "money"
    assert got[written]["value"] == pytest.approx(value)
    assert got[written]["currency"] == currency


def test_values_money_keeps_its_bound_and_range():
    got = amounts("Donors will give more than $25 billion, and up to $3 billion more, or $10-15 million a month.")
    assert got["more than $25 billion"]["bound"] == "min"
    assert got["up to $3 billion"]["bound"] == "max"
    rng = got["$10-15 million"]
    assert (rng["value"], rng["value_max"]) == (10e6, 15e6)
    assert rng["rate"] == "P1M"


@pytest.mark.parametrize(
    "sentence, written, value, unit",
    [
        ("The program will bring 2,023 Koreans to study abroad.", "2,023 Koreans", 2023, "people"),
        ("The program will fund 200 grantees each cycle.", "200 grantees", 200, "people"),
        ("We will donate 1 million doses to the region.", "1 million doses", 1_000_000, "doses"),
        ("The plan keeps 10,000 troops on the border.", "10,000 troops", 10_000, "people"),
        ("The plan keeps 28,500 U.S. service members there.", "28,500 U.S. service members", 28_500, "people"),
        ("We will build 30 new schools.", "30 new schools", 30, "schools"),
        ("Each side sends 12 participants from its ministries.", "12 participants", 12, "people"),
        ("More than two million citizens will benefit.", "More than two million citizens", 2_000_000, "people"),
    ],
)
def test_values_counts_are_normalised(sentence, written, value, unit):
    got = amounts(sentence)
    assert got[written]["type"] == "count"
    assert got[written]["value"] == value
    assert got[written]["unit"] == unit


def test_values_amount_keeps_the_period_written_after_it():
    got = amounts("The ministry has committed $40 million in new grants over five years to the clinics.")
    assert got["$40 million"]["period"] == "P5Y"
    assert got["$40 million"]["period_text"] == "over five years"
    got = amounts("The ministry pledges $75M for the 2024-2027 period, and $5 million, to others.")
    assert got["$75M"]["period"] == "2024-01-01/2027-12-31"
    assert "period" not in got["$5 million"]


@pytest.mark.parametrize(
    "sentence",
    [
        "We will cooperate on 5G and 6G networks.",
        "The G7 and the G20 will meet.",
        "We will fight COVID-19 together.",
        "The 70th anniversary of the treaty falls this year.",
        "Our ties span 70 years of partnership.",
        "Section 2 and No. 3 of the annex apply.",
        "They recall Security Council resolutions 2375 and 2397.",
        "Challenges of the 21st century need 2+2 talks.",
        "They aim to cut emissions 40 percent and limit warming to 1.5 degrees.",
        "The two countries and three partners will meet.",
        "Our 2030 targets and 2050 goals stand.",
        "In 2024 students from both sides will meet.",
        "The F-35 fleet will grow.",
        "It will 1) build; 2) train.",
    ],
)
def test_values_these_numbers_are_not_amounts(sentence):
    assert find_amounts(sentence) == []


# --- timeframes -----------------------------------------------------------------


def test_values_deadline_at_end_of_year():
    got = times("The two sides agree to hold the dialogue by the end of the year.")
    n = got["by the end of the year"]
    assert n["type"] == "date"
    assert n["value"] == n["end"] == "2022-12-31"


def test_values_season_this_fall():
    n = times("Seoul will host a ministerial meeting this Fall.")["this Fall"]
    assert (n["type"], n["start"], n["end"], n["precision"]) == ("interval", "2022-09-01", "2022-11-30", "season")


def test_values_bare_year_and_deadline_year():
    got = times("They reaffirm 2050 net-zero goals and will end coal by 2030.")
    assert got["2050"] == {"type": "interval", "start": "2050-01-01", "end": "2050-12-31", "precision": "year"}
    assert got["by 2030"]["value"] == "2030-12-31"


def test_values_decade():
    n = times("They seek deep cuts in the 2020s.")["in the 2020s"]
    assert (n["start"], n["end"], n["precision"]) == ("2020-01-01", "2029-12-31", "decade")


def test_values_duration_starts_at_document_date():
    n = times("The fund will disburse grants over five years.")["over five years"]
    assert n["type"] == "duration" and n["duration"] == "P5Y"
    assert (n["start"], n["end"]) == ("2022-05-21", "2027-05-21")
    assert "start" not in times("The fund will disburse grants over five years.", None)["over five years"]


@pytest.mark.parametrize(
    "written, expect",
    [
        ("in May", {"type": "interval", "start": "2023-05-01", "end": "2023-05-31", "precision": "month"}),
        ("later this year", {"type": "interval", "start": "2023-04-26", "end": "2023-12-31"}),
        ("next year", {"type": "interval", "start": "2024-01-01", "end": "2024-12-31"}),
        ("in 2024", {"type": "interval", "start": "2024-01-01", "end": "2024-12-31"}),
        ("for the 2021-2025 period", {"type": "interval", "start": "2021-01-01", "end": "2025-12-31"}),
        ("within 100 days", {"type": "duration", "duration": "P100D", "end": "2023-08-04"}),
        ("annually", {"type": "recurrence", "every": "P1Y"}),
        ("in the coming months", {"type": "unresolved", "reason": "vague"}),
        ("early next year", {"type": "interval", "start": "2024-01-01", "end": "2024-04-30", "part": "early"}),
        ("the first half of 2024", {"type": "interval", "start": "2024-01-01", "end": "2024-06-30"}),
        ("on May 21, 2023", {"type": "date", "value": "2023-05-21", "precision": "day"}),
        ("21 May 2024", {"type": "date", "value": "2024-05-21", "precision": "day"}),
        ("September 3", {"type": "date", "value": "2023-09-03"}),
        ("by midcentury", {"type": "date", "value": "2050-12-31", "approximate": True}),
        ("second half of 2024", {"type": "interval", "start": "2024-07-01", "end": "2024-12-31"}),
        ("by FY2025", {"type": "date", "value": "2025-12-31"}),
        ("this year", {"type": "interval", "start": "2023-01-01", "end": "2023-12-31"}),
        ("before the end of 2023", {"type": "date", "value": "2023-12-31"}),
        ("no later than 2050", {"type": "date", "value": "2050-12-31", "relation": "no later than"}),
        ("early in October", {"type": "interval", "start": "2023-10-01", "end": "2023-10-10"}),
        ("on May 30-31", {"type": "interval", "start": "2023-05-30", "end": "2023-05-31", "precision": "day"}),
        ("post-2025", {"type": "interval", "start": "2026-01-01"}),
        ("by mid-2025", {"type": "date", "value": "2025-08-31"}),
        ("in the mid-2020s", {"type": "interval", "start": "2024-01-01", "end": "2026-12-31"}),
        ("before 2030", {"type": "date", "value": "2029-12-31"}),
        ("from 2024", {"type": "interval", "start": "2024-01-01"}),
        ("Q3 2024", {"type": "interval", "start": "2024-07-01", "end": "2024-09-30", "precision": "quarter"}),
        ("next spring", {"type": "interval", "start": "2024-03-01", "end": "2024-05-31"}),
        ("this winter", {"type": "interval", "start": "2023-12-01", "end": "2024-02-29"}),
        ("in the next 12 to 18 months", {"type": "duration", "duration": "P12M", "duration_max": "P18M"}),
        ("every two years", {"type": "recurrence", "every": "P2Y"}),
        ("by the end of the century", {"type": "date", "value": "2100-12-31"}),
        ("by COP30", {"type": "unresolved", "reason": "event", "event": "COP30"}),
        ("before the next Leaders' Summit", {"type": "unresolved", "reason": "event"}),
    ],
)
def test_values_timeframe_expressions(written, expect):
    got = times(f"The partners will act {written} as agreed.", D2023)
    assert written in got, got
    for key, value in expect.items():
        assert got[written][key] == value, (key, got[written])


@pytest.mark.parametrize(
    "written",
    [
        "at the earliest date", "in a timely manner", "at a mutually agreeable time",
        "as soon as possible", "without delay",
    ],
)
def test_values_vague_timeframes_are_unresolved(written):
    assert times(f"The council will meet {written}.")[written] == {"type": "unresolved", "reason": "vague"}


@pytest.mark.parametrize("written", ["by the end of the year", "this Fall", "in May", "next year", "later this year"])
def test_values_relative_without_document_date_is_unresolved(written):
    n = times(f"The council will meet {written}.", None)[written]
    assert n["type"] == "unresolved" and n["reason"] == "no document date"


@pytest.mark.parametrize(
    "sentence",
    [
        "The armistice was signed in 1953 and the treaty followed.",
        "We have been partners since 2009.",
        "The summit met last year and earlier this year.",
        "Over the past 70 years our bond grew; seventy years ago it began.",
        "We mark the 70th anniversary of our alliance.",
        "Our ties span 70 years of partnership.",
        "They will fight COVID-19 and deploy 5G.",
        "The program will serve 2,023 Koreans and 2000 students.",
        "They recall resolution 2094 and No. 2021 of the annex.",
        "Prices may fall and the group may grow.",
        "They signed a multi-year agreement.",
        "Emissions fell 2030 percent below pre-2005 levels.",
    ],
)
def test_values_history_labels_and_non_dates_are_not_timeframes(sentence):
    assert find_timeframes(sentence, D2022) == []


def test_values_explicit_history_is_dropped_without_a_document_date():
    assert find_timeframes("They met earlier this year, last year and since 2009, ten years ago.", None) == []


def test_values_month_without_year_is_the_next_one():
    assert times("They will meet in March.", D2023)["in March"]["start"] == "2024-03-01"


def test_values_event_by_requires_an_upcoming_event():
    assert times("Trade grew, fostered by the Regional Summit on Supply Chains.") == {}
    assert "at the next Regional Summit" in times("They will report at the next Regional Summit.")


def test_values_repeated_bound_is_reported_once():
    got = find_timeframes("They will set a 2035 target, and later a final 2035 target.", D2022)
    assert [v.text for v in got] == ["2035"]


# --- lexicon families: every entry is found ---------------------------------------


@pytest.mark.parametrize("phrase", L.VAGUE_TIME)
def test_values_lexicon_vague_phrases(phrase):
    assert times(f"We will act {phrase} together.").get(phrase, {}).get("reason") == "vague"


@pytest.mark.parametrize("phrase, every", sorted(L.RECURRENCES.items()))
def test_values_lexicon_recurrences(phrase, every):
    assert times(f"We will meet {phrase} together.")[phrase] == {"type": "recurrence", "every": every}


@pytest.mark.parametrize("prefix, code", sorted(L.CURRENCY_PREFIXES.items()))
def test_values_lexicon_currency_prefixes(prefix, code):
    got = find_amounts(f"They give {prefix}7 million to it.")
    assert [(v.text, v.normalised["currency"]) for v in got] == [(f"{prefix}7 million", code)]


@pytest.mark.parametrize("name, code", sorted(L.CURRENCY_NAMES.items()))
def test_values_lexicon_currency_names(name, code):
    got = find_amounts(f"They give 7 million {name} to it.")
    assert [(v.text, v.normalised["currency"]) for v in got] == [(f"7 million {name}", code)]


@pytest.mark.parametrize("code", L.CURRENCY_CODES)
def test_values_lexicon_currency_codes(code):
    got = find_amounts(f"They give {code} 7 million and 8 million {code} to it.")
    assert [v.normalised["currency"] for v in got] == [L.CODE_ALIASES.get(code, code)] * 2


@pytest.mark.parametrize("month, number", sorted({**L.MONTHS, **L.MONTH_ABBREVIATIONS}.items()))
def test_values_lexicon_months(month, number):
    got = times(f"They will meet on {month} 3, 2030.")
    assert got[f"on {month} 3, 2030"]["value"] == f"2030-{number:02d}-03"


@pytest.mark.parametrize("season", L.SEASONS)
def test_values_lexicon_seasons(season):
    first = L.SEASONS[season][0]
    got = times(f"They will meet in the {season} of 2030.")
    assert got[f"in the {season} of 2030"]["start"] == f"2030-{first:02d}-01"


# --- spans: properties over arbitrary text ------------------------------------------

_VOCAB = [
    "$", "US$", "€", "¥", "2,023", "2023", "2050", "1.5", "60", "200", "10", "million", "billion", "bn", "M",
    "Koreans", "doses", "troops", "percent", "years", "year", "months", "by", "in", "the", "end", "of", "this",
    "next", "Fall", "May", "October", "early", "mid-", "post-", "2021-2025", "period", "over", "five", "within",
    "days", "annually", "at", "earliest", "date", "COP", "26", "Summit", "next", "before", "-", ",", ".", "(",
    "5G", "COVID-19", "No.", "resolution", "2094", "70th", "since", "ago", "2020s", "yen", "dollars", "a",
]


def _check_spans(text: str, values, offset: int, kind: str) -> None:
    last = offset
    for v in values:
        assert v.kind == kind
        assert offset <= v.start < v.end <= offset + len(text)
        assert text[v.start - offset : v.end - offset] == v.text
        assert v.start >= last  # in order, not overlapping
        last = v.end
        assert isinstance(v.normalised, dict) and "type" in v.normalised


_dates = st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), offset=st.integers(0, 10_000), doc=_dates)
def test_values_spans_hold_for_arbitrary_text(text, offset, doc):
    _check_spans(text, find_amounts(text, offset), offset, "amount")
    _check_spans(text, find_timeframes(text, doc, offset), offset, "timeframe")


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(st.sampled_from(_VOCAB), max_size=40),
    seps=st.lists(st.sampled_from([" ", "", "  ", "\n"]), min_size=40, max_size=40),
    offset=st.integers(0, 10_000),
    doc=_dates,
)
def test_values_spans_hold_for_word_soup(words, seps, offset, doc):
    text = "".join(w + s for w, s in zip(words, seps))
    _check_spans(text, find_amounts(text, offset), offset, "amount")
    _check_spans(text, find_timeframes(text, doc, offset), offset, "timeframe")


_SOUP = _VOCAB + [
    *L.MONTHS, *L.MONTH_ABBREVIATIONS, *L.RELATIONS, *L.PARTS_OF, *L.PART_PREFIXES, *L.RELATIVE_DETERMINERS,
    *L.RELATIVE_UNITS, *L.QUALIFIERS, *L.CURRENCY_PREFIXES, *L.CURRENCY_NAMES, *L.CURRENCY_CODES, *L.SEASONS,
    "midcentury", "Q4", "FY24", "H2", "twenty-five", "thousand", "lakh", "weeks", "decades", "fiscal year",
    *L.PLAN_NOUNS[:12], "five-year", "decade-long", "year-long", "-long", "joint", "new", "to",
]


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(st.sampled_from(_SOUP), max_size=16),
    seps=st.lists(st.sampled_from([" ", "", "  ", ", ", "-"]), min_size=16, max_size=16),
)
def test_values_anchored_search_finds_what_a_full_scan_finds(words, seps):
    """The speed-up (try the big patterns only near an anchor) loses no match."""
    text = "".join(w + s for w, s in zip(words, seps))
    lower = V._lower(text)
    for search in (V._TIME_SEARCH, V._AMOUNT_SEARCH):
        full = [m.span() for m in search.pattern.finditer(text)]
        assert [m.span() for m in V._anchored(search, text, lower)] == full
        start = len(text) // 3  # the amount finder resumes the search mid-text
        assert [m.span() for m in V._anchored(search, text, lower, start)] == [
            m.span() for m in search.pattern.finditer(text, start)
        ]
