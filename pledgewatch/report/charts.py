"""The report's charts, drawn by plotly.js inlined in the page.

Figures are built with plotly's graph objects and written as a JSON literal
inside an inline ``<script>``. Every label that comes from the data is
HTML-escaped first (plotly renders a subset of HTML in labels and decodes
``&lt;``, ``&gt;``, ``&amp;``), and ``<``, ``>`` and ``&`` in the JSON are written as ``\\u003c`` …
escapes, so no string from the data can close the script element.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import defaultdict

from ..model import MECHANISM_EVENTS, Mechanism, Meeting
from .facts import MeetingRow, domains_present, event_date, fmt_date
from .standing import UNASSESSED, StatusRow, statuses_present
from .templates import STATUS_COLOURS

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
DOMAIN_COLOURS = {
    "defense": "#1f4e79", "dprk": "#b91c1c", "nuclear_energy": "#7c3aed", "economic_security": "#0f766e",
    "technology": "#2563eb", "cyber": "#0891b2", "space": "#4338ca", "climate_energy": "#16a34a",
    "health": "#db2777", "alliance": "#475569", "regional": "#ca8a04", "democracy": "#9333ea", "people": "#ea580c",
}
EVENT_STYLE = {  # marker colour and symbol per lifecycle event
    "proposed": ("#94a3b8", "circle-open"), "agreed": ("#2563eb", "diamond"), "established": ("#16a34a", "star"),
    "reactivated": ("#7c3aed", "triangle-up"), "convened": ("#0891b2", "circle"),
    "strengthened": ("#15803d", "triangle-up"), "referenced": ("#64748b", "circle"),
}
CONFIG = {"displaylogo": False, "responsive": True, "showLink": False, "showSendToCloud": False,
          "showEditInChartStudio": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (no network)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def script_json(value: object) -> str:
    """JSON safe inside an inline script: no ``</script>``, no ``<!--``, no entity games."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _label(text: str) -> str:
    """Plotly reads labels as a little HTML (tags like <b>, <a href>) and decodes
    &amp; &lt; &gt; (not &quot;): escaping those three leaves no tag to read."""
    return html.escape(text, quote=False)


def _layout(fig, height: int, **extra) -> None:  # noqa: ANN001 (plotly Figure)
    fig.update_layout(
        template="plotly_white", height=height, font={"family": FONT, "size": 12, "color": "#1e293b"},
        margin={"l": 10, "r": 10, "t": 34, "b": 10}, paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="#ffffff",
        legend={"orientation": "v", "yanchor": "top", "y": 1, "x": 1.01, "font": {"size": 11}}, hoverlabel={"font": {"family": FONT}}, **extra,
    )


def domain_figure_json(rows: list[MeetingRow]) -> str | None:
    """Stacked bars: commitments per meeting, coloured by domain."""
    if not any(r.total for r in rows):
        return None
    import plotly.graph_objects as go

    fig = go.Figure()
    labels = [_label(r.label) for r in rows]
    for domain in domains_present(rows):
        fig.add_bar(
            name=_label(domain.replace("_", " ")), x=labels, y=[r.domains.get(domain, 0) for r in rows],
            marker_color=DOMAIN_COLOURS.get(domain, "#94a3b8"),
            hovertemplate="%{x}<br>" + _label(domain.replace("_", " ")) + ": %{y}<extra></extra>",
        )
    _layout(fig, 380, barmode="stack", bargap=0.35, yaxis_title="commitments", xaxis={"type": "category", "automargin": True})
    return fig.to_json()


