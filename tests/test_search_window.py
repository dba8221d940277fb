"""Ranking stops at a window of the most recently stored matches (a common word in a million
units would otherwise cost seconds to rank); what is past it is counted, not ranked."""

from __future__ import annotations

import pytest

from pledgewatch import browse
from pledgewatch.store import search as search_module

from .ledger_helpers import sample_store, sample_url  # noqa: F401

pytestmark = pytest.mark.backends


def test_ranking_is_within_the_newest_matches(sample_store, monkeypatch) -> None:
    with sample_store.connect() as conn:
        every = sorted(search_module.matching_unit_ids(conn, "cooperation"))
    assert len(every) > 12
    full = sample_store.search("cooperation", limit=50)
    assert len(full) == min(50, len(every))
    monkeypatch.setattr(search_module, "RANK_WINDOW", 5)
    hits = sample_store.search("cooperation", limit=50)
    assert sorted(h.unit_id for h in hits) == every[-5:]  # the five newest matches, ranked
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    monkeypatch.setattr(browse, "RANK_WINDOW", 5)
    page = browse.search(sample_store, "cooperation", limit=2)
    assert page.total == 5 and page.matches == len(every) and len(page.items) == 2
    with sample_store.connect() as conn:  # a search within documents is not windowed
        within = search_module.search_units(conn, "cooperation", limit=50, doc_ids=[full[0].doc_id])
    assert len(within) > 5 and {h.doc_id for h in within} == {full[0].doc_id}
