"""Documents → meetings: what was issued for one meeting of the same parties.

Rules, in order:

1. Dated documents of the same parties (as a set) whose dates lie within
   ``max_gap_days`` of the first document of a meeting belong to that meeting
   (a joint statement and its fact sheet, a declaration issued beside a
   statement).
2. A document without a date joins the meeting of the same parties whose
   commitments it resembles most, when the resemblance (the mean, over the
   document's commitments, of the best TF-IDF cosine with a commitment of
   that meeting, over the top third of them) is at least ``ATTACH_SIMILARITY`` and clearly ahead of the
   next best meeting (``ATTACH_MARGIN``). Otherwise it is a meeting of its
   own, ordered after every dated meeting.
3. The user's corrections win: ``splits`` take a document out into a meeting
   of its own (it is not grouped automatically again); ``merges`` put two
   documents' meetings together. An undated document the user merges is not
   also joined by content (rule 2): the merge says where it belongs, so
   "split X, then merge X with Y" moves X to Y's meeting.

Meetings are ordered by date; equal or missing dates are ordered by parties
and then file name, and ``Meeting.order_why`` says which rule placed them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Commitment, Meeting
from . import lexicon as lex
from .text import content_stems, tfidf

ATTACH_SIMILARITY = 0.35
ATTACH_MARGIN = 0.10
ID_BASE_LENGTH = 56  # characters of a meeting id before a "-N" for a repeat: ids fit the store's 64


def _bounded(base: str) -> str:
    """A meeting id of many parties, or of a long file name, cut and made unique again by a digest."""
    if len(base) <= ID_BASE_LENGTH:
        return base
    return f"{base[: ID_BASE_LENGTH - 9].rstrip('-')}-{hashlib.sha1(base.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class DocInfo:
    """What tracking needs to know of a document."""

    id: str
    name: str
    date: dt.date | None
    parties: tuple[str, ...]
    doc_type: str = "other"
    title: str | None = None


def _doc_order(d: DocInfo) -> tuple:
    return (d.date is None, d.date or dt.date.min, d.name, d.id)


class _Groups:
    """Union-find over document ids, remembering why documents were put together."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}
        self.why: dict[str, list[str]] = defaultdict(list)

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: str, b: str, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        ra, rb = min(ra, rb), max(ra, rb)
        self.parent[rb] = ra
        self.why[ra].extend(self.why.pop(rb, []))
        self.why[ra].append(why)

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for i in self.parent:
            out[self.find(i)].append(i)
        return out


def _unit_texts(commitments: dict[str, list[Commitment]] | None, doc_id: str) -> list[str]:
    return [c.text for c in (commitments or {}).get(doc_id, ())]


