"""Ingest: formats, encodings, chrome, metadata, near-duplicates and bad input."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.errors import (
    BinaryFile, BrokenPdf, EmptyFile, NoTextLayer, NotFound, PledgewatchError, TooLarge, Undecodable,
)
from pledgewatch.ingest import document_from_bytes, read_document

REPOST = """21.3 C
Springfield
Monday, June 7, 2027
Home›World›Japan, Australia Joint Statement

Japan-Australia Leaders' Joint Statement

CANBERRA – Prime Minister Anthony Albanese of Australia and Prime Minister Ishiba Shigeru of Japan met today.

The two leaders will launch a Clean Hydrogen Partnership.

(Official Government Photo)

Official news published at https://www.pm.gov.au/media/2027/06/05/japan-australia-joint-statement

The post Japan-Australia Leaders' Joint Statement first appeared on Daily Herald.

originally published at World - Daily Herald

RELATED ARTICLES

Latest Articles
Something else entirely.
"""

MARKDOWN = """---
title: "India\\u2013France Joint Statement"
date: '2026-02-10'
source_url: https://www.mea.gov.in/bilateral-documents.htm?dtl/2026/02/10
tags: [statements, india, france]
---

President Macron of France and Prime Minister Modi of India met in New
Delhi on 10<sup>th</sup> February. They agreed to *deepen* their
**strategic** partnership \\- and to hold annual talks.

***Defence and Security***

The two sides will conduct joint exercises.
"""


def test_ingest_news_repost_drops_chrome_keeps_metadata():
    doc = document_from_bytes(REPOST.encode(), name="repost.txt")
    for chrome in ("21.3 C", "Springfield", "Home›", "first appeared", "originally published", "RELATED", "Latest Articles",
                   "Something else", "Official news", "Photo", "CANBERRA"):
        assert chrome not in doc.text, chrome
    assert doc.title == "Japan-Australia Leaders' Joint Statement"
    assert doc.source_url == "https://www.pm.gov.au/media/2027/06/05/japan-australia-joint-statement"
    # the statement's own URL dates it; the site's header date (June 7) does not
    assert doc.date == dt.date(2027, 6, 5) and doc.provenance["date"].source == "url"
    assert set(doc.parties) == {"AU", "JP"} and doc.doc_type == "joint_statement"
    assert doc.text.startswith("Prime Minister Anthony Albanese")


def test_ingest_page_header_date_alone_is_not_the_statement_date():
    text = "30 F\nMonday, June 7, 2027\nHomePoliticsSomething\n\nA Statement\n\nThe leaders will meet again.\n"
    doc = document_from_bytes(text.encode(), name="x.txt")
    assert doc.date is None and "page header" in doc.provenance["date"].evidence


def test_ingest_markdown_front_matter_markup_and_reflow():
    doc = document_from_bytes(MARKDOWN.encode(), name="in_fr.md")
    assert doc.title == "India–France Joint Statement" and doc.provenance["title"].source == "front_matter"
    assert doc.date == dt.date(2026, 2, 10) and doc.provenance["date"].source == "front_matter"
    assert doc.tags == ("statements", "india", "france")
    assert "President Macron of France and Prime Minister Modi of India met in New Delhi on 10th February." in doc.text
    assert "*" not in doc.text and "<sup>" not in doc.text and "\\" not in doc.text
    headings = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Defence and Security"]
    assert set(doc.parties) == {"FR", "IN"}


def test_ingest_malformed_front_matter_is_a_warning_and_keeps_the_body():
    raw = b"---\ntitle: [unclosed\ndate: 2026-01-01\n---\n\nThe ministers will meet.\n"
    doc = document_from_bytes(raw, name="bad.md")
    assert "The ministers will meet." in doc.text
    assert any("PW110" in w for w in doc.warnings)


def test_ingest_html_drops_scripts_and_boilerplate():
    html = """<!doctype html><html><head><title>Quad Joint Statement</title><script>var x = "SECRET";</script>
    <style>.a{color:red}</style></head><body><nav>Home | About | Contact</nav>
    <article><h1>Quad Leaders' Joint Statement</h1>
    <p>We, the leaders of Australia, India, Japan and the United States, met today in Wilmington to renew our partnership.</p>
    <p>We will launch the Quad Ports Partnership to build resilient ports across the region, and we will report on progress next year.</p>
    <p>The text &lt;script&gt;alert(1)&lt;/script&gt; is shown to readers as text.</p>
    </article><footer>Copyright 2027 Example News. All rights reserved.</footer></body></html>"""
    doc = document_from_bytes(html.encode(), name="quad.html")
    assert "SECRET" not in doc.text and "color:red" not in doc.text and "Copyright" not in doc.text
    assert "We will launch the Quad Ports Partnership" in doc.text
    assert doc.sources[0].format == "html"


def _pdf(text: str | None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    if text:
        y = 800
        for line in text.split("\n"):
            c.drawString(50, y, line)
            y -= 14
    else:
        c.rect(50, 50, 100, 100, fill=1)  # a "scan": drawing, no text
    c.showPage()
    c.save()
    return buf.getvalue()


def test_ingest_pdf_text_layer():
    raw = _pdf("Joint Statement\n\nThe two governments will establish a\nnew climate fund next year.")
    doc = document_from_bytes(raw, name="s.pdf")
    assert "will establish a new climate fund next year." in doc.text


def test_ingest_pdf_without_text_and_broken_pdf():
    with pytest.raises(NoTextLayer):
        document_from_bytes(_pdf(None), name="scan.pdf")
    with pytest.raises(BrokenPdf):
        document_from_bytes(_pdf("Hello there.")[:200], name="cut.pdf")


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16", b""), ("utf-16-le", b""), ("cp1252", b""), ("cp949", b""), ("euc-kr", b"")],
)
def test_ingest_encodings_decode_right(encoding, prefix):
    text = "Joint Statement\n\nThe leaders agreed “to cooperate” — and will meet in Seoul.\n"
    if encoding in ("cp949", "euc-kr"):
        text = "공동성명\n\n한미 정상은 협력을 강화하기로 합의했다. 양국은 내년에 다시 만날 것이다.\n"
    raw = prefix + text.encode(encoding)
    doc = document_from_bytes(raw, name="enc.txt")
    body = text.split("\n\n", 1)[1].strip()
    assert body in doc.text


def test_ingest_bad_inputs_raise_coded_errors(tmp_path):
    with pytest.raises(EmptyFile):
        document_from_bytes(b"  \n\n", name="e.txt")
    with pytest.raises(BinaryFile):
        document_from_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), name="image.txt")
    with pytest.raises(Undecodable):
        document_from_bytes(b"abc", name="x.txt", encoding="no-such-codec")
    with pytest.raises(NotFound):
        read_document(tmp_path / "missing.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(TooLarge):
        read_document(big, max_size=1000)


def test_ingest_error_message_names_file_code_and_remedy():
    with pytest.raises(EmptyFile) as info:
        document_from_bytes(b"", name="e.txt", path="folder/e.txt")
    message = str(info.value)
    assert message.startswith("PW103: folder/e.txt:") and "check that it was saved" in message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "b.md", "c.html", "d.pdf", "e"]))
def test_ingest_arbitrary_bytes_raise_only_coded_errors(raw, name):
    try:
        doc = document_from_bytes(raw, name=name)
    except PledgewatchError:
        return
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_ingest_arbitrary_pdf_like_bytes_raise_only_coded_errors(tail):
    try:
        document_from_bytes(b"%PDF-1.4\n" + tail, name="x.pdf")
    except PledgewatchError:
        pass
