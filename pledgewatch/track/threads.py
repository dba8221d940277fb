"""Commitments → threads: the same undertaking across the meetings of the same parties.

How two units are compared (``pair_scores``): a weighted sum of

- the TF-IDF cosine of their content stems and stem pairs (``text``),
- the Jaccard overlap of their content-stem sets (the action and object words),
- a shared mechanism (same name, long form or acronym, ``names``),
- a shared sum of money,
- and a penalty when their domains differ.

Every weight is a module constant; every link keeps the readable reasons
with their scores (``ThreadMember.why``).

How units become threads (``link_threads``): meetings are visited in order,
and each meeting's units go through four steps (methods of ``_Linker``):

1. ``candidate_threads``: an inverted index proposes the earlier threads of
   the same parties that recently gained a unit sharing one of a unit's
   rarest stems, a mechanism or a sum of money — never all pairs;
2. ``edges``: the units are scored against those threads' latest
   appearances and against the units of the meeting's other documents; a
   link needs ``LINK_THRESHOLD``, or ``MUTUAL_THRESHOLD`` when a unit and an
   earlier appearance are each other's best match;
3. ``group_units``: links are taken strongest first; one that would put two
   earlier threads together is refused, and a second unit of one document
   needs ``SAME_DOC_THRESHOLD``. Each group continues its earlier thread or
   starts a new one, so several units of one meeting may join one thread;
4. ``type_first_appearances`` / ``type_continuations``: a new thread's units
   are ``new``; a continuing unit is typed against the thread's appearance at
   the previous meeting of the same parties (``changes.classify_change``) and
   keeps the word diff against the closest unit there.

A thread present at a meeting and absent from the next meeting of the same
parties is ``dropped`` there (``Thread.dropped_at``, ``next_droppable_meetings``);
meetings of other parties never count, nor do meetings without a date or
without any commitment.
"""

from __future__ import annotations

import gc
import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from ..model import Commitment, Meeting, Thread, ThreadMember
from .changes import Facts, classify_change, facts_of
from .diff import word_diff
from .names import is_acronym, mention_keys
from .text import binary_rows, content_stems, tfidf

# --- weights and limits ----------------------------------------------------------------
W_COSINE = 0.6
W_STEMS = 0.4
W_MECHANISM = 0.25
W_MONEY = 0.15
DOMAIN_PENALTY = 0.1
LINK_THRESHOLD = 0.25
# A second unit of the same document joins a thread only on a stronger link:
# a document restating one undertaking twice is rarer than two neighbouring ones.
SAME_DOC_THRESHOLD = 0.6
# A unit and an earlier appearance that are each other's best match link on less.
MUTUAL_THRESHOLD = 0.2
# Blocking: each unit is looked up by its rarest content stems, its mechanisms and
# its sums of money; each key proposes the threads that most recently used it.
RARE_STEMS_PER_UNIT = 8
THREADS_PER_KEY = 12


# --- unit features ------------------------------------------------------------------------------