def _top_third_mean(best: np.ndarray) -> float:
    """Mean of the top third of per-unit best similarities: a fact sheet restates part of its
    meeting's statement and adds details of its own; only the restating part tells the meeting."""
    k = max(1, len(best) // 3)
    return float(np.sort(best)[-k:].mean())


def resemblances(doc_units: Sequence[str], meetings_units: dict[str, Sequence[str]], parties: tuple[str, ...] = ()) -> dict[str, float]:
    """How much a document's commitments resemble each meeting's (0–1): for each of the
    document's commitments the best TF-IDF cosine with one of the meeting's, averaged over
    the top third. One TF-IDF space for all candidates, so the scores compare."""
    keys = [k for k, texts in meetings_units.items() if texts]
    if not doc_units or not keys:
        return {k: 0.0 for k in meetings_units}
    texts = [*doc_units]
    spans = {}
    for k in keys:
        spans[k] = (len(texts), len(texts) + len(meetings_units[k]))
        texts.extend(meetings_units[k])
    x = tfidf([content_stems(t, parties) for t in texts])
    sims = (x[: len(doc_units)] @ x[len(doc_units) :].T).toarray()
    out = {k: 0.0 for k in meetings_units}
    for k, (a, b) in spans.items():
        out[k] = _top_third_mean(sims[:, a - len(doc_units) : b - len(doc_units)].max(axis=1))
    return out


def _attach_undated(
    groups: _Groups, undated: list[DocInfo], dated: list[DocInfo], commitments: dict[str, list[Commitment]] | None
) -> dict[str, str]:
    """Join undated documents to the meeting of the same parties they resemble; returns doc id → why."""
    notes: dict[str, str] = {}
    if not commitments:
        return notes
    for doc in undated:
        units = _unit_texts(commitments, doc.id)
        if not units:
            notes[doc.id] = "no date and no commitments to compare"
            continue
        candidates: dict[str, list[str]] = defaultdict(list)
        for other in dated:
            if frozenset(other.parties) == frozenset(doc.parties):
                candidates[groups.find(other.id)].extend(_unit_texts(commitments, other.id))
        scores = resemblances(units, candidates, doc.parties)
        scored = sorted(((v, root) for root, v in scores.items()), key=lambda s: (-s[0], s[1]))
        if not scored:
            notes[doc.id] = "no date and no dated meeting of the same parties"
            continue
        best, root = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best >= ATTACH_SIMILARITY and best - runner_up >= ATTACH_MARGIN:
            groups.union(root, doc.id, f"{doc.name}: no date; joined by content (resemblance {best:.2f}, next best {runner_up:.2f})")
        else:
            notes[doc.id] = (
                f"no date; resembles no meeting enough (best {best:.2f}, next {runner_up:.2f}; "
                f"needs {ATTACH_SIMILARITY:.2f} and a lead of {ATTACH_MARGIN:.2f})"
            )
    return notes


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "doc"


def _lead(docs: list[DocInfo]) -> DocInfo:
    rank = {t: i for i, t in enumerate(lex.LEAD_DOC_TYPES)}
    return min(docs, key=lambda d: (rank.get(d.doc_type, len(rank)), _doc_order(d)))


def group_meetings(
    docs: list[DocInfo],
    commitments: dict[str, list[Commitment]] | None = None,
    *,
    max_gap_days: int = 2,
    merges: Iterable[tuple[str, str]] = (),
    splits: Iterable[str] = (),
) -> list[Meeting]:
    """Group documents into meetings, ordered; see the module docstring for the rules.
    ``commitments``: document id → its commitments (``is_commitment`` units, as ``track`` passes them)."""
    docs = sorted({d.id: d for d in docs}.values(), key=_doc_order)
    by_id = {d.id: d for d in docs}
    split_ids = {s for s in splits if s in by_id}
    merges = list(merges)
    merged_ids = {d for pair in merges for d in pair}
    groups = _Groups(by_id)

    # 1. dated documents of the same parties, close in time
    series: dict[frozenset[str], list[DocInfo]] = defaultdict(list)
    for d in docs:
        if d.date is not None and d.id not in split_ids:
            series[frozenset(d.parties)].append(d)
    for ds in series.values():
        first = ds[0]
        for d in ds[1:]:
            if (d.date - first.date).days <= max_gap_days:
                gap = (d.date - first.date).days
                groups.union(first.id, d.id, f"{d.name}: same parties, {'same day' if gap == 0 else f'{gap} day(s) later'}")
            else:
                first = d

    # 2. undated documents, by content
    undated = [d for d in docs if d.date is None and d.id not in split_ids and d.id not in merged_ids]
    dated = [d for d in docs if d.date is not None and d.id not in split_ids]
    notes = _attach_undated(groups, undated, dated, commitments)

    # 3. the user's merges
    for a, b in merges:
        if a in by_id and b in by_id:
            groups.union(a, b, f"merged by the user: {by_id[a].name} + {by_id[b].name}")

    meetings = []
    for root, ids in groups.members().items():
        members = sorted((by_id[i] for i in ids), key=_doc_order)
        dates = [d.date for d in members if d.date is not None]
        lead = _lead(members)
        parties = tuple(dict.fromkeys(p for d in [lead, *members] for p in d.parties))
        why = list(groups.why.get(root, []))
        why += [f"{by_id[i].name}: {notes[i]}" for i in ids if i in notes]
        why += [f"{by_id[i].name}: split by the user" for i in ids if i in split_ids]
        meetings.append((members, min(dates) if dates else None, parties, lead, why))

    def order_key(m: tuple) -> tuple:
        members, date, parties, _lead_doc, _why = m
        return (date is None, date or dt.date.min, "-".join(sorted(parties)), members[0].name, members[0].id)

    meetings.sort(key=order_key)
    same_date = defaultdict(int)
    for _members, date, *_ in meetings:
        same_date[date] += 1
    out: list[Meeting] = []
    used_ids: dict[str, int] = defaultdict(int)
    for members, date, parties, lead, why in meetings:
        if date is not None:
            head = f"dated {date.isoformat()}"
            if same_date[date] > 1:
                head += f"; {same_date[date]} meetings on this date, ordered by parties, then file name"
            base = f"{date.isoformat()}-{'-'.join(sorted(parties))}"
        else:
            head = "no date: after the dated meetings, ordered by parties, then file name"
            base = f"undated-{'-'.join(sorted(parties))}-{_slug(lead.name.rsplit('.', 1)[0])}"
        base = _bounded(base)
        used_ids[base] += 1
        mid = base if used_ids[base] == 1 else f"{base}-{used_ids[base]}"
        label = f"{date.isoformat() if date else 'undated'} {'–'.join(parties)}: {lead.title or lead.name}"
        if len(members) > 1:
            label += f" (+{len(members) - 1} more)"
        out.append(Meeting(mid, date, parties, tuple(d.id for d in members), label, "; ".join([head, *why])))
    return out
