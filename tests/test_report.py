"""The tracker report (HTML and Markdown) on invented statements with hand-made tracking and ledger."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import difflib
import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pledgewatch.extract import extract_commitments
from pledgewatch.ingest import document_from_bytes
from pledgewatch.model import Block, Commitment, Document, Mechanism, MechanismEvent, Meeting, Thread, ThreadMember, Unit, Value, WordDiff
from pledgewatch.report import LedgerItem, ReportData, build_html, build_markdown, write_report
from pledgewatch.report.anchors import mark_text
from pledgewatch.report.facts import due_items, fmt_amount, one_year_after
from pledgewatch.segment import segment

EVIL = '<script>alert(1)</script> "onmouseover=alert(2) </script>'
TODAY = dt.date(2025, 4, 20)

STATEMENT_A = b"""---
title: Invented Joint Statement on Partnership
date: 2024-04-10
parties: [US, KR]
type: joint_statement
---
The United States and the Republic of Korea reaffirm their ironclad alliance.

The two countries will launch a Joint Working Group on Critical Minerals by the end of the year.

The United States will provide $50 million over five years to support clean energy cooperation.

We agree to hold the first meeting of the Space Dialogue in May.

The two countries will work together to combat illegal fishing in the region.
"""

STATEMENT_B = b"""---
title: Second Invented Joint Statement
date: 2025-04-10
parties: [US, KR]
type: joint_statement
---
The two countries will launch and expand the Joint Working Group on Critical Minerals by September.

The United States will provide $80 million over five years to support clean energy and hydrogen cooperation.

The two countries will work together to combat illegal fishing in the region.

