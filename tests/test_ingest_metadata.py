"""ingest.metadata: title, date, document type and parties, each with its provenance."""

from __future__ import annotations

import datetime as dt

import pytest

from pledgewatch.ingest import document_from_bytes
from pledgewatch.ingest.metadata import choose_parties, date_from_url, parse_date
from pledgewatch.model import DOC_TYPES, Provenance


def _doc(text: str, name: str = "x.txt"):
    return document_from_bytes(text.encode(), name=name)


# --- dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,date",
    [
        ("https://www.gov.example/briefing-room/2023/04/26/joint-statement/", dt.date(2023, 4, 26)),
        ("https://www.gov.example/news/2027-06-04/statement", dt.date(2027, 6, 4)),
        ("https://www.mofa.example/a_o/page1e_2025_10_12.html", dt.date(2025, 10, 12)),
        ("https://www.gov.example/news/2024/3/1/x", dt.date(2024, 3, 1)),
        ("https://www.gov.example/news/20240301/x", dt.date(2024, 3, 1)),
        ("https://www.gov.example/news/2024/02/30/impossible", None),
        ("https://2023.example.org/about", None),
        ("https://www.gov.example/statements/joint", None),
        (None, None),
    ],
)
def test_metadata_date_from_url_path(url, date):
    assert date_from_url(url) == date


@pytest.mark.parametrize(
    "value,date",
    [
        ("2026-03-04", dt.date(2026, 3, 4)),
        (dt.date(2026, 3, 4), dt.date(2026, 3, 4)),
        (dt.datetime(2026, 3, 4, 10, 0), dt.date(2026, 3, 4)),
        ("March 4, 2026", dt.date(2026, 3, 4)),
        ("4th March 2026", dt.date(2026, 3, 4)),
        ("this 4th day of March, 2026", dt.date(2026, 3, 4)),
        ("Sept. 4, 2026", dt.date(2026, 9, 4)),
        ("sometime in spring", None),
        ("February 30, 2026", None),
        (None, None),
    ],
)
def test_metadata_parse_date(value, date):
    assert parse_date(value) == date


def test_metadata_date_front_matter_beats_url_beats_dateline_beats_opening():
    fm = _doc("---\ntitle: T\ndate: 2026-01-02\nsource_url: https://g.example/2026/01/03/t\n---\n\nSEOUL, January 4, 2026 – The leaders met on January 5, 2026.\n", "a.md")
    assert fm.date == dt.date(2026, 1, 2) and fm.provenance["date"].source == "front_matter"
    url = _doc("---\ntitle: T\nsource_url: https://g.example/2026/01/03/t\n---\n\nSEOUL, January 4, 2026 – The leaders met on January 5, 2026.\n", "b.md")
    assert url.date == dt.date(2026, 1, 3) and url.provenance["date"].source == "url"
    dateline = _doc("Joint Statement\n\nSEOUL, January 4, 2026 – The leaders met on January 5, 2026.\n")
    assert dateline.date == dt.date(2026, 1, 4) and dateline.provenance["date"].source == "dateline"
    opening = _doc("Joint Statement\n\nThe leaders met on January 5, 2026 in Seoul.\n")
    assert opening.date == dt.date(2026, 1, 5) and opening.provenance["date"].source == "text"
    assert opening.provenance["date"].confidence < dateline.provenance["date"].confidence


def test_metadata_news_site_header_date_is_never_the_statement_date():
    doc = _doc("12°C\nLima\nMonday, June 7, 2027\nHome › World\n\nA Joint Statement\n\nThe leaders met on Friday. They will cooperate.\n")
    assert doc.date is None
    assert "page header" in doc.provenance["date"].evidence and "June 7, 2027" in doc.provenance["date"].evidence
    assert any(w.startswith("no statement date found") for w in doc.warnings)


def test_metadata_date_line_under_a_title_without_site_chrome_is_the_statement_date():
    doc = _doc("Chile-Peru Joint Declaration\nApril 26, 2026\n\nThe ministers met. They will cooperate.\n")
    assert doc.date == dt.date(2026, 4, 26)
    assert doc.provenance["date"].source == "text" and "date line" in doc.provenance["date"].evidence
    assert "April 26" not in doc.text


def test_metadata_originally_published_url_dates_the_statement():
    doc = _doc("A Joint Statement\n\nThe leaders recalled their meeting of June 30, 2019 and met again today.\n\n"
               "This article was originally published at https://g.example/statements/2024/03/01/joint\n")
    assert doc.source_url == "https://g.example/statements/2024/03/01/joint"
    assert doc.date == dt.date(2024, 3, 1) and doc.provenance["date"].source == "url"


def test_metadata_url_cited_in_the_body_is_weak_evidence():
    doc = _doc("Joint Statement\n\nSEOUL, May 2, 2026 – The leaders welcomed the report at https://g.example/2019/01/01/report and met.\n")
    assert doc.source_url == "https://g.example/2019/01/01/report"
    assert doc.provenance["source_url"].confidence <= 0.5
    assert doc.date == dt.date(2026, 5, 2)  # the dateline outranks a date in a cited link


