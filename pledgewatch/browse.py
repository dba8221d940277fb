"""Reading the store a page at a time: the listings and records the web app and the HTTP API
show (documents, one document with its commitments, a commitment with its thread and ledger
history, threads, mechanisms, meetings, search, the dashboard).

Every listing takes the CLI's filters and ``offset``/``limit`` and returns a page with its
total, so no caller ever sends 10,000 threads at once. What the listings are built from
(documents, meetings, threads, mechanisms, where every undertaking stands) is read once and
kept per process under the store's revision tokens (``Store.revisions``): a write by anyone
(another process included) changes a token and the next read rebuilds — except after ledger
entries, which only bring the kept standings up to date (``assessments.advance_book``: a whole
read of a large archive takes seconds, and editors record entries all day).
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .assessments import HistoryItem, LedgerBook, LedgerRow, advance_book, history, read_book, review_queue
from .errors import NotFoundInRegistry, UnknownReference
from .report.standing import DUE_SOON_DAYS  # the report's "due soon" window, the dashboard's too
from .model import CHANGES, DOMAINS, STATUSES, Document, LedgerEntry, Mechanism, Meeting, Thread, unit_ref
from .store import DocumentSummary, Store
from .store.commitments import CommitmentFilter, StoredCommitment, commitment_counts, list_commitments
from .store.ledger import latest_entries, load_entries
from .store.search import HIT_END, HIT_START, RANK_WINDOW
from .store.tracking import load_meetings, load_mechanisms, load_threads
from .track.registry import find_mechanism
from .tracker import compare_refs, ensure_tracking

T = TypeVar("T")

DEFAULT_LIMIT = 50
RECENT = 20  # the latest entries kept for the dashboard
MAX_LIMIT = 500


def clamp(offset: int, limit: int) -> tuple[int, int]:
    """A page request made safe: offset ≥ 0, 1 ≤ limit ≤ MAX_LIMIT."""
    return max(0, offset), min(max(1, limit), MAX_LIMIT)


def _page(items: Sequence[T], offset: int, limit: int) -> tuple[list[T], int, int, int]:
    offset, limit = clamp(offset, limit)
    return list(items[offset:offset + limit]), len(items), offset, limit


# --- what the listings are built from, kept under the store's revisions -------------------


@dataclass(frozen=True)
class Corpus:
    """The stored documents and their tracking, as one consistent read."""

    documents: tuple[DocumentSummary, ...]  # in date order
    commitment_counts: dict[str, int]
    meetings: tuple[Meeting, ...]
    meeting_of: dict[str, str]  # document id → meeting id
    threads: tuple[Thread, ...]  # most appearances first
    thread_by_id: dict[str, Thread]
    thread_of_unit: dict[tuple[str, int], str]  # (document id, start) → thread id
    mechanisms: tuple[Mechanism, ...]
    mechanisms_by_name: tuple[Mechanism, ...]  # as the registry is listed
    doc_by_id: dict[str, DocumentSummary]

    @property
    def names(self) -> dict[str, str]:
        return {d.id: d.name for d in self.documents}


@dataclass(frozen=True)
class Standings:
    """Where every undertaking stands on one day, and the latest entries."""

    today: dt.date
    rows: tuple[LedgerRow, ...]
    recent: tuple[LedgerEntry, ...]  # newest first
    book: LedgerBook  # what the rows were made from: brought up to date entry by entry (``advance_book``)
    corpus_revision: str  # the corpus the book was read against


_locks: dict[tuple[str, str], threading.Lock] = {}
_locks_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}


def _lock_of(store: Store, what: str) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault((store.url, what), threading.Lock())


def _kept(store: Store, what: str, key: tuple[Any, ...], build: Callable[[Any], Any]) -> Any:
    """What ``build`` made under ``key``, made again when the key changed: ``build(held)`` gets the
    value held under an older key (or None) to bring up to date if it can."""
    held = _cache.get((store.url, what))
    if held is not None and held[0] == key:
        return held[1]
    with _lock_of(store, what):  # one build of each thing at a time: concurrent requests wait for it instead of repeating it
        held = _cache.get((store.url, what))
        if held is not None and held[0] == key:
            return held[1]
        value = build(held[1] if held is not None else None)
        _cache[(store.url, what)] = (key, value)
        return value


def _settled(value: T) -> T:
    """``value``, a large thing just read to be kept until the next revision, left out of the cyclic
    garbage collector's full collections: walking the ~400,000 objects of a 1,000-meeting corpus took
    half a second, every request of the process waiting, about once a minute under load. Kept
    things hold no reference cycles: they are freed by reference counting when replaced. Once
    per read of that size, the garbage there is is collected first, so none is kept for good."""
    gc.collect()
    gc.freeze()
    return value


def _revisions(store: Store) -> tuple[str, str]:
    revs = store.revisions()
    held = _cache.get((store.url, "corpus"))
    if held is None or held[0] != (revs[0],):
        # the corpus changed (or this process has not read it): bring tracking up to date first
        if ensure_tracking(store) is not None:
            revs = store.revisions()
    return revs


def corpus(store: Store) -> Corpus:
    corpus_rev, _ = _revisions(store)
    return _kept(store, "corpus", (corpus_rev,), lambda _: _settled(_read_corpus(store)))


def _read_corpus(store: Store) -> Corpus:
    docs = tuple(store.documents())
    meetings = tuple(load_meetings(store.engine))
    threads = tuple(sorted(load_threads(store.engine), key=lambda t: (-len(t.members), t.id)))
    mechanisms = tuple(load_mechanisms(store.engine))
    return Corpus(
        documents=docs,
        commitment_counts=commitment_counts(store.engine),
        meetings=meetings,
        meeting_of={d: m.id for m in meetings for d in m.doc_ids},
        threads=threads,
        thread_by_id={t.id: t for t in threads},
        thread_of_unit={(m.doc_id, m.start): t.id for t in threads for m in t.members},
        mechanisms=mechanisms,
        mechanisms_by_name=tuple(sorted(mechanisms, key=lambda m: (m.name.lower(), m.id))),
        doc_by_id={d.id: d for d in docs},
    )


def standings(store: Store, today: dt.date | None = None) -> Standings:
    """Where every undertaking stands. After entries are appended (by anyone) only they and the
    undertakings they are about are read (``advance_book``); a new corpus or day reads all again."""
    today = today or dt.date.today()
    corpus_rev, ledger_rev = _revisions(store)

    def build(held: Standings | None) -> Standings:
        same_corpus = held is not None and held.today == today and held.corpus_revision == corpus_rev
        book = advance_book(store, held.book) if same_corpus else None
        if book is None:
            book = _settled(read_book(store, today))
            return Standings(today, tuple(book.rows), tuple(latest_entries(store.engine, RECENT)), book, corpus_rev)
        # entries are never taken away: the latest of all are the latest of those held and those appended
        fresh = load_entries(store.engine, [k.entry_id for k in book.keys[len(held.book.keys):]], anchors=False)
        recent = sorted((*held.recent, *fresh), key=lambda e: (e.recorded_at, e.entry_id), reverse=True)[:RECENT]
        return Standings(today, tuple(book.rows), tuple(recent), book, corpus_rev)

    return _kept(store, "standings", (corpus_rev, ledger_rev, today), build)


# --- documents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRow:
    id: str
    name: str
    title: str | None
    date: dt.date | None
    doc_type: str
    parties: tuple[str, ...]
    units: int
    commitments: int
    sources: int
    meeting: str | None


@dataclass(frozen=True)
class DocumentPage:
    total: int
    offset: int
    limit: int
    items: list[DocumentRow]


def list_documents(store: Store, *, party: str | None = None, year: int | None = None, text: str | None = None,
                   doc_type: str | None = None, offset: int = 0, limit: int = DEFAULT_LIMIT) -> DocumentPage:
    """Documents in date order; ``text`` matches the title or file name (any case)."""
    c = corpus(store)
    needle = (text or "").strip().lower()
    filtered = party or year is not None or doc_type or needle
    found = [
        d for d in c.documents
        if (not party or party.upper() in d.parties) and (year is None or (d.date is not None and d.date.year == year))
        and (not doc_type or d.doc_type == doc_type) and (not needle or needle in (d.title or "").lower() or needle in d.name.lower())
    ] if filtered else c.documents
    items, total, offset, limit = _page(found, offset, limit)
    rows = [DocumentRow(d.id, d.name, d.title, d.date, d.doc_type, d.parties, d.units, c.commitment_counts.get(d.id, 0), d.sources,
                        c.meeting_of.get(d.id)) for d in items]  # only the page's rows are made
    return DocumentPage(total, offset, limit, rows)


@dataclass(frozen=True)
class Mark:
    """One commitment's place in its document's text."""

    ref: str
    start: int
    end: int
    kind: str | None
    domain: str | None
    actors: tuple[str, ...]
    confidence: float
    thread_id: str | None


@dataclass(frozen=True)
class DocumentView:
    id: str
    name: str
    title: str | None
    date: dt.date | None
    doc_type: str
    parties: tuple[str, ...]
    source_url: str | None
    sources: tuple[str, ...]
    warnings: tuple[str, ...]
    meeting: str | None
    text: str
    marks: tuple[Mark, ...]  # in text order, never overlapping (units do not overlap)


def document_view(store: Store, ref: str) -> DocumentView:
    c = corpus(store)
    doc: Document = store.document(ref)
    found = list_commitments(store.engine, CommitmentFilter(doc_id=doc.id))
    marks = tuple(
        Mark(unit_ref(x.doc_id, x.start), x.start, x.end, x.kind, x.domain, tuple(x.actors), round(x.confidence, 3),
             c.thread_of_unit.get((x.doc_id, x.start)))
        for x in sorted(found, key=lambda x: x.start)
    )
    return DocumentView(doc.id, c.names.get(doc.id, doc.sources[0].name), doc.title, doc.date, doc.doc_type, doc.parties,
                        doc.source_url, tuple(s.name for s in doc.sources), tuple(str(w) for w in doc.warnings),
                        c.meeting_of.get(doc.id), doc.text, marks)


# --- one commitment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueView:
    text: str
    start: int
    end: int
    normalised: dict[str, Any]


@dataclass(frozen=True)
class EntryView:
    entry_id: str
    action: str
    status: str | None
    evidence_date: dt.date | None
    evidence_url: str | None
    quote: str | None
    note: str | None
    superseded_by: str | None
    retracts: str | None
    recorded_by: str
    recorded_at: dt.datetime
    retracted: bool
    located: str


@dataclass(frozen=True)
class CommitmentView:
    ref: str
    doc_id: str
    doc: str
    doc_title: str | None
    date: dt.date | None
    meeting: str | None
    start: int
    end: int
    text: str
    section: str | None
    label: str
    kind: str | None
    domain: str | None
    actors: tuple[str, ...]
    mechanisms: tuple[ValueView, ...]
    amounts: tuple[ValueView, ...]
    timeframes: tuple[ValueView, ...]
    confidence: float
    extractor: str
    why: tuple[str, ...]
    thread: Thread | None
    history: tuple[EntryView, ...]


def _entry_view(item: HistoryItem) -> EntryView:
    e = item.entry
    return EntryView(e.entry_id, e.action, e.status, e.evidence_date, e.evidence_url, e.quote, e.note, e.superseded_by,
                     e.retracts, e.recorded_by, e.recorded_at, item.retracted, item.located.how)


def _values(vs: Sequence[Any]) -> tuple[ValueView, ...]:
    return tuple(ValueView(v.text, v.start, v.end, dict(v.normalised)) for v in vs)


def _stored(store: Store, ref: str) -> StoredCommitment:
    doc_part, _, offset = ref.strip().rpartition(":")
    if not doc_part or not offset.isdigit():
        raise UnknownReference(f"'{ref}' is not a commitment reference: DOC:OFFSET, as the document page links it")
    doc_id = store.resolve(doc_part)
    at = int(offset)
    if at < 2**62:  # a number no database column holds has no unit
        for x in list_commitments(store.engine, CommitmentFilter(doc_id=doc_id, offset=at, include_other=True)):
            return x  # any offset inside the unit, as the ledger's references
    raise UnknownReference(f"no labelled unit of document {doc_id} holds offset {offset}")


def history_of(store: Store, ref: str) -> list[EntryView]:
    """Every ledger entry about the undertaking ``ref`` names (``assessments.history``), oldest first;
    the entries are found in the kept standings' book (brought up to date first)."""
    return [_entry_view(i) for i in history(store, ref, book=standings(store).book)[1]]


