"""The tracker report as Markdown: the HTML report's sections as tables and lists.

No charts (the per-meeting counts are a table). Quotes cite their source as
``name`` [start:end] offsets into the stored text. Text from the data is
escaped for Markdown and HTML alike (a renderer that passes HTML through
must not meet a live tag); an evidence URL is a link only when it is http(s),
with every character that could end the link destination percent-encoded.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote as url_quote

from ..model import Document, Meeting, Thread, WordDiff
from . import facts as F
from . import standing as S

if TYPE_CHECKING:
    from . import LedgerItem, ReportData

TITLE = "pledgewatch — commitments tracker report"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
_URL_KEEP = ":/?#@!$&'*+,;=%~-._"  # the URL's own punctuation; everything else is %-encoded


def md(value: object) -> str:
    """Inline text: one line, HTML-escaped, Markdown punctuation backslashed."""
    text = " ".join(str("" if value is None else value).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def dom(domain: str | None) -> str:
    return md(domain.replace("_", " ")) if domain else "—"


def code(value: object) -> str:
    return "`" + " ".join(str(value).replace("`", "'").replace("|", "\\|").split()) + "`"


def table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def link(url: str | None) -> str:
    """An http(s) evidence URL as a Markdown link; anything else as text."""
    if not url:
        return "—"
    shown = md(url if len(url) <= 90 else url[:89] + "…")
    safe = S.web_link(url)
    if safe is None:
        return f"{shown} (not a web link)"
    # nothing in the destination may close it or the table: ( ) [ ] < > | ` and spaces are %-encoded
    return f"[{shown}]({url_quote(safe, safe=_URL_KEEP)})"


def status_word(status: str | None) -> str:
    return md((status or S.UNASSESSED).replace("_", " "))


def diff_md(diff: WordDiff) -> str:
    parts = []
    for op, words in diff.ops:
        w = md(words)
        parts.append(f"**{w}**" if op == "insert" and w else f"~~{w}~~" if op == "delete" and w else w)
    return " ".join(parts)


class _Doc:
    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.docs: dict[str, Document] = {d.id: d for d in data.documents}
        self.meetings: dict[str, Meeting] = {m.id: m for m in data.meetings}
        self.commitments = F.commitments_by_doc(data)
        self.ends: dict[tuple[str, int], int] = {(m.doc_id, m.start): m.end for t in data.threads for m in t.members}
        self.ends.update({(c.doc_id, c.start): c.end for cs in self.commitments.values() for c in cs})

    def src(self, doc_id: str, start: int, end: int) -> str:
        doc = self.docs.get(doc_id)
        return f"{code(doc.name if doc else doc_id)} [{start}:{end}]"

    def meetings_section(self) -> str:
        rows = F.meeting_rows(self.data, self.commitments)
        if not rows:
            return "_No meetings yet._"
        note = "" if self.data.meetings else "Tracking has not run yet: one row per document.\n\n"
        body = [[F.fmt_date(r.date), md(r.title), "<br>".join(code(self.docs[d].name) if d in self.docs else code(d) for d in r.doc_ids),
                 str(r.total), ", ".join(f"{dom(d)} {n}" for d, n in r.domains.most_common())] for r in rows]
        return (note + "_The chart of commitments per meeting and domain is in the HTML report._\n\n"
                + table(["Date", "Meeting", "Documents", "Commitments", "Domains"], body))

    def thread_block(self, t: Thread) -> str:
        path = " → ".join(m.change for m in t.members) + (" → dropped" if t.dropped_at else "")
        lines = [f"### {md(t.status)} · {dom(t.domain)} · {md(', '.join(t.parties))} · {code(t.id)}", "", f"_{md(path)}_", ""]
        for i, m in enumerate(t.members, 1):
            text = diff_md(m.diff) if m.diff and m.diff.ops else md(m.text)
            lines.append(f"{i}. **{md(m.change)}** — {md(F.member_label(m, self.meetings))} — {self.src(m.doc_id, m.start, m.end)}")
            lines.append(f"   > {text}")
        for mid in t.dropped_at:
            lines.append(f"- **dropped** at {md(F.meeting_label(mid, self.meetings))}: absent from this meeting of the same parties")
        return "\n".join(lines)

    def threads_section(self) -> str:
        threads = F.multi_member_threads(self.data.threads)
        if not threads:
            return "_No undertaking appears at more than one meeting yet._"
        return ("Each appearance against the one before it: **inserted words** in bold, ~~deleted words~~ struck through.\n\n"
                + "\n\n".join(self.thread_block(t) for t in threads))

    def dropped_section(self) -> str:
        dropped = F.dropped_threads(self.data.threads, self.meetings)
        if not dropped:
            return "_No commitment has been dropped._"
        out = []
        for mid, group in F.group_by_vanished(dropped):
            rows = []
            for t in group:
                last = t.members[-1]
                wording = md(last.text) + (f" _(also absent: {md(', '.join(F.meeting_label(m, self.meetings) for m in t.dropped_at[1:]))})_"
                                           if len(t.dropped_at) > 1 else "")
                rows.append([md(F.member_label(last, self.meetings)), dom(t.domain), wording, self.src(last.doc_id, last.start, last.end)])
            out.append(f"### Vanished at {md(F.meeting_label(mid, self.meetings))} ({len(group)})\n\n"
                       + table(["Last seen", "Domain", "Last wording", "Source"], rows))
        return "\n\n".join(out)

    def mechanisms_section(self) -> str:
        mechanisms = F.sorted_mechanisms(self.data.mechanisms, self.meetings)
        if not mechanisms:
            return "_No mechanisms in the registry yet._"
        rows = []
        for m in mechanisms:
            events = "<br>".join(f"{F.fmt_date(F.event_date(e, self.meetings))} **{md(e.event)}** ({self.src(e.doc_id, e.start, e.end)})"
                                 for e in m.events)
            rows.append([f"**{md(m.name)}**", md(", ".join(m.aliases)) or "—", dom(m.domain), events or "—"])
        return ("_The timeline chart is in the HTML report._\n\n"
                + table(["Mechanism", "Aliases", "Domain", "Lifecycle"], rows))

    def due_section(self) -> str:
        items, undated = F.due_items(self.data, self.commitments)
        end = F.one_year_after(self.data.generated)
        out = [f"Deadlines, ends of periods and open starts from {self.data.generated} to {end}, in date order. "
               f"{undated} timeframes are recurring or unresolved (no date) and are not listed.", ""]
        if items:
            out.append(table(["Due", "How", "As written", "Amounts", "Commitment", "Source"], [
                [f"**{i.due}**", md(i.how), md(i.written), "<br>".join(md(F.fmt_amount(a)) for a in i.commitment.amounts) or "—",
                 md(i.commitment.text), self.src(i.commitment.doc_id, i.commitment.start, i.commitment.end)] for i in items]))
        else:
            out.append("_Nothing falls due in the next twelve months._")
        out += ["", "### All amounts on record", ""]
        amounts = F.amounts_on_record(self.data, self.commitments)
        if amounts:
            out.append(table(["Statement date", "Amounts", "Commitment", "Source"], [
                [F.fmt_date(doc.date if doc else None), "<br>".join(f"**{md(F.fmt_amount(v))}** (“{md(v.text)}”)" for v in values),
                 md(c.text), self.src(c.doc_id, c.start, c.end)] for doc, c, values in amounts]))
        else:
            out.append("_No amounts (money or counts) in the commitments._")
        return "\n".join(out)

    def undertaking(self, item: LedgerItem) -> list[str]:
        src = S.source_of(item)
        where = self.src(*src, self.ends.get(src, src[1] + len(item.text))) if src else "—"
        text = md(item.text) + (" _(the undertaking this refers to no longer exists)_" if item.lost else "")
        return [text, where]

    def status_table(self, rows: list[S.StatusRow], first: str) -> str:
        statuses = S.statuses_present(rows)
        return table([first, *(status_word(s) for s in statuses), "Total"],
                     [[md(r.label.replace("_", " ")), *(str(r.counts.get(s, 0)) for s in statuses), str(r.total)] for r in rows])

    def ledger_section(self) -> str:
        items, today = self.data.ledger, self.data.generated
        if not items:
            return f"_{NO_ASSESSMENTS}_"
        c = S.ledger_counts(items, today)
        out = [md(S.ledger_summary(c, today)), ""]
        if not c.assessed and not c.lost:
            out += [f"_{NO_ASSESSMENTS}_", ""]
        else:
            out += ["### Status by domain", "", self.status_table(S.by_domain(items), "Domain"), "",
                    "### Status by party", "", "An undertaking of two parties counts for each.", "",
                    self.status_table(S.by_party(items), "Party"), ""]
        out += [f"### Overdue and due within {S.DUE_SOON_DAYS} days", ""]
        attention = S.needs_attention(items, today)
        if attention:
            out.append(table(["Due", "Deadline", "As written", "Latest status", "Domain", "Parties", "Undertaking", "Source"], [
                [f"**{status_word(a.state)}**", f"**{a.item.deadline}**", md(a.item.deadline_text), status_word(a.item.status),
                 dom(a.item.domain), md(", ".join(a.item.parties)), *self.undertaking(a.item)] for a in attention]))
        else:
            out.append(f"_Nothing is overdue or due within {S.DUE_SOON_DAYS} days._")
        evidence = S.latest_evidence(items)
        if evidence:
            out += ["", "### Latest evidence", ""]
            out.append(table(["Status", "Evidence of", "Quote", "Link", "Note", "Recorded by", "Recorded at", "Undertaking", "Source"], [
                [f"**{status_word(i.status)}**", F.fmt_date(i.evidence_date), f"“{md(i.quote)}”" if i.quote else "—", link(i.evidence_url),
                 md(i.note) or "—", md(i.recorded_by or "—"), f"{i.recorded_at:%Y-%m-%d %H:%M} UTC" if i.recorded_at else "—",
                 *self.undertaking(i)] for i in evidence]))
        return "\n".join(out)

    def sources_section(self) -> str:
        rows = [[code(d.name), md(d.title or "—"), F.fmt_date(d.date), md(", ".join(d.parties)), md(d.doc_type),
                 str(len(self.commitments.get(d.id, [])))] for d in self.data.documents]
        return ("Offsets `[start:end]` are into each statement's stored text (`pledgewatch show NAME` prints it; "
                "the HTML report shows the texts with every quote linked).\n\n"
                + table(["Document", "Title", "Date", "Parties", "Type", "Commitments"], rows))

    def header(self) -> str:
        d = self.data
        due, _ = F.due_items(d, self.commitments)
        span = F.date_range(d.documents)
        sub = [f"Generated {d.generated.isoformat()}", f"{len(d.documents)} statements"]
        if span:
            sub.append(f"{span[0]} to {span[1]}")
        if F.all_parties(d.documents):
            sub.append("parties " + ", ".join(F.all_parties(d.documents)))
        counts = [str(len(d.documents)), str(len(d.meetings)), str(sum(len(c) for c in self.commitments.values())),
                  str(len(d.threads)), str(len(d.mechanisms)), str(len(due))]
        statuses = " · ".join(f"{s} {n}" for s, n in F.status_counts(d.threads).items())
        return "\n".join([f"# {TITLE}", "", md(" · ".join(sub)), "",
                          table(["Documents", "Meetings", "Commitments", "Threads", "Mechanisms", "Due in 12 months"], [counts]),
                          "", f"Threads by latest change: {statuses}"])

    def build(self) -> str:
        sections = [
            ("Meetings and domains", self.meetings_section), ("Thread evolution", self.threads_section),
            ("Dropped commitments", self.dropped_section), ("Mechanism timelines", self.mechanisms_section),
            ("Due in the next 12 months", self.due_section), ("Where undertakings stand", self.ledger_section),
            ("Appendix: sources", self.sources_section),
        ]
        toc = [f"{i}. [{title}](#{slug(title)})" for i, (title, _) in enumerate(sections, 1)]
        parts = [self.header(), "## Contents\n\n" + "\n".join(toc)]
        parts += [f"## {title}\n\n{fn()}" for title, fn in sections]
        return "\n\n".join(parts) + "\n"


NO_ASSESSMENTS = 'No assessments recorded yet. Record one with `pledgewatch status REF --set in_progress --date YYYY-MM-DD --evidence URL --quote "…"`.'


def slug(title: str) -> str:
    """The anchor GitHub-style renderers give a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def build_markdown(data: ReportData) -> str:
    if not data.documents:
        return (f"# {TITLE}\n\nGenerated {data.generated.isoformat()}\n\n"
                "**Nothing to report yet.** The database holds no statements. Ingest some, then write the report again:\n\n"
                "```\npledgewatch ingest statements/\npledgewatch report --format md\n```\n")
    return _Doc(data).build()