def acronym_map(commitments: Sequence[Commitment]) -> dict[str, str]:
    """Acronym → long form, from every mention whose recogniser linked the two."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for c in commitments:
        for v in c.mechanisms:
            n = v.normalised or {}
            acr, long_name = n.get("acronym"), n.get("long_name")
            if acr and long_name and long_name != acr and not is_acronym(long_name):
                counts[acr][" ".join(long_name.split())] += 1
    return {a: sorted(c.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0] for a, c in counts.items()}


@dataclass
class UnitTable:
    """Column store of the units being linked, with their feature matrices."""

    commitments: list[Commitment]
    meeting: np.ndarray  # meeting position of each unit
    doc: list[str]
    stems: list[list[str]]
    mech_keys: list[frozenset[str]]
    money_keys: list[frozenset[str]]
    domain: np.ndarray
    facts: list[Facts]
    tfidf: sparse.csr_matrix = field(repr=False)
    stem_sets: sparse.csr_matrix = field(repr=False)
    stem_sizes: np.ndarray = field(repr=False)
    mechs: sparse.csr_matrix = field(repr=False)
    moneys: sparse.csr_matrix = field(repr=False)
    stem_vocab: dict[str, int] = field(repr=False, default_factory=dict)

    @classmethod
    def build(cls, items: list[tuple[int, Commitment]], parties_of_meeting: Sequence[tuple[str, ...]]) -> UnitTable:
        commitments = [c for _m, c in items]
        acronyms = acronym_map(commitments)
        meeting = np.array([m for m, _c in items], dtype=np.int64)
        stems = [content_stems(c.text, parties_of_meeting[m]) for m, c in items]
        mech_keys = [frozenset().union(*(mention_keys(v, acronyms) for v in c.mechanisms)) for c in commitments]
        facts = [facts_of(c, acronyms) for c in commitments]
        money_keys = [frozenset(f"{cur}:{val:g}" for cur, val, _t in f.money if val) for f in facts]
        domains = {d: i for i, d in enumerate(sorted({c.domain or "" for c in commitments}))}
        domain = np.array([domains[c.domain or ""] for c in commitments], dtype=np.int64)
        stem_vocab: dict[str, int] = {}
        stem_sets = binary_rows([set(s) for s in stems], stem_vocab)
        return cls(
            commitments, meeting, [c.doc_id for c in commitments], stems, mech_keys, money_keys, domain, facts,
            tfidf(stems), stem_sets, np.asarray(stem_sets.sum(axis=1)).ravel(), binary_rows(mech_keys), binary_rows(money_keys),
            stem_vocab,
        )

    def __len__(self) -> int:
        return len(self.commitments)


@dataclass(frozen=True)
class PairScores:
    score: np.ndarray
    cosine: np.ndarray
    stems: np.ndarray
    mechanism: np.ndarray
    money: np.ndarray
    same_domain: np.ndarray


def pair_scores(t: UnitTable, rows: np.ndarray, cols: np.ndarray) -> PairScores:
    """Link scores between the units ``rows`` and ``cols`` (a dense block)."""
    cos = (t.tfidf[rows] @ t.tfidf[cols].T).toarray()
    inter = (t.stem_sets[rows] @ t.stem_sets[cols].T).toarray()
    union = t.stem_sizes[rows][:, None] + t.stem_sizes[cols][None, :] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    mech = (t.mechs[rows] @ t.mechs[cols].T).toarray() > 0
    money = (t.moneys[rows] @ t.moneys[cols].T).toarray() > 0
    same = t.domain[rows][:, None] == t.domain[cols][None, :]
    score = W_COSINE * cos + W_STEMS * jac + W_MECHANISM * mech + W_MONEY * money - DOMAIN_PENALTY * ~same
    return PairScores(score, cos, jac, mech, money, same)


def link_reasons(t: UnitTable, a: int, b: int, s: PairScores, i: int, j: int) -> tuple[str, ...]:
    """Readable reasons for the link between units ``a`` and ``b`` (cell ``i, j`` of ``s``)."""
    why = [f"link score {s.score[i, j]:.2f} (threshold {LINK_THRESHOLD:.2f})", f"TF-IDF cosine {s.cosine[i, j]:.2f}"]
    shared = sorted(set(t.stems[a]) & set(t.stems[b]))
    why.append(f"shared stems {s.stems[i, j]:.2f}: {', '.join(shared[:12])}{' …' if len(shared) > 12 else ''}")
    if s.mechanism[i, j]:
        here = [v.text for v in t.commitments[a].mechanisms if mention_keys(v) & t.mech_keys[b]]
        there = [v.text for v in t.commitments[b].mechanisms if mention_keys(v) & t.mech_keys[a]]
        shown = ", ".join(here) + (f" ({', '.join(there)})" if there and there != here else "")
        why.append(f"same mechanism: {shown}")
    if s.money[i, j]:
        why.append(f"same sum: {', '.join(sorted(t.money_keys[a] & t.money_keys[b]))}")
    ca, cb = t.commitments[a], t.commitments[b]
    why.append(f"same domain: {ca.domain}" if s.same_domain[i, j] else f"different domains: {cb.domain} → {ca.domain}")
    return tuple(why)


# --- linking -----------------------------------------------------------------------------------------

class _Components:
    """Groups of one meeting's units (and at most one earlier thread each), built link by link."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}
        self.thread: dict[object, int | None] = {}
        self.docs: dict[object, set[str]] = {}

    def add(self, node: object, thread: int | None, doc: str | None = None) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.thread[node] = thread
            self.docs[node] = {doc} if doc else set()

    def find(self, x: object) -> object:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: object, b: object, repeat_doc: bool) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ta, tb = self.thread[ra], self.thread[rb]
        if ta is not None and tb is not None:
            return False  # two earlier threads are two undertakings
        if not repeat_doc and self.docs[ra] & self.docs[rb]:
            return False  # a second unit of one document needs a stronger link
        self.parent[rb] = ra
        self.thread[ra] = ta if ta is not None else tb
        self.docs[ra] |= self.docs.pop(rb)
        return True


