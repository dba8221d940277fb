"""Commitments → threads: the same undertaking across the meetings of the same parties.

How two units are compared (``pair_scores``): a weighted sum of

- the TF-IDF cosine of their content stems and stem pairs (``text``),
- the Jaccard overlap of their content-stem sets (the action and object words),
- a shared mechanism (same name, long form or acronym, ``names``),
- a shared sum of money,
- and a penalty when their domains differ.

Every weight is a module constant; every link keeps the readable reasons
with their scores (``ThreadMember.why``).

How units become threads (``link_threads``): meetings are visited in order;
each meeting's units are compared only with threads of the same parties that
an inverted index proposes (threads that recently gained a unit sharing one of
the unit's rarest stems, a mechanism or a sum of money — never all pairs), and
with the units of the meeting's other documents. Links at or above
``LINK_THRESHOLD`` are taken strongest first; a link that would put two
earlier threads together is refused. Several units of one meeting may join one
thread; each is typed against the thread's appearance at the previous meeting
of the same parties (``classify_change``).

A thread present at a meeting and absent from the next meeting of the same
parties is ``dropped`` there (``Thread.dropped_at``); meetings of other parties
never count, nor do meetings without a date or without any commitment.
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

from ..model import Commitment, Meeting, Thread, ThreadMember, Value
from . import lexicon as lex
from .diff import word_diff
from .meetings import DocInfo
from .names import is_acronym, mention_keys
from .text import binary_rows, content_stems, ladder_rung, tfidf

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


# --- what a unit undertakes, for typing changes --------------------------------------------

@dataclass(frozen=True)
class Facts:
    """The specifics of an undertaking that make it more or less binding."""

    money: tuple[tuple[str, float, str], ...] = ()  # (currency, value, text)
    deadlines: tuple[str, ...] = ()
    mechanisms: frozenset[str] = frozenset()
    mechanism_names: tuple[str, ...] = ()
    rung: int | None = None
    rung_words: str = ""

    @staticmethod
    def union(facts: Sequence[Facts]) -> Facts:
        rung = max((f.rung for f in facts if f.rung is not None), default=None)
        return Facts(
            money=tuple(dict.fromkeys(m for f in facts for m in f.money)),
            deadlines=tuple(dict.fromkeys(d for f in facts for d in f.deadlines)),
            mechanisms=frozenset(k for f in facts for k in f.mechanisms),
            mechanism_names=tuple(dict.fromkeys(n for f in facts for n in f.mechanism_names)),
            rung=rung,
            rung_words=next((f.rung_words for f in facts if f.rung == rung), ""),
        )


def _money(v: Value) -> tuple[str, float, str] | None:
    n = v.normalised or {}
    if n.get("type") == "money":
        return (str(n.get("currency") or "?"), float(n.get("value") or 0.0), v.text)
    if not n and lex.MONEY_TEXT.search(v.text):
        return ("?", 0.0, v.text)
    return None


def _is_deadline(v: Value) -> bool:
    n = v.normalised or {}
    if n:
        return not (n.get("type") == "unresolved" and n.get("reason") == "vague")
    return bool(lex.TIME_WORDS.search(v.text)) and not lex.VAGUE_TIME.search(v.text)


def facts_of(c: Commitment, acronyms: dict[str, str] | None = None) -> Facts:
    money = tuple(m for m in map(_money, c.amounts) if m)
    rung, words = ladder_rung(c.text)
    mech_keys: set[str] = set()
    names: list[str] = []
    for v in c.mechanisms:
        mech_keys |= mention_keys(v, acronyms)
        names.append(v.text)
    return Facts(money, tuple(v.text for v in c.timeframes if _is_deadline(v)), frozenset(mech_keys), tuple(names), rung, words)


def classify_change(prev: Facts, cur: Facts) -> tuple[str, tuple[str, ...]]:
    """``reiterated``, ``strengthened`` or ``weakened``, and the evidence.

    More specific or binding: adds money (or more of it), a deadline, a named
    mechanism, or a higher rung of the ladder. The reverse weakens. When
    signs disagree, the larger count wins; a tie is a reiteration.
    """
    up: list[str] = []
    down: list[str] = []
    prev_money = {(cur_, val) for cur_, val, _t in prev.money}
    cur_money = {(cur_, val) for cur_, val, _t in cur.money}
    if cur.money and not prev.money:
        up.append(f"adds money ({', '.join(t for *_x, t in cur.money)})")
    elif prev.money and not cur.money:
        down.append(f"drops money ({', '.join(t for *_x, t in prev.money)})")
    elif cur_money != prev_money:
        def total(ms: set[tuple[str, float]], currency: str) -> float:
            return sum(v for c, v in ms if c == currency)
        for currency in {c for c, _v in cur_money} & {c for c, _v in prev_money}:
            a, b = total(prev_money, currency), total(cur_money, currency)
            if b > a:
                up.append(f"more money ({', '.join(t for *_x, t in cur.money)} vs {', '.join(t for *_x, t in prev.money)})")
            elif b < a:
                down.append(f"less money ({', '.join(t for *_x, t in cur.money)} vs {', '.join(t for *_x, t in prev.money)})")
    if cur.deadlines and not prev.deadlines:
        up.append(f"adds a deadline ({', '.join(cur.deadlines)})")
    elif prev.deadlines and not cur.deadlines:
        down.append(f"drops its deadline ({', '.join(prev.deadlines)})")
    if cur.mechanisms and not (cur.mechanisms & prev.mechanisms):
        up.append(f"names a mechanism ({', '.join(cur.mechanism_names)})")
    elif prev.mechanisms and not (cur.mechanisms & prev.mechanisms):
        down.append(f"no longer names a mechanism ({', '.join(prev.mechanism_names)})")
    if cur.rung is not None and prev.rung is not None and cur.rung != prev.rung:
        step = f"{lex.LADDER_NAMES[prev.rung]} → {lex.LADDER_NAMES[cur.rung]} ('{prev.rung_words}' → '{cur.rung_words}')"
        (up if cur.rung > prev.rung else down).append(f"ladder {step}")
    if len(up) > len(down):
        return "strengthened", tuple(up + [f"but {d}" for d in down])
    if len(down) > len(up):
        return "weakened", tuple(down + [f"but {u}" for u in up])
    if up:
        return "reiterated", tuple(f"mixed: {x}" for x in up + down)
    return "reiterated", ("no material change",)


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


def link_threads(meetings: list[Meeting], commitments: dict[str, list[Commitment]], docs: dict[str, DocInfo] | None = None) -> list[Thread]:
    """Threads over the commitments of ``meetings`` (in their order); see the module docstring.

    ``docs`` is accepted for symmetry with the other stages; the parties and
    the order come from ``meetings``.
    """
    with paused_gc():
        return _link_threads(meetings, commitments)


def _link_threads(meetings: list[Meeting], commitments: dict[str, list[Commitment]]) -> list[Thread]:
    doc_rank = {d: (mi, k) for mi, m in enumerate(meetings) for k, d in enumerate(m.doc_ids)}
    items = [
        (mi, c)
        for mi, m in enumerate(meetings)
        for d in m.doc_ids
        for c in sorted(commitments.get(d, ()), key=lambda c: c.unit.index)
        if c.is_commitment
    ]
    if not items:
        return []
    parties = [tuple(m.parties) for m in meetings]
    t = UnitTable.build(items, parties)
    df = np.bincount(t.stem_sets.indices, minlength=t.stem_sets.shape[1])
    partition: dict[frozenset[str], int] = {}
    part_of = [partition.setdefault(frozenset(p), len(partition)) for p in parties]
    part_meetings: dict[int, list[int]] = defaultdict(list)
    for mi, part in enumerate(part_of):
        part_meetings[part].append(mi)

    bounds = np.searchsorted(t.meeting, np.arange(len(meetings) + 1))
    threads: list[list[int]] = []
    last_meeting: list[int] = []
    last_members: list[list[int]] = []
    postings: dict[tuple[int, str], list[int]] = defaultdict(list)
    links: dict[int, _Link] = {}

    for mi in range(len(meetings)):
        lo, hi = int(bounds[mi]), int(bounds[mi + 1])
        if lo == hi:
            continue
        rows = np.arange(lo, hi)
        keys = {u: _rare_keys(t, df, u) for u in range(lo, hi)}
        cands: dict[int, None] = {}
        for u in range(lo, hi):
            for k in keys[u]:
                for th in postings.get((part_of[mi], k), ())[-THREADS_PER_KEY:]:
                    cands[th] = None
        cand = list(cands)
        rep_cols = np.array([r for th in cand for r in last_members[th]], dtype=np.int64)
        rep_thread = np.array([th for th in cand for _r in last_members[th]], dtype=np.int64)
        edges: list[tuple[float, int, object]] = []
        prev_scores = pair_scores(t, rows, rep_cols) if len(rep_cols) else None
        if prev_scores is not None:
            sc = prev_scores.score
            # mutual best: the unit's best earlier appearance, and that appearance's best unit here
            best_col = sc.argmax(axis=1)
            best_row = sc.argmax(axis=0)
            mutual = best_row[best_col] == np.arange(len(rows))
            for i, j in zip(*np.nonzero(sc >= min(LINK_THRESHOLD, MUTUAL_THRESHOLD))):
                if sc[i, j] >= LINK_THRESHOLD or (mutual[i] and best_col[i] == j):
                    edges.append((float(sc[i, j]), lo + int(i), ("T", int(rep_thread[j]))))
        docs_here = {t.doc[u] for u in range(lo, hi)}
        in_scores = None
        if len(docs_here) > 1:
            in_scores = pair_scores(t, rows, rows)
            for i, j in zip(*np.nonzero(in_scores.score >= LINK_THRESHOLD)):
                if i < j and t.doc[lo + i] != t.doc[lo + j]:
                    edges.append((float(in_scores.score[i, j]), lo + int(i), lo + int(j)))
        comps = _Components()
        for u in range(lo, hi):
            comps.add(u, None, t.doc[u])
        edges.sort(key=lambda e: (-e[0], e[1], str(e[2])))
        joined_by: dict[int, tuple[float, object]] = {}
        for score, u, other in edges:
            if isinstance(other, tuple):
                comps.add(other, other[1])
            if comps.union(u, other, score >= SAME_DOC_THRESHOLD):
                joined_by.setdefault(u, (score, other))
                if not isinstance(other, tuple):
                    joined_by.setdefault(other, (score, u))
        groups: dict[object, list[int]] = defaultdict(list)
        for u in range(lo, hi):
            groups[comps.find(u)].append(u)
        for root, members in groups.items():
            th = comps.thread[root]
            if th is None:
                th = len(threads)
                threads.append([])
                last_meeting.append(-1)
                last_members.append([])
                for u in members:
                    why: tuple[str, ...] = ("first appearance",)
                    if u in joined_by and in_scores is not None:
                        score, other = joined_by[u]
                        v = int(other)  # type: ignore[call-overload]
                        why = ("first appearance", f"same meeting as unit {t.commitments[v].unit.index} of {t.doc[v]}",
                               *link_reasons(t, u, v, in_scores, u - lo, v - lo))
                    links[u] = _Link("new", None, joined_by.get(u, (0.0,))[0], why)
            else:
                cols = np.nonzero(rep_thread == th)[0]
                prev_units = [int(rep_cols[j]) for j in cols]
                prev_facts = Facts.union([t.facts[p] for p in prev_units])
                for u in members:
                    i = u - lo
                    j = cols[int(np.argmax(prev_scores.score[i, cols]))]
                    prev = int(rep_cols[j])
                    change, evidence = classify_change(prev_facts, t.facts[u])
                    reasons = link_reasons(t, u, prev, prev_scores, i, j)
                    same = part_meetings[part_of[mi]]
                    gap = same[bisect_right(same, last_meeting[th]) : bisect_left(same, mi)]
                    if gap:
                        shown = ", ".join(meetings[x].id for x in gap[:3]) + (f" and {len(gap) - 3} more" if len(gap) > 3 else "")
                        reasons += (f"absent from {shown}",)
                    via = joined_by.get(u, (0.0, None))[1]
                    if via is not None and not isinstance(via, tuple):
                        reasons += (f"joined through unit {t.commitments[via].unit.index} of {t.doc[via]}, same meeting",)
                    links[u] = _Link(change, prev, float(prev_scores.score[i, j]), (f"{change}: {'; '.join(evidence)}", *reasons))
            for u in members:
                threads[th].append(u)
            if last_meeting[th] != mi:
                last_meeting[th] = mi
                last_members[th] = []
            last_members[th].extend(members)
            for u in members:
                for k in keys[u]:
                    plist = postings[(part_of[mi], k)]
                    if not plist or plist[-1] != th:
                        plist.append(th)

    # Where a thread can be dropped: the next meeting of the same parties that has a date
    # (an undated one's place in time is a convention) and commitments (a document
    # without any says nothing about what was kept).
    next_same: dict[int, int | None] = {}
    following: dict[int, int] = {}
    for mi in range(len(meetings) - 1, -1, -1):
        next_same[mi] = following.get(part_of[mi])
        if meetings[mi].date is not None and bounds[mi + 1] > bounds[mi]:
            following[part_of[mi]] = mi

    out = []
    for members in threads:
        members.sort(key=lambda u: (doc_rank[t.doc[u]], t.commitments[u].unit.index))
        first = t.commitments[members[0]]
        mlast = int(t.meeting[members[-1]])
        nxt = next_same[mlast]
        tm = []
        for u in members:
            c = t.commitments[u]
            link = links[u]
            prev = t.commitments[link.previous] if link.previous is not None else None
            tm.append(ThreadMember(
                c.doc_id, meetings[int(t.meeting[u])].id, c.unit.index, c.start, c.end, c.text, link.change,
                (prev.doc_id, prev.unit.index) if prev else None,
                word_diff(prev.text, c.text) if prev else None,
                link.why, round(link.score, 4),
            ))
        domain = Counter(t.commitments[u].domain for u in members).most_common(1)[0][0]
        out.append(Thread(_thread_id(first), tuple(tm), tuple(meetings[int(t.meeting[members[0]])].parties), domain,
                          (meetings[nxt].id,) if nxt is not None else ()))
    return out
