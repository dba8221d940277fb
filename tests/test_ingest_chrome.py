"""ingest.chrome: the lines a news site wraps around a reposted statement, and datelines."""

from __future__ import annotations

import pytest

from pledgewatch.ingest.chrome import classify_line, is_trailer_start, split_dateline


@pytest.mark.parametrize(
    "line,family",
    [
        ("17.2 C", "weather"),
        ("34.5 F", "weather"),
        ("21°C", "weather"),
        ("Clear 12 °C", "weather"),
        ("Partly cloudy -3°C", "weather"),
        ("18°C Sunny", "weather"),
        ("Home›World›Asia Pacific›Japan–Australia Statement", "breadcrumb"),
        ("Home › World › Asia Pacific", "breadcrumb"),
        ("Home » News » Diplomacy", "breadcrumb"),
        ("You are here: Home > Politics", "breadcrumb"),
        ("HomePoliticsNew Zealand, Indonesia Partnership", "breadcrumb"),
        ("The post Chile–Peru Joint Declaration first appeared on Andes Wire.", "post_first_appeared"),
        ("The post Chile–Peru Joint Declaration appeared first on Andes Wire", "post_first_appeared"),
        ("Official news published at https://www.gov.example/news/2026/01/02/x", "official_news_at"),
        ("originally published at World - Daily Herald", "originally_published"),
        ("This article was originally published at https://www.gov.example/a", "originally_published"),
        ("Source: Ministry of Foreign Affairs", "source_line"),
        ("Read more: https://www.gov.example/a", "source_line"),
        ("Click here to read the full statement", "source_line"),
        ("(Daily Herald File Photo)", "photo"),
        ("The leaders at the summit. (Official Government Photo)", "photo"),
        ("Photo: Reuters / Staff", "photo"),
        ("Photo by Kim Lee", "photo"),
        ("Photo credit: Ministry of Defence", "photo"),
        ("Share this:", "share"),
        ("Share on Facebook", "share"),
        ("Tweet", "share"),
        ("###", "end_mark"),
        ("\\###", "end_mark"),
        ("-30-", "end_mark"),
        ("Monday, June 7, 2027", "page_date"),
        ("Tuesday, 14 October 2025", "page_date"),
        ("Oct. 14, 2025 10:32 AM", "page_date"),
        ("Tokyo, September 5, 2024", "page_date"),
        ("Washington, D.C., May 21, 2022", "page_date"),
        ("Seoul, Republic of Korea, 14 October 2025", "page_date"),
    ],
)
def test_chrome_lines_are_recognised(line, family):
    found = classify_line(line)
    assert found is not None and found.family == family


@pytest.mark.parametrize(
    "line",
    [
        "The two leaders decided to open a joint centre for undersea cable security by 2029.",
        "Home Office officials will meet their counterparts in May.",
        "Sources of growth include trade and investment.",
        "Source Code Security Initiative",
        "Photos of the signing will be released by both governments.",
        "Section 2 C",
        "Security and Defence",
        "Japan will invest AUD 2 billion in lithium processing by 2030.",
        "The post-war order must be defended.",
        "Related work will continue under the dialogue.",
        "",
    ],
)
def test_chrome_statement_lines_are_not_chrome(line):
    assert classify_line(line) is None
    assert not is_trailer_start(line)


def test_chrome_lines_carry_their_metadata():
    official = classify_line("Official news published at https://www.gov.example/news/2026/01/02/x.")
    assert official.url == "https://www.gov.example/news/2026/01/02/x"
    post = classify_line("The post Chile–Peru Joint Declaration first appeared on Andes Wire.")
    assert post.title == "Chile–Peru Joint Declaration"
    original = classify_line("This article was originally published at https://www.gov.example/2026/03/01/a")
    assert original.url == "https://www.gov.example/2026/03/01/a"
    assert classify_line("Monday, June 7, 2027").page_date == "Monday, June 7, 2027"


@pytest.mark.parametrize(
    "line",
    ["RELATED ARTICLES", "Related Articles", "Latest Articles", "LATEST ARTICLES", "More from Daily Herald",
     "You may also like", "Read Next", "Related Stories:", "Leave a Reply"],
)
def test_chrome_trailer_starts(line):
    assert is_trailer_start(line)


@pytest.mark.parametrize(
    "paragraph,dateline,rest",
    [
        ("CANBERRA – Prime Minister Mori met.", "CANBERRA –", "Prime Minister Mori met."),
        ("WELLINGTON, 2 May 2026 – The ministers met.", "WELLINGTON, 2 May 2026 –", "The ministers met."),
        ("Canberra, 5 June 2027 — The leaders met.", "Canberra, 5 June 2027 —", "The leaders met."),
        ("Seoul, April 26, 2023 – The leaders met.", "Seoul, April 26, 2023 –", "The leaders met."),
        ("TOKYO, Oct. 12 (Daily Herald) — Prime Minister Mori spoke.", "TOKYO, Oct. 12 (Daily Herald) —", "Prime Minister Mori spoke."),
        ("Jakarta, Indonesia — The two sides agreed.", "Jakarta, Indonesia —", "The two sides agreed."),
    ],
)
def test_chrome_dateline_is_split_off(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph",
    ["Today the leaders met in Canberra.", "The United States – and Japan – agreed.", "In 2027 – a year of change – they met."],
)
def test_chrome_no_dateline_in_ordinary_sentences(paragraph):
    assert split_dateline(paragraph) == (None, paragraph)