The two countries will hold a Space and Cyber Dialogue by March 2026.
"""

# what people type into the ledger is untrusted too: markup, handlers, a link that closes early
EVIL_QUOTE = '<img src=x onerror=alert(1)> officials said "done" </a><a href="javascript:alert(6)">click</a>'
EVIL_NOTE = "</a></td></tr></table><script>alert(2)</script> onerror=alert(3) javascript:alert(7)"
EVIL_URLS = ("javascript:alert(4)", 'https://example.org/" onmouseover="alert(5)', "data:text/html,<script>alert(8)</script>")
EVIDENCE_URL = "https://example.org/minerals?id=1&lang=en"

EVIL_SENTENCE = f"The two countries will defend {EVIL} freedom of navigation by the end of the year."


def _with_evil(doc: Document) -> Document:
    """Statement B with hostile markup in its title and in a paragraph of its text (ingest would strip tags)."""
    start = len(doc.text) + 2
    text = doc.text + "\n\n" + EVIL_SENTENCE
    blocks = (*doc.blocks, Block("paragraph", start, start + len(EVIL_SENTENCE)))
    return dataclasses.replace(doc, title=f"Evil {EVIL}", text=text, blocks=blocks)


def _unit(units: list[Unit], needle: str) -> Unit:
    return next(u for u in units if needle in u.text)


def _diff(a: str, b: str) -> WordDiff:
    wa, wb = a.split(), b.split()
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb).get_opcodes():
        if tag == "equal":
            ops.append(("equal", " ".join(wb[j1:j2])))
            continue
        if i2 > i1:
            ops.append(("delete", " ".join(wa[i1:i2])))
        if j2 > j1:
            ops.append(("insert", " ".join(wb[j1:j2])))
    return WordDiff(tuple(ops))


def _member(doc_id: str, u: Unit, meeting: str, change: str, prev: ThreadMember | None = None) -> ThreadMember:
    return ThreadMember(doc_id, meeting, u.index, u.start, u.end, u.text, change,
                        (prev.doc_id, prev.unit_index) if prev else None, _diff(prev.text, u.text) if prev else None)


def _data() -> ReportData:
    a = document_from_bytes(STATEMENT_A, name="invented_a.md")
    b = _with_evil(document_from_bytes(STATEMENT_B, name="invented_b.md"))
    ua, ub = segment(a), segment(b)
    commitments = {a.id: extract_commitments(a, ua), b.id: extract_commitments(b, ub)}
    meetings = [
        Meeting("m1", a.date, ("US", "KR"), (a.id,), "Seoul summit"),
        Meeting("m2", b.date, ("US", "KR"), (b.id,), f'Washington "summit" {EVIL}'),
    ]
    t1a = _member(a.id, _unit(ua, "Critical Minerals"), "m1", "new")
    t1b = _member(b.id, _unit(ub, "Critical Minerals"), "m2", "strengthened", t1a)
    t2a = _member(a.id, _unit(ua, "$50 million"), "m1", "new")
    t2b = _member(b.id, _unit(ub, "$80 million"), "m2", "strengthened", t2a)
    t3a = _member(a.id, _unit(ua, "illegal fishing"), "m1", "new")
    t3b = _member(b.id, _unit(ub, "illegal fishing"), "m2", "reiterated", t3a)
    evil_unit = _unit(ub, "freedom of navigation")
    threads = [
        Thread("t1", (t1a, t1b), ("US", "KR"), "economic_security"),
        Thread("t2", (t2a, t2b), ("US", "KR"), "climate_energy"),
        Thread("t3", (t3a, t3b), ("US", "KR"), "regional"),
        Thread("t4", (_member(a.id, _unit(ua, "Space Dialogue"), "m1", "new"),), ("US", "KR"), "space", ("m2",)),
        Thread("t5", (_member(b.id, evil_unit, "m2", "new"),), ("US", "KR"), "regional"),
    ]
    name = "Joint Working Group on Critical Minerals"
    ma, mb = a.text.index(name), b.text.index(name)
    evil_at = b.text.index("<script>")
    mechanisms = [
        Mechanism("k1", name, ("JWG",), ("US", "KR"), "economic_security", (
            MechanismEvent("m1", a.date, "proposed", a.id, t1a.unit_index, ma, ma + len(name), t1a.text),
            MechanismEvent("m2", b.date, "established", b.id, t1b.unit_index, mb, mb + len(name), t1b.text),
        )),
        Mechanism("k2", f"Evil {EVIL}", (EVIL,), ("US", "KR"), None, (
            MechanismEvent("m2", None, "agreed", b.id, evil_unit.index, evil_at, evil_at + len(EVIL), evil_unit.text),
        )),
    ]
    return ReportData(TODAY, [a, b], commitments, meetings, threads, mechanisms, _ledger(threads))


def _item(t: Thread, **fields) -> LedgerItem:
    last = t.members[-1]
    return LedgerItem(t.id, t.parties, t.domain, last.text, f"{last.doc_id}:{last.start}", **fields)


def _ledger(threads: list[Thread]) -> tuple[LedgerItem, ...]:
    """One undertaking per case: due soon and assessed with hostile words, achieved after its deadline,
    overdue and never assessed, overdue with a javascript: URL, unresolved, and one whose undertaking is gone."""
    t1, t2, t3, t4, t5 = threads
    at = dt.datetime(2025, 1, 16, 9, 30, tzinfo=dt.timezone.utc)
    return (
        _item(t1, status="in_progress", evidence_date=dt.date(2025, 1, 15), evidence_url=EVIDENCE_URL, quote=EVIL_QUOTE,
              note=EVIL_NOTE, recorded_by="<b>Analyst</b>", recorded_at=at, deadline=dt.date(2025, 6, 30),
              deadline_text="by the end of June", due="open", entries=2),
        _item(t2, status="achieved", evidence_date=dt.date(2025, 2, 1), evidence_url="https://example.org/energy", quote="Delivered.",
              recorded_by="analyst", recorded_at=at, deadline=dt.date(2024, 12, 31), deadline_text="by the end of the year",
              due="achieved", entries=1),
        _item(t3, status=None, deadline=dt.date(2024, 12, 31), deadline_text="by the end of the year", due="overdue"),
        _item(t4, status="stalled", evidence_date=dt.date(2024, 6, 1), evidence_url=EVIL_URLS[0], quote="Talks stopped.",
              recorded_by="analyst", recorded_at=at, deadline=dt.date(2024, 5, 31), deadline_text="in May", due="overdue", entries=1),
        _item(t5, status=None, deadline_text="in due course", deadline_note="vague", due="unresolved"),
        LedgerItem(None, (), None, "words of an undertaking no thread holds", "nodoc:5", "abandoned", dt.date(2024, 3, 1),
                   EVIL_URLS[1], "Given up.", EVIL_URLS[2], "analyst", at, due="no_deadline", entries=1, lost=True),
    )


class _Parsed(HTMLParser):
    """Tags with attributes, inline scripts, and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.id_text: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        elif tag not in ("br", "meta", "link", "img", "input", "hr"):
            self._open.append((tag, a.get("id")))
            if a.get("id"):
                self.id_text.setdefault(a["id"], "")

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "script":
            self._in_script = False
            return
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):  # noqa: ANN001
        if self._in_script:
            self.scripts[-1] += data
            return
        for _, ident in self._open:
            if ident:
                self.id_text[ident] += data


