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
    warnings: tuple[str, ...] = ()

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
    for commitments.
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
    def text(self) -> str:
        return self.unit.text

    @property
    def start(self) -> int:
        return self.unit.start

    @property
    def end(self) -> int:
        return self.unit.end