def commitment_view(store: Store, ref: str) -> CommitmentView:
    """A labelled unit (a commitment, or a unit the extractor or a person called other) with its
    thread and every ledger entry about its undertaking."""
    c = corpus(store)
    x = _stored(store, ref)
    thread_id = c.thread_of_unit.get((x.doc_id, x.start))
    entries = history_of(store, unit_ref(x.doc_id, x.start)) if thread_id or x.label == "commitment" else []
    doc = c.doc_by_id.get(x.doc_id)
    return CommitmentView(
        unit_ref(x.doc_id, x.start), x.doc_id, x.doc, doc.title if doc else None, x.doc_date, c.meeting_of.get(x.doc_id),
        x.start, x.end, x.text, x.section, x.label, x.kind, x.domain, tuple(x.actors), _values(x.mechanisms), _values(x.amounts),
        _values(x.timeframes), round(x.confidence, 3), x.extractor, tuple(x.why), c.thread_by_id.get(thread_id) if thread_id else None,
        tuple(entries),
    )


# --- threads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadRow:
    id: str
    status: str
    parties: tuple[str, ...]
    domain: str | None
    appearances: int
    history: tuple[str, ...]  # "meeting:change" per appearance, then "dropped"
    latest: str
    latest_ref: str | None


@dataclass(frozen=True)
class ThreadPage:
    total: int
    offset: int
    limit: int
    items: list[ThreadRow]