def _parse(page: str) -> _Parsed:
    p = _Parsed()
    p.feed(page)
    p.close()
    return p


@pytest.fixture(scope="module")
def data() -> ReportData:
    return _data()


@pytest.fixture(scope="module")
def page(data: ReportData) -> str:
    return build_html(data)


@pytest.fixture(scope="module")
def parsed(page: str) -> _Parsed:
    return _parse(page)


def test_html_is_one_self_contained_file(page: str, parsed: _Parsed) -> None:
    assert page.startswith("<!DOCTYPE html>")
    for tag, attrs in parsed.tags:
        assert not (tag == "script" and "src" in attrs), attrs
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
        for name in ("src", "href", "action", "data"):
            value = (attrs.get(name) or "").strip().lower()
            if tag == "a" and name == "href" and attrs.get("class") == "ev":
                # an evidence link is followed only when clicked: it loads nothing, and tells the page nothing
                assert value.startswith(("https://", "http://")) and "noopener" in (attrs.get("rel") or ""), attrs
                continue
            assert not re.match(r"(https?:)?//", value), (tag, attrs)
    # plotly.js is inlined once; the charts call it
    assert sum("plotly.js v" in s[:200] for s in parsed.scripts) == 1
    assert any("Plotly.newPlot" in s for s in parsed.scripts)
    # the page allows no network access and only its own scripts
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    for script in parsed.scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_html_has_the_sections(page: str, parsed: _Parsed) -> None:
    ids = {a.get("id") for _, a in parsed.tags}
    for section in ("meetings", "threads", "dropped", "mechanisms", "due", "ledger", "sources"):
        assert section in ids
        assert f'href="#{section}"' in page  # table of contents
    assert {"chart-domains", "chart-mechanisms", "chart-ledger"} <= ids
    for label in ("Documents", "Meetings", "Commitments", "Threads", "Mechanisms"):
        assert f"<span>{label}</span>" in page  # summary cards
    for change in ("new", "reiterated", "strengthened", "dropped"):
        assert re.search(rf">{change}( \d+)?</span>", page)  # badges
    assert "<ins>" in page and "<del>" in page  # the word diff
    assert "Seoul summit" in page and "2024-04-10" in page


def test_every_quote_links_to_its_words(data: ReportData, parsed: _Parsed) -> None:
    texts = {d.id: d.text for d in data.documents}
    links = [a["href"][1:] for t, a in parsed.tags if t == "a" and (a.get("href") or "").startswith("#")]
    quotes = [a["href"][1:] for t, a in parsed.tags if t == "a" and "q" in (a.get("class") or "").split()]
    assert len(quotes) >= 8
    for target in links:
        assert target in parsed.id_text, target
    for t in data.threads:
        for m in t.members:
            ident = f"d-{m.doc_id}-{m.start}"
            assert ident in quotes
            assert parsed.id_text[ident] == texts[m.doc_id][m.start : m.end]
    for cs in data.commitments.values():
        for c in cs:
            if c.is_commitment:
                assert parsed.id_text[f"d-{c.doc_id}-{c.start}"] == c.text


def test_untrusted_text_is_escaped(page: str, parsed: _Parsed) -> None:
    assert "<script>alert" not in page
    assert "alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    assert "&quot;onmouseover=alert(2)" in page
    assert all(tag == "<script>" for tag in re.findall(r"<script[^>]*>", page, flags=re.I))
    assert page.count("<script>") == page.count("</script>") == len(parsed.scripts) == 5
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "javascript:" not in (attrs.get("href") or "").lower() and not (attrs.get("href") or "").startswith("data:"), attrs
    # the ledger's quotes, notes and names, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;/a&gt;&lt;a href=&quot;javascript:alert(6)&quot;&gt;" in page
    assert "&lt;/a&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;b&gt;Analyst&lt;/b&gt;" in page
    charts = [script for script in parsed.scripts if "Plotly.newPlot" in script]
    assert len(charts) == 3 and all("<" not in script for script in charts)
    assert sum("alert" in script for script in charts) == 2  # the hostile names in the chart data, escaped inside the JSON


