"""The plain data types that flow through pledgewatch.

Everything here is a frozen dataclass with no I/O. ``Document.text`` is fixed
at ingest; every later record (units, values, mechanisms, commitments) points
into it with half-open character offsets, so ``doc.text[x.start:x.end]`` is
always the exact words the record was derived from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

DOC_TYPES = (
    "joint_statement",
    "fact_sheet",
    "declaration",
    "communique",
    "press_statement",
    "other",
)

DOMAINS = (
    "defense",
    "dprk",
    "nuclear_energy",
    "economic_security",
    "technology",
    "cyber",
    "space",
    "climate_energy",
    "health",
    "alliance",
    "regional",
    "democracy",
    "people",
)

KINDS = ("new", "reaffirmed")
LABELS = ("commitment", "other", "borderline")
CHANGES = ("new", "reiterated", "strengthened", "weakened", "dropped")


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character offsets ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}:{self.end}")

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Provenance:
    """Where a metadata value came from and how sure we are of it.

    ``source`` is one of ``front_matter``, ``html_meta``, ``url``,
    ``dateline``, ``text``, ``title``, ``file_name``, ``pdf_meta``,
    ``default``; ``confidence`` is 0–1; ``evidence`` quotes what was read.
    """

    source: str
    confidence: float
    evidence: str = ""


@dataclass(frozen=True)
class Source:
    """One file (or page) a document was read from."""

    name: str  # the file name as given, e.g. ``003_a9605a6f17e006e0.txt``
    path: str  # the path as given on the command line (or a URL)
    format: str  # text | markdown | html | pdf
    encoding: str
    sha256: str  # of the raw bytes
    size: int
    url: str | None = None  # the page's own URL when the file names one


@dataclass(frozen=True)
class Block:
    """A structural piece of the body found at ingest: heading, paragraph or bullet."""

    kind: str  # heading | paragraph | bullet
    start: int
    end: int


NO_DATE = "no_date"  # DocumentWarning.code: no statement date was found
NOT_ENGLISH = "not_english"  # DocumentWarning.code: the text is not English; no commitments are extracted


class DocumentWarning(str):
    """A warning about a document: its words, plus a stable ``code`` that code acts on.

    A ``str``, so that everything that prints, compares or serialises
    warnings keeps working; ``code`` is None for a warning nothing acts on.
    """

    code: str | None

    def __new__(cls, text: str, code: str | None = None) -> DocumentWarning:
        warning = super().__new__(cls, text)
        warning.code = code
        return warning


@dataclass(frozen=True)
class Document:
    """A statement: its normalised body text plus metadata with provenance."""

    id: str  # first 16 hex digits of sha256(text)
    text: str
    sha256: str
    title: str | None
    date: dt.date | None
    doc_type: str
    parties: tuple[str, ...]
    source_url: str | None
    blocks: tuple[Block, ...]
    sources: tuple[Source, ...]
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False)
    tags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # a DocumentWarning when it has a code

    @property
    def name(self) -> str:
        """The first source's file name: how a user refers to the document."""
        return self.sources[0].name if self.sources else self.id


