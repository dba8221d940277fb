"""ingest.formats and ingest.document_from_bytes: text, Markdown, HTML and PDF → normalised text and blocks."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from pledgewatch.errors import BrokenPdf, NoBody, NoTextLayer
from pledgewatch.ingest import document_from_bytes, read_document, sniff_format
from pledgewatch.segment import segment

DATA = Path(__file__).parent / "data" / "ingest"


def _blocks(doc):
    return [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]


def _pdf(pages: list[list[str]], *, title: str | None = None, encrypt: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt)
    if title:
        c.setTitle(title)
    for lines in pages:
        y = 800
        for line in lines:
            if line:
                c.drawString(50, y, line)
            y -= 14
        if not lines:
            c.rect(50, 50, 300, 400, fill=1)  # a "scan": a picture, no text layer
        c.showPage()
    c.save()
    return buf.getvalue()


# --- plain text: a news site's repost -----------------------------------------


def test_formats_news_repost_chrome_never_reaches_the_body():
    doc = read_document(DATA / "daily_herald_repost.txt")
    for chrome in ("17.2 C", "Brisbane", "June 7", "Home›", "CANBERRA", "File Photo", "Official news", "first appeared",
                   "originally published", "RELATED", "Latest Articles", "Storm warning", "ferry terminal"):
        assert chrome not in doc.text, chrome
    assert doc.text.startswith("Prime Minister Hana Mori of Japan and Prime Minister Liam Carter")
    assert doc.text.endswith("accepted the invitation with pleasure.")
    assert _blocks(doc)[1] == ("heading", "Security and Defence")


def test_formats_news_repost_chrome_lines_become_metadata():
    doc = read_document(DATA / "daily_herald_repost.txt")
    assert doc.title == "Japan–Australia Leaders’ Joint Statement on a Resilient Pacific"
    assert doc.source_url == "https://www.pm.example.au/media/2027/06/05/japan-australia-leaders-joint-statement"
    assert doc.provenance["source_url"].source == "text" and "Official news published at" in doc.provenance["source_url"].evidence
    # the statement's own URL dates it (5 June); the site's header (7 June) does not
    assert doc.date == dt.date(2027, 6, 5) and doc.provenance["date"].source == "url"
    assert doc.provenance["dateline"].evidence == "CANBERRA –"


def test_formats_plain_text_hard_wrapped_lines_are_reflowed():
    raw = (
        "Chile-Peru Joint Declaration\n\n"
        "The foreign ministers of Chile and Peru met in Lima and agreed to\n"
        "open a joint border crossing by 2028. They will meet again\n"
        "next year.\n\n"
        "Trade\n\n"
        "The two governments will cut tariffs on farm goods.\n"
    ).encode()
    doc = document_from_bytes(raw, name="cl_pe.txt")
    assert _blocks(doc) == [
        ("paragraph", "The foreign ministers of Chile and Peru met in Lima and agreed to open a joint border crossing by 2028. "
                      "They will meet again next year."),
        ("heading", "Trade"),
        ("paragraph", "The two governments will cut tariffs on farm goods."),
    ]
    assert doc.title == "Chile-Peru Joint Declaration"


def test_formats_plain_text_title_is_the_header_line_naming_a_document_type():
    raw = b"Lima\nChile-Peru Joint Declaration\nPreamble\n\nThe ministers met in Lima. They will meet again.\n"
    doc = document_from_bytes(raw, name="x.txt")
    assert doc.title == "Chile-Peru Joint Declaration"
    assert "Lima\n" not in doc.text  # the site's city line above the title is chrome
    assert _blocks(doc)[0] == ("heading", "Preamble")  # a section heading below the title stays


def test_formats_crlf_and_unicode_line_separators():
    raw = "Joint Statement\r\n\r\nThe ministers met.\u2028They agreed.\r\n\r\nThe leaders will meet.\u2029Again.\r\n".encode()
    doc = document_from_bytes(raw, name="x.txt")
    assert "\r" not in doc.text and "\u2028" not in doc.text and "\u2029" not in doc.text
    assert "The ministers met. They agreed." in doc.text


def test_formats_control_characters_never_reach_the_text():
    # a terminal escape and a bidi override copied from a web page must not reach a terminal
    raw = "Joint Statement\n\nThe ministers \x1b[31mmet\x1b[0m today and \u202eagreed to meet again in Lima.\n".encode()
    doc = document_from_bytes(raw, name="x.txt")
    assert "\x1b" not in doc.text and "\u202e" not in doc.text
    assert "met" in doc.text and "agreed to meet again in Lima." in doc.text


# --- Markdown ------------------------------------------------------------------


def test_formats_markdown_front_matter_and_markup():
    doc = read_document(DATA / "jp_au_statement.md")
    assert doc.title == "Japan–Australia Leaders' Joint Statement on a Resilient Pacific"
    assert doc.provenance["title"].source == "front_matter"
    assert doc.date == dt.date(2027, 6, 5) and doc.provenance["date"].source == "front_matter"
    assert doc.tags == ("statements", "japan", "australia")
    assert doc.doc_type == "joint_statement" and doc.provenance["doc_type"].source == "front_matter"
    assert doc.sources[0].format == "markdown" and doc.sources[0].url == doc.source_url
    # emphasis markers, <sup> tags and backslash escapes are removed; the escaped character stays
    assert "*" not in doc.text.replace("2030*", "") and "<sup>" not in doc.text and "\\" not in doc.text
    assert "fifty years of the Basic Treaty of Friendship and reaffirmed that the Special Strategic Partnership" in doc.text
    assert "Reciprocal Access Agreement1 and committed" in doc.text
    assert "by 2030* and will publish" in doc.text
    headings = [t for k, t in _blocks(doc) if k == "heading"]
    assert headings == ["Security and Defence", "Economy and Energy", "People and Regional Cooperation"]
    # hard-wrapped lines are one paragraph
    assert "Prime Minister Liam Carter of Australia met in Canberra on 5 June 2027" in doc.text


def test_formats_markdown_escapes_stay_literal():
    raw = b"---\ntitle: T\n---\n\nThe fund is \\*not\\* final and covers \\[phase one\\] and \\_all\\_ members \\#1.\n"
    doc = document_from_bytes(raw, name="x.md")
    assert doc.text == "The fund is *not* final and covers [phase one] and _all_ members #1."


@pytest.mark.parametrize(
    "markdown,blocks",
    [
        ("**Next Steps**\n\nThe leaders will meet.", [("heading", "Next Steps"), ("paragraph", "The leaders will meet.")]),
        ("***Defence***\n\nThey will train.", [("heading", "Defence"), ("paragraph", "They will train.")]),
        ("## Trade\n\nThey will trade.", [("heading", "Trade"), ("paragraph", "They will trade.")]),
        ("Trade Policy\n============\n\nThey will trade.", [("heading", "Trade Policy"), ("paragraph", "They will trade.")]),
        ("*The leaders condemned the attack.*", [("paragraph", "The leaders condemned the attack.")]),
        ("> The ministers will\n> meet in May.", [("paragraph", "The ministers will meet in May.")]),
        ("They met.\n\n---\n\n* * *\n\nThey agreed.", [("paragraph", "They met."), ("paragraph", "They agreed.")]),
        ("- A bullet that wraps\n  onto a second line.\n- Second bullet.",
         [("bullet", "A bullet that wraps onto a second line."), ("bullet", "Second bullet.")]),
        ("| Item | Amount |\n|---|---|\n| Fund | $5 million |", [("paragraph", "Item | Amount"), ("paragraph", "Fund | $5 million")]),
        ("See ![a chart](https://x.example/c.png)[the annex](https://x.example/annex) for details.",
         [("paragraph", "See the annex for details.")]),
        ("```\nThe leaders will meet.\n```", [("paragraph", "The leaders will meet.")]),
    ],
)
def test_formats_markdown_block_syntax(markdown, blocks):
    doc = document_from_bytes(("---\ntitle: A Statement\n---\n\n" + markdown + "\n").encode(), name="x.md")
    assert _blocks(doc) == blocks


def test_formats_markdown_malformed_front_matter_is_a_warning_and_the_body_is_kept():
    raw = b"---\ntitle: [unclosed\ndate: 2026-01-01\n---\n\nThe ministers will meet in Lima.\n"
    doc = document_from_bytes(raw, name="bad.md")
    assert doc.text == "The ministers will meet in Lima."
    assert any(w.startswith("PW110: bad.md: front matter is not valid YAML") and w.code == "PW110" for w in doc.warnings)
    assert str(doc.date) == "2026-01-01"  # read line by line instead


def test_formats_markdown_unquoted_colon_in_title_keeps_the_front_matter():
    raw = ("---\ntitle: Joint Statement: Partners for the Pacific\ndate: 2025-03-04\nparties: JP, PH\n---\n\n"
           "Japan and the Philippines will hold a maritime dialogue.\n").encode()
    doc = document_from_bytes(raw, name="colon.md")
    assert doc.title == "Joint Statement: Partners for the Pacific"
    assert str(doc.date) == "2025-03-04" and set(doc.parties) == {"JP", "PH"}
    assert [w.code for w in doc.warnings] == ["PW110"]


def test_formats_markdown_front_matter_that_is_not_key_value_at_all_is_still_a_warning():
    raw = b"---\n[unclosed\n---\n\nThe ministers will meet in Lima.\n"
    doc = document_from_bytes(raw, name="bad.md")
    assert any(w.startswith("PW110: bad.md: malformed front matter") for w in doc.warnings)


@pytest.mark.parametrize(
    "yaml_text",
    [
        "date: 2026-13-45",  # YAML reads it as a timestamp and fails with ValueError
        "date: 2026-02-30",
        "date: 2026-01-01 25:00:00",
        "title: !!python/object:os.system x",
        "- a list\n- not a mapping",
        "title: \"\\ud800 lone surrogate\"",
    ],
)
def test_formats_markdown_bad_yaml_never_raises(yaml_text):
    raw = ("---\n" + yaml_text + "\n---\n\nThe ministers will meet in Lima.\n").encode()
    doc = document_from_bytes(raw, name="odd.md")
    assert doc.text == "The ministers will meet in Lima."
    doc.title.encode("utf-8")  # no lone surrogate survives
    assert "lone" in doc.title or any("PW110" in w for w in doc.warnings)


def test_formats_markdown_front_matter_values_of_the_wrong_shape_are_ignored_with_a_warning():
    raw = b"---\ntitle: {a: b}\nsource_url: [x, y]\ndate: [2026]\n---\n\nThe ministers will meet in Lima.\n"
    doc = document_from_bytes(raw, name="shapes.md")
    assert doc.title != "{'a': 'b'}" and doc.source_url is None and doc.date is None
    assert any("PW110" in w and "title" in w and "source_url" in w for w in doc.warnings)


def test_formats_markdown_unclosed_front_matter_keeps_the_body_not_the_yaml():
    raw = b"---\ntitle: Lost Title\ndate: 2026-01-01\n\nThe ministers will meet in Lima.\n"
    doc = document_from_bytes(raw, name="open.md")
    assert doc.text == "The ministers will meet in Lima."
    assert any("never closed" in w for w in doc.warnings)


def test_formats_text_file_with_front_matter_is_read_as_markdown():
    raw = b"---\ntitle: Chile-Peru Joint Declaration\n---\n\nThe ministers **will** meet.\n"
    assert sniff_format("statement.txt", raw) == "markdown"
    assert document_from_bytes(raw, name="statement.txt").text == "The ministers will meet."


# --- HTML ----------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Joint Statement of the Philippines and Viet Nam | Ministry of Foreign Affairs</title>
<meta property="og:url" content="https://dfa.example.ph/statements/2025/11/03/ph-vn-joint-statement">
<script>window.TRACKER = "tracking-code-xyz"; document.write("<p>INJECTED</p>");</script>
<style>body { font-family: ZZZSTYLE; }</style>
</head><body>
<header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/contact">Contact us</a></nav></header>
<main><article>
<h1>Joint Statement of the Philippines and Viet Nam</h1>
<p>MANILA – The Foreign Ministers of the Philippines and Viet Nam met in Manila on 3 November 2025 to review their strategic partnership and its plan of action for the coming years.</p>
<h2>Maritime Cooperation</h2>
<p>Both sides will establish a hotline between their coast guards before the end of 2026, and they will hold joint search-and-rescue drills every year in the South China Sea.</p>
<ul><li>The Philippines will host the first drill.</li><li>Viet Nam will send observers to the second.</li></ul>
<p>Readers of this page see the text &lt;script&gt;alert("x")&lt;/script&gt; and [bold red]markup[/bold red]; it is only text.</p>
<script>console.log("MIDSCRIPT")</script>
</article></main>
<footer><p>© 2025 Ministry of Foreign Affairs. All rights reserved. Privacy policy.</p></footer>
</body></html>"""