def thread_matches(t: Thread, party: str | None, domain: str | None, status: str | None) -> bool:
    """The CLI's ``threads`` filters: a party of the thread, its domain, its latest change."""
    return (not party or party.upper() in t.parties) and (not domain or t.domain == domain) and (not status or t.status == status)


def list_threads(store: Store, *, party: str | None = None, domain: str | None = None, status: str | None = None,
                 offset: int = 0, limit: int = DEFAULT_LIMIT) -> ThreadPage:
    """Threads with the most appearances first."""
    found = [t for t in corpus(store).threads if thread_matches(t, party, domain, status)]
    items, total, offset, limit = _page(found, offset, limit)
    rows = [
        ThreadRow(t.id, t.status, t.parties, t.domain, len(t.members),
                  tuple(f"{m.meeting_id}:{m.change}" for m in t.members) + (("dropped",) if t.dropped_at else ()),
                  t.members[-1].text if t.members else "", unit_ref(t.members[-1].doc_id, t.members[-1].start) if t.members else None)
        for t in items
    ]
    return ThreadPage(total, offset, limit, rows)


def thread_view(store: Store, thread_id: str) -> Thread:
    found = corpus(store).thread_by_id.get(thread_id.strip())
    if found is None:
        raise NotFoundInRegistry(f"no thread '{thread_id}'", hint="threads are listed at /threads")
    return found


