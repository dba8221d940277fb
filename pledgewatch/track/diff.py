"""Word-level differences, and comparing two documents or two meetings through their threads."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Meeting, Thread, ThreadMember, WordDiff
from .changes import classify_change, ladder_facts


def word_diff(a: str, b: str) -> WordDiff:
    """How ``b`` differs from ``a``, word by word (difflib over whitespace-split words).

    Runs of words with the same op are joined with single spaces; a replaced
    run is a ``delete`` followed by an ``insert``.
    """
    wa, wb = a.split(), b.split()
    ops: list[tuple[str, str]] = []

    def add(op: str, words: list[str]) -> None:
        if not words:
            return
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1] + " " + " ".join(words))
        else:
            ops.append((op, " ".join(words)))

    # the common head and tail are equal words; difflib works on what lies between
    head = 0
    while head < min(len(wa), len(wb)) and wa[head] == wb[head]:
        head += 1
    tail = 0
    while tail < min(len(wa), len(wb)) - head and wa[-1 - tail] == wb[-1 - tail]:
        tail += 1
    add("equal", wa[:head])
    mid_a, mid_b = wa[head : len(wa) - tail], wb[head : len(wb) - tail]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", mid_a[i1:i2])
        else:
            add("delete", mid_a[i1:i2])
            add("insert", mid_b[j1:j2])
    add("equal", wa[len(wa) - tail :])
    return WordDiff(tuple(ops))


@dataclass(frozen=True)
class DiffRow:
    """One commitment in a comparison: ``new`` in B, ``kept`` from A to B, or ``dropped`` from A."""

    status: str  # new | kept | dropped
    thread_id: str
    member: ThreadMember  # B's appearance (A's for dropped)
    previous: ThreadMember | None = None  # A's appearance it is compared with (kept)
    change: str | None = None  # kept: reiterated | strengthened | weakened
    diff: WordDiff | None = None

    @property
    def doc_id(self) -> str:
        return self.member.doc_id

    @property
    def text(self) -> str:
        return self.member.text


@dataclass(frozen=True)
class DiffResult:
    a: tuple[str, ...]  # document ids of side A
    b: tuple[str, ...]
    rows: tuple[DiffRow, ...]

    @property
    def new(self) -> list[DiffRow]:
        return [r for r in self.rows if r.status == "new"]

    @property
    def kept(self) -> list[DiffRow]:
        return [r for r in self.rows if r.status == "kept"]

    @property
    def dropped(self) -> list[DiffRow]:
        return [r for r in self.rows if r.status == "dropped"]


def _doc_ids(side: Meeting | str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(side, Meeting):
        return side.doc_ids
    if isinstance(side, str):
        return (side,)
    return tuple(side)


def _pos(m: ThreadMember) -> tuple[str, int]:
    return (m.doc_id, m.unit_index)


def compare(a: Meeting | str | Iterable[str], b: Meeting | str | Iterable[str], threads: Iterable[Thread]) -> DiffResult:
    """Compare side A (earlier) with side B: a meeting, a document id, or several document ids.

    A thread with appearances on both sides is ``kept``: each of B's
    appearances is paired with the A appearance it was typed against when
    the thread records one, else with A's last appearance; its change (and
    word diff) is the thread's when B's appearance was typed against A, else
    it is worked out from the two texts' ladder words (see
    ``changes.classify_change``). A thread only in B is ``new``, one only in A
    is ``dropped``.
    """
    da, db = _doc_ids(a), _doc_ids(b)
    sa, sb = set(da), set(db)
    rows: list[DiffRow] = []
    for t in threads:
        in_a = [m for m in t.members if m.doc_id in sa]
        in_b = [m for m in t.members if m.doc_id in sb]
        if in_b and not in_a:
            rows.extend(DiffRow("new", t.id, m) for m in in_b)
        elif in_a and not in_b:
            rows.extend(DiffRow("dropped", t.id, m) for m in in_a)
        elif in_a and in_b:
            a_pos = {_pos(m): m for m in in_a}
            for m in in_b:
                prev = a_pos.get(m.previous) if m.previous else None
                if prev is not None:  # typed against A when the thread was linked
                    change = m.change
                    diff = m.diff if m.diff is not None else word_diff(prev.text, m.text)
                else:
                    prev = in_a[-1]
                    change, _why = classify_change(ladder_facts(prev.text), ladder_facts(m.text))
                    diff = word_diff(prev.text, m.text)
                rows.append(DiffRow("kept", t.id, m, prev, change, diff))
    order = {"new": 0, "kept": 1, "dropped": 2}
    doc_rank = {d: i for i, d in enumerate(dict.fromkeys((*da, *db)))}
    rows.sort(key=lambda r: (order[r.status], doc_rank.get(r.member.doc_id, len(doc_rank)), r.member.unit_index))
    return DiffResult(da, db, tuple(rows))