def test_formats_html_boilerplate_scripts_and_styles_never_reach_the_text():
    doc = document_from_bytes(PAGE.encode(), name="ph_vn.html")
    for junk in ("TRACKER", "INJECTED", "ZZZSTYLE", "MIDSCRIPT", "Contact us", "All rights reserved", "Privacy"):
        assert junk not in doc.text, junk
    assert _blocks(doc)[:4] == [
        ("paragraph", "The Foreign Ministers of the Philippines and Viet Nam met in Manila on 3 November 2025 to review their "
                      "strategic partnership and its plan of action for the coming years."),
        ("heading", "Maritime Cooperation"),
        ("paragraph", "Both sides will establish a hotline between their coast guards before the end of 2026, and they will "
                      "hold joint search-and-rescue drills every year in the South China Sea."),
        ("bullet", "The Philippines will host the first drill."),
    ]


def test_formats_html_literal_escaped_script_comes_through_as_text():
    doc = document_from_bytes(PAGE.encode(), name="ph_vn.html")
    assert 'Readers of this page see the text <script>alert("x")</script> and [bold red]markup[/bold red]; it is only text.' in doc.text


def test_formats_html_metadata():
    doc = document_from_bytes(PAGE.encode(), name="ph_vn.html")
    assert doc.title == "Joint Statement of the Philippines and Viet Nam"  # the <h1>, not "… | Ministry"
    assert doc.source_url == "https://dfa.example.ph/statements/2025/11/03/ph-vn-joint-statement"
    assert doc.date == dt.date(2025, 11, 3)
    assert doc.parties == ("PH", "VN") and doc.doc_type == "joint_statement"
    assert doc.sources[0].format == "html"