# --- mechanisms ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MechanismRow:
    id: str
    name: str
    aliases: tuple[str, ...]
    parties: tuple[str, ...]
    domain: str | None
    events: int
    first: dt.date | None
    last: dt.date | None
    latest_event: str | None


@dataclass(frozen=True)
class MechanismPage:
    total: int
    offset: int
    limit: int
    items: list[MechanismRow]


def list_mechanisms(store: Store, *, party: str | None = None, domain: str | None = None, text: str | None = None,
                    offset: int = 0, limit: int = DEFAULT_LIMIT) -> MechanismPage:
    """The mechanisms registry in name order; ``text`` matches a name or an alias (any case)."""
    needle = (text or "").strip().lower()
    found = [m for m in corpus(store).mechanisms_by_name
             if (not party or party.upper() in m.parties) and (not domain or m.domain == domain)
             and (not needle or any(needle in n.lower() for n in (m.name, *m.aliases)))]
    items, total, offset, limit = _page(found, offset, limit)
    rows = []
    for m in items:
        dates = [e.date for e in m.events if e.date]
        rows.append(MechanismRow(m.id, m.name, m.aliases, m.parties, m.domain, len(m.events), min(dates) if dates else None,
                                 max(dates) if dates else None, m.events[-1].event if m.events else None))
    return MechanismPage(total, offset, limit, rows)


def mechanism_view(store: Store, name: str) -> Mechanism:
    """A mechanism by id, name, alias or acronym."""
    registry = corpus(store).mechanisms
    found = next((m for m in registry if m.id == name), None) or find_mechanism(registry, name)
    if found is None:
        raise NotFoundInRegistry(f"no mechanism named '{name}'", hint="names, acronyms and aliases resolve")
    return found


# --- meetings and comparisons ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    id: str
    date: dt.date | None
    label: str
    parties: tuple[str, ...]
    documents: tuple[DocumentRow, ...]
    commitments: int
    order_why: str


@dataclass(frozen=True)
class MeetingPage:
    total: int
    offset: int
    limit: int
    items: list[MeetingRow]


