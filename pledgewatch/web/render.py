"""Rendering: the Jinja2 environment (autoescaping everything), a page or its JSON twin from
the same data, a document's text cut at its commitments' exact characters, and the two small
charts drawn as SVG on the server (no script needed to see them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..browse import Count, Mark
from ..model import Mechanism
from .security import Visitor, wants_json

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# autoescape=True for every template: statements, notes and quotes are untrusted text. The
# templates are the installed package's: never looked at again for changes (auto_reload stat()s
# every template of every page).
env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                  auto_reload=False)


def _label(value: Any) -> str:
    return "" if value is None else str(value).replace("_", " ")


env.filters["label"] = _label
env.filters["short"] = lambda s, n=16: s if s is None or len(s) <= n else s[:n] + "…"


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (pagination, filters)."""
    params = dict(request.query_params)
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    return request.url.path + ("?" + urlencode(params) if params else "")


def as_json(data: Any, status: int = 200) -> Response:
    return JSONResponse(jsonable_encoder(data), status_code=status)


def render(request: Request, template: str, data: Any, *, visitor: Visitor, title: str, status: int = 200,
           extra: dict[str, Any] | None = None) -> Response:
    """The page as HTML, or ``data`` as JSON for ``.json`` and ``Accept: application/json``."""
    if wants_json(request):
        return as_json(data, status)
    context = {"request": request, "data": data, "me": visitor.account, "csrf": visitor.csrf, "title": title,
               "page_url": lambda **kw: page_url(request, **kw), "path": request.url.path, **(extra or {})}
    return HTMLResponse(env.get_template(template).render(context), status_code=status)


def render_error(request: Request, status: int, message: str, visitor: Visitor | None = None) -> Response:
    """An error page (or JSON) saying what went wrong: never a stack trace or SQL."""
    if wants_json(request) or request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
        return JSONResponse({"detail": message}, status_code=status)
    context = {"request": request, "me": visitor.account if visitor else None, "csrf": visitor.csrf if visitor else "",
               "title": f"Error {status}", "status": status, "message": message, "path": request.url.path}
    return HTMLResponse(env.get_template("error.html").render(context), status_code=status)


# --- a document's text with its commitments marked ------------------------------------------


@dataclass(frozen=True)
class Piece:
    text: str
    mark: Mark | None


def pieces(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """The text cut at every mark's start and end: each piece is plain text or exactly one
    commitment's characters (``text[mark.start:mark.end]``)."""
    out: list[Piece] = []
    at = 0
    for m in sorted(marks, key=lambda m: m.start):
        if m.start < at:  # overlapping marks cannot happen (units do not overlap); keep the first
            continue
        if m.start > at:
            out.append(Piece(text[at:m.start], None))
        out.append(Piece(text[m.start:m.end], m))
        at = m.end
    if at < len(text):
        out.append(Piece(text[at:], None))
    return out


# --- charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    count: int
    width: float  # percent of the widest
    y: int


def bars(counts: Sequence[Count], height: int = 22) -> list[Bar]:
    top = max((c.count for c in counts), default=0) or 1
    return [Bar(c.key, c.label, c.count, round(100 * c.count / top, 1), i * height) for i, c in enumerate(counts)]


@dataclass(frozen=True)
class TimelinePoint:
    x: float  # percent across
    date: dt.date | None
    event: str
    meeting: str
    doc_id: str
    start: int
    text: str


def timeline(mechanism: Mechanism) -> list[TimelinePoint]:
    """A mechanism's events placed along its dates (undated events at the end, in order)."""
    dated = [e.date for e in mechanism.events if e.date]
    lo, hi = (min(dated), max(dated)) if dated else (None, None)
    span = (hi - lo).days if lo and hi else 0
    points = []
    n = len(mechanism.events)
    for i, e in enumerate(mechanism.events):
        if e.date and lo and span:
            x = 5 + 90 * (e.date - lo).days / span
        else:
            x = 5 + 90 * (i / (n - 1) if n > 1 else 0.5)
        points.append(TimelinePoint(round(x, 2), e.date, e.event, e.meeting_id, e.doc_id, e.start, e.text))
    return points


env.globals.update(pieces=pieces, bars=bars, timeline=timeline)
