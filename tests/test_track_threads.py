"""Threads: the same undertaking across meetings, typed new / reiterated / strengthened / weakened, and dropped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import pledgewatch.track.threads as threads_mod
from pledgewatch.model import Thread
from pledgewatch.track import track
from pledgewatch.track.changes import Facts, classify_change
from pledgewatch.track.meetings import group_meetings
from pledgewatch.track.threads import link_threads

from .track_helpers import commitment, doc, mech, other

JA = ("JP", "AU")
MINERALS = "Japan and Australia reaffirm their commitment to cooperate on critical minerals supply chains and processing."
MINERALS_MONEY = (
    "Japan and Australia reaffirm their commitment to cooperate on critical minerals supply chains and processing, "
    "including $50 million for refining projects."
)
PATROL = "The two leaders will hold annual talks on maritime patrols and coast guard training in the Coral Sea."
HYDROGEN_EXPLORE = "Japan and Australia will explore the creation of a joint hydrogen research centre for shipping fuels."
HYDROGEN_LAUNCH = "Japan and Australia will launch a joint hydrogen research centre for shipping fuels."


def _series() -> tuple[list, dict]:
    docs = [doc("m1", "2022-10-22", JA), doc("m2", "2023-10-22", JA), doc("m3", "2024-10-22", JA)]
    commitments = {
        "m1": [commitment("m1", 0, MINERALS, domain="economic_security"), commitment("m1", 1, PATROL, domain="defense"),
               commitment("m1", 2, HYDROGEN_EXPLORE, domain="climate_energy"), other("m1", 3, "The leaders met in Perth.")],
        "m2": [commitment("m2", 0, MINERALS, domain="economic_security"), commitment("m2", 1, HYDROGEN_EXPLORE, domain="climate_energy")],
        "m3": [commitment("m3", 0, MINERALS_MONEY, domain="economic_security"), commitment("m3", 1, HYDROGEN_LAUNCH, domain="climate_energy")],
    }
    return docs, commitments


def _thread_with(threads: list[Thread], words: str) -> Thread:
    (found,) = [t for t in threads if any(words in m.text for m in t.members)]
    return found


def test_threads_japan_australia_series_reiterated_strengthened_dropped_and_ladder() -> None:
    docs, commitments = _series()
    result = track(docs, commitments)
    meetings = [m.id for m in result.meetings]
    minerals = _thread_with(result.threads, "critical minerals")
    assert [m.change for m in minerals.members] == ["new", "reiterated", "strengthened"]
    third = minerals.members[2]
    assert third.previous == ("m2", 0)
    assert any("adds money ($50 million)" in w for w in third.why)
    assert "$50 million" in " ".join(third.diff.added)
    assert any(w.startswith("TF-IDF cosine") for w in third.why) and third.score >= threads_mod.LINK_THRESHOLD

    patrol = _thread_with(result.threads, "maritime patrols")
    assert [m.change for m in patrol.members] == ["new"]
    assert patrol.dropped_at == (meetings[1],) and patrol.status == "dropped"

    hydrogen = _thread_with(result.threads, "hydrogen")
    assert [m.change for m in hydrogen.members] == ["new", "reiterated", "strengthened"]
    assert any("ladder explore → establish" in w for w in hydrogen.members[2].why)
    assert all(not t.dropped_at for t in (minerals, hydrogen))
    # only commitments become members; every commitment is in exactly one thread
    members = [(m.doc_id, m.unit_index) for t in result.threads for m in t.members]
    assert sorted(members) == sorted((c.doc_id, c.unit.index) for cs in commitments.values() for c in cs if c.is_commitment)


def test_threads_meeting_of_other_parties_never_produces_dropped() -> None:
    docs, commitments = _series()
    docs.append(doc("us-jp", "2023-01-15", ("US", "JP")))
    commitments["us-jp"] = [commitment("us-jp", 0, "The United States and Japan will deepen cooperation on quantum computing research.", domain="technology")]
    result = track(docs, commitments)
    patrol = _thread_with(result.threads, "maritime patrols")
    us_jp = next(m.id for m in result.meetings if m.parties == ("US", "JP"))
    assert patrol.dropped_at and us_jp not in patrol.dropped_at
    ids = [m.id for m in result.meetings]
    assert result.meetings[ids.index(patrol.dropped_at[0])].parties == JA
    quantum = _thread_with(result.threads, "quantum")
    assert quantum.dropped_at == ()  # no later US–JP meeting
    assert not any(m.meeting_id == us_jp for t in result.threads if t is not quantum for m in t.members)


def test_threads_g7_pair_reiterated_and_weakened() -> None:
    g7 = ("G7",)
    docs = [doc("hiroshima", "2023-05-20", g7, "communique"), doc("apulia", "2024-06-14", g7, "communique")]
    commitments = {
        "hiroshima": [
            commitment("hiroshima", 0, "We commit to mobilize $600 billion for quality infrastructure in partner countries by 2027.",
                       domain="regional", timeframes=("by 2027",)),
            commitment("hiroshima", 1, "We will continue to support Ukraine for as long as it takes.", domain="regional"),
        ],
        "apulia": [
            commitment("apulia", 0, "We will consider ways to mobilize financing for quality infrastructure in partner countries.", domain="regional"),
            commitment("apulia", 1, "We will continue to support Ukraine for as long as it takes.", domain="regional"),
        ],
    }
    result = track(docs, commitments)
    infra = _thread_with(result.threads, "infrastructure")
    assert [m.change for m in infra.members] == ["new", "weakened"]
    why = " ".join(infra.members[1].why)
    assert "drops money" in why and "drops its deadline" in why
    ukraine = _thread_with(result.threads, "Ukraine")
    assert [m.change for m in ukraine.members] == ["new", "reiterated"]
    assert ukraine.members[1].diff.added == [] and ukraine.parties == g7


def test_threads_several_units_of_one_meeting_join_one_thread() -> None:
    docs = [doc("y1", "2022-10-22", JA), doc("y2", "2023-10-22", JA), doc("y2fs", "2023-10-23", JA, "fact_sheet")]
    commitments = {
        "y1": [commitment("y1", 0, HYDROGEN_EXPLORE, domain="climate_energy")],
        "y2": [commitment("y2", 0, HYDROGEN_LAUNCH, domain="climate_energy")],
        "y2fs": [commitment("y2fs", 0, "Launch a joint hydrogen research centre for shipping fuels with $20 million from both governments.",
                            domain="climate_energy")],
    }
    result = track(docs, commitments)
    assert len(result.meetings) == 2
    hydrogen = _thread_with(result.threads, "hydrogen")
    assert [(m.doc_id, m.change) for m in hydrogen.members] == [("y1", "new"), ("y2", "strengthened"), ("y2fs", "strengthened")]
    assert all(m.previous == ("y1", 0) for m in hydrogen.members[1:])


def test_threads_link_through_a_shared_mechanism_acronym() -> None:
    ncg = mech("Nuclear Consultative Group", acronym="NCG", long_name="Nuclear Consultative Group")
    bare = mech("NCG", acronym="NCG")
    docs = [doc("a", "2023-04-26", ("US", "KR")), doc("b", "2024-04-26", ("US", "KR"))]
    commitments = {
        "a": [commitment("a", 0, "The two Presidents announced the establishment of a new Nuclear Consultative Group to discuss planning.",
                         domain="defense", mechanisms=(ncg,)),
              commitment("a", 1, "The two Presidents will expand cooperation on clean hydrogen.", domain="climate_energy")],
        "b": [commitment("b", 0, "The allies will convene the NCG twice a year at the ministerial level.", domain="defense", mechanisms=(bare,))],
    }
    result = track(docs, commitments)
    ncg_thread = _thread_with(result.threads, "NCG twice")
    assert [m.doc_id for m in ncg_thread.members] == ["a", "b"]
    assert any(w.startswith("same mechanism: NCG") for w in ncg_thread.members[1].why)
    assert ncg_thread.members[1].change == "strengthened"  # ladder establish → convene


def test_threads_unrelated_undertakings_stay_apart() -> None:
    docs = [doc("a", "2022-01-01", JA), doc("b", "2023-01-01", JA)]
    commitments = {
        "a": [commitment("a", 0, "Japan and Australia will expand scholarships for engineering students.", domain="people")],
        "b": [commitment("b", 0, "Japan and Australia will jointly patrol fisheries in the Southern Ocean.", domain="regional")],
    }
    threads = track(docs, commitments).threads
    assert len(threads) == 2 and all(len(t.members) == 1 for t in threads)
    assert [t.status for t in sorted(threads, key=lambda t: t.members[0].doc_id)] == ["dropped", "new"]


def test_threads_blocking_keeps_comparisons_bounded(monkeypatch) -> None:
    """Every meeting is compared with at most keys × THREADS_PER_KEY earlier threads, never with all units."""
    sizes: list[tuple[int, int]] = []
    real = threads_mod.pair_scores

    def spy(t, rows, cols):
        sizes.append((len(rows), len(cols)))
        return real(t, rows, cols)

    monkeypatch.setattr(threads_mod, "pair_scores", spy)
    monkeypatch.setattr(threads_mod, "THREADS_PER_KEY", 2)
    topics = ["wheat", "rice", "coal", "iron", "wool", "tuna", "beef", "wine", "gold", "gas"]
    docs = [doc(f"d{i}", f"{2000 + i}-01-01", JA) for i in range(30)]
    commitments = {
        f"d{i}": [commitment(f"d{i}", k, f"Japan and Australia will cooperate on {topics[k]} trade and {topics[(k + i) % 10]} logistics.")
                  for k in range(10)]
        for i in range(30)
    }
    link_threads(group_meetings(docs), commitments)
    assert sizes and max(c for _r, c in sizes) <= 2 * 10 * (threads_mod.RARE_STEMS_PER_UNIT + 2)
    assert sum(r * c for r, c in sizes) < (300 * 300) / 2  # well under all pairs


def test_classify_change_rules() -> None:
    base = Facts(rung=1, rung_words="commit")
    assert classify_change(base, base) == ("reiterated", ("no material change",))
    assert classify_change(base, Facts(deadlines=("by 2030",), rung=1))[0] == "strengthened"
    assert classify_change(base, Facts(mechanisms=frozenset({"x"}), mechanism_names=("X Forum",), rung=1))[0] == "strengthened"
    assert classify_change(Facts(rung=4, rung_words="expand"), base)[0] == "weakened"
    more = classify_change(Facts(money=(("USD", 1e6, "$1 million"),)), Facts(money=(("USD", 5e6, "$5 million"),)))
    assert more[0] == "strengthened" and "more money" in more[1][0]
    mixed = classify_change(Facts(deadlines=("2030",), rung=1), Facts(money=(("USD", 1e6, "$1 million"),), rung=1))
    assert mixed[0] == "reiterated" and mixed[1][0].startswith("mixed")


_TEXTS = [MINERALS, MINERALS_MONEY, PATROL, HYDROGEN_EXPLORE, HYDROGEN_LAUNCH,
          "The leaders will expand student exchanges in marine science.", "Both countries will hold a cyber dialogue in Tokyo."]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.integers(0, len(_TEXTS) - 1), min_size=0, max_size=5), min_size=1, max_size=5),
       st.lists(st.sampled_from([JA, ("US", "JP")]), min_size=5, max_size=5))
def test_threads_invariants(plan: list[list[int]], parties: list[tuple[str, str]]) -> None:
    docs = [doc(f"d{i}", f"{2001 + i}-01-01", parties[i]) for i in range(len(plan))]
    commitments = {f"d{i}": [commitment(f"d{i}", k, _TEXTS[x]) for k, x in enumerate(units)] for i, units in enumerate(plan)}
    meetings = group_meetings(docs)
    threads = link_threads(meetings, commitments)
    assert threads == link_threads(meetings, commitments)  # deterministic
    order = {m.id: i for i, m in enumerate(meetings)}
    by_id = {m.id: m for m in meetings}
    seen = [(m.doc_id, m.unit_index) for t in threads for m in t.members]
    assert sorted(seen) == sorted((d, k) for d, cs in commitments.items() for k in range(len(cs)))
    for t in threads:
        positions = [order[m.meeting_id] for m in t.members]
        assert positions == sorted(positions)
        assert t.members[0].change == "new" and t.members[0].previous is None
        assert all(by_id[m.meeting_id].parties == t.parties for m in t.members)
        for m in t.members[1:]:
            assert (m.change == "new") == (m.previous is None)
        for dropped in t.dropped_at:
            assert by_id[dropped].parties == t.parties and order[dropped] > positions[-1]


def test_threads_revived_after_a_gap_is_not_dropped_and_says_where_it_was_absent() -> None:
    docs = [doc("m1", "2021-01-01", JA), doc("m2", "2022-01-01", JA), doc("m3", "2023-01-01", JA)]
    commitments = {
        "m1": [commitment("m1", 0, PATROL, domain="defense")],
        "m2": [commitment("m2", 0, HYDROGEN_LAUNCH, domain="climate_energy")],
        "m3": [commitment("m3", 0, PATROL, domain="defense")],
    }
    result = track(docs, commitments)
    patrol = _thread_with(result.threads, "maritime patrols")
    assert [m.change for m in patrol.members] == ["new", "reiterated"] and patrol.dropped_at == ()
    assert any(w == f"absent from {result.meetings[1].id}" for w in patrol.members[1].why)
    assert _thread_with(result.threads, "hydrogen").dropped_at == (result.meetings[2].id,)


def test_track_open_ended_and_vague_timeframes_are_not_deadlines():
    from pledgewatch.model import Value
    from pledgewatch.track.changes import _is_deadline

    assert not _is_deadline(Value("timeframe", 0, 23, "for as long as it takes", {"type": "open_ended", "reason": "condition"}))
    assert not _is_deadline(Value("timeframe", 0, 20, "in the coming months", {"type": "unresolved", "reason": "vague"}))
    assert _is_deadline(Value("timeframe", 0, 7, "by 2030", {"type": "date", "relation": "by", "value": "2030-12-31"}))