@dataclass(frozen=True)
class Unit:
    """A sentence or bullet item of a document's body (see the annotation guide)."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    kind: str  # sentence | bullet | lead_in
    section: str | None = None
    lead_in: int | None = None  # index of the lead-in unit a bullet hangs from

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True)
class Value:
    """An amount, a timeframe or a mechanism mention inside a unit.

    Offsets are into ``Document.text`` (not into the unit).
    ``normalised`` holds the machine-readable reading (see ``extract.values``);
    it is empty when the words could not be resolved, and says so.
    """

    kind: str  # amount | timeframe | mechanism
    start: int
    end: int
    text: str
    normalised: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}-{self.version}"


@dataclass(frozen=True)
class Commitment:
    """One unit labelled by the extractor, with its attributes and evidence.

    ``label`` is ``commitment`` or ``other``; the attributes are filled only
    for commitments. ``confidence`` is the calibrated probability that the
    label is right (``p_commitment`` for a commitment, one minus it otherwise).
    """

    doc_id: str
    unit: Unit
    label: str
    kind: str | None
    actors: tuple[str, ...]
    domain: str | None
    mechanisms: tuple[Value, ...]
    amounts: tuple[Value, ...]
    timeframes: tuple[Value, ...]
    confidence: float
    extractor: Extractor
    why: tuple[str, ...]

    @property
    def is_commitment(self) -> bool:
        return self.label == "commitment"

    @property
    def p_commitment(self) -> float:
        """The calibrated probability that the unit is a commitment, whatever its label."""
        return self.confidence if self.is_commitment else round(1 - self.confidence, 3)

    @property
    def text(self) -> str:
        return self.unit.text

    @property
    def start(self) -> int:
        return self.unit.start

    @property
    def end(self) -> int:
        return self.unit.end


def value_fields(text: str, start: int, end: int, normalised: dict[str, Any]) -> dict[str, Any]:
    """A value as one flat record: its words and character offsets, then its normalised reading.

    A reading's own ``start``/``end`` (a period's dates) become
    ``period_start``/``period_end``: they must never hide the offsets.
    """
    record: dict[str, Any] = {"text": text, "start": start, "end": end}
    for key, value in normalised.items():
        record[f"period_{key}" if key in ("start", "end", "text") else key] = value
    return record


# --- tracking across statements -------------------------------------------------

MECHANISM_EVENTS = ("proposed", "agreed", "established", "reactivated", "convened", "strengthened", "referenced")


@dataclass(frozen=True)
class Meeting:
    """Documents issued for one meeting of the same parties (a statement and its fact sheet …).

    ``date`` orders meetings; ``order_why`` says how it was decided when dates
    are missing or equal.
    """

    id: str
    date: dt.date | None
    parties: tuple[str, ...]
    doc_ids: tuple[str, ...]
    label: str = ""
    order_why: str = ""


@dataclass(frozen=True)
class WordDiff:
    """Word-level difference between two units: ``ops`` are (op, words) with op in equal/insert/delete."""

    ops: tuple[tuple[str, str], ...]

    @property
    def added(self) -> list[str]:
        return [w for op, w in self.ops if op == "insert"]

    @property
    def removed(self) -> list[str]:
        return [w for op, w in self.ops if op == "delete"]


@dataclass(frozen=True)
class ThreadMember:
    """One appearance of an undertaking; ``change`` is relative to the previous meeting of the same parties."""

    doc_id: str
    meeting_id: str
    unit_index: int
    start: int
    end: int
    text: str
    change: str  # new | reiterated | strengthened | weakened
    previous: tuple[str, int] | None = None  # (doc_id, unit_index) of the appearance compared with
    diff: WordDiff | None = None
    why: tuple[str, ...] = ()
    score: float = 0.0  # link score to the previous appearance


@dataclass(frozen=True)
class Thread:
    """The same undertaking across meetings. ``dropped_at`` names meetings of the same
    parties, after the last appearance, where it is absent."""

    id: str
    members: tuple[ThreadMember, ...]
    parties: tuple[str, ...]
    domain: str | None
    dropped_at: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """The thread's latest change: dropped when absent from a later meeting of its parties."""
        if self.dropped_at:
            return "dropped"
        return self.members[-1].change if self.members else "new"


@dataclass(frozen=True)
class MechanismEvent:
    meeting_id: str
    date: dt.date | None
    event: str  # one of MECHANISM_EVENTS
    doc_id: str
    unit_index: int
    start: int  # the mention's words in the document
    end: int
    text: str  # the unit's text (evidence)


@dataclass(frozen=True)
class Mechanism:
    """One registry entry: a body, dialogue, agreement … with its aliases and dated lifecycle."""

    id: str
    name: str
    aliases: tuple[str, ...]
    parties: tuple[str, ...]
    domain: str | None
    events: tuple[MechanismEvent, ...]


# --- the ledger: what people record about the undertakings ------------------------

# Implementation statuses an analyst can record (issue 10).
STATUSES = ("not_started", "in_progress", "partially_achieved", "achieved", "stalled", "abandoned", "superseded")


@dataclass(frozen=True)
class UnitAnchor:
    """Where a ledger entry or a correction points: one unit, by its document, offsets and words.

    Document texts never change after ingest, so (doc_id, start) finds the
    unit again after re-extraction and re-tracking; the words find it if a
    later segmenter cuts the document differently.
    """

    doc_id: str
    start: int
    end: int
    text: str

    @property
    def ref(self) -> str:
        return unit_ref(self.doc_id, self.start)


def unit_ref(doc_id: str, start: int) -> str:
    """A unit's reference as commands print and accept it: ``<document id>:<start offset>``."""
    return f"{doc_id}:{start}"


@dataclass(frozen=True)
class LedgerEntry:
    """One append-only entry of the ledger: an assessment of an undertaking, or the retraction of one.

    ``target`` is ``commitment`` (one appearance) or ``thread`` (the
    undertaking across meetings); ``ref`` is what was named when it was
    recorded (a unit ref or a thread id); ``anchors`` are the units the
    undertaking was made of then, so it is found again when thread ids change.
    ``entry_id`` is the SHA-256 of everything else (``ledger.entry_id``).
    """

    entry_id: str
    target: str  # commitment | thread
    ref: str
    anchors: tuple[UnitAnchor, ...]
    action: str  # assess | retract
    status: str | None  # one of STATUSES for an assessment
    evidence_date: dt.date | None
    evidence_url: str | None
    quote: str | None
    note: str | None
    superseded_by: str | None  # for `superseded`: the later undertaking (a unit ref or thread id)
    retracts: str | None  # for a retraction: the entry_id it takes back
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class Correction:
    """A person's verdict on a unit, kept forever and preferred to the model's by every reader.

    Fields left ``None`` keep what the extractor found (for a unit the model
    labelled ``other``, what it would have found). ``mechanisms`` are names.
    """

    correction_id: str
    anchor: UnitAnchor
    label: str  # commitment | other
    kind: str | None
    actors: tuple[str, ...] | None
    domain: str | None
    mechanisms: tuple[str, ...] | None
    note: str | None
    recorded_by: str
    recorded_at: dt.datetime