def test_due_soon_lists_dated_items_in_order(data: ReportData, page: str) -> None:
    section = page[page.index('id="due"') : page.index('id="ledger"')]
    dates = re.findall(r"<b>(\d{4}-\d{2}-\d{2})</b>", section)
    assert dates == sorted(dates) and dates
    assert all(TODAY.isoformat() <= d <= one_year_after(TODAY).isoformat() for d in dates)
    assert "2025-09-30" in dates and "2026-03-31" in dates
    assert "USD 80 million (over five years)" in section  # all amounts on record


def test_due_items_window_and_order() -> None:
    doc = document_from_bytes(STATEMENT_A, name="a.md")
    c = next(c for c in extract_commitments(doc, segment(doc)) if c.is_commitment)

    def tf(norm: dict) -> Value:
        return Value("timeframe", c.start, c.start + 4, "when", norm)

    values = (tf({"type": "date", "value": "2025-12-31", "end": "2025-12-31", "relation": "by"}),
              tf({"type": "interval", "start": "2025-05-01", "end": "2025-05-31"}),
              tf({"type": "interval", "start": "2026-01-01"}),  # open-ended: from
              tf({"type": "interval", "start": "2020-01-01", "end": "2029-12-31"}),  # ends too late
              tf({"type": "date", "value": "2025-01-01"}),  # past
              tf({"type": "recurrence", "every": "P1Y"}), tf({"type": "unresolved", "reason": "vague"}))
    money = Value("amount", c.start, c.start + 3, "$5M", {"type": "money", "value": 5e6, "currency": "USD", "period": "2024-01-01/2025-06-30"})
    c2: Commitment = dataclasses.replace(c, timeframes=values, amounts=(money,))
    data = ReportData(TODAY, [doc], {doc.id: [c2]}, [], [], [])
    items, undated = due_items(data, {doc.id: [c2]})
    assert [(i.due.isoformat(), i.how) for i in items] == [
        ("2025-05-31", "ends"), ("2025-06-30", "period ends"), ("2025-12-31", "by"), ("2026-01-01", "from")]
    assert undated == 2
    assert fmt_amount(money) == "USD 5 million"


def test_empty_database_gives_a_friendly_page(tmp_path: Path) -> None:
    empty = ReportData(TODAY, [], {}, [], [], [])
    page = build_html(empty)
    assert "Nothing to report yet" in page and "pledgewatch ingest" in page
    assert "<script" not in page and len(page) < 20_000
    md = build_markdown(empty)
    assert "Nothing to report yet" in md
    assert write_report(empty, tmp_path / "r.html").read_text(encoding="utf-8") == page


def test_documents_without_tracking_still_report(data: ReportData) -> None:
    bare = dataclasses.replace(data, meetings=[], threads=[], mechanisms=[])
    page = build_html(bare)
    assert "Tracking has not run yet" in page and "No mechanisms in the registry yet" in page
    assert "chart-domains" in page and "chart-mechanisms" not in page


def test_markdown_has_the_sections(data: ReportData) -> None:
    md = build_markdown(data)
    for heading in ("## Contents", "## Meetings and domains", "## Thread evolution", "## Dropped commitments",
                    "## Mechanism timelines", "## Due in the next 12 months", "## Where undertakings stand", "## Appendix: sources"):
        assert heading in md
    t1b = data.threads[0].members[1]
    assert f"`invented_b.md` [{t1b.start}:{t1b.end}]" in md  # sources as offsets
    assert "~~" in md and "**" in md  # deletions, insertions
    assert "### Vanished at 2025-04-10" in md
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "| Documents | Meetings | Commitments | Threads | Mechanisms |" in md


def test_write_report_formats(data: ReportData, tmp_path: Path) -> None:
    md_path = write_report(data, tmp_path / "out" / "report.md", "md")
    assert md_path.read_text(encoding="utf-8").startswith("# pledgewatch")
    with pytest.raises(ValueError):
        write_report(data, tmp_path / "x.pdf", "pdf")


def test_mark_text_nests_and_escapes() -> None:
    text = "a <b> & c d e"
    out = mark_text(text, [(0, 7, "u", "k-new"), (2, 5, "m", ""), (6, 11, "x", "")])  # x crosses u's end: clipped
    assert out == '<mark id="u" class="k-new">a <mark id="m">&lt;b&gt;</mark> <mark id="x">&amp;</mark></mark> c d e'
    parsed = _parse(out)
    assert parsed.id_text == {"u": "a <b> &", "m": "<b>", "x": "&"}


