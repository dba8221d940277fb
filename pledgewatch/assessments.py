"""The ledger's library calls: record and retract assessments, read histories and where every
undertaking stands, correct the extractor, list the least certain units, re-extract.

The CLI and the web app call these and only render what they return. Every
write is one append to ``store.ledger`` (people's words are never edited);
corrections then re-label their document, so every reader of the stored
commitments (listings, threads, report, ledger) has the person's word.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Container, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from .errors import AmbiguousDocument, DocumentNotFound, UnknownEntry, UnknownReference
from .extract import extract_commitments
from .extract.classifier import Models
from .ledger import Deadline, Located, anchor_of, due_state, latest_deadline, locate, new_assessment, new_retraction, on_scale
from .ledger import standing as standing_of
from .ledger.anchors import LOST
from .ledger.corrections import new_correction, verdicts_for
from .ledger.entries import retracted_ids
from .model import Commitment, Correction, LedgerEntry, Unit, UnitAnchor, Value, unit_ref
from .store import Store
from .store.commitments import is_commitment, relabel, unit_labels
from .store.ledger import (
    EntryKeys, LatestMember, LedgerMarks, append_correction, append_entry, entries_recorded_on, entries_with_prefix, entry_keys,
    existing_thread_ids, latest_members, ledger_marks, load_corrections, load_entries, thread_ids_with_prefix, thread_index,
    thread_member_keys, thread_timeframes, threads_of_units,
)
from .store.tracking import load_labelled_units, load_meetings, load_threads
from .tracker import ensure_tracking

_UNIT_REF = re.compile(r"^(?P<doc>[^:\s]+):(?P<offset>\d+)$")


def default_recorder() -> str:
    """Who records, when --by is not given: PLEDGEWATCH_USER, else the login name."""
    try:
        return os.environ.get("PLEDGEWATCH_USER") or getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return "unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _today(now: dt.datetime) -> dt.date:
    # the later of the local and the UTC date: evidence dated today where the user is is never "in the future"
    return max(dt.date.today(), now.astimezone(dt.timezone.utc).date())


# --- what a reference names -------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a REF names now: one commitment (a unit) or a thread."""

    kind: str  # commitment | thread
    ref: str  # canonical: "<doc id>:<start>" or the thread id
    anchors: tuple[UnitAnchor, ...]
    thread_id: str | None  # the thread it belongs to (itself for a thread; None when no thread holds it)
    text: str


def _unit_of(store: Store, ref: str) -> Unit:
    m = _UNIT_REF.match(ref.strip())
    if not m:
        raise UnknownReference(f"'{ref}' is not a reference: a unit is DOC:OFFSET (e.g. {unit_ref('beff53e655a20c16', 120)}), a thread T…")
    try:
        doc_id = store.resolve(m.group("doc"))
    except (DocumentNotFound, AmbiguousDocument) as err:
        raise UnknownReference(f"'{ref}': {err.message}") from None
    offset = int(m.group("offset"))
    found = store.unit_at(doc_id, offset)
    if found is not None:
        return found
    raise UnknownReference(f"'{ref}': no unit of document {doc_id} holds offset {offset}")


def _is_thread_ref(ref: str) -> bool:
    return ref.startswith("T") and ":" not in ref


def resolve_target(store: Store, ref: str, *, commitment_only: bool = True) -> Target:
    """A commitment (``DOC:OFFSET``, any offset inside its unit) or a thread (its id or a
    unique prefix); ``UnknownReference`` (PW602) otherwise. Tracking is brought up to date first.
    ``commitment_only=False`` also accepts a unit that is not (or no longer) a commitment."""
    ensure_tracking(store)
    ref = ref.strip()
    if _is_thread_ref(ref):
        ids = thread_ids_with_prefix(store.engine, ref)
        if len(ids) != 1:
            raise UnknownReference(f"'{ref}' matches {'no' if not ids else 'several'} threads")
        (thread,) = load_threads(store.engine, ids)
        anchors = tuple(UnitAnchor(m.doc_id, m.start, m.end, m.text) for m in thread.members)
        return Target("thread", thread.id, anchors, thread.id, thread.members[-1].text if thread.members else "")
    unit = _unit_of(store, ref)
    if commitment_only and not is_commitment(store.engine, unit.doc_id, unit.index):
        raise UnknownReference(f"'{ref}' is a unit the ledger does not track: it is not a commitment "
                               f"(correct it first with `pledgewatch correct {unit_ref(unit.doc_id, unit.start)} --label commitment`)")
    key = (unit.doc_id, unit.start)
    return Target("commitment", unit_ref(*key), (anchor_of(unit),), threads_of_units(store.engine, [key]).get(key), unit.text)


