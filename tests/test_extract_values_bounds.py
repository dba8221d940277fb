"""Timeframes and amounts on statements of any series: open-ended scopes, spans of an undertaking,
relative terms, target ranges, and the dates and years that are no bound (past events, names).

Every sentence is invented for the test (other states and groups, other years); none is taken
from a labelled statement.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.extract import values as V
from pledgewatch.extract.lexicon import values as L
from pledgewatch.extract.values import find_amounts, find_timeframes

D2024 = dt.date(2024, 3, 15)


def times(text: str, doc: dt.date | None = D2024) -> dict[str, dict]:
    got = find_timeframes(text, doc)
    for v in got:
        assert text[v.start : v.end] == v.text
    return {v.text: v.normalised for v in got}


def amounts(text: str) -> dict[str, dict]:
    got = find_amounts(text)
    for v in got:
        assert text[v.start : v.end] == v.text
    return {v.text: v.normalised for v in got}


# --- open-ended scopes -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, written, expect",
    [
        ("The Quad partners will stand by Ukraine for as long as it takes.", "for as long as it takes",
         {"reason": "condition", "relation": "for as long as", "condition": "it takes"}),
        ("ASEAN members will keep the corridor open until a settlement is reached.", "until a settlement is reached",
         {"reason": "condition", "relation": "until", "condition": "a settlement is reached"}),
        ("Japan and the Philippines will patrol the shoal as long as needed.", "as long as needed",
         {"reason": "condition", "condition": "needed"}),
        ("The G7 will maintain its sanctions until Russia withdraws its forces.", "until Russia withdraws",
         {"reason": "condition", "condition": "Russia withdraws"}),
        ("The AU and the EU will keep the mission in the Sahel until peace is restored.", "until peace is restored",
         {"reason": "condition"}),
        ("The Nordic states will shelter the families until such time as it is safe to return.",
         "until such time as it is safe", {"reason": "condition", "relation": "until such time as"}),
        ("The partners will remain engaged as long as the threat persists.", "as long as the threat persists",
         {"reason": "condition", "condition": "the threat persists"}),
        ("Australia and New Zealand will defend each other at all times.", "at all times", {"reason": "standing"}),
        ("India and France will continue the moratorium indefinitely.", "indefinitely", {"reason": "standing"}),
        ("Chile will keep the quota in place until it is no longer needed.", "until it is no longer needed",
         {"reason": "condition", "condition": "it is no longer needed"}),
    ],
)
def test_values_open_ended_scopes_are_found_and_say_so(sentence, written, expect):
    got = times(sentence)
    assert written in got, got
    assert got[written]["type"] == "open_ended"
    assert "end" not in got[written] and "value" not in got[written]  # nothing a ledger could call a deadline
    for key, value in expect.items():
        assert got[written][key] == value


def test_values_until_before_a_date_or_an_event_stays_a_deadline():
    got = times("Mongolia will keep the freeze until 2031 and remain vigilant until the next Summit.")
    assert got["until 2031"]["type"] == "date" and got["until 2031"]["value"] == "2031-12-31"
    assert got["until the next Summit"]["reason"] == "event"


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks ran long, as the ministers noted.",
        "The ministers stayed until late and left.",
        "They have long worked as partners.",
        "We will work until 2031 and we will report.",  # no condition swallows the deadline's clause
    ],
)
def test_values_no_open_ended_scope_here(sentence):
    assert not [n for n in times(sentence).values() if n["type"] == "open_ended"]


# --- spans of an undertaking -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, written, duration",
    [
        ("Canada and Mexico will launch a five-year plan on water security.", "a five-year plan", "P5Y"),
        ("The African Union will lead a two-year effort to map critical minerals.", "a two-year effort", "P2Y"),
        ("Viet Nam and Japan will extend the arrangement for three years.", "for three years", "P3Y"),
        ("The Pacific Islands Forum will invest in ports over the next decade.", "over the next decade", "P10Y"),
        ("Brazil and Argentina agree on a decade-long campaign against logging.", "a decade-long campaign", "P10Y"),
        ("Kenya will take up a two-year term on the Council.", "a two-year term", "P2Y"),
        ("Indonesia and Australia will sign a 10-year lease for the base.", "a 10-year lease", "P10Y"),
        ("Norway will fund a new three-year joint research program.", "three-year joint research program", "P3Y"),
    ],
)
def test_values_span_of_an_undertaking_is_a_duration(sentence, written, duration):
    got = times(sentence)
    [n] = [n for text, n in got.items() if written in text]  # "agree on a decade-long campaign": "on" may lead
    assert (n["type"], n["duration"], n["start"]) == ("duration", duration, "2024-03-15")


@pytest.mark.parametrize(
    "sentence",
    [
        "The 75-year partnership between Chile and Peru has grown.",
        "They celebrated a 60-year alliance and the decade-long war ended.",
        "They signed a multi-year agreement.",
        "Our ties span 50 years of friendship.",
        "The ministers welcomed the progress in the eight years since the accord.",
    ],
)
def test_values_age_of_a_relationship_is_no_bound(sentence):
    assert times(sentence) == {}


# --- relative terms ------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "in the coming months", "in the coming years", "without delay", "as soon as possible",
        "at the earliest date", "in the near future", "over the next few years", "within the next several months",
        "for years to come",
    ],
)
def test_values_relative_terms_without_a_calendar_are_unresolved(written):
    got = times(f"The Baltic states will open the joint office {written}, officials said.")
    assert got[written] == {"type": "unresolved", "reason": "vague"}


def test_values_next_year_resolves_against_the_document_date_or_says_it_cannot():
    sentence = "Thailand will host the regional forum next year."
    assert times(sentence)["next year"]["start"] == "2025-01-01"
    assert times(sentence, None)["next year"] == {"type": "unresolved", "reason": "no document date"}


@pytest.mark.parametrize(
    "sentence, written, relation",
    [
        ("The leaders will review progress by the next summit.", "by the next summit", "by"),
        ("The ministers will take stock at our next meeting.", "at our next meeting", "at"),
        ("The envoys will report before their next session.", "before their next session", "before"),
    ],
)
def test_values_upcoming_event_is_an_unresolved_bound(sentence, written, relation):
    n = times(sentence)[written]
    assert (n["type"], n["reason"], n["relation"]) == ("unresolved", "event", relation)


def test_values_event_name_does_not_run_into_its_date():
    got = times("The ministers will act before the Summit on June 3.")
    assert "before the Summit" in got and got["on June 3"]["value"] == "2024-06-03"


# --- target ranges and ranges of years ------------------------------------------------


def test_values_target_range_keeps_only_its_time_bound():
    got = times("The G20 will cut the share of coal from 43 to 20 per cent by 2035.")
    assert list(got) == ["by 2035"]
    assert amounts("The G20 will cut the share of coal from 43 to 20 per cent by 2035.") == {}


@pytest.mark.parametrize(
    "written, start, end",
    [
        ("between 2026 and 2031", "2026-01-01", "2031-12-31"),
        ("2026\u20132031", "2026-01-01", "2031-12-31"),
        ("from 2027 to 2033", "2027-01-01", "2033-12-31"),
        ("2026-29", "2026-01-01", "2029-12-31"),
    ],
)
def test_values_range_of_years_is_an_interval(written, start, end):
    n = times(f"The Caribbean states will run the programme {written} across the region.")[written]
    assert (n["type"], n["start"], n["end"]) == ("interval", start, end)


def test_values_baseline_year_is_no_bound():
    got = times("Singapore will cut emissions 36 per cent below 2025 levels by 2035 and from 2026 levels later.")
    assert "by 2035" in got and not any(re.search(r"2025|2026", k) for k in got)


# --- dates of past or present events, years of names ------------------------------------


@pytest.mark.parametrize(
    "sentence, doc",
    [
        ("We, the Leaders of the G7, met in Hiroshima, Japan on 19-21 May 2023 to act.", dt.date(2023, 5, 21)),
        ("On 4 March 2031, the Foreign Ministers of Peru and Chile signed the accord.", dt.date(2031, 3, 4)),
        ("The ministers met in Lima on 4 March 2031 to review the plan.", None),
        ("The council took place in Tromsø, Norway, on 9 October 2031.", None),
        ("We reaffirm the outcomes of our Special Summit on April 12, and will keep working.", dt.date(2024, 11, 2)),
        ("The Leaders recalled the decisions taken at the Ministerial Meeting on 2 February.", dt.date(2024, 11, 2)),
        ("The framework adopted in June will guide us.", dt.date(2024, 3, 15)),
        ("The President is visiting Ghana from 14-16 March 2024 with a delegation.", dt.date(2024, 3, 15)),
    ],
)
def test_values_date_of_a_past_or_present_event_is_no_bound(sentence, doc):
    assert times(sentence, doc) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "We will implement the 2030 Agenda for Sustainable Development.",
        "They build on the 2018 Vision Statement and the 2019 Blueprint for Growth.",
        "Saudi Arabia's Vision 2030 and the AU's Agenda 2063 guide the partnership.",
        "Mexico and Canada build on their 12 October Joint Statement.",
    ],
)
def test_values_year_or_date_in_a_name_is_no_timeframe(sentence):
    assert times(sentence, None) == {}  # no document date: only the name rule can drop them


@pytest.mark.parametrize(
    "sentence, written",
    [
        ("For the success of the 2027 Conference in Nairobi, Kenya will host the delegates.", "2027"),
        ("The Philippines will submit its 2035 NDC target.", "2035"),
        ("The summit will be held in Manila on 3 June.", "on 3 June"),
        ("The ministers will meet again on 2 July 2024.", "on 2 July 2024"),
        ("Beyond 2030, Chile will keep the reserve.", "2030"),
        ("They will carry out the 2026\u20132030 Action Plan.", "2026\u20132030"),
        ("The Union will act in 2025 and Japan will follow.", "in 2025"),
    ],
)
def test_values_these_years_and_dates_stay_timeframes(sentence, written):
    got = times(sentence)
    assert any(written in text for text in got), got  # "the 2026-2030" may keep its article


# --- amounts: what describes the parties is no amount of the undertaking ---------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Union, representing nearly 450 million citizens, will act together.",
        "ASEAN, home to 680 million people, will deepen its integration.",
        "Our two nations represent 1.5 billion people and will cooperate.",
    ],
)
def test_values_count_that_describes_the_parties_is_no_amount(sentence):
    assert amounts(sentence) == {}


def test_values_count_the_action_serves_stays_an_amount():
    assert amounts("We will protect our 300 million citizens.")["300 million citizens"]["value"] == 300_000_000
    got = amounts("Representing 27 member states, the Council will give $5 million to 1,200 coast guard officers.")
    assert list(got) == ["$5 million", "1,200 coast guard officers"]


# --- every lexicon entry of the new families ---------------------------------------------


@pytest.mark.parametrize("phrase, reason", sorted(L.OPEN_ENDED.items()))
def test_values_lexicon_open_ended_phrases(phrase, reason):
    n = times(f"The partners will keep the line {phrase} together.")[phrase]
    assert (n["type"], n["reason"]) == ("open_ended", reason)


@pytest.mark.parametrize("conj", L.CONDITION_CONJUNCTIONS)
@pytest.mark.parametrize("short", L.CONDITION_SHORT)
def test_values_lexicon_short_conditions(conj, short):
    written = f"{conj} {short}"
    assert times(f"The partners will stay {written}, officials said.")[written]["condition"] == short


@pytest.mark.parametrize("verb", L.CONDITION_VERBS)
def test_values_lexicon_condition_verbs(verb):
    written = f"until the conflict {verb}"
    assert times(f"The partners will stay {written} again.")[written]["type"] == "open_ended"


@pytest.mark.parametrize("aux", L.CONDITION_AUXILIARIES)
def test_values_lexicon_condition_auxiliaries(aux):
    written = f"until the border {aux} secure"
    assert times(f"The partners will stay {written} again.")[written]["type"] == "open_ended"


@pytest.mark.parametrize("noun", L.PLAN_NOUNS)
def test_values_lexicon_plan_nouns(noun):
    written = f"a five-year {noun}"
    assert times(f"The partners will start {written} together.")[written]["duration"] == "P5Y"


@pytest.mark.parametrize("act", L.PAST_ACTS)
def test_values_lexicon_past_acts_date_history(act):
    assert times(f"The ministers {act} on 3 June with partners.") == {}
    assert "on 3 June" in times(f"The ministers will be {act} on 3 June with partners.")


@pytest.mark.parametrize("outcome", L.EVENT_OUTCOMES)
def test_values_lexicon_event_outcomes_date_history(outcome):
    assert times(f"We recall the {outcome} of our Summit on 3 June with partners.") == {}


@pytest.mark.parametrize("word", L.BASELINE_AFTER)
def test_values_lexicon_baselines(word):
    assert times(f"They will cut emissions below 2027 {word} soon after.").keys() == {"soon"}


@pytest.mark.parametrize("words", L.DESCRIPTIVE_BEFORE_COUNT)
def test_values_lexicon_descriptive_words_before_a_count(words):
    assert amounts(f"The partners, {words} 900 million people, will act.") == {}


# --- the factored alternation finds what the plain one finds ------------------------------

_VAGUE_WORDS = sorted({w for p in L.VAGUE_TIME for w in p.lower().split()} | {"week", "month", "-", "within"})


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(_VAGUE_WORDS), max_size=14),
    seps=st.lists(st.sampled_from([" ", "  ", "\n", "", ", "]), min_size=14, max_size=14),
)
def test_values_vague_trie_matches_the_plain_alternation(words, seps):
    text = "".join(w + s for w, s in zip(words, seps))
    plain = re.compile(rf"(?<![\w-]){V._alt(p.lower() for p in L.VAGUE_TIME)}(?![\w-])", re.ASCII)
    assert [m.span() for m in V._VAGUE_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
