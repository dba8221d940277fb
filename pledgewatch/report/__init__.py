"""The tracker report: meetings and domains, thread evolution, dropped commitments,
mechanism timelines, what falls due in the next twelve months, where each
undertaking stands in the ledger, and the source texts every quote links back to.

``build_html`` writes one self-contained page (plotly.js inlined, no network);
``build_markdown`` the same sections as tables and lists, without charts.
Text from statements and from people (ledger quotes, notes, URLs) is untrusted:
both renderers escape it, and an evidence URL is a link only when it is http(s).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model import Commitment, Document, Mechanism, Meeting, Thread

__all__ = ["FORMATS", "LedgerItem", "ReportData", "build_html", "build_markdown", "write_report"]

FORMATS = {"html": "html", "md": "md", "markdown": "md"}


@dataclass(frozen=True)
class LedgerItem:
    """One undertaking as the ledger sees it: ``assessments.LedgerRow``'s fields the report
    shows, with the latest entry's note and time (the report may not import the library above it)."""

    thread_id: str | None
    parties: tuple[str, ...]
    domain: str | None
    text: str  # its latest appearance
    ref: str | None  # "<doc id>:<start>" of that appearance
    status: str | None  # the latest assessment's; None when never assessed
    evidence_date: dt.date | None = None
    evidence_url: str | None = None  # typed by a person: escaped, and a link only when http(s)
    quote: str | None = None
    note: str | None = None
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None
    deadline: dt.date | None = None
    deadline_text: str | None = None  # the timeframe's words
    deadline_note: str | None = None  # why it does not resolve
    due: str = "no_deadline"  # ledger.DUE_STATES, on the day the rows were read
    entries: int = 0
    lost: bool = False  # its entries' undertaking no longer exists


@dataclass(frozen=True)
class ReportData:
    generated: dt.date  # "today": the due-soon window starts here
    documents: list[Document]
    commitments: dict[str, list[Commitment]]  # doc id → labelled units (only commitments are shown)
    meetings: list[Meeting]
    threads: list[Thread]
    mechanisms: list[Mechanism]
    ledger: tuple[LedgerItem, ...] = ()  # every undertaking (assessed or not); empty: the ledger was not read


def build_html(data: ReportData) -> str:
    from .html import build_html as build

    return build(data)


def build_markdown(data: ReportData) -> str:
    from .markdown import build_markdown as build

    return build(data)


def write_report(data: ReportData, path: Path, fmt: str = "html") -> Path:
    """Write the report (``html``, or ``md``/``markdown``) to ``path`` and return it."""
    kind = FORMATS.get(fmt.lower())
    if kind is None:
        raise ValueError(f"unknown report format {fmt!r}: use html or md")
    text = build_html(data) if kind == "html" else build_markdown(data)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:  # as built: the page's script hashes stay valid
        f.write(text)
    return path