def _recorded_target(store: Store, ref: str) -> Target | None:
    """What entries were recorded on ``ref``, when it names nothing now (a thread id that re-tracking
    replaced): their units, and the thread that holds most of them today."""
    found = entries_recorded_on(store.engine, [ref])
    if not found:
        return None
    anchors = tuple(dict.fromkeys(a for e in found for a in e.anchors))
    keys = [(a.doc_id, a.start) for a in anchors]
    located = locate(ref, keys, (), threads_of_units(store.engine, keys))
    return Target(found[-1].target, ref, anchors, located.thread_id, anchors[-1].text if anchors else "")


# --- recording ----------------------------------------------------------------------------


def record_assessment(store: Store, ref: str, *, status: str, evidence_date: dt.date, evidence_url: str, quote: str,
                      note: str | None = None, by: str | None = None, superseded_by: str | None = None,
                      today: dt.date | None = None, now: dt.datetime | None = None) -> LedgerEntry:
    """Append one assessment of the undertaking ``ref`` names (checked first: nothing is stored on
    bad input). Sending the same entry twice (same content, same ``now``) stores it once."""
    now = now or _now()
    today = today or _today(now)
    target = resolve_target(store, ref)
    replacement = resolve_target(store, superseded_by).ref if superseded_by else None
    entry = new_assessment(
        target=target.kind, ref=target.ref, anchors=target.anchors, status=status, evidence_date=evidence_date,
        evidence_url=evidence_url, quote=quote, note=note, superseded_by=replacement, recorded_by=by or default_recorder(),
        recorded_at=now, today=today,
    )
    append_entry(store.engine, entry)
    return entry


def find_entry(store: Store, prefix: str) -> LedgerEntry:
    """The entry whose id starts with ``prefix`` (at least 6 characters; ``UnknownEntry`` otherwise)."""
    prefix = prefix.strip().lower()
    found = entries_with_prefix(store.engine, prefix) if len(prefix) >= 6 else []
    if len(found) != 1:
        raise UnknownEntry(f"'{prefix}' matches {'no' if not found else 'several'} ledger entries (give at least 6 characters of its id)")
    return found[0]


def retract(store: Store, entry_prefix: str, *, note: str, by: str | None = None, now: dt.datetime | None = None) -> LedgerEntry:
    """Append a retraction of an entry (an assessment, or a retraction to take back)."""
    entry = new_retraction(target=find_entry(store, entry_prefix), note=note, recorded_by=by or default_recorder(),
                           recorded_at=now or _now())
    append_entry(store.engine, entry)
    return entry


# --- reading: histories and where undertakings stand ----------------------------------------


@dataclass(frozen=True)
class HistoryItem:
    entry: LedgerEntry
    retracted: bool
    located: Located


def _located(keys: Sequence[EntryKeys], known: Container[str], by_unit: dict[tuple[str, int], str]) -> dict[str, Located]:
    return {k.entry_id: locate(k.ref, k.anchors, known, by_unit) for k in keys}