def mechanism_figure_json(mechanisms: list[Mechanism], meetings: dict[str, Meeting]) -> str | None:
    """Mechanisms × dates: a grey line from first to last event, one marker per event."""
    import plotly.graph_objects as go

    rows: list[tuple[str, list[tuple[dt.date, str, str]]]] = []
    used: set[str] = set()
    for m in mechanisms:
        events = [(d, e.event, e.meeting_id) for e in m.events if (d := event_date(e, meetings))]
        if not events:
            continue
        name = m.name if len(m.name) <= 60 else m.name[:59] + "…"
        while name in used:  # categories must be unique
            name += " "
        used.add(name)
        rows.append((_label(name), sorted(events)))
    if not rows:
        return None
    fig = go.Figure()
    for name, events in rows:
        dates = [d for d, _, _ in events]
        fig.add_scatter(x=[min(dates), max(dates)], y=[name, name], mode="lines", line={"color": "#cbd5e1", "width": 3},
                        hoverinfo="skip", showlegend=False)
    by_event: dict[str, list[tuple[str, dt.date, str]]] = defaultdict(list)
    for name, events in rows:
        for d, event, meeting in events:
            by_event[event].append((name, d, meeting))
    for event in [*MECHANISM_EVENTS, *sorted(set(by_event) - set(MECHANISM_EVENTS))]:
        points = by_event.get(event)
        if not points:
            continue
        colour, symbol = EVENT_STYLE.get(event, ("#334155", "circle"))
        fig.add_scatter(
            x=[d for _, d, _ in points], y=[n for n, _, _ in points], mode="markers", name=_label(event),
            marker={"color": colour, "symbol": symbol, "size": 13, "line": {"width": 1, "color": "#ffffff"}},
            customdata=[_label(f"{fmt_date(d)} · {mid}") for _, d, mid in points],
            hovertemplate="<b>%{y}</b><br>" + _label(event) + " — %{customdata}<extra></extra>",
        )
    _layout(fig, 110 + 30 * len(rows), xaxis={"type": "date", "automargin": True},
            yaxis={"type": "category", "automargin": True, "autorange": "reversed", "categoryorder": "array",
                   "categoryarray": [n for n, _ in rows]})
    return fig.to_json()


def ledger_figure_json(domains: list[StatusRow], parties: list[StatusRow]) -> str | None:
    """Two panels of horizontal stacked bars, undertakings by domain and by party, one colour per
    latest status; those never assessed are in the legend but hidden until clicked (they outnumber the rest)."""
    assessed = [s for s in statuses_present(domains + parties) if s != UNASSESSED]
    if not assessed:
        return None
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, subplot_titles=("By domain", "By party"), horizontal_spacing=0.16)
    for status in [*assessed, *([UNASSESSED] if UNASSESSED in statuses_present(domains) else [])]:
        name = _label(status.replace("_", " "))
        colour = STATUS_COLOURS.get(status, ("#334155", ""))[0]
        for col, rows in ((1, domains), (2, parties)):
            fig.add_bar(
                name=name, legendgroup=status, showlegend=col == 1, orientation="h", marker_color=colour,
                x=[r.counts.get(status, 0) for r in rows], y=[_label(r.label.replace("_", " ")) for r in rows],
                visible="legendonly" if status == UNASSESSED else True,
                hovertemplate="%{y}<br>" + name + ": %{x}<extra></extra>", row=1, col=col,
            )
    height = 120 + 26 * max(len(domains), len(parties))
    _layout(fig, height, barmode="stack", bargap=0.3)
    fig.update_yaxes(type="category", automargin=True, autorange="reversed")
    fig.update_xaxes(title_text="undertakings", rangemode="tozero")
    return fig.to_json()


def chart_block(div_id: str, figure_json: str, caption: str) -> tuple[str, str]:
    """The chart's ``<figure>`` and its inline script (kept apart: the page hashes its scripts)."""
    markup = f'<figure class="chart"><div id="{div_id}" class="plot"></div><figcaption>{html.escape(caption)}</figcaption></figure>'
    script = (f"(function(){{var f={script_json(figure_json)};"
              f"Plotly.newPlot({json.dumps(div_id)},f.data,f.layout,{json.dumps(CONFIG)});}})();")
    return markup, script
