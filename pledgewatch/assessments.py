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
import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from .errors import AmbiguousDocument, BadLedgerInput, DocumentNotFound, UnknownEntry, UnknownReference
from .extract import extract_commitments
from .ledger import Deadline, Located, anchor_of, deadline_of, due_state, find_unit, locate, new_assessment, new_retraction, on_scale
from .ledger import standing as standing_of
from .ledger.entries import retracted_ids
from .model import DOMAINS, KINDS, Commitment, Correction, LedgerEntry, Thread, Unit, UnitAnchor, unit_ref
from .store import Store
from .store.commitments import replace_commitments, unit_labels
from .store.ledger import append_correction, append_entry, load_corrections, load_entries
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


# --- what a reference names -------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a REF names now: one commitment (a unit) or a thread."""

    kind: str  # commitment | thread
    ref: str  # canonical: "<doc id>:<start>" or the thread id
    anchors: tuple[UnitAnchor, ...]
    thread_id: str | None  # the thread it belongs to (itself for a thread)
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
    for u in store.units(doc_id):
        if u.start <= offset < max(u.end, u.start + 1):
            return u
    raise UnknownReference(f"'{ref}': no unit of document {doc_id} holds offset {offset}")


def _thread_ids(store: Store, prefix: str) -> list[str]:
    return [t.id for t in load_threads(store.engine) if t.id.startswith(prefix)]


def resolve_target(store: Store, ref: str, *, commitment_only: bool = True) -> Target:
    """A commitment (``DOC:OFFSET``, any offset inside its unit) or a thread (its id or a
    unique prefix); ``UnknownReference`` (PW602) otherwise. Tracking is brought up to date first."""
    ensure_tracking(store)
    ref = ref.strip()
    if ref.startswith("T") and ":" not in ref:
        ids = _thread_ids(store, ref)
        if len(ids) != 1:
            raise UnknownReference(f"'{ref}' matches {'no' if not ids else len(ids)} threads")
        (thread,) = load_threads(store.engine, ids)
        anchors = tuple(UnitAnchor(m.doc_id, m.start, m.end, m.text) for m in thread.members)
        return Target("thread", thread.id, anchors, thread.id, thread.members[-1].text if thread.members else "")
    unit = _unit_of(store, ref)
    labelled = {c.unit.index: c for c in load_labelled_units(store.engine, [unit.doc_id]).get(unit.doc_id, [])}
    if commitment_only and unit.index not in labelled:
        raise UnknownReference(f"'{ref}' is a unit the ledger does not track: it is not a commitment "
                               f"(correct it first with `pledgewatch correct {unit_ref(unit.doc_id, unit.start)} --label commitment`)")
    by_unit = {(m.doc_id, m.start): t.id for t in load_threads(store.engine) for m in t.members if m.doc_id == unit.doc_id}
    return Target("commitment", unit_ref(unit.doc_id, unit.start), (anchor_of(unit),), by_unit.get((unit.doc_id, unit.start)),
                  unit.text)


# --- recording ----------------------------------------------------------------------------


def record_assessment(store: Store, ref: str, *, status: str, evidence_date: dt.date, evidence_url: str, quote: str,
                      note: str | None = None, by: str | None = None, superseded_by: str | None = None,
                      today: dt.date | None = None, now: dt.datetime | None = None) -> LedgerEntry:
    """Append one assessment of the undertaking ``ref`` names (checked first: nothing is stored on bad input)."""
    now = now or _now()
    today = today or now.date()
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
    prefix = prefix.strip().lower()
    found = [e for e in load_entries(store.engine) if e.entry_id.startswith(prefix)] if len(prefix) >= 6 else []
    if len(found) != 1:
        raise UnknownEntry(f"'{prefix}' matches {'no' if not found else len(found)} ledger entries (give at least 6 characters of its id)")
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


def _located_entries(store: Store, threads: Sequence[Thread]) -> list[tuple[LedgerEntry, Located]]:
    known = {t.id: t for t in threads}
    by_unit = {(m.doc_id, m.start): t.id for t in threads for m in t.members}
    return [(e, locate(e.ref, e.anchors, known, by_unit)) for e in load_entries(store.engine)]


def history(store: Store, ref: str) -> tuple[Target, list[HistoryItem]]:
    """Every entry about the undertaking ``ref`` names, in the order recorded: entries on it, on
    its thread and on the thread's other appearances; retracted ones are marked, never hidden."""
    target = resolve_target(store, ref)
    threads = load_threads(store.engine)
    located = _located_entries(store, threads)
    own = {(a.doc_id, a.start) for a in target.anchors}
    mine = [(e, loc) for e, loc in located
            if (target.thread_id and loc.thread_id == target.thread_id) or own & {(a.doc_id, a.start) for a in e.anchors}]
    gone = retracted_ids(e for e, _ in located)
    return target, [HistoryItem(e, e.entry_id in gone, loc) for e, loc in sorted(mine, key=lambda x: (x[0].recorded_at, x[0].entry_id))]


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


def _latest_member_timeframes(thread: Thread, labelled: dict[tuple[str, int], Commitment]) -> Deadline | None:
    # the most recent appearance that names a time bound sets the deadline (a later meeting may move it)
    for m in reversed(thread.members):
        c = labelled.get((m.doc_id, m.start))
        if c and c.timeframes:
            return deadline_of(c.timeframes)
    return None