def history(store: Store, ref: str, *, book: LedgerBook | None = None) -> tuple[Target, list[HistoryItem]]:
    """Every entry about the undertaking ``ref`` names, in the order recorded: entries on it, on
    its thread and on the thread's other appearances, and every entry recorded on ``ref`` itself
    (also when ``ref`` is a thread id re-tracking replaced, or a unit that is no longer a
    commitment); retracted ones are marked, never hidden. With a ``book`` as up to date as the
    store (``advance_book``), the entries are found in it instead of searched for in the store."""
    try:
        target = resolve_target(store, ref, commitment_only=False)
    except UnknownReference:
        target = _recorded_target(store, ref.strip())
        if target is None:
            raise
    own = {(a.doc_id, a.start) for a in target.anchors}
    in_thread = set(thread_member_keys(store.engine, [target.thread_id]).get(target.thread_id, ())) if target.thread_id else set()
    names = {target.ref, ref.strip()} | ({target.thread_id} if target.thread_id else set())
    # an entry located in the thread has one of its units there (or was recorded on it)
    wanted = own | in_thread
    found = book.near(wanted, names) if book is not None else entry_keys(store.engine, mentioning={d for d, _ in wanted}, refs=names)
    near = [k for k in found if k.ref in names or wanted.intersection(k.anchors)]
    if book is not None:
        located = {k.entry_id: book.located[k.entry_id] for k in near}
    else:
        by_unit = threads_of_units(store.engine, {key for k in near for key in k.anchors})
        located = _located(near, set(existing_thread_ids(store.engine, {k.ref for k in near if _is_thread_ref(k.ref)})), by_unit)
    mine = [k.entry_id for k in near
            if k.ref in names or own.intersection(k.anchors) or (target.thread_id and located[k.entry_id].thread_id == target.thread_id)]
    entries = load_entries(store.engine, mine)
    gone = retracted_ids(entries)
    return target, [HistoryItem(e, e.entry_id in gone, located[e.entry_id]) for e in sorted(entries, key=lambda e: (e.recorded_at, e.entry_id))]


@dataclass
class LedgerRow:
    """One undertaking (a thread) with where it stands."""

    thread_id: str | None
    parties: tuple[str, ...]
    domain: str | None
    text: str  # its latest appearance
    ref: str | None  # the latest appearance's commitment REF
    meeting: str | None
    status: str | None  # the latest assessment's, None when never assessed
    scale: str | int | None
    evidence_date: dt.date | None
    evidence_url: str | None
    quote: str | None
    recorded_by: str | None
    entry_id: str | None
    deadline: dt.date | None
    deadline_text: str | None
    deadline_note: str | None  # why a timeframe does not resolve
    due: str  # one of ledger.DUE_STATES
    entries: int
    lost: bool = False  # the entries' undertaking no longer exists
    located: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lost_groups(keys: Sequence[EntryKeys]) -> list[list[EntryKeys]]:
    """Entries whose undertaking no longer exists, one group per undertaking: entries sharing a unit
    (or recorded on the same reference) are about the same one."""
    parent: dict[Any, Any] = {}

    def find(x: Any) -> Any:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k in keys:
        for node in (("ref", k.ref), *k.anchors):
            parent[find(node)] = find(("entry", k.entry_id))
    groups: dict[Any, list[EntryKeys]] = defaultdict(list)
    for k in keys:
        groups[find(("entry", k.entry_id))].append(k)
    return list(groups.values())


