"""The tracker report: meetings and domains, thread evolution, dropped commitments,
mechanism timelines, what falls due in the next twelve months, and the source
texts every quote links back to.

``build_html`` writes one self-contained page (plotly.js inlined, no network);
``build_markdown`` the same sections as tables and lists, without charts.
Text from statements is untrusted: both renderers escape it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model import Commitment, Document, Mechanism, Meeting, Thread

__all__ = ["FORMATS", "ReportData", "build_html", "build_markdown", "write_report"]

FORMATS = {"html": "html", "md": "md", "markdown": "md"}


@dataclass(frozen=True)
class ReportData:
    generated: dt.date  # "today": the due-soon window starts here
    documents: list[Document]
    commitments: dict[str, list[Commitment]]  # doc id → labelled units (only commitments are shown)
    meetings: list[Meeting]
    threads: list[Thread]
    mechanisms: list[Mechanism]


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
