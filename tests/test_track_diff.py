"""Word diffs and comparing two documents or meetings through their threads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pledgewatch.track import compare, track, word_diff

from .test_track_threads import _series


def test_word_diff_marks_inserted_and_deleted_words() -> None:
    d = word_diff("We will explore a hydrogen centre.", "We will launch a hydrogen centre by 2030.")
    assert d.ops == (("equal", "We will"), ("delete", "explore"), ("insert", "launch"), ("equal", "a hydrogen"),
                     ("delete", "centre."), ("insert", "centre by 2030."))
    assert d.added == ["launch", "centre by 2030."] and d.removed == ["explore", "centre."]
    assert word_diff("same words", "same words").ops == (("equal", "same words"),)


_WORDS = st.lists(st.sampled_from(["we", "will", "fund", "$5", "million", "by", "2030", "the", "centre"]), max_size=12)


@given(_WORDS, _WORDS)
def test_word_diff_rebuilds_both_sides(a: list[str], b: list[str]) -> None:
    ops = word_diff(" ".join(a), " ".join(b)).ops
    assert " ".join(w for op, w in ops if op != "insert").split() == a
    assert " ".join(w for op, w in ops if op != "delete").split() == b
    assert all(op in ("equal", "insert", "delete") and w for op, w in ops)


def test_compare_two_meetings_new_kept_dropped() -> None:
    docs, commitments = _series()
    result = track(docs, commitments)
    first, second, third = result.meetings
    diff = compare(first, second, result.threads)
    assert [r.text[:20] for r in diff.dropped] == ["The two leaders will"]
    assert {r.change for r in diff.kept} == {"reiterated"} and len(diff.kept) == 2 and not diff.new
    diff = compare("m2", "m3", result.threads)  # two documents
    assert {r.change for r in diff.kept} == {"strengthened"}
    money = next(r for r in diff.kept if "minerals" in r.text)
    assert "$50 million" in " ".join(money.diff.added) and money.previous.doc_id == "m2"
    skip = compare(first, third, result.threads)  # not adjacent: paired with A's appearance, change worked out again
    assert len(skip.kept) == 2 and len(skip.dropped) == 1
    assert next(r for r in skip.kept if "hydrogen" in r.text).change == "strengthened"


def test_compare_reuses_the_diff_a_thread_member_carries() -> None:
    docs, commitments = _series()
    result = track(docs, commitments)
    diff = compare("m2", "m3", result.threads)
    for row in diff.kept:  # typed against m2 when linked: the member's own diff, not a recomputed one
        assert row.diff is row.member.diff and row.member.previous == (row.previous.doc_id, row.previous.unit_index)
    skip = compare("m1", "m3", result.threads)  # not typed against m1: diffed here
    assert all(r.diff == word_diff(r.previous.text, r.text) and r.diff is not r.member.diff for r in skip.kept)