def _by_thread(keys: Sequence[EntryKeys], located: dict[str, Located]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Entry ids per thread they are located in (in the order stored), and how the first was located."""
    per_thread: dict[str, list[str]] = defaultdict(list)
    how: dict[str, str] = {}
    for k in keys:
        loc = located[k.entry_id]
        if loc.thread_id:
            per_thread[loc.thread_id].append(k.entry_id)
            how.setdefault(loc.thread_id, loc.how)
    return per_thread, how


def ledger_rows(store: Store, *, party: str | None = None, domain: str | None = None, status: str | None = None,
                overdue: bool = False, due_within: int | None = None, today: dt.date | None = None,
                scale: str | None = None) -> list[LedgerRow]:
    """Every undertaking with its latest status and evidence, deadline and due state.

    ``overdue`` keeps those whose deadline has passed without the latest
    assessment saying ``achieved``; ``due_within`` those due in that many days
    (both given: either). ``status`` keeps those whose latest status it is
    (``unassessed`` for none). Entries whose undertaking no longer exists are
    rows of their own (``lost``, no thread), never dropped.

    Reads narrowly: the threads' outlines, the timeframes of commitments and
    the entries' anchor units; whole entries only for the rows it returns.
    """
    today = today or dt.date.today()
    ensure_tracking(store)
    index = thread_index(store.engine)
    by_unit = {(doc_id, start): t for t, _, doc_id, start in index.members}
    keys = entry_keys(store.engine)
    located = _located(keys, {t for t, _, _ in index.heads}, by_unit)
    per_thread, how = _by_thread(keys, located)
    deadlines = _thread_deadlines(store)
    due_filter = overdue or due_within is not None
    chosen: list[tuple[str, tuple[str, ...], str | None, Deadline | None]] = []
    for thread_id, parties, thread_domain in index.heads:
        if (party and party.upper() not in parties) or (domain and thread_domain != domain):
            continue
        deadline = deadlines.get(thread_id)
        if due_filter and not _may_be_due(deadline, today, overdue, due_within):
            continue
        chosen.append((thread_id, parties, thread_domain, deadline))
    lost = [] if party or domain else _lost_groups([k for k in keys if located[k.entry_id].lost])
    # where an undertaking stands needs no anchors (a lost one shows its words: those are read)
    wanted = [i for c in chosen for i in per_thread.get(c[0], ())]
    entries = {e.entry_id: e for e in load_entries(store.engine, wanted, anchors=False)} if wanted else {}
    latest = latest_members(store.engine, [c[0] for c in chosen])
    meetings = {m.id: m.label for m in load_meetings(store.engine)}
    rows = [_thread_row(thread_id, parties, thread_domain, latest.get(thread_id), meetings,
                        [entries[i] for i in per_thread.get(thread_id, ())], deadline, today, due_within, scale, how.get(thread_id, ""))
            for thread_id, parties, thread_domain, deadline in chosen]
    rows += _lost_rows(store, lost, today, due_within, scale)
    keep = []
    for r in rows:
        if status and (r.status or "unassessed") != status:
            continue
        if due_filter and not ((overdue and r.due == "overdue") or (due_within is not None and r.due == "due_soon")):
            continue
        keep.append(r)
    return keep


def _thread_row(thread_id: str, parties: tuple[str, ...], domain: str | None, last: LatestMember | None, meetings: dict[str, str | None],
                entries: list[LedgerEntry], deadline: Deadline | None, today: dt.date, due_within: int | None, scale: str | None,
                located: str) -> LedgerRow:
    return _row(thread_id, parties, domain, last.text if last else "", unit_ref(last.doc_id, last.start) if last else None,
                meetings.get(last.meeting_id) if last else None, entries, deadline, today, due_within, scale, located=located)


def _lost_rows(store: Store, groups: list[list[EntryKeys]], today: dt.date, due_within: int | None, scale: str | None) -> list[LedgerRow]:
    """One row per undertaking that no longer exists (it shows its entries' words: read with their anchors)."""
    if not groups:
        return []
    entries = {e.entry_id: e for e in load_entries(store.engine, [k.entry_id for g in groups for k in g])}
    rows = []
    for group in groups:
        found = [entries[k.entry_id] for k in group]
        anchors = found[-1].anchors
        rows.append(_row(None, (), None, anchors[-1].text if anchors else "", anchors[-1].ref if anchors else found[-1].ref, None, found,
                         None, today, due_within, scale, lost=True, located=LOST))
    return rows


def _thread_deadlines(store: Store) -> dict[str, Deadline]:
    """Thread id → its deadline (``latest_deadline`` over its appearances; threads naming no timeframe are left out)."""
    out: dict[str, Deadline] = {}
    for thread_id, found in thread_timeframes(store.engine).items():
        by_position: dict[int, list[Value]] = defaultdict(list)
        for position, value in found:
            by_position[position].append(value)
        deadline = latest_deadline(sorted(by_position[p], key=lambda v: v.start) for p in sorted(by_position))
        if deadline is not None:
            out[thread_id] = deadline
    return out


def _may_be_due(deadline: Deadline | None, today: dt.date, overdue: bool, due_within: int | None) -> bool:
    # before any entry is read: only a dated deadline can be overdue or due soon
    if deadline is None or deadline.date is None:
        return False
    if overdue and deadline.date < today:
        return True
    return due_within is not None and today <= deadline.date and (deadline.date - today).days <= due_within


def _row(thread_id, parties, domain, text, ref, meeting, entries, deadline, today, due_within, scale, *, lost=False, located="") -> LedgerRow:
    st = standing_of(entries)
    latest = st.latest
    return LedgerRow(
        thread_id, tuple(parties), domain, text, ref, meeting, st.status, on_scale(st.status, scale) if scale else None,
        latest.evidence_date if latest else None, latest.evidence_url if latest else None, latest.quote if latest else None,
        latest.recorded_by if latest else None, latest.entry_id if latest else None,
        deadline.date if deadline else None, deadline.text if deadline else None, deadline.reason if deadline else None,
        due_state(deadline, today, st.achieved, due_within), len(entries), lost, located,
    )


# --- where every undertaking stands, kept up to date (for a long-running reader: the web app) -----


@dataclass(frozen=True)
class LedgerBook:
    """``ledger_rows(store, today=today)`` (every undertaking, no filter) with what it was read
    against, so that ``advance_book`` can bring it up to date after entries were appended by reading
    only those entries and the entries of the undertakings they are about (a full read of a large
    archive takes seconds; a web app records entries all day). What it holds besides the entries
    (the threads' outlines, deadlines, latest appearances) changes only with the corpus (tracking,
    labels): the caller reads a new book when the corpus changes. Never changed once made."""

    today: dt.date
    marks: LedgerMarks  # how far the ledger went when the book was made
    known: frozenset[str]  # every thread's id
    by_unit: dict[tuple[str, int], str]  # (doc_id, start) of every thread member → its thread
    deadlines: dict[str, Deadline]
    latest: dict[str, LatestMember]
    meetings: dict[str, str | None]
    keys: tuple[EntryKeys, ...]  # every entry, in the order stored
    located: dict[str, Located]  # entry id → where its undertaking is
    per_thread: dict[str, tuple[str, ...]]  # thread id → its entries' ids
    how: dict[str, str]  # thread id → how its first entry was placed there
    by_anchor: dict[tuple[str, int], tuple[int, ...]]  # unit → positions in ``keys`` of the entries naming it
    by_ref: dict[str, tuple[int, ...]]  # reference recorded on → positions in ``keys``
    thread_rows: dict[str, LedgerRow]  # by thread id, in id order (as ``ledger_rows`` lists them)
    lost_rows: tuple[LedgerRow, ...]

    @property
    def rows(self) -> list[LedgerRow]:
        """``ledger_rows``'s answer: the threads' rows, then those of undertakings that no longer exist."""
        return [*self.thread_rows.values(), *self.lost_rows]

    def near(self, units: set[tuple[str, int]], refs: set[str]) -> list[EntryKeys]:
        """The entries naming one of ``units`` or recorded on one of ``refs``, in the order stored."""
        found = {i for u in units for i in self.by_anchor.get(u, ())} | {i for r in refs for i in self.by_ref.get(r, ())}
        return [self.keys[i] for i in sorted(found)]


def _indexed(keys: Sequence[EntryKeys], start: int, by_anchor: dict[tuple[str, int], tuple[int, ...]],
             by_ref: dict[str, tuple[int, ...]]) -> None:
    """Add ``keys`` (at positions ``start``…) to the two lookups, in place."""
    anchors: dict[tuple[str, int], list[int]] = defaultdict(list)
    refs: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys, start):
        for unit in dict.fromkeys(k.anchors):
            anchors[unit].append(i)
        refs[k.ref].append(i)
    for unit, found in anchors.items():
        by_anchor[unit] = (*by_anchor.get(unit, ()), *found)
    for ref, found in refs.items():
        by_ref[ref] = (*by_ref.get(ref, ()), *found)


def read_book(store: Store, today: dt.date | None = None) -> LedgerBook:
    """Where every undertaking stands, read whole (as ``ledger_rows`` does), kept for ``advance_book``."""
    today = today or dt.date.today()
    ensure_tracking(store)
    marks = ledger_marks(store.engine)  # before the entries: an entry appended meanwhile is read again by the next advance
    index = thread_index(store.engine)
    by_unit = {(doc_id, start): t for t, _, doc_id, start in index.members}
    known = {t for t, _, _ in index.heads}
    keys = [k for k in entry_keys(store.engine) if k.row <= marks.last_entry]
    located = _located(keys, known, by_unit)
    per_thread, how = _by_thread(keys, located)
    deadlines = _thread_deadlines(store)
    latest = latest_members(store.engine, known)
    meetings = {m.id: m.label for m in load_meetings(store.engine)}
    wanted = [i for ids in per_thread.values() for i in ids]
    entries = {e.entry_id: e for e in load_entries(store.engine, wanted, anchors=False)} if wanted else {}
    rows = {t: _thread_row(t, parties, d, latest.get(t), meetings, [entries[i] for i in per_thread.get(t, ())], deadlines.get(t), today,
                           None, None, how.get(t, "")) for t, parties, d in index.heads}
    lost = _lost_rows(store, _lost_groups([k for k in keys if located[k.entry_id].lost]), today, None, None)
    by_anchor: dict[tuple[str, int], tuple[int, ...]] = {}
    by_ref: dict[str, tuple[int, ...]] = {}
    _indexed(keys, 0, by_anchor, by_ref)
    return LedgerBook(today, marks, frozenset(known), by_unit, deadlines, latest, meetings, tuple(keys), located,
                      {t: tuple(ids) for t, ids in per_thread.items()}, how, by_anchor, by_ref, rows, tuple(lost))


def advance_book(store: Store, book: LedgerBook) -> LedgerBook | None:
    """``book`` brought up to date with the entries appended since it was made: only those are read,
    and the rows of the undertakings they are about made again. The same book when nothing was
    appended; None when something else changed (a correction, or entries that did not come in after
    the ones the book holds): then read a new one (``read_book``). The corpus is the caller's to watch."""
    marks = ledger_marks(store.engine)
    if marks == book.marks:
        return book
    if marks.last_correction != book.marks.last_correction or marks.last_entry < book.marks.last_entry:
        return None
    fresh = [k for k in entry_keys(store.engine, after=book.marks.last_entry) if k.row <= marks.last_entry]
    if book.marks.entries + len(fresh) != marks.entries:  # one came in below the last the book holds (another database's order)
        return None
    located = {**book.located, **_located(fresh, book.known, book.by_unit)}
    per_thread, how = dict(book.per_thread), dict(book.how)
    touched: set[str] = set()
    lost_too = False
    for k in fresh:
        loc = located[k.entry_id]
        if loc.thread_id:
            per_thread[loc.thread_id] = (*per_thread.get(loc.thread_id, ()), k.entry_id)
            how.setdefault(loc.thread_id, loc.how)
            touched.add(loc.thread_id)
        else:
            lost_too = True
    keys = (*book.keys, *fresh)
    wanted = [i for t in touched for i in per_thread[t]]
    entries = {e.entry_id: e for e in load_entries(store.engine, wanted, anchors=False)} if wanted else {}
    rows = dict(book.thread_rows)
    for t in touched:
        rows[t] = _thread_row(t, rows[t].parties, rows[t].domain, book.latest.get(t), book.meetings, [entries[i] for i in per_thread[t]],
                              book.deadlines.get(t), book.today, None, None, how.get(t, ""))
    lost = (tuple(_lost_rows(store, _lost_groups([k for k in keys if located[k.entry_id].lost]), book.today, None, None))
            if lost_too else book.lost_rows)
    by_anchor, by_ref = dict(book.by_anchor), dict(book.by_ref)
    _indexed(fresh, len(book.keys), by_anchor, by_ref)
    return replace(book, marks=marks, keys=keys, located=located, per_thread=per_thread, how=how, by_anchor=by_anchor, by_ref=by_ref,
                   thread_rows=rows, lost_rows=lost)


# --- corrections ------------------------------------------------------------------------------


def correct(store: Store, ref: str, *, label: str, kind: str | None = None, actors: Sequence[str] | None = None,
            domain: str | None = None, mechanisms: Sequence[str] | None = None, note: str | None = None,
            by: str | None = None, now: dt.datetime | None = None, models: Models | None = None) -> Correction:
    """Store a person's verdict on a unit and re-label its document with it (the person's word wins).
    Checked first (``BadLedgerInput``): nothing is stored on bad input."""
    unit = _unit_of(store, ref)
    made = new_correction(unit, label=label, kind=kind, actors=actors, domain=domain, mechanisms=mechanisms, note=note,
                          recorded_by=by or default_recorder(), recorded_at=now or _now())
    append_correction(store.engine, made)
    relabel_document(store, unit.doc_id, models)
    return made


def relabel_document(store: Store, doc_id: str, models: Models | None = None) -> list[Commitment]:
    """Extract a stored document again, with the current model and every correction of it, and
    replace its stored labels (one transaction)."""
    doc = store.document(doc_id)
    units = store.units(doc_id)
    # the corrections are read inside the store's transaction: one stored meanwhile is never left out
    return relabel(store.engine, doc_id, lambda corrections: extract_commitments(doc, units, models, verdicts_for(units, corrections)))


def reextract(store: Store, *, models: Models | None = None, on_document: Callable[[str], None] | None = None) -> int:
    """Re-extract every stored document with ``models`` (default: the shipped model), people's
    corrections kept; the count. Tracking is recomputed the next time it is read."""
    ids = [d.id for d in store.documents()]
    for doc_id in ids:
        relabel_document(store, doc_id, models)
        if on_document:
            on_document(doc_id)
    return len(ids)


@dataclass(frozen=True)
class ReviewItem:
    ref: str
    label: str
    confidence: float
    text: str
    date: dt.date | None


def review_queue(store: Store, limit: int = 20) -> list[ReviewItem]:
    """The units the model is least sure about (lowest confidence in its label), none a person
    has corrected: a queue to confirm or correct."""
    return [ReviewItem(unit_ref(r["doc_id"], r["start"]), r["label"], r["confidence"], r["text"], r["date"])
            for r in unit_labels(store.engine, limit=limit, order_by_confidence=True)]


def corrections_list(store: Store) -> list[Correction]:
    return load_corrections(store.engine)


def export_corrections(store: Store, folder: Path) -> list[Path]:
    """Write the corrected units in the annotation guide's gold format, one ``<doc id>.txt.jsonl``
    per document beside its text (``<doc id>.txt``), so ``pledgewatch train FOLDER`` learns from them.
    Only corrected units are written; training uses the units a gold file lists."""
    folder.mkdir(parents=True, exist_ok=True)
    by_doc: dict[str, list[Correction]] = defaultdict(list)
    for c in load_corrections(store.engine):
        by_doc[c.anchor.doc_id].append(c)
    written = []
    for doc_id, corrections in sorted(by_doc.items()):
        units = store.units(doc_id)
        verdicts = verdicts_for(units, corrections)
        labelled = {c.unit.index: c for c in load_labelled_units(store.engine, [doc_id]).get(doc_id, [])}
        name = f"{doc_id}.txt"
        rows = []
        for idx, verdict in sorted(verdicts.items()):
            unit = units[idx]
            row: dict[str, Any] = {"doc": name, "text": " ".join(unit.text.split()), "label": verdict.label}
            stored = labelled.get(idx)
            if verdict.label == "commitment" and stored is not None:
                row.update({k: v for k, v in (("kind", stored.kind), ("domain", stored.domain)) if v is not None},
                           actors=list(stored.actors), mechanisms=[v.text for v in stored.mechanisms],
                           amounts=[v.text for v in stored.amounts], timeframes=[v.text for v in stored.timeframes])
            rows.append(row)
        doc = store.document(doc_id)
        (folder / name).write_text(doc.text + "\n", encoding="utf-8")
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        written.append(path)
    return written


__all__ = [
    "HistoryItem", "LedgerRow", "ReviewItem", "Target", "correct", "corrections_list", "default_recorder",
    "export_corrections", "find_entry", "history", "ledger_rows", "record_assessment", "reextract", "relabel_document",
    "resolve_target", "retract", "review_queue", "verdicts_for",
]