def list_meetings(store: Store, *, party: str | None = None, offset: int = 0, limit: int = DEFAULT_LIMIT) -> MeetingPage:
    c = corpus(store)
    docs = {d.id: d for d in c.documents}
    found = [m for m in c.meetings if not party or party.upper() in m.parties]
    items, total, offset, limit = _page(found, offset, limit)
    rows = []
    for m in items:
        members = tuple(DocumentRow(d.id, d.name, d.title, d.date, d.doc_type, d.parties, d.units, c.commitment_counts.get(d.id, 0),
                                    d.sources, m.id) for d in (docs[i] for i in m.doc_ids if i in docs))
        rows.append(MeetingRow(m.id, m.date, m.label, m.parties, members, sum(d.commitments for d in members), m.order_why))
    return MeetingPage(total, offset, limit, rows)


@dataclass(frozen=True)
class DiffRow:
    status: str  # new | kept | dropped
    change: str | None
    thread_id: str | None
    doc: str
    doc_id: str
    meeting: str
    start: int
    end: int
    text: str
    previous: str | None
    previous_doc: str | None
    ops: tuple[tuple[str, str], ...]  # the word diff against the previous appearance: (equal|insert|delete, words)


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    rows: list[DiffRow]


def compare(store: Store, a: str, b: str) -> Comparison:
    """``pledgewatch diff A B``: every commitment of B new or kept (with its word diff), every one of A absent from B dropped."""
    corpus(store)  # tracking brought up to date
    found = compare_refs(store, a, b)
    rows = [DiffRow(r["status"], r["change"], r["thread_id"], r["doc"], r["doc_id"], r["meeting"], r["start"], r["end"], r["text"],
                    r["previous"], r["previous_doc"], tuple(r["diff"].ops) if r["diff"] else ()) for r in found["rows"]]
    return Comparison(found["a"], found["b"], rows)