def test_formats_html_short_page_is_read_without_its_menus():
    page = (b"<html><head><title>Readout</title><script>var SECRET=1</script></head><body><nav>Home News</nav>"
            b"<h1>Readout</h1><p>The ministers of Chile and Peru met. They will meet again.</p>"
            b"<ul><li>One item.</li><li>Two items.</li></ul><footer>Copyright</footer></body></html>")
    doc = document_from_bytes(page, name="short.html")
    assert _blocks(doc) == [("paragraph", "The ministers of Chile and Peru met. They will meet again."),
                            ("bullet", "One item."), ("bullet", "Two items.")]


@pytest.mark.parametrize("page", [b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                  b"<html><head><title>T</title><script>x()</script></head><body></body></html>"])
def test_formats_html_without_a_statement_is_refused(page):
    with pytest.raises(NoBody):
        document_from_bytes(page, name="empty.html")


def test_formats_html_is_sniffed_by_content_not_name():
    assert sniff_format("page.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff_format("doc.txt", b"%PDF-1.7\n...") == "pdf"
    assert sniff_format("fake.pdf", b"Plain words, not a PDF.") == "text"


# --- PDF -------------------------------------------------------------------------

PDF_PAGES = [
    [
        "Joint Communique of New Zealand and Indonesia",
        "",
        "WELLINGTON, 2 May 2026 - The Foreign Ministers of New Zealand and Indo-",
        "nesia met today to review the comprehensive partnership between the two",
        "countries. They agreed to deepen trade and will open a joint research",
        "centre by 2028.",
        "",
        "Maritime Cooperation",
        "",
        "The two ministers will establish a maritime dialogue and hold its first",
        "meeting in Jakarta before the end of the year, and they will report on",
        "1",
    ],
    [
        "its progress to the leaders at their next summit.",
        "",
        "2",
    ],
]


def test_formats_pdf_text_layer_paragraphs_headings_and_hyphenation():
    doc = document_from_bytes(_pdf(PDF_PAGES, title="NZ-ID"), name="nz_id.pdf")
    assert doc.title == "Joint Communique of New Zealand and Indonesia"
    assert doc.date == dt.date(2026, 5, 2) and doc.provenance["date"].source == "dateline"
    assert _blocks(doc) == [
        ("paragraph", "The Foreign Ministers of New Zealand and Indonesia met today to review the comprehensive partnership "
                      "between the two countries. They agreed to deepen trade and will open a joint research centre by 2028."),
        ("heading", "Maritime Cooperation"),
        # the paragraph runs on across the page break; the page numbers are gone
        ("paragraph", "The two ministers will establish a maritime dialogue and hold its first meeting in Jakarta before the "
                      "end of the year, and they will report on its progress to the leaders at their next summit."),
    ]
    assert doc.doc_type == "communique" and doc.parties == ("NZ", "ID")
    assert doc.sources[0].format == "pdf" and doc.sources[0].encoding == "pdf"


def test_formats_pdf_running_headers_are_dropped():
    pages = [["MINISTRY OF FOREIGN AFFAIRS - PRESS RELEASE", f"The ministers agreed on point {i} of the plan today.", f"Page {i} of 4"]
             for i in range(1, 5)]
    doc = document_from_bytes(_pdf(pages), name="headers.pdf")
    assert "MINISTRY" not in doc.text and "Page" not in doc.text
    assert doc.text.count("The ministers agreed on point") == 4


def test_formats_pdf_without_text_layer_is_pw107():
    with pytest.raises(NoTextLayer) as info:
        document_from_bytes(_pdf([[]]), name="scan.pdf", path="in/scan.pdf")
    assert str(info.value).startswith("PW107: in/scan.pdf:") and "OCR" in str(info.value)


@pytest.mark.parametrize("cut", [40, 400, 0.5, -40])
def test_formats_truncated_pdf_is_pw108(cut, capsys):
    raw = _pdf(PDF_PAGES)
    n = int(len(raw) * cut) if isinstance(cut, float) else cut
    with pytest.raises(BrokenPdf) as info:
        document_from_bytes(raw[:n], name="cut.pdf")
    assert "damaged" in str(info.value)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""  # pypdf's own warnings are not printed


def test_formats_password_protected_pdf_says_so():
    with pytest.raises(BrokenPdf) as info:
        document_from_bytes(_pdf([["The ministers will meet."]], encrypt="secret"), name="locked.pdf")
    assert "password" in str(info.value)


def test_formats_units_point_into_the_text_for_every_format():
    docs = [
        read_document(DATA / "jp_au_statement.md"),
        read_document(DATA / "daily_herald_repost.txt"),
        document_from_bytes(PAGE.encode(), name="p.html"),
        document_from_bytes(_pdf(PDF_PAGES), name="p.pdf"),
    ]
    for doc in docs:
        units = segment(doc)
        assert units, doc.name
        for unit in units:
            assert doc.text[unit.start : unit.end] == unit.text


def test_formats_markup_in_utf16_is_still_recognised():
    page = ("<!DOCTYPE html><html><head><script>var SECRET=1</script></head><body><article><h1>Joint Statement</h1>"
            "<p>The ministers of Chile and Peru met in Lima and agreed to build a port by 2029.</p></article></body></html>")
    html_doc = document_from_bytes(b"\xff\xfe" + page.encode("utf-16-le"), name="page.txt")
    assert html_doc.sources[0].format == "html" and "SECRET" not in html_doc.text
    markdown = "---\ntitle: Chile-Peru Joint Declaration\n---\n\nThe ministers **will** meet.\n"
    md_doc = document_from_bytes(markdown.encode("utf-16"), name="statement.txt")
    assert md_doc.sources[0].format == "markdown" and md_doc.title == "Chile-Peru Joint Declaration"
    assert md_doc.text == "The ministers will meet."


# --- numbered blocks -----------------------------------------------------------


def test_formats_numbered_paragraphs_keep_their_number_outside_the_block():
    raw = (b"1. Today the leaders of Brazil and Argentina met in Brasilia. They agreed to link their power grids.\n\n"
           b"2) Both governments will fund a joint space agency.\n")
    doc = document_from_bytes(raw, name="br_ar.md")
    assert _blocks(doc) == [
        ("paragraph", "Today the leaders of Brazil and Argentina met in Brasilia. They agreed to link their power grids."),
        ("paragraph", "Both governments will fund a joint space agency."),
    ]
    assert doc.text.startswith("1. Today") and "\n\n2) Both" in doc.text


def test_formats_numbered_title_lines_are_headings_and_lettered_items_bullets():
    raw = (b"I. Energy and climate\n\n"
           b"1. Norway and Iceland will share geothermal research. They will meet in Reykjavik.\n\n"
           b"The ministers will:\n\n(a) open a joint office;\n(b) publish a report.\n")
    doc = document_from_bytes(raw, name="no_is.md")
    assert [k for k, _ in _blocks(doc)] == ["heading", "paragraph", "paragraph", "bullet", "bullet"]
    assert _blocks(doc)[0] == ("heading", "I. Energy and climate")


def test_formats_a_roman_numeral_inside_a_wrapped_paragraph_is_not_a_number():
    raw = (b"The two leaders recalled the partnership built after World War\n"
           b"II. They will open a joint museum in 2027 and fund exchanges.\n")
    doc = document_from_bytes(raw, name="ww.md")
    assert _blocks(doc) == [("paragraph", "The two leaders recalled the partnership built after World War II. "
                                          "They will open a joint museum in 2027 and fund exchanges.")]
