"""The tracker report as one self-contained HTML page.

Every string from the data (document text, titles, names, mechanism names,
normalised values, and what people typed into the ledger: quotes, notes,
names, URLs) goes through ``esc`` before it reaches the markup; an evidence
URL becomes a link only when ``standing.web_link`` accepts it; ids are
reduced to ``[A-Za-z0-9_-]``; chart data reaches its script as escaped JSON
(see ``charts``). The page carries a Content-Security-Policy that allows no
network access at all and only the page's own scripts (by hash).
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import TYPE_CHECKING

from ..model import Commitment, Document, Meeting, Thread, WordDiff
from . import facts as F
from . import standing as S
from .anchors import Anchors, mark_text, safe_id
from .charts import DOMAIN_COLOURS, chart_block, domain_figure_json, ledger_figure_json, mechanism_figure_json, plotly_js
from .templates import CHANGE_COLOURS, CSS, PAGE, STATUS_COLOURS

if TYPE_CHECKING:
    from . import LedgerItem, ReportData

TITLE = "pledgewatch — commitments tracker report"
PLOTLY_PRELUDE = 'window.PlotlyConfig = {MathJaxConfig: "local"};'


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def badge(change: str, count: int | None = None) -> str:
    fg, bg = CHANGE_COLOURS.get(change, ("#334155", "#e2e8f0"))
    extra = f" {count}" if count is not None else ""
    return f'<span class="badge" style="color:{fg};background:{bg}">{esc(change)}{extra}</span>'


def status_badge(status: str | None) -> str:
    """A ledger status or due state ("unassessed" when there is no assessment)."""
    key = status or S.UNASSESSED
    fg, bg = STATUS_COLOURS.get(key, ("#334155", "#e2e8f0"))
    return f'<span class="badge" style="color:{fg};background:{bg}">{esc(key.replace("_", " "))}</span>'


def evidence_link(url: str | None) -> str:
    """The evidence URL as a link when it is http(s), else as text (it cannot be followed)."""
    if not url:
        return '<span class="small">no URL</span>'
    safe = S.web_link(url)
    shown = esc(url if len(url) <= 90 else url[:89] + "…")
    if safe is None:
        return f'<span class="mono small">{shown}</span> <span class="small">(not a web link)</span>'
    return f'<a class="ev" href="{esc(safe)}" rel="noopener noreferrer nofollow" referrerpolicy="no-referrer" target="_blank">{shown}</a>'


def domain_tag(domain: str | None) -> str:
    if not domain:
        return '<span class="small">—</span>'
    colour = DOMAIN_COLOURS.get(domain, "#64748b")
    return f'<span class="dom" style="background:{colour}">{esc(domain.replace("_", " "))}</span>'


def diff_html(diff: WordDiff) -> str:
    parts = []
    for op, words in diff.ops:
        w = esc(words)
        parts.append(f"<ins>{w}</ins>" if op == "insert" else f"<del>{w}</del>" if op == "delete" else w)
    return " ".join(parts)


class _Page:
    """One build: the data, the anchors handed out so far, the charts' scripts."""

    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.docs: dict[str, Document] = {d.id: d for d in data.documents}
        self.meetings: dict[str, Meeting] = {m.id: m for m in data.meetings}
        self.commitments = F.commitments_by_doc(data)
        self.anchors = Anchors(data.documents)
        self.scripts: list[str] = []
        self.ends: dict[tuple[str, int], int] = {(m.doc_id, m.start): m.end for t in data.threads for m in t.members}
        for doc_id, cs in self.commitments.items():  # commitment units get the plain ids
            for c in cs:
                self.anchors.target(doc_id, c.start, c.end, f"k-{safe_id(c.kind or 'new')}")
                self.ends[(doc_id, c.start)] = c.end

    def name(self, doc_id: str) -> str:
        doc = self.docs.get(doc_id)
        return doc.name if doc else doc_id

    def quote(self, doc_id: str, start: int, end: int, inner: str) -> str:
        """``inner`` (markup already escaped) as a link to its source words."""
        href = self.anchors.href(doc_id, start, end)
        return f'<a class="q" href="{esc(href)}">{inner}</a>' if href else f'<span class="q">{inner}</span>'

    def ref(self, doc_id: str, start: int, end: int) -> str:
        return f'<span class="mono small">{esc(self.name(doc_id))} [{start}:{end}]</span>'

    def chart(self, div_id: str, figure_json: str | None, caption: str) -> str:
        if figure_json is None:
            return ""
        markup, script = chart_block(div_id, figure_json, caption)
        self.scripts.append(script)
        return markup

    # --- sections ------------------------------------------------------------

    def meetings_section(self) -> str:
        rows = F.meeting_rows(self.data, self.commitments)
        if not rows:
            return '<p class="empty">No meetings yet.</p>'
        note = "" if self.data.meetings else '<p class="legend">Tracking has not run yet: one row per document.</p>'
        chart = self.chart("chart-domains", domain_figure_json(rows), "Commitments per meeting, stacked by domain.")
        body = []
        for r in rows:
            docs = "<br>".join(f'<a href="#doc-{safe_id(d)}">{esc(self.name(d))}</a>' if d in self.docs else esc(d) for d in r.doc_ids)
            top = " ".join(f"{domain_tag(d)}&nbsp;{n}" for d, n in r.domains.most_common(4))
            body.append(f'<tr><td class="date">{esc(F.fmt_date(r.date))}</td><td>{esc(r.title)}</td><td class="small">{docs}</td>'
                        f'<td class="num">{r.total}</td><td>{top}</td></tr>')
        table = ('<table><thead><tr><th>Date</th><th>Meeting</th><th>Documents</th><th class="num">Commitments</th>'
                 f'<th>Main domains</th></tr></thead><tbody>{"".join(body)}</tbody></table>')
        return note + chart + table

    def thread_card(self, t: Thread) -> str:
        path = " → ".join(m.change for m in t.members) + (" → dropped" if t.dropped_at else "")
        latest = t.members[-1].text
        lead = esc(latest if len(latest) <= 180 else latest[:179] + "…")
        items = []
        for m in t.members:
            inner = diff_html(m.diff) if m.diff and m.diff.ops else esc(m.text)
            items.append(
                f'<li class="ch-{safe_id(m.change)}"><div class="mhead">{badge(m.change)}'
                f"<span>{esc(F.member_label(m, self.meetings))}</span>{self.ref(m.doc_id, m.start, m.end)}</div>"
                f'<p class="quote">{self.quote(m.doc_id, m.start, m.end, inner)}</p></li>'
            )
        for mid in t.dropped_at:
            items.append(f'<li class="ch-dropped"><div class="mhead">{badge("dropped")}<span>{esc(F.meeting_label(mid, self.meetings))}'
                         "</span><span>absent from this meeting of the same parties</span></div></li>")
        opened = " open" if F.thread_has_change(t) else ""
        return (f'<details class="thread"{opened}><summary>{badge(t.status)} {domain_tag(t.domain)}'
                f'<span class="small">{esc(", ".join(t.parties))} · {len(t.members)} appearances</span>'
                f'<span class="path">{esc(path)}</span><span class="mono small">{esc(t.id)}</span>'
                f'<span class="lead">{lead}</span></summary><ol class="members">{"".join(items)}</ol></details>')

    def threads_section(self) -> str:
        threads = F.multi_member_threads(self.data.threads)
        if not threads:
            return '<p class="empty">No undertaking appears at more than one meeting yet.</p>'
        legend = ('<p class="legend">Each appearance against the one before it: <ins>inserted words</ins>, '
                  "<del>deleted words</del>. Threads whose wording changed are open; click a quote to see it in its statement.</p>")
        return legend + "".join(self.thread_card(t) for t in threads)

    def dropped_section(self) -> str:
        dropped = F.dropped_threads(self.data.threads, self.meetings)
        if not dropped:
            return '<p class="empty">No commitment has been dropped.</p>'
        out = []
        for mid, group in F.group_by_vanished(dropped):
            rows = []
            for t in group:
                last = t.members[-1]
                also = t.dropped_at[1:]
                later = f'<br><span class="small">also absent: {esc(", ".join(F.meeting_label(m, self.meetings) for m in also))}</span>' if also else ""
                rows.append(f'<tr><td class="date">{esc(F.member_label(last, self.meetings))}</td><td>{domain_tag(t.domain)}</td>'
                            f"<td>{self.quote(last.doc_id, last.start, last.end, esc(last.text))}<br>{self.ref(last.doc_id, last.start, last.end)}{later}</td></tr>")
            out.append(f"<h3>Vanished at {esc(F.meeting_label(mid, self.meetings))} {badge('dropped', len(group))}</h3>"
                       '<table><thead><tr><th>Last seen</th><th>Domain</th><th>Last wording</th></tr></thead>'
                       f'<tbody>{"".join(rows)}</tbody></table>')
        return "".join(out)

    def mechanisms_section(self) -> str:
        mechanisms = F.sorted_mechanisms(self.data.mechanisms, self.meetings)
        if not mechanisms:
            return '<p class="empty">No mechanisms in the registry yet.</p>'
        chart = self.chart("chart-mechanisms", mechanism_figure_json(mechanisms, self.meetings),
                           "Each mechanism's lifecycle: markers are events, the grey bar spans first to last.")
        rows = []
        for m in mechanisms:
            chips = []
            for e in m.events:
                href = self.anchors.href(e.doc_id, e.start, e.end)
                label = f"{F.fmt_date(F.event_date(e, self.meetings))} {e.event}"
                chips.append(f'<a class="chip" href="{esc(href)}">{esc(label)}</a>' if href else f'<span class="chip">{esc(label)}</span>')
            aliases = f'<br><span class="small">{esc(", ".join(m.aliases))}</span>' if m.aliases else ""
            rows.append(f"<tr><td><b>{esc(m.name)}</b>{aliases}</td><td>{domain_tag(m.domain)}</td>"
                        f'<td class="small">{esc(", ".join(m.parties))}</td><td>{"".join(chips)}</td></tr>')
        return chart + ('<table><thead><tr><th>Mechanism</th><th>Domain</th><th>Parties</th><th>Lifecycle (links to the words)</th>'
                        f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')

    def commitment_cell(self, c: Commitment) -> str:
        return f"{self.quote(c.doc_id, c.start, c.end, esc(c.text))}<br>{self.ref(c.doc_id, c.start, c.end)}"

    def undertaking_cell(self, item: LedgerItem) -> str:
        """The undertaking's latest words, linked to them when they are in the report."""
        src = S.source_of(item)
        end = self.ends.get(src) if src else None
        text = esc(item.text) or '<span class="small">(no words on record)</span>'
        if src is None or end is None:
            cell = f'<span class="q">{text}</span>'
        else:
            cell = f"{self.quote(src[0], src[1], end, text)}<br>{self.ref(src[0], src[1], end)}"
        if item.lost:
            cell += '<br><span class="small">the undertaking this refers to no longer exists (no thread holds its units)</span>'
        return cell

    def ledger_section(self) -> str:
        items, today = self.data.ledger, self.data.generated
        if not items:
            return f'<p class="empty">{NO_ASSESSMENTS}</p>'
        counts = S.ledger_counts(items, today)
        out = [f'<p class="legend">{esc(S.ledger_summary(counts, today))}</p>']
        if not counts.assessed and not counts.lost:
            out.append(f'<p class="empty">{NO_ASSESSMENTS}</p>')
        else:
            out.append(self.chart("chart-ledger", ledger_figure_json(S.by_domain(items), S.by_party(items)),
                                  "Undertakings by their latest status; click “unassessed” in the legend to add those never assessed."))
        out.append(f"<h3>Overdue and due within {S.DUE_SOON_DAYS} days</h3>")
        attention = S.needs_attention(items, today)
        if attention:
            rows = [f'<tr><td>{status_badge(a.state)}</td><td class="date"><b>{esc(a.item.deadline)}</b><br>'
                    f'<span class="small">“{esc(a.item.deadline_text)}”</span></td><td>{status_badge(a.item.status)}</td>'
                    f"<td>{domain_tag(a.item.domain)}</td><td class=\"small\">{esc(', '.join(a.item.parties))}</td>"
                    f"<td>{self.undertaking_cell(a.item)}</td></tr>" for a in attention]
            out.append('<table><thead><tr><th>Due</th><th>Deadline</th><th>Latest status</th><th>Domain</th><th>Parties</th>'
                       f'<th>Undertaking</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
        else:
            out.append(f'<p class="empty">Nothing is overdue or due within {S.DUE_SOON_DAYS} days.</p>')
        evidence = S.latest_evidence(items)
        if evidence:
            out.append("<h3>Latest evidence</h3>")
            rows = []
            for i in evidence:
                when = f"{i.recorded_at:%Y-%m-%d %H:%M} UTC" if i.recorded_at else ""
                quote = f'<blockquote class="evq">“{esc(i.quote)}”</blockquote>' if i.quote else ""
                note = f'<div class="note">{esc(i.note)}</div>' if i.note else ""
                rows.append(f'<tr><td>{status_badge(i.status)}<br><span class="small">{i.entries} {"entry" if i.entries == 1 else "entries"}</span></td>'
                            f'<td class="date">{esc(F.fmt_date(i.evidence_date))}</td><td>{quote}{evidence_link(i.evidence_url)}{note}</td>'
                            f'<td class="small">{esc(i.recorded_by or "—")}<br>{esc(when)}</td><td>{self.undertaking_cell(i)}</td></tr>')
            out.append('<table><thead><tr><th>Status</th><th>Evidence of</th><th>Evidence</th><th>Recorded by</th><th>Undertaking</th>'
                       f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
        return "".join(out)

    def due_section(self) -> str:
        items, undated = F.due_items(self.data, self.commitments)
        end = F.one_year_after(self.data.generated)
        out = [f'<p class="legend">Deadlines, ends of periods and open starts from {esc(self.data.generated)} to {esc(end)}, '
               f"in date order. {undated} timeframes are recurring or unresolved (no date) and are not listed.</p>"]
        if items:
            rows = [f'<tr><td class="date"><b>{esc(i.due)}</b><br><span class="small">{esc(i.how)}</span></td><td>{esc(i.written)}</td>'
                    f'<td class="nowrap">{"<br>".join(esc(F.fmt_amount(a)) for a in i.commitment.amounts) or "—"}</td>'
                    f"<td>{domain_tag(i.commitment.domain)}</td><td>{self.commitment_cell(i.commitment)}</td></tr>" for i in items]
            out.append('<table><thead><tr><th>Due</th><th>As written</th><th>Amounts</th><th>Domain</th><th>Commitment</th></tr></thead>'
                       f'<tbody>{"".join(rows)}</tbody></table>')
        else:
            out.append('<p class="empty">Nothing falls due in the next twelve months.</p>')
        amounts = F.amounts_on_record(self.data, self.commitments)
        out.append("<h3>All amounts on record</h3>")
        if amounts:
            rows = [f'<tr><td class="date">{esc(F.fmt_date(doc.date if doc else None))}</td><td class="nowrap">'
                    + "<br>".join(f'<b>{esc(F.fmt_amount(v))}</b> <span class="small">“{esc(v.text)}”</span>' for v in values)
                    + f"</td><td>{self.commitment_cell(c)}</td></tr>" for doc, c, values in amounts]
            out.append('<table><thead><tr><th>Statement date</th><th>Amounts</th><th>Commitment</th></tr></thead>'
                       f'<tbody>{"".join(rows)}</tbody></table>')
        else:
            out.append('<p class="empty">No amounts (money or counts) in the commitments.</p>')
        return "".join(out)

    def sources_section(self) -> str:
        spans = self.anchors.spans()
        out = ['<p class="legend">Each statement\'s text; commitments are highlighted '
               '(<mark class="k-new">new</mark>, <mark class="k-reaffirmed">reaffirmed</mark>); the words a link points to turn '
               '<mark class="k-target">yellow</mark>.</p>']
        for doc in self.data.documents:
            meta = " · ".join(x for x in (doc.name, F.fmt_date(doc.date), ", ".join(doc.parties), doc.doc_type.replace("_", " "),
                                          f"{len(self.commitments.get(doc.id, []))} commitments") if x)
            out.append(f'<article class="doc" id="doc-{safe_id(doc.id)}"><h3>{esc(doc.title or doc.name)}</h3>'
                       f'<p class="small">{esc(meta)}</p><div class="src">'
                       f"{mark_text(doc.text, spans.get(doc.id, []))}</div></article>")
        return "".join(out)

    # --- page ----------------------------------------------------------------

    def header(self) -> str:
        d = self.data
        n_commitments = sum(len(cs) for cs in self.commitments.values())
        due, _ = F.due_items(d, self.commitments)
        span = F.date_range(d.documents)
        sub = [f"Generated {d.generated.isoformat()}", f"{len(d.documents)} statements"]
        if span:
            sub.append(f"{span[0].isoformat()} to {span[1].isoformat()}")
        if F.all_parties(d.documents):
            sub.append("parties " + ", ".join(F.all_parties(d.documents)))
        stats = [("Documents", len(d.documents)), ("Meetings", len(d.meetings)), ("Commitments", n_commitments),
                 ("Threads", len(d.threads)), ("Mechanisms", len(d.mechanisms)), ("Due in 12 months", len(due))]
        if d.ledger:
            counts = S.ledger_counts(d.ledger, d.generated)
            stats += [("Assessed", counts.assessed), ("Overdue", counts.overdue)]
        cards = "".join(f'<div class="stat"><b>{n}</b><span>{esc(label)}</span></div>' for label, n in stats)
        statuses = "".join(badge(s, n) for s, n in F.status_counts(d.threads).items())
        return (f'<header class="top"><div class="wrap"><p class="kicker">pledgewatch · tracker report</p>'
                f'<h1>Commitments ledger</h1><p class="sub">{esc(" · ".join(sub))}</p><div class="stats">{cards}</div>'
                f'<div class="statusline"><span class="lbl">Threads by latest change:</span>{statuses}</div></div></header>')

    def body(self) -> str:
        sections = [
            ("meetings", "Meetings and domains", "How many commitments each meeting made, by domain.", self.meetings_section),
            ("threads", "Thread evolution", "Undertakings seen at more than one meeting, and how their wording changed.", self.threads_section),
            ("dropped", "Dropped commitments", "Undertakings absent from a later meeting of the same parties.", self.dropped_section),
            ("mechanisms", "Mechanism timelines", "Bodies, dialogues and agreements: when each was proposed, set up, convened …", self.mechanisms_section),
            ("due", "Due in the next 12 months", "Amounts and deadlines coming up.", self.due_section),
            ("ledger", "Where undertakings stand", "The ledger: each undertaking's latest assessment, its evidence, and the "
             "deadlines passed or near.", self.ledger_section),
            ("sources", "Appendix: source texts", "Every quote above links to its words here.", self.sources_section),
        ]
        rendered = [(key, title, lede, fn()) for key, title, lede, fn in sections]  # sources last: it needs every anchor
        toc = "".join(f'<li><a href="#{key}">{esc(title)}</a></li>' for key, title, _, _ in rendered)
        parts = "".join(f'<section class="card" id="{key}"><h2>{esc(title)}</h2><p class="lede">{esc(lede)}</p>{html_}</section>'
                        for key, title, lede, html_ in rendered)
        return f'{self.header()}<nav class="toc"><ol>{toc}</ol></nav><main class="wrap">{parts}</main>{FOOTER}'


NO_ASSESSMENTS = ('No assessments recorded yet. Record one with <code>pledgewatch status REF --set in_progress '
                  '--date YYYY-MM-DD --evidence URL --quote "…"</code>.')
FOOTER = '<footer>Made by pledgewatch. This file works offline: it loads nothing from the network.</footer>'

EMPTY = ('<header class="top"><div class="wrap"><p class="kicker">pledgewatch · tracker report</p><h1>Commitments ledger</h1>'
         '<p class="sub">Generated {date}</p></div></header><main class="wrap"><section class="card hello"><h2>Nothing to report yet</h2>'
         "<p>The database holds no statements. Ingest some, then write the report again:</p>"
         "<pre>pledgewatch ingest statements/\npledgewatch report</pre>"
         "<p>Meetings, threads, dropped commitments, mechanisms and upcoming deadlines will appear here.</p></section></main>" + FOOTER)


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'" for s in scripts)
    return ("default-src 'none'; " + (f"script-src {hashes}; " if scripts else "script-src 'none'; ")
            + "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'")


def build_html(data: ReportData) -> str:
    if not data.documents:
        body, scripts = EMPTY.format(date=esc(data.generated.isoformat())), []
    else:
        page = _Page(data)
        body = page.body()
        scripts = [PLOTLY_PRELUDE, plotly_js(), *page.scripts] if page.scripts else []
    return PAGE.format(csp=esc(_csp(scripts)), title=esc(TITLE), css=CSS, body=body,
                       scripts="\n".join(f"<script>{s}</script>" for s in scripts))