# --- search and review --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRow:
    ref: str
    doc_id: str
    doc: str
    date: dt.date | None
    start: int
    end: int
    text: str
    snippet: list[tuple[str, bool]]  # the snippet's pieces, True where a searched word matched
    score: float
    commitment: bool


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int  # the hits that can be paged through: the ranked ones
    offset: int
    limit: int
    items: list[SearchRow]
    matches: int = 0  # every unit that matches (more than total when past the ranking window)


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """A snippet with the store's hit markers → (text, matched) pieces, for a renderer to escape and mark."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(HIT_START)
        if start < 0:
            pieces.append((rest, False))
            break
        if start:
            pieces.append((rest[:start], False))
        end = rest.find(HIT_END, start)
        end = len(rest) if end < 0 else end
        pieces.append((rest[start + 1:end], True))
        rest = rest[end + 1:]
    return [(t.replace(HIT_START, "").replace(HIT_END, ""), hit) for t, hit in pieces if t]


def search(store: Store, query: str, *, offset: int = 0, limit: int = 20) -> SearchPage:
    """Units matching every word (or "quoted phrase") of ``query``, best first (bm25)."""
    offset, limit = clamp(offset, limit)
    c = corpus(store)
    dates = {d.id: d.date for d in c.documents}
    names = c.names
    hits = store.search(query, limit=limit, offset=offset)
    committed = c.thread_of_unit  # a unit in a thread is a commitment
    rows = [SearchRow(unit_ref(h.doc_id, h.start), h.doc_id, names.get(h.doc_id, h.doc_id), dates.get(h.doc_id), h.start, h.end, h.text,
                      snippet_pieces(h.snippet), round(h.score, 4), (h.doc_id, h.start) in committed) for h in hits]
    matches = store.count_matches(query) if rows or offset else 0
    return SearchPage(query, min(matches, RANK_WINDOW), offset, limit, rows, matches)


@dataclass(frozen=True)
class ReviewRow:
    ref: str
    label: str
    confidence: float
    text: str
    date: dt.date | None


def review(store: Store, *, limit: int = DEFAULT_LIMIT) -> list[ReviewRow]:
    """The units the model is least sure about, none a person has corrected."""
    return [ReviewRow(i.ref, i.label, round(i.confidence, 3), i.text, i.date) for i in review_queue(store, limit=clamp(0, limit)[1])]


# --- the ledger and the dashboard --------------------------------------------------------------------


def due_soon(row: LedgerRow, today: dt.date, within_days: int) -> bool:
    """Due within ``within_days`` of ``today`` and not yet achieved (``ledger.due_state``'s due_soon)."""
    return row.due == "open" and row.deadline is not None and (row.deadline - today).days <= within_days


@dataclass(frozen=True)
class LedgerPage:
    total: int
    offset: int
    limit: int
    items: list[LedgerRow]


def ledger(store: Store, *, party: str | None = None, domain: str | None = None, status: str | None = None,
           overdue: bool = False, due_within: int | None = None, today: dt.date | None = None,
           offset: int = 0, limit: int = DEFAULT_LIMIT) -> LedgerPage:
    """``pledgewatch ledger``'s rows with its filters, a page at a time."""
    st = standings(store, today)
    found = [r for r in st.rows
             if (not party or party.upper() in r.parties) and (not domain or r.domain == domain)
             and (not status or (r.status or "unassessed") == status)
             and (not (overdue or due_within is not None) or (overdue and r.due == "overdue")
                  or (due_within is not None and due_soon(r, st.today, due_within)))]
    items, total, offset, limit = _page(found, offset, limit)
    return LedgerPage(total, offset, limit, items)


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    documents: int
    commitments: int
    meetings: int
    threads: int
    mechanisms: int
    by_meeting: list[Count]  # commitments per meeting, latest meeting first
    by_domain: list[Count]  # commitments per domain
    by_party: list[Count]  # commitments per party of their documents
    by_status: list[Count]  # undertakings per latest ledger status (unassessed included)
    threads_by_change: list[Count]
    overdue: list[LedgerRow]
    due_soon: list[LedgerRow]  # due within due_soon_days
    due_soon_days: int
    latest_evidence: list[EntryView] = field(default_factory=list)


def dashboard(store: Store, today: dt.date | None = None, *, rows: int = 10) -> Dashboard:
    """Counts of the corpus and where the ledger stands; made once per revision of each (kept)."""
    today = today or dt.date.today()
    corpus_rev, ledger_rev = _revisions(store)
    counts = _kept(store, "dashboard-corpus", (corpus_rev, rows), lambda _: _corpus_counts(corpus(store), rows))
    return _kept(store, "dashboard", (corpus_rev, ledger_rev, today, rows), lambda _: _dashboard(counts, standings(store, today), rows))


@dataclass(frozen=True)
class _CorpusCounts:
    documents: int
    commitments: int
    meetings: int
    threads: int
    mechanisms: int
    by_meeting: list[Count]
    by_domain: list[Count]
    by_party: list[Count]
    threads_by_change: list[Count]


def _corpus_counts(c: Corpus, rows: int) -> _CorpusCounts:
    per_doc = c.commitment_counts
    by_meeting = [Count(m.id, m.label or m.id, sum(per_doc.get(d, 0) for d in m.doc_ids)) for m in reversed(c.meetings)]
    domains: Counter[str] = Counter()
    for t in c.threads:
        domains[t.domain or "unknown"] += len(t.members)
    parties: Counter[str] = Counter()
    for d in c.documents:
        for p in d.parties:
            parties[p] += per_doc.get(d.id, 0)
    changes = Counter(t.status for t in c.threads)
    return _CorpusCounts(
        len(c.documents), sum(per_doc.values()), len(c.meetings), len(c.threads), len(c.mechanisms), by_meeting[:rows * 2],
        [Count(d, d.replace("_", " "), domains[d]) for d in (*DOMAINS, "unknown") if domains[d]],
        [Count(p, p, n) for p, n in parties.most_common(rows * 2)],
        [Count(s, s, changes[s]) for s in CHANGES if changes[s]],
    )


def _dashboard(counts: _CorpusCounts, st: Standings, rows: int) -> Dashboard:
    statuses = Counter(r.status or "unassessed" for r in st.rows)
    overdue = [r for r in st.rows if r.due == "overdue"]
    soon = [r for r in st.rows if due_soon(r, st.today, DUE_SOON_DAYS)]
    overdue.sort(key=lambda r: (r.deadline or dt.date.max, r.thread_id or ""))
    soon.sort(key=lambda r: (r.deadline or dt.date.max, r.thread_id or ""))
    latest = [e for e in st.recent if e.action == "assess"][:rows]
    return Dashboard(
        st.today, counts.documents, counts.commitments, counts.meetings, counts.threads, counts.mechanisms,
        counts.by_meeting, counts.by_domain, counts.by_party,
        [Count(s, s.replace("_", " "), statuses[s]) for s in (*STATUSES, "unassessed") if statuses[s]],
        counts.threads_by_change,
        overdue[:rows], soon[:rows], DUE_SOON_DAYS,
        [EntryView(e.entry_id, e.action, e.status, e.evidence_date, e.evidence_url, e.quote, e.note, e.superseded_by, e.retracts,
                   e.recorded_by, e.recorded_at, False, e.ref) for e in latest],
    )
