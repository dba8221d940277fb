"""The report's ledger section: where undertakings stand, overdue and due soon, the latest evidence
(HTML and Markdown), on the invented statements of test_report with a hand-made, hostile ledger."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pledgewatch.report import LedgerItem, ReportData, build_html, build_markdown
from pledgewatch.report.markdown import link
from pledgewatch.report.standing import (
    by_domain, by_party, due_now, latest_evidence, ledger_counts, needs_attention, web_link,
)

from .test_report import EVIDENCE_URL, EVIL_QUOTE, TODAY, _data, _parse


@pytest.fixture(scope="module")
def data() -> ReportData:
    return _data()


def _section(page: str) -> str:
    return page[page.index('id="ledger"') : page.index('id="sources"')]


def test_report_ledger_counts_statuses_by_domain_and_party(data: ReportData) -> None:
    counts = ledger_counts(data.ledger, TODAY)
    assert (counts.undertakings, counts.assessed, counts.entries, counts.lost) == (5, 4, 5, 1)
    assert (counts.overdue, counts.due_soon, counts.unresolved) == (2, 1, 1)
    assert counts.by_status == {"in_progress": 1, "achieved": 1, "stalled": 1, "abandoned": 1, "unassessed": 2}
    domains = {r.label: dict(r.counts) for r in by_domain(data.ledger)}
    assert domains["regional"] == {"unassessed": 2} and domains["economic_security"] == {"in_progress": 1}
    assert [r.label for r in by_domain(data.ledger)] == ["economic_security", "space", "climate_energy", "regional"]  # the guide's order
    parties = by_party(data.ledger)
    assert [(r.label, r.total) for r in parties] == [("KR", 5), ("US", 5)]  # counted once for each party; the lost entry in neither


def test_report_ledger_due_state_follows_the_reports_day(data: ReportData) -> None:
    soon, achieved, overdue = data.ledger[0], data.ledger[1], data.ledger[2]
    assert due_now(soon, TODAY) == "due_soon"  # 71 days ahead
    assert due_now(soon, TODAY, within_days=30) == "open"
    assert due_now(soon, dt.date(2025, 7, 1)) == "overdue"
    assert due_now(achieved, dt.date(2030, 1, 1)) == "achieved"  # achieved is never overdue
    assert due_now(overdue, dt.date(2024, 12, 31)) == "due_soon" and due_now(overdue, TODAY) == "overdue"
    assert due_now(data.ledger[4], TODAY) == "unresolved"
    no_deadline = dataclasses.replace(overdue, deadline=None, deadline_text=None, due="no_deadline")
    assert due_now(no_deadline, TODAY) == "no_deadline"
    listed = needs_attention(data.ledger, TODAY)
    assert [(a.state, a.item.deadline.isoformat()) for a in listed] == [
        ("overdue", "2024-05-31"), ("overdue", "2024-12-31"), ("due_soon", "2025-06-30")]
    assert [i.status for i in latest_evidence(data.ledger)] == ["achieved", "in_progress", "stalled", "abandoned"]


def test_report_ledger_section_in_html(data: ReportData) -> None:
    page = build_html(data)
    section = _section(page)
    assert 'id="chart-ledger"' in section
    assert "4 of 5 undertakings assessed (5 ledger entries) · 2 overdue · 1 due within 90 days" in section
    overdue = section[section.index("Overdue and due within") : section.index("Latest evidence")]
    assert re.findall(r"<b>(\d{4}-\d{2}-\d{2})</b>", overdue) == ["2024-05-31", "2024-12-31", "2025-06-30"]
    assert "“by the end of June”" in overdue and "“in May”" in overdue  # the deadline's words
    assert "2024-12-31" in overdue and "Delivered." not in overdue  # the achieved undertaking is not listed
    evidence = section[section.index("Latest evidence") :]
    assert "“Delivered.”" in evidence and "2025-01-16 09:30 UTC" in evidence and "analyst" in evidence
    assert f'href="{EVIDENCE_URL.replace("&", "&amp;")}"' in evidence
    # what is not an http(s) URL is shown, not linked
    assert "javascript:alert(4)</span> <span class=\"small\">(not a web link)" in evidence
    assert "https://example.org/&quot; onmouseover=&quot;alert(5)</span>" in evidence
    assert "no longer exists" in evidence
    parsed = _parse(page)
    ids = set(parsed.id_text)
    quotes = [a["href"][1:] for t, a in _parse(section).tags if t == "a" and a.get("class") == "q"]
    assert len(quotes) >= 5 and all(q in ids for q in quotes)  # each undertaking links to its words
    t1 = data.threads[0].members[-1]
    assert parsed.id_text[f"d-{t1.doc_id}-{t1.start}"] == t1.text
    assert "<span>Assessed</span>" in page and "<span>Overdue</span>" in page  # header cards


def test_report_ledger_section_in_markdown(data: ReportData) -> None:
    md = build_markdown(data)
    section = md[md.index("## Where undertakings stand") : md.index("## Appendix: sources")]
    assert "[Where undertakings stand](#where-undertakings-stand)" in md
    for heading in ("### Status by domain", "### Status by party", "### Overdue and due within 90 days", "### Latest evidence"):
        assert heading in section
    assert "| Domain | in progress | achieved | stalled | unassessed | Total |" in section  # the statuses present
    assert "| economic security | 1 | 0 | 0 | 0 | 1 |" in section and "| KR | 1 | 1 | 1 | 2 | 5 |" in section
    assert f"[https://example.org/minerals?id=1&amp;lang=en]({EVIDENCE_URL})" in section
    assert "javascript:alert(4) (not a web link)" in section and "](javascript" not in section
    assert "<img" not in section and "<script" not in section and "&lt;img src=x onerror=alert(1)&gt;" in section
    assert '&lt;/a&gt;&lt;a href="javascript:alert(6)"&gt;' in section  # a tag no renderer can read as one
    # nothing typed broke a table row: every row has the head's number of cells
    evidence = section[section.index("### Latest evidence") :].splitlines()
    head, rows = evidence[2], [r for r in evidence[4:] if r.startswith("|")]
    unescaped = re.compile(r"(?<!\\)\|")
    assert len(rows) == 4 and all(len(unescaped.findall(r)) == len(unescaped.findall(head)) for r in rows)


def test_report_ledger_empty_says_so_without_a_chart(data: ReportData) -> None:
    for ledger in ((), tuple(dataclasses.replace(i, status=None, entries=0) for i in data.ledger if not i.lost)):
        bare = dataclasses.replace(data, ledger=ledger)
        page, md = build_html(bare), build_markdown(bare)
        section = _section(page)
        assert "No assessments recorded yet" in section and "chart-ledger" not in page
        assert "Latest evidence" not in section
        assert "No assessments recorded yet" in md and "### Latest evidence" not in md
        assert page.count("Plotly.newPlot") == 2  # the other charts are still drawn
    # rows but no assessment: the deadlines still say what is overdue
    assert "Overdue and due within" in section and "<b>2024-05-31</b>" in section
    assert "**overdue**" in md


def test_report_ledger_web_link_only_for_http_urls() -> None:
    for url in ("https://example.org/a?b=1&c=2#x", "http://example.org", "HTTPS://EXAMPLE.ORG/x", "https://例え.jp/パス",
                "https://example.org/Queen's_speech"):
        assert web_link(url) == url
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x", "vbscript:x",
                "https:example.org", "https://", "//example.org/x", "ftp://example.org/x", "https://example.org/ x",
                'https://example.org/"onmouseover="x', "https://example.org/<script>", "https://example.org\\@evil.test",
                "https://[::1", "https://example.org/\nx", "https://example.org/\x00", "", None):
        assert web_link(url) is None, url


@given(st.text(max_size=60))
def test_report_ledger_web_link_never_passes_a_non_http_url(text: str) -> None:
    for candidate in (text, "https://" + text, "http://example.org/" + text, "javascript:" + text):
        got = web_link(candidate)
        if got is not None:
            assert got == candidate and got.lower().startswith(("http://", "https://"))
            assert not re.search(r'[\s"<>\\`\x00-\x1f\x7f]', got)
            shown = link(got)  # the Markdown destination never ends early or breaks a table
            destination = shown[shown.index("](") + 2 : -1]
            assert not re.search(r"[\s()<>\[\]|`]", destination)


def test_report_ledger_markdown_link_encodes_what_would_end_it() -> None:
    assert link("https://example.org/a_(b)|c[d]") == r"[https://example.org/a\_(b)\|c\[d\]](https://example.org/a_%28b%29%7Cc%5Bd%5D)"
    assert link("javascript:alert(1)") == "javascript:alert(1) (not a web link)"
    assert link(None) == "—"


def test_report_ledger_item_text_is_as_typed(data: ReportData) -> None:
    """The hostile quote reaches the page whole (escaped), not cut at its markup."""
    page = build_html(data)
    assert EVIL_QUOTE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in page


def test_report_ledger_item_defaults_are_an_unassessed_undertaking() -> None:
    item = LedgerItem("T1", ("US",), None, "words", "doc:0", None)
    assert (item.due, item.entries, item.lost, item.evidence_url) == ("no_deadline", 0, False, None)
    assert ledger_counts((item,), TODAY).by_status == {"unassessed": 1}