def test_metadata_repost_date_is_not_the_posts_date():
    # "The post … first appeared on" points at the repost; its URL must not date the statement
    doc = _doc("A Joint Statement\n\nThe leaders met.\n\nThe post A Joint Statement first appeared on https://news.example/2027/06/07/a.\n")
    assert doc.date is None


# --- document types -------------------------------------------------------------


@pytest.mark.parametrize(
    "title,doc_type",
    [
        ("Japan-Australia Leaders' Joint Statement", "joint_statement"),
        ("Joint Statement from Quad Leaders", "joint_statement"),
        ("FACT SHEET: Canada-Germany Hydrogen Alliance", "fact_sheet"),
        ("Joint Communique of the Philippines and Viet Nam", "communique"),
        ("G7 Foreign Ministers' Communiqué", "communique"),
        ("The Jakarta Declaration", "declaration"),
        ("Statement by the Press Secretary on the Visit of President Lee", "press_statement"),
        ("Readout of the Meeting Between the Foreign Ministers of India and France", "press_statement"),
        ("Remarks at the Opening of the Dialogue", "other"),
    ],
)
def test_metadata_document_type_from_title(title, doc_type):
    doc = _doc(f"{title}\n\nThe ministers met. They will meet again.\n")
    assert doc.doc_type == doc_type
    assert doc.provenance["doc_type"].source in ("title", "default")


def test_metadata_document_type_from_layout_and_front_matter():
    bullets = _doc("Partnership\n\nThe two governments will:\n\n- fund a port.\n- train pilots.\n- open an office.\n")
    assert bullets.doc_type == "fact_sheet" and bullets.provenance["doc_type"].source == "text"
    given = _doc("---\ntitle: Something\ntype: communique\n---\n\nThe ministers met.\n", "c.md")
    assert given.doc_type == "communique" and given.provenance["doc_type"].source == "front_matter"
    assert all(d.doc_type in DOC_TYPES for d in (bullets, given))


# --- parties ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,parties,source",
    [
        ("U.S.-Japan Joint Leaders' Statement\n\nThey condemned North Korea's launches and China's coercion.", ("US", "JP"), "title"),
        ("Joint Statement\n\nThe American and Korean presidents met today. American and Korean firms will invest.", ("US", "KR"), "text"),
        ("Joint Statement\n\nThe President of the United States and the President of the ROK met. The U.S. and the ROK agreed.", ("US", "KR"), "text"),
        ("G7 Leaders' Statement on Ukraine\n\nWe, the Leaders of the Group of Seven, condemn Russia. Russia must withdraw.", ("G7",), "title"),
        ("G7 Foreign Ministers' Communiqué\n\nThe ministers discussed China, Russia and Iran. China should press Russia.", ("G7",), "title"),
        ("Quad Leaders' Joint Statement\n\nThe leaders met in Tokyo and discussed China.", ("QUAD",), "title"),
        ("Joint Statement from Quad Leaders\n\nToday, we, the leaders of Australia, India, Japan and the United States, met in person.",
         ("AU", "IN", "JP", "US"), "text"),
        ("Joint Statement\n\nJapan and Australia will deepen cooperation. They condemned the DPRK. The DPRK must stop; the DPRK must comply.",
         ("JP", "AU"), "text"),
        ("U.S.-EU Joint Statement on Trade\n\nThe two sides will cut tariffs.", ("US", "EU"), "title"),
        ("Seoul and Washington\n\nThe capitals were mentioned but no one is named.", (), "none"),
    ],
)
def test_metadata_parties(text, parties, source):
    doc = _doc(text + "\n")
    assert doc.parties == parties
    assert doc.provenance["parties"].source == source


def test_metadata_parties_from_front_matter_accept_names_and_codes():
    doc = _doc("---\ntitle: T\nparties: [CA, Mexico, the United States, Narnia]\n---\n\nThe leaders met.\n", "p.md")
    assert doc.parties == ("CA", "MX", "US")
    assert doc.provenance["parties"].source == "front_matter"


def test_metadata_choose_parties_third_parties_do_not_outweigh_the_title():
    body = "China " * 10 + "Russia " * 10
    parties, prov = choose_parties({}, "Joint Statement of India and France", "The two sides met.", body)
    assert parties == ("IN", "FR") and prov == Provenance("title", 0.85, "Joint Statement of India and France")


def test_metadata_every_field_has_provenance():
    doc = _doc("Joint Statement\n\nSEOUL, May 2, 2026 – The leaders of Japan and Korea met. Japan and Korea will cooperate.\n")
    for field in ("title", "date", "doc_type", "parties"):
        prov = doc.provenance[field]
        assert prov.source and 0.0 <= prov.confidence <= 1.0 and isinstance(prov.evidence, str)
    nothing = _doc("Remarks\n\nWe met.\n")
    assert nothing.provenance["date"].source == "none" and nothing.provenance["date"].confidence == 0.0
    assert nothing.provenance["title"].source == "text"
