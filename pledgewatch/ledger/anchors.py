"""Finding what a ledger entry or a correction points to, after the database has changed under it.

Units are found by document and start offset, or by their words when a
later segmenter cut the document differently. Threads are found by the units
an entry was anchored to: re-tracking may give an undertaking a new thread id
(or split or merge threads), and the entry follows its units. When none of
its units is in any thread any more, the entry says so (``Located.lost``)
instead of being dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Thread, Unit, UnitAnchor

_TOKEN = re.compile(r"\w+")
SAME_UNIT_JACCARD = 0.9  # the segmentation matching threshold of evaluate.py, for the same reason


def anchor_of(unit: Unit) -> UnitAnchor:
    return UnitAnchor(unit.doc_id, unit.start, unit.end, unit.text)


def _tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


def find_unit(anchor: UnitAnchor, units: Sequence[Unit]) -> Unit | None:
    """The unit of its document an anchor means: same start and words; else the same words
    elsewhere; else the unit overlapping it whose words are nearly the same."""
    for u in units:
        if u.start == anchor.start and u.text == anchor.text:
            return u
    for u in units:
        if u.text == anchor.text:
            return u
    want = _tokens(anchor.text)
    best, best_j = None, SAME_UNIT_JACCARD
    for u in units:
        if u.end <= anchor.start or u.start >= anchor.end:
            continue
        got = _tokens(u.text)
        j = len(want & got) / len(want | got) if want | got else 0.0
        if j >= best_j:
            best, best_j = u, j
    return best


@dataclass(frozen=True)
class Located:
    """Where an entry's undertaking is now."""

    thread_id: str | None
    how: str  # "same thread" | "thread id changed (was …)" | "no thread holds its units any more" | …

    @property
    def lost(self) -> bool:
        return self.thread_id is None


def thread_index(threads: Iterable[Thread]) -> dict[tuple[str, int], str]:
    """(doc_id, start offset) of every thread member → its thread id."""
    return {(m.doc_id, m.start): t.id for t in threads for m in t.members}


LOST = "no thread holds its units any more (the undertaking it refers to no longer exists)"


def locate(ref: str, anchors: Sequence[UnitAnchor | tuple[str, int]], known_threads: Container[str],
           by_unit: Mapping[tuple[str, int], str]) -> Located:
    """The thread an entry belongs to now: the one holding most of its anchor units (ties: the
    thread it was recorded on, then the lowest id). ``anchors`` are ``UnitAnchor``s or their
    (doc_id, start); ``known_threads`` the ids of the threads there are now."""
    holders = [t for a in anchors if (t := by_unit.get((a.doc_id, a.start) if isinstance(a, UnitAnchor) else a))]
    if not holders:
        if ref in known_threads:
            return Located(ref, "same thread")
        return Located(None, LOST)
    if holders.count(holders[0]) == len(holders):  # the usual case: one thread holds them all
        best = holders[0]
    else:
        found = Counter(holders)
        best = min(found, key=lambda t: (-found[t], t != ref, t))
    if best == ref:
        return Located(best, "same thread")
    if ":" not in ref:  # recorded on a thread (a commitment's ref is DOC:OFFSET)
        return Located(best, f"thread id changed (recorded on {ref})")
    return Located(best, "thread of the commitment")