def test_dangling_references_do_not_break(data: ReportData) -> None:
    """Tracking that names documents, meetings or spans the report does not have."""
    ghost = ThreadMember("nodoc", "m9", 0, 5, 10, "ghost words", "new")
    odd = ThreadMember(data.documents[0].id, "m9", 0, 10**6, 10**6 + 5, "out of range", "reiterated", diff=WordDiff(()))
    threads = [Thread("g1", (ghost, odd), ("US",), None, ("m8",)), Thread("g2", (), ("US",), None, ("m1",))]
    mechanisms = [Mechanism("k9", "Empty Body", (), (), None, ())]
    meetings = [*data.meetings, Meeting("m9", None, ("US",), ("nodoc",))]
    broken = dataclasses.replace(data, threads=threads, mechanisms=mechanisms, meetings=meetings)
    page, md = build_html(broken), build_markdown(broken)
    parsed = _parse(page)
    ids = set(parsed.id_text)
    assert all(a["href"][1:] in ids for t, a in parsed.tags if t == "a" and (a.get("href") or "").startswith("#"))
    assert "ghost words" in page and "out of range" in page and "Empty Body" in page
    assert "`nodoc` [5:10]" in md and "undated" in md


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _browser_dom(path: Path) -> str:
    proc = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=15000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0 and "</html>" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


# Run first in the page: a dialog (alert, confirm, prompt) would write its message into the title instead of waiting.
DIALOG_TRAP = ("<script>['alert','confirm','prompt'].forEach(function(n){window[n]=function(m){"
               "document.title+=' dialog:'+m;};});</script>")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium here (./run test installs Debian's chromium when it can)")
def test_html_renders_offline_in_a_real_browser(page: str, tmp_path: Path) -> None:
    """The report opens from disk with every network lookup blocked: plotly (inlined) draws
    all three charts, and the untrusted text in it (statements, ledger quotes, notes, URLs) stays text.
    Run twice: as written (its Content-Security-Policy in force), and once more without the policy and
    with every dialog trapped, so escaping alone must keep the hostile words from running."""
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    dom = _browser_dom(path)
    charts = re.findall(r'<div id="(chart-[a-z]+)" class="plot[^"]*js-plotly-plot', dom)
    assert set(charts) == {"chart-domains", "chart-mechanisms", "chart-ledger"}, "plotly did not draw every chart"
    assert dom.count('class="main-svg"') >= 3
    # the untrusted text is on the page as text, never as a script element
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert not re.search(r"<script[^>]*>\s*alert\(1\)\s*</script>", dom)
    ledger = dom[dom.index('id="ledger"') : dom.index('id="sources"')]
    assert "&lt;img src=x onerror=alert(1)&gt;" in ledger and "&lt;script&gt;alert(2)&lt;/script&gt;" in ledger
    tags = _parse(dom).tags  # the DOM as the browser built it
    assert not [t for t, _ in tags if t == "img"]
    assert not [(t, a) for t, a in tags if any(name.startswith("on") for name in a)]
    assert not [a for t, a in tags if t == "a" and (a.get("href") or "").lower().startswith(("javascript:", "data:"))]
    links = [a["href"] for t, a in _parse(ledger).tags if t == "a" and a.get("class") == "ev"]
    assert links == ["https://example.org/energy", EVIDENCE_URL]  # the two http(s) URLs (newest evidence first), nothing else
    assert ledger.count("<table>") == ledger.count("</table>") == 2  # a note's "</table>" closed nothing

    bare = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page, count=1).replace("<head>", "<head>" + DIALOG_TRAP, 1)
    assert "Content-Security-Policy" not in bare
    path.write_text(bare, encoding="utf-8")
    dom = _browser_dom(path)
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "dialog:" not in title, title  # no alert(…) of the hostile words ran
    assert dom.count('class="main-svg"') >= 3 and "&lt;img src=x onerror=alert(1)&gt;" in dom


def test_report_open_ended_timeframes_read_as_standing_or_their_condition():
    from pledgewatch.model import Value
    from pledgewatch.report.facts import fmt_timeframe

    standing = Value("timeframe", 0, 13, "at all times", {"type": "open_ended", "reason": "standing"})
    until = Value("timeframe", 0, 30, "until a settlement is reached",
                  {"type": "open_ended", "reason": "condition", "relation": "until", "condition": "a settlement is reached"})
    assert fmt_timeframe(standing) == "standing"
    assert fmt_timeframe(until) == "until a settlement is reached"