@dataclass
class _Link:
    change: str = "new"
    previous: int | None = None  # unit index compared with
    score: float = 0.0
    why: tuple[str, ...] = ()


def _thread_id(first: Commitment) -> str:
    return "T" + hashlib.sha1(f"{first.doc_id}:{first.unit.index}".encode()).hexdigest()[:10]


def _rare_keys(t: UnitTable, df: np.ndarray, u: int) -> list[str]:
    vocab = t.stem_vocab
    ranked = sorted({s for s in t.stems[u] if df[vocab[s]] > 1}, key=lambda s: (df[vocab[s]], s))
    return [f"s:{s}" for s in ranked[:RARE_STEMS_PER_UNIT]] + [f"m:{k}" for k in t.mech_keys[u]] + [f"$:{k}" for k in t.money_keys[u]]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Tracking allocates millions of small objects and frees few of them early: the cyclic
    garbage collector would rescan them all, again and again (a third of the time at scale)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def link_threads(meetings: list[Meeting], commitments: dict[str, list[Commitment]]) -> list[Thread]:
    """Threads over the commitments of ``meetings`` (in their order); see the module docstring.

    ``commitments`` maps a document id to its commitments (``is_commitment``
    units: ``track`` drops the others before any stage sees them).
    """
    # Each set of parties is linked on its own, with its own TF-IDF weights: a
    # statement of other parties must not change how rare a word is, and so which
    # of these parties' units are the same undertaking.
    groups: dict[frozenset[str], list[Meeting]] = {}
    for m in meetings:
        groups.setdefault(frozenset(m.parties), []).append(m)
    out: list[Thread] = []
    with paused_gc():
        for group in groups.values():
            items = [
                (mi, c)
                for mi, m in enumerate(group)
                for d in m.doc_ids
                for c in sorted(commitments.get(d, ()), key=lambda c: c.unit.index)
            ]
            if not items:
                continue
            linker = _Linker(group, UnitTable.build(items, [tuple(m.parties) for m in group]))
            for mi in range(len(group)):
                linker.link_meeting(mi)
            out += linker.threads()
    return out


# A node of a meeting's grouping: a unit index, or an earlier thread as ("T", thread index).
_Node = object
# A candidate link: (score, unit of this meeting, the other node).
_Edge = tuple[float, int, _Node]


@dataclass(frozen=True)
class _Earlier:
    """The latest appearances of the candidate threads, and their scores against a meeting's units."""

    units: np.ndarray  # unit index of each appearance (a column of ``scores``)
    thread: np.ndarray  # the thread of each appearance
    scores: PairScores | None  # rows: the meeting's units; None when there are no candidates


