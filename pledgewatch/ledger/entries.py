"""Ledger entries: making one (validated, hashed) and reading a list of them (retractions, standing).

Plain functions over ``model.LedgerEntry``; nothing here reads or writes a
database. The ledger is append-only: an assessment is never edited, a
mistaken one is taken back by a later ``retract`` entry, and a retraction
can itself be retracted (the assessment then counts again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace

from ..errors import BadLedgerInput
from ..model import STATUSES, LedgerEntry, UnitAnchor

ACTIONS = ("assess", "retract")
TARGETS = ("commitment", "thread")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
# What a person types is kept as typed, but bounded: a quote is words from a source, not a document.
MAX_QUOTE = 2000
MAX_NOTE = 4000
MAX_NAME = 200
MAX_URL = 2000


def _canonical(entry: LedgerEntry) -> str:
    data = asdict(replace(entry, entry_id=""))
    return json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)


def entry_id(entry: LedgerEntry) -> str:
    """The SHA-256 of the entry's content (every field but the id): what it says, about what, by whom, when."""
    return hashlib.sha256(_canonical(entry).encode("utf-8")).hexdigest()


def clean_text(text: str | None, limit: int, what: str) -> str | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise BadLedgerInput(f"the {what} is text")
    # control characters would reach a terminal; the words themselves are kept (and escaped wherever shown)
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text).strip()
    if len(cleaned) > limit:
        raise BadLedgerInput(f"the {what} is {len(cleaned):,} characters long; at most {limit:,} are kept")
    return cleaned or None


def utc(moment: dt.datetime) -> dt.datetime:
    """A moment in UTC (a naive one is taken to be UTC already): what is stored and hashed, so an
    entry read back from any database hashes to its id."""
    if not isinstance(moment, dt.datetime):
        raise BadLedgerInput("when an entry is recorded is a date and time")
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


def new_assessment(
    *, target: str, ref: str, anchors: Sequence[UnitAnchor], status: str, evidence_date: dt.date, evidence_url: str,
    quote: str, note: str | None, superseded_by: str | None, recorded_by: str, recorded_at: dt.datetime, today: dt.date,
) -> LedgerEntry:
    """A checked assessment: a status of the vocabulary, a past or present evidence date, an
    http(s) evidence URL, a quote that is not empty (``BadLedgerInput``, PW601, otherwise)."""
    if status not in STATUSES:
        raise BadLedgerInput(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if isinstance(evidence_date, dt.datetime):  # a date and time: the evidence is about its day
        evidence_date = evidence_date.date()
    if not isinstance(evidence_date, dt.date):
        raise BadLedgerInput("the evidence date must be a date (YYYY-MM-DD)")
    if evidence_date > today:
        raise BadLedgerInput(f"the evidence date {evidence_date.isoformat()} lies in the future (today is {today.isoformat()})")
    url = (evidence_url or "").strip() if isinstance(evidence_url, str) or evidence_url is None else ""
    if not _URL.match(url) or not url.isprintable() or len(url) > MAX_URL:
        raise BadLedgerInput(f"the evidence URL {url[:200]!r} is not an http(s) URL")
    quoted = clean_text(quote, MAX_QUOTE, "quote")
    if not quoted:
        raise BadLedgerInput("the quote is empty: give the words of the evidence that show the status")
    replacement = (superseded_by or "").strip() or None
    if status == "superseded" and not replacement:
        raise BadLedgerInput("a superseded undertaking names the one that replaced it (--superseded-by REF)")
    if status != "superseded" and replacement:
        raise BadLedgerInput("--superseded-by goes only with --set superseded")
    if replacement and replacement == ref:
        raise BadLedgerInput("an undertaking is not superseded by itself (--superseded-by names the later one)")
    return _finish(LedgerEntry(
        "", target, ref, tuple(anchors), "assess", status, evidence_date, url, quoted, clean_text(note, MAX_NOTE, "note"),
        replacement, None, _recorder(recorded_by), utc(recorded_at),
    ))


def new_retraction(*, target: LedgerEntry, note: str | None, recorded_by: str, recorded_at: dt.datetime) -> LedgerEntry:
    """An entry that takes ``target`` back; the reason is required (the history must say why)."""
    reason = clean_text(note, MAX_NOTE, "note")
    if not reason:
        raise BadLedgerInput("a retraction says why (--note)")
    return _finish(LedgerEntry(
        "", target.target, target.ref, target.anchors, "retract", None, None, None, None, reason, None, target.entry_id,
        _recorder(recorded_by), utc(recorded_at),
    ))


def _recorder(name: str) -> str:
    cleaned = clean_text(name, MAX_NAME, "name")
    if not cleaned:
        raise BadLedgerInput("who records the entry is not empty (--by NAME)")
    return cleaned


def _finish(entry: LedgerEntry) -> LedgerEntry:
    return replace(entry, entry_id=entry_id(entry))


def in_order(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """Entries in the order they were recorded (ties: by id, so the order never depends on storage)."""
    return sorted(entries, key=lambda e: (e.recorded_at, e.entry_id))


def retracted_ids(entries: Iterable[LedgerEntry]) -> set[str]:
    """Ids of the entries that stand retracted.

    An entry is retracted when a retraction of it stands; a retraction stands
    unless it is retracted in turn (so retracting a retraction gives its
    target back). Settled by following the chain of retractions, not the
    clock: two machines' clocks may disagree about which came first. The chain
    has no loops (a retraction's id hashes the id it takes back).
    """
    retractors: dict[str, list[str]] = {}
    for e in entries:
        if e.action == "retract" and e.retracts:
            retractors.setdefault(e.retracts, []).append(e.entry_id)
    active: dict[str, bool] = {}

    def settle(start: str) -> None:
        stack, waiting = [start], {start}
        while stack:
            top = stack[-1]
            # a loop could only come from rows written around this code: it settles nothing, and ends
            pending = [r for r in retractors.get(top, ()) if r not in active and r not in waiting]
            if pending:
                stack.extend(pending)
                waiting.update(pending)
                continue
            stack.pop()
            active[top] = not any(active.get(r, False) for r in retractors.get(top, ()))

    for target in retractors:
        if target not in active:
            settle(target)
    return {i for i, on in active.items() if not on}


def assessments(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """The assessments that stand (not retracted), in the order they were recorded."""
    entries = list(entries)
    gone = retracted_ids(entries)
    return [e for e in in_order(entries) if e.action == "assess" and e.entry_id not in gone]


@dataclass(frozen=True)
class Standing:
    """Where an undertaking stands: its latest assessment (None when never assessed)."""

    latest: LedgerEntry | None

    @property
    def status(self) -> str | None:
        return self.latest.status if self.latest else None

    @property
    def achieved(self) -> bool:
        """The latest assessment says achieved (a later one about later evidence, e.g. a reversal, overrides it)."""
        return self.status == "achieved"


def standing(entries: Iterable[LedgerEntry]) -> Standing:
    """The assessment about the latest evidence wins (ties: the one recorded last): evidence of
    March recorded in May does not override evidence of April recorded in April."""
    kept = assessments(entries)
    return Standing(max(kept, key=lambda e: (e.evidence_date, e.recorded_at, e.entry_id), default=None))