def ledger_rows(store: Store, *, party: str | None = None, domain: str | None = None, status: str | None = None,
                overdue: bool = False, due_within: int | None = None, today: dt.date | None = None,
                scale: str | None = None) -> list[LedgerRow]:
    """Every undertaking with its latest status and evidence, deadline and due state.

    ``overdue`` keeps those whose deadline has passed without an ``achieved``
    assessment; ``due_within`` those due in that many days (both given: either).
    ``status`` keeps those whose latest status it is (``unassessed`` for none).
    Entries whose undertaking no longer exists are rows of their own (``lost``).
    """
    today = today or dt.date.today()
    ensure_tracking(store)
    threads = load_threads(store.engine)
    meetings = {m.id: m for m in load_meetings(store.engine)}
    labelled = {(c.doc_id, c.start): c for cs in load_labelled_units(store.engine).values() for c in cs}
    per_thread: dict[str | None, list[LedgerEntry]] = defaultdict(list)
    lost: dict[str, list[LedgerEntry]] = defaultdict(list)
    located_how: dict[str, str] = {}
    for e, loc in _located_entries(store, threads):
        if loc.lost:
            lost[e.ref].append(e)
        else:
            per_thread[loc.thread_id].append(e)
            located_how.setdefault(loc.thread_id, loc.how)
    rows: list[LedgerRow] = []
    for t in threads:
        entries = per_thread.get(t.id, [])
        rows.append(_row(t.id, t.parties, t.domain, t.members[-1].text if t.members else "",
                         unit_ref(t.members[-1].doc_id, t.members[-1].start) if t.members else None,
                         meetings[t.members[-1].meeting_id].label if t.members and t.members[-1].meeting_id in meetings else None,
                         entries, _latest_member_timeframes(t, labelled), today, due_within, scale,
                         located=located_how.get(t.id, "")))
    for ref, entries in lost.items():
        anchors = entries[-1].anchors
        rows.append(_row(None, (), None, anchors[-1].text if anchors else "", ref, None, entries, None, today, due_within, scale,
                         lost=True, located="no thread holds its units any more: the undertaking it refers to no longer exists"))
    keep = []
    for r in rows:
        if party and party.upper() not in r.parties:
            continue
        if domain and r.domain != domain:
            continue
        if status and (r.status or "unassessed") != status:
            continue
        if (overdue or due_within is not None) and not ((overdue and r.due == "overdue") or (due_within is not None and r.due == "due_soon")):
            continue
        keep.append(r)
    return keep


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


# --- corrections ------------------------------------------------------------------------------


def correction_id(c: Correction) -> str:
    data = asdict(c) | {"correction_id": ""}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def correct(store: Store, ref: str, *, label: str, kind: str | None = None, actors: Sequence[str] | None = None,
            domain: str | None = None, mechanisms: Sequence[str] | None = None, note: str | None = None,
            by: str | None = None, now: dt.datetime | None = None) -> Correction:
    """Store a person's verdict on a unit and re-label its document with it (the person's word wins)."""
    from .parties import normalise_party

    if label not in ("commitment", "other"):
        raise BadLedgerInput(f"label {label!r} is not commitment or other")
    if label == "other" and any(x is not None for x in (kind, actors, domain, mechanisms)):
        raise BadLedgerInput("--kind, --actors, --domain and --mechanisms describe a commitment; not with --label other")
    if kind is not None and kind not in KINDS:
        raise BadLedgerInput(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if domain is not None and domain not in DOMAINS:
        raise BadLedgerInput(f"domain {domain!r} is not one of {', '.join(DOMAINS)}")
    codes = None
    if actors is not None:
        codes = tuple(normalise_party(a) or "" for a in actors)
        if not codes or "" in codes:
            raise BadLedgerInput(f"actors {', '.join(actors)!s}: each must be a party code or name (US, KR, EU, G7 …)")
    unit = _unit_of(store, ref)
    if mechanisms is not None:
        missing = [m for m in mechanisms if m.lower() not in unit.text.lower()]
        if missing:
            raise BadLedgerInput(f"mechanism {missing[0]!r} is not in the unit's words (a mechanism is named as written)")
    recorder = (by or default_recorder()).strip()
    if not recorder:
        raise BadLedgerInput("who records the correction is not empty (--by NAME)")
    draft = Correction("", anchor_of(unit), label, kind, codes, domain, tuple(mechanisms) if mechanisms is not None else None,
                       (note or "").strip() or None, recorder, now or _now())
    made = replace(draft, correction_id=correction_id(draft))
    append_correction(store.engine, made)
    relabel_document(store, unit.doc_id)
    return made


def verdicts_for(units: Sequence[Unit], corrections: Sequence[Correction]) -> dict[int, Correction]:
    """unit index → the latest correction of that unit (found by its anchor)."""
    out: dict[int, Correction] = {}
    for c in sorted(corrections, key=lambda c: c.recorded_at):
        u = find_unit(c.anchor, units)
        if u is not None:
            out[u.index] = c
    return out


def relabel_document(store: Store, doc_id: str, models=None) -> list[Commitment]:
    """Extract a stored document again, with the current model and every correction of it, and
    replace its stored labels (one transaction)."""
    doc = store.document(doc_id)
    units = store.units(doc_id)
    found = extract_commitments(doc, units, models, verdicts_for(units, load_corrections(store.engine, [doc_id])))
    replace_commitments(store.engine, doc_id, found)
    return found


def reextract(store: Store, *, on_document: Callable[[str], None] | None = None) -> int:
    """Re-extract every stored document with the current model (corrections kept); the count."""
    ids = [d.id for d in store.documents()]
    for doc_id in ids:
        relabel_document(store, doc_id)
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
                row.update(kind=stored.kind, actors=list(stored.actors), domain=stored.domain,
                           mechanisms=[v.text for v in stored.mechanisms], amounts=[v.text for v in stored.amounts],
                           timeframes=[v.text for v in stored.timeframes])
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
