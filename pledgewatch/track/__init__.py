"""Tracking across statements: meetings, threads of the same undertaking, the mechanisms registry.

Each stage is a plain function over plain data (no I/O)::

    tracking = track(docs, commitments, merges=[...], splits=[...])
    tracking.meetings, tracking.threads, tracking.mechanisms
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Commitment, Mechanism, Meeting, Thread
from .changes import classify_change
from .diff import DiffResult, DiffRow, compare, word_diff
from .meetings import DocInfo, group_meetings
from .registry import build_registry, classify_event, find_mechanism
from .threads import link_threads

__all__ = [
    "DiffResult", "DiffRow", "DocInfo", "Tracking", "build_registry", "classify_change", "classify_event", "compare",
    "find_mechanism", "group_meetings", "link_threads", "track", "word_diff",
]


@dataclass(frozen=True)
class Tracking:
    meetings: list[Meeting]
    threads: list[Thread]
    mechanisms: list[Mechanism]


def track(
    docs: list[DocInfo],
    commitments: dict[str, list[Commitment]],
    *,
    merges: Iterable[tuple[str, str]] = (),
    splits: Iterable[str] = (),
) -> Tracking:
    """Meetings, threads and the mechanisms registry of ``docs``.

    ``commitments`` maps a document id to its labelled units; only the
    ``is_commitment`` ones count, and they are picked out here, once, for every stage.
    """
    kept = {d: [c for c in cs if c.is_commitment] for d, cs in commitments.items()}
    meetings = group_meetings(docs, kept, merges=list(merges), splits=list(splits))
    return Tracking(meetings, link_threads(meetings, kept), build_registry(meetings, kept))