class _Linker:
    """Links the units of a ``UnitTable`` into threads, one meeting at a time (meetings in order)."""

    def __init__(self, meetings: list[Meeting], t: UnitTable) -> None:
        self.meetings = meetings
        self.t = t
        self.df = np.bincount(t.stem_sets.indices, minlength=t.stem_sets.shape[1])
        partition: dict[frozenset[str], int] = {}
        self.part_of = [partition.setdefault(frozenset(m.parties), len(partition)) for m in meetings]
        self.part_meetings: dict[int, list[int]] = defaultdict(list)  # meetings of the same parties, in order
        for mi, part in enumerate(self.part_of):
            self.part_meetings[part].append(mi)
        self.bounds = np.searchsorted(t.meeting, np.arange(len(meetings) + 1))  # units of meeting mi: bounds[mi]:bounds[mi+1]
        self.members: list[list[int]] = []  # per thread, its units
        self.last_meeting: list[int] = []  # per thread, the meeting of its latest appearance
        self.last_members: list[list[int]] = []  # per thread, its units at that meeting
        self.postings: dict[tuple[int, str], list[int]] = defaultdict(list)  # (parties, blocking key) → threads, latest last
        self.links: dict[int, _Link] = {}  # unit → how it joined its thread

    def link_meeting(self, mi: int) -> None:
        lo, hi = int(self.bounds[mi]), int(self.bounds[mi + 1])
        if lo == hi:
            return
        keys = {u: _rare_keys(self.t, self.df, u) for u in range(lo, hi)}
        earlier = self.latest_appearances(self.candidate_threads(mi, keys), np.arange(lo, hi))
        edges, in_scores = self.edges(lo, hi, earlier)
        groups, joined_by = self.group_units(lo, hi, edges)
        for th, members in groups:
            if th is None:
                th = self.new_thread()
                self.type_first_appearances(members, lo, joined_by, in_scores)
            else:
                self.type_continuations(mi, th, members, lo, earlier, joined_by)
            self.record(mi, th, members, keys)

    def candidate_threads(self, mi: int, keys: dict[int, list[str]]) -> list[int]:
        """Earlier threads of the same parties that recently used one of the units' blocking keys."""
        cands: dict[int, None] = {}
        for unit_keys in keys.values():
            for k in unit_keys:
                for th in self.postings.get((self.part_of[mi], k), ())[-THREADS_PER_KEY:]:
                    cands[th] = None
        return list(cands)

    def latest_appearances(self, cand: list[int], rows: np.ndarray) -> _Earlier:
        units = np.array([r for th in cand for r in self.last_members[th]], dtype=np.int64)
        thread = np.array([th for th in cand for _r in self.last_members[th]], dtype=np.int64)
        return _Earlier(units, thread, pair_scores(self.t, rows, units) if len(units) else None)

    def edges(self, lo: int, hi: int, earlier: _Earlier) -> tuple[list[_Edge], PairScores | None]:
        """Candidate links of the meeting's units: to earlier threads (at the threshold, or a
        mutual best above ``MUTUAL_THRESHOLD``) and to units of the meeting's other documents.
        Also returns the within-meeting scores (None for a single document)."""
        t = self.t
        edges: list[_Edge] = []
        if earlier.scores is not None:
            sc = earlier.scores.score
            # mutual best: the unit's best earlier appearance, and that appearance's best unit here
            best_col = sc.argmax(axis=1)
            best_row = sc.argmax(axis=0)
            mutual = best_row[best_col] == np.arange(hi - lo)
            for i, j in zip(*np.nonzero(sc >= min(LINK_THRESHOLD, MUTUAL_THRESHOLD))):
                if sc[i, j] >= LINK_THRESHOLD or (mutual[i] and best_col[i] == j):
                    edges.append((float(sc[i, j]), lo + int(i), ("T", int(earlier.thread[j]))))
        in_scores = None
        if len({t.doc[u] for u in range(lo, hi)}) > 1:
            rows = np.arange(lo, hi)
            in_scores = pair_scores(t, rows, rows)
            for i, j in zip(*np.nonzero(in_scores.score >= LINK_THRESHOLD)):
                if i < j and t.doc[lo + i] != t.doc[lo + j]:
                    edges.append((float(in_scores.score[i, j]), lo + int(i), lo + int(j)))
        return edges, in_scores

    def group_units(self, lo: int, hi: int, edges: list[_Edge]) -> tuple[list[tuple[int | None, list[int]]], dict[int, tuple[float, _Node]]]:
        """The meeting's units in groups, strongest links first, each group with the earlier
        thread it continues (or None); and, per unit, the link that first joined it."""
        comps = _Components()
        for u in range(lo, hi):
            comps.add(u, None, self.t.doc[u])
        joined_by: dict[int, tuple[float, _Node]] = {}
        for score, u, other in sorted(edges, key=lambda e: (-e[0], e[1], str(e[2]))):
            if isinstance(other, tuple):
                comps.add(other, other[1])
            if comps.union(u, other, score >= SAME_DOC_THRESHOLD):
                joined_by.setdefault(u, (score, other))
                if not isinstance(other, tuple):
                    joined_by.setdefault(other, (score, u))
        groups: dict[object, list[int]] = defaultdict(list)
        for u in range(lo, hi):
            groups[comps.find(u)].append(u)
        return [(comps.thread[root], members) for root, members in groups.items()], joined_by

    def new_thread(self) -> int:
        self.members.append([])
        self.last_meeting.append(-1)
        self.last_members.append([])
        return len(self.members) - 1

    def type_first_appearances(self, members: list[int], lo: int, joined_by: dict[int, tuple[float, _Node]],
                               in_scores: PairScores | None) -> None:
        """A new thread: every member is ``new``; one linked to a unit of another document
        of the same meeting says so, with the reasons."""
        t = self.t
        for u in members:
            why: tuple[str, ...] = ("first appearance",)
            if u in joined_by and in_scores is not None:
                _score, other = joined_by[u]
                v = int(other)  # type: ignore[call-overload]
                why = ("first appearance", f"same meeting as unit {t.commitments[v].unit.index} of {t.doc[v]}",
                       *link_reasons(t, u, v, in_scores, u - lo, v - lo))
            self.links[u] = _Link("new", None, joined_by.get(u, (0.0,))[0], why)

    def type_continuations(self, mi: int, th: int, members: list[int], lo: int, earlier: _Earlier,
                           joined_by: dict[int, tuple[float, _Node]]) -> None:
        """Members continuing thread ``th``: each is typed against the thread's latest
        appearance (all its units there together) and compared with the closest of them."""
        t = self.t
        assert earlier.scores is not None  # a thread joins a group only through an edge scored here
        scores = earlier.scores.score
        cols = np.nonzero(earlier.thread == th)[0]
        prev_facts = Facts.union([t.facts[int(earlier.units[j])] for j in cols])
        for u in members:
            i = u - lo
            j = cols[int(np.argmax(scores[i, cols]))]
            prev = int(earlier.units[j])
            change, evidence = classify_change(prev_facts, t.facts[u])
            reasons = link_reasons(t, u, prev, earlier.scores, i, j) + self.absence(mi, th)
            via = joined_by.get(u, (0.0, None))[1]
            if via is not None and not isinstance(via, tuple):
                reasons += (f"joined through unit {t.commitments[via].unit.index} of {t.doc[via]}, same meeting",)  # type: ignore[index]
            self.links[u] = _Link(change, prev, float(scores[i, j]), (f"{change}: {'; '.join(evidence)}", *reasons))

    def absence(self, mi: int, th: int) -> tuple[str, ...]:
        """The meetings of the same parties between thread ``th``'s latest appearance and meeting ``mi``."""
        same = self.part_meetings[self.part_of[mi]]
        gap = same[bisect_right(same, self.last_meeting[th]) : bisect_left(same, mi)]
        if not gap:
            return ()
        shown = ", ".join(self.meetings[x].id for x in gap[:3]) + (f" and {len(gap) - 3} more" if len(gap) > 3 else "")
        return (f"absent from {shown}",)

    def record(self, mi: int, th: int, members: list[int], keys: dict[int, list[str]]) -> None:
        """Add ``members`` to thread ``th`` as its appearance at meeting ``mi``, and post its keys."""
        self.members[th].extend(members)
        if self.last_meeting[th] != mi:
            self.last_meeting[th] = mi
            self.last_members[th] = []
        self.last_members[th].extend(members)
        for u in members:
            for k in keys[u]:
                plist = self.postings[(self.part_of[mi], k)]
                if not plist or plist[-1] != th:
                    plist.append(th)

    def next_droppable_meetings(self) -> dict[int, int | None]:
        """Per meeting, where a thread last seen there can be dropped: the next meeting of the
        same parties that has a date (an undated one's place in time is a convention) and
        commitments (a document without any says nothing about what was kept)."""
        nxt: dict[int, int | None] = {}
        following: dict[int, int] = {}
        for mi in range(len(self.meetings) - 1, -1, -1):
            nxt[mi] = following.get(self.part_of[mi])
            if self.meetings[mi].date is not None and self.bounds[mi + 1] > self.bounds[mi]:
                following[self.part_of[mi]] = mi
        return nxt

    def threads(self) -> list[Thread]:
        t, meetings = self.t, self.meetings
        doc_rank = {d: (mi, k) for mi, m in enumerate(meetings) for k, d in enumerate(m.doc_ids)}
        dropped_at = self.next_droppable_meetings()
        out = []
        for members in self.members:
            members.sort(key=lambda u: (doc_rank[t.doc[u]], t.commitments[u].unit.index))
            nxt = dropped_at[int(t.meeting[members[-1]])]
            domain = Counter(t.commitments[u].domain for u in members).most_common(1)[0][0]
            out.append(Thread(_thread_id(t.commitments[members[0]]), tuple(self.member(u) for u in members),
                              tuple(meetings[int(t.meeting[members[0]])].parties), domain,
                              (meetings[nxt].id,) if nxt is not None else ()))
        return out

    def member(self, u: int) -> ThreadMember:
        c = self.t.commitments[u]
        link = self.links[u]
        prev = self.t.commitments[link.previous] if link.previous is not None else None
        return ThreadMember(
            c.doc_id, self.meetings[int(self.t.meeting[u])].id, c.unit.index, c.start, c.end, c.text, link.change,
            (prev.doc_id, prev.unit.index) if prev else None,
            word_diff(prev.text, c.text) if prev else None,
            link.why, round(link.score, 4),
        )
