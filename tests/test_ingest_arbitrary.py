"""Property tests: whatever bytes arrive, ingest raises only coded errors and keeps its invariants."""

from __future__ import annotations

import codecs
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgewatch.errors import PledgewatchError
from pledgewatch.ingest import document_from_bytes
from pledgewatch.ingest.decode import decode_bytes
from pledgewatch.segment import segment

NAMES = st.sampled_from(["a.txt", "b.md", "c.html", "d.pdf", "e", "f.htm", "g.markdown"])
INGEST_CODE = re.compile(r"PW1\d\d")  # errors.py: PW1xx are ingest's
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

# Pieces that exercise every reader and every chrome rule.
FRAGMENTS = st.sampled_from([
    "---\n", "title: x\n", "date: 2020-13-45\n", "date: [\n", "tags: 5\n", "parties: [1, 2]\n", "title: null\n",
    "<script>", "</script>", "<html><body>", "<p>", "&lt;", "&#0;", "&#xD800;", "<sup>1</sup>", "[a](b)", "![i](j)",
    "***", "**", "\\", "# ", "- ", "1. ", "> ", "| a | b |\n", "|---|---|\n", "```\n", "====\n",
    "\n", "\n\n", "\r", "\u2028", "\u0085", "\u202e", "\ufeff", "\x1b[31m", "\x00",
    "RELATED ARTICLES\n", "Home›News\n", "21 C\n", "Monday, June 7, 2027\n", "The post x first appeared on y.\n",
    "Official news published at http://a.example/2020/02/30/x\n", "WASHINGTON – ", "Canberra, 5 June 2027 — ",
    "%PDF-1.4\n", "The leaders of Japan and Australia will meet. ", "U.S.-ROK ", "공동성명 ", "“quoted” — ",
])
SOUPS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=30).map("".join)


def _check(doc) -> None:
    assert doc.text and doc.text == doc.text.strip()
    assert not CONTROL.search(doc.text)
    for block in doc.blocks:
        assert 0 <= block.start < block.end <= len(doc.text)
    for unit in segment(doc):
        assert doc.text[unit.start : unit.end] == unit.text
    for value in (doc.title, doc.source_url, *doc.tags, *(p.evidence for p in doc.provenance.values())):
        if value:
            value.encode("utf-8")  # storable: no lone surrogates


@settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=800), NAMES)
def test_arbitrary_bytes_raise_only_coded_errors(raw, name):
    try:
        doc = document_from_bytes(raw, name=name)
    except PledgewatchError as err:
        assert INGEST_CODE.fullmatch(err.code) and str(err).startswith(err.code)
        return
    _check(doc)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(SOUPS, NAMES, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "cp949"]))
def test_arbitrary_markup_soup_raises_only_coded_errors(text, name, encoding):
    raw = text.encode(encoding, errors="replace")
    try:
        doc = document_from_bytes(raw, name=name)
    except PledgewatchError as err:
        assert INGEST_CODE.fullmatch(err.code) and str(err).startswith(err.code)
        return
    _check(doc)


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=400))
def test_arbitrary_pdf_lookalikes_raise_only_coded_errors(tail):
    try:
        document_from_bytes(b"%PDF-1.4\n" + tail, name="x.pdf")
    except PledgewatchError as err:
        assert err.code in ("PW107", "PW108", "PW109")


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")), min_size=1, max_size=200),
    st.sampled_from([("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                     ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE)]),
)
def test_arbitrary_unicode_text_with_a_bom_or_utf8_decodes_exactly(text, codec):
    encoding, bom = codec
    try:
        decoded = decode_bytes(bom + text.encode(encoding))
    except PledgewatchError as err:
        assert err.code == "PW103" and not text.strip(" \t\r\n\x00\ufeff")  # only blank text is refused
        return
    assert decoded.text.lstrip("\ufeff") == text.lstrip("\ufeff") if bom else decoded.text == text


def test_html_with_control_characters_never_reaches_lxml_raw():
    # found by hypothesis: lxml raised ValueError on a control character in a page too short for trafilatura
    from pledgewatch.errors import PledgewatchError
    from pledgewatch.ingest import document_from_bytes

    try:
        doc = document_from_bytes("---\n<script></script>\x1f<p>We will meet.\x01</p>".encode(), name="c.html")
    except PledgewatchError as err:
        assert err.code.startswith("PW1")
    else:
        assert "\x01" not in doc.text and "\x1f" not in doc.text
