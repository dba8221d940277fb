"""Build a benchmark corpus of a few thousand statements from the five bundled ones.

Command (from the repository root, after ./run test or ./run demo made .venv):

    .venv/bin/python benchmarks/make_corpus.py [OUT_DIR] [--docs 3000] [--seed 1] [--check]

OUT_DIR defaults to ``benchmarks/out/corpus`` (git-ignored). The same
``--docs`` and ``--seed`` give the same bytes, file for file (document ``i``
depends only on the seed and ``i``, so a larger corpus starts with the
smaller one). A folder made by an earlier run (it holds ``.manifest.json``)
is emptied first; any other non-empty folder is refused.

Each document takes one of the five statements (``pledgewatch/data/corpus``)
as its base and perturbs it:

* paragraphs: about half of the base's paragraphs and bullets are kept, a few
  paragraphs of the other statements are inserted, sections are sometimes
  shuffled and a paragraph sometimes repeated;
* parties: the two sides ("United States"/"U.S."/"American"/"Washington"/
  its leader, and "Republic of Korea"/"ROK"/"Korea(n)"/"Seoul"/its leaders)
  are replaced by two other countries' names, short forms, adjectives,
  capitals and (invented) leader names; "Korean Peninsula", "DPRK" and the
  like stay;
* dates: a statement date between 2001 and 2025, written into the front
  matter, the URL (``/YYYY/MM/DD/``) and the news-site chrome; years from
  2019 on in the body move with it;
* format: plain text (clean, one line per paragraph, or a news-site repost
  with its weather line, crumbs, caption and "first appeared on" trailer),
  Markdown with YAML front matter (hard-wrapped at 72 columns, like the
  bundled ones), HTML pages (three page templates with navigation, sidebar,
  footer, inline script and style around the article) and a few PDFs
  (reportlab).

So that the near-duplicate path is exercised too, a small share of the
documents (``--reposts``, default 3 %) re-publishes an earlier document in
another format with a few words edited (expected: recognised as the same
statement), and ``--copies`` (default 1 %) re-publishes one unchanged. All
the others are meant to be distinct statements; ``--check`` measures that with
pledgewatch's own MinHash fingerprints and prints the pairs of distinct
statements that would pass for near-duplicates.

``.manifest.json`` in the folder (a dot-file, which ingest skips) lists each
file with its base, format, kind, parties and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import random
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "pledgewatch" / "data" / "corpus"
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "corpus"
MANIFEST = ".manifest.json"

# Format shares of the original documents (reposts and copies pick another format).
FORMAT_WEIGHTS = {"text": 0.40, "markdown": 0.40, "html": 0.18, "pdf": 0.02}


# -- the bundled statements as blocks -----------------------------------------


@dataclass
class Base:
    name: str
    title: str
    year: int
    blocks: list[tuple[str, str]]  # (heading|paragraph|bullet, text)


CHROME_LINE = re.compile(
    r"^(?:-?\d+(?:\.\d+)?\s*°?\s*[FC]|Clarksville|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \w+ \d{1,2}, \d{4}|Home.*"
    r"|.*\(Official White House Photo\)|\\?#{3}|\s*)$"
)
TRAILER = re.compile(r"^(?:Official news published at|The post .* first appeared on|originally published at|RELATED ARTICLES)")
DATELINE = re.compile(r"^The White House\s*Washington, D\.C\.\s*[–-]\s*")


def _clean_inline(text: str) -> str:
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _heading_text(line: str) -> str | None:
    m = re.fullmatch(r"\s*(?:#+\s*(.+?)|\*{2,3}(.+?)\*{2,3})\s*", line)
    return (m.group(1) or m.group(2)).strip() if m else None


def load_base(path: Path) -> Base:
    raw = path.read_text(encoding="utf-8")
    title = ""
    year = 2021
    blocks: list[tuple[str, str]] = []
    if raw.startswith("---"):
        _, front, body = raw.split("---\n", 2)
        meta = yaml.safe_load(front)
        title = _clean_inline(str(meta.get("title", "")))
        year = int(str(meta.get("date", year))[:4])
        for chunk in re.split(r"\n\s*\n", body):
            lines = [ln for ln in chunk.splitlines() if ln.strip()]
            if not lines:
                continue
            heading = _heading_text(lines[0]) if len(lines) == 1 else None
            if heading:
                blocks.append(("heading", _clean_inline(heading)))
                continue
            # A hard-wrapped paragraph; a bold heading may sit on its first line.
            first = _heading_text(lines[0])
            if first:
                blocks.append(("heading", _clean_inline(first)))
                lines = lines[1:]
            text = _clean_inline(" ".join(lines))
            if text and not CHROME_LINE.match(text):
                blocks.append(("paragraph", text))
    else:
        lines = [ln.rstrip() for ln in raw.splitlines()]
        for line in lines:
            if TRAILER.match(line.strip()):
                break
            if CHROME_LINE.match(line):
                continue
            text = _clean_inline(line)
            if text.startswith("•"):
                blocks.append(("bullet", text.lstrip("• ").strip()))
            elif not title:
                title = text
            elif text == title:
                continue
            elif len(text) < 100 and not text.endswith((".", ":", ";", "!", "?")):
                blocks.append(("heading", text))
            else:
                blocks.append(("paragraph", DATELINE.sub("", text)))
        m = re.search(r"/(20\d\d)/\d\d/\d\d/", raw)
        year = int(m.group(1)) if m else year
    return Base(path.name, title, year, blocks)


def load_bases() -> list[Base]:
    return [load_base(p) for p in sorted(BUNDLED.glob("*.txt"))]


# -- parties ------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    full: str  # "Republic of the Philippines"
    name: str  # "Philippines"
    article: bool  # "the Philippines"
    short: str  # stands for "U.S." / "ROK"
    adj: str  # "Philippine"
    people: str  # "Filipinos"
    capital: str
    leader: tuple[str, str]  # invented: (full name, surname)
    leader2: tuple[str, str]
    domain: str


COUNTRIES = [
    Country("United States of America", "United States", True, "U.S.", "American", "Americans", "Washington", ("Joseph R. Biden Jr.", "Biden"), ("Joseph R. Biden Jr.", "Biden"), "whitehouse.gov"),
    Country("Republic of Korea", "Republic of Korea", True, "ROK", "Korean", "Koreans", "Seoul", ("Yoon Suk Yeol", "Yoon"), ("Moon Jae-in", "Moon"), "president.go.kr"),
    Country("Japan", "Japan", False, "Japan", "Japanese", "Japanese", "Tokyo", ("Haruto Okabe", "Okabe"), ("Kenji Morishita", "Morishita"), "kantei.go.jp"),
    Country("Commonwealth of Australia", "Australia", False, "Australia", "Australian", "Australians", "Canberra", ("Liam Whitcombe", "Whitcombe"), ("Grace Pellham", "Pellham"), "pm.gov.au"),
    Country("United Kingdom of Great Britain and Northern Ireland", "United Kingdom", True, "U.K.", "British", "Britons", "London", ("Oliver Ashdown", "Ashdown"), ("Harriet Cole", "Cole"), "gov.uk"),
    Country("French Republic", "France", False, "France", "French", "French people", "Paris", ("Étienne Marchal", "Marchal"), ("Claire Duvivier", "Duvivier"), "elysee.fr"),
    Country("Federal Republic of Germany", "Germany", False, "Germany", "German", "Germans", "Berlin", ("Matthias Kolberg", "Kolberg"), ("Anja Reuter", "Reuter"), "bundesregierung.de"),
    Country("Canada", "Canada", False, "Canada", "Canadian", "Canadians", "Ottawa", ("Daniel Tremblay", "Tremblay"), ("Megan Hollis", "Hollis"), "pm.gc.ca"),
    Country("Republic of India", "India", False, "India", "Indian", "Indians", "New Delhi", ("Arjun Mehra", "Mehra"), ("Kavita Rao", "Rao"), "mea.gov.in"),
    Country("Republic of the Philippines", "Philippines", True, "Philippines", "Philippine", "Filipinos", "Manila", ("Ramon Villareal", "Villareal"), ("Teresa Dizon", "Dizon"), "pco.gov.ph"),
    Country("Socialist Republic of Viet Nam", "Viet Nam", False, "Viet Nam", "Vietnamese", "Vietnamese", "Hanoi", ("Tran Van Lam", "Lam"), ("Nguyen Thi Hoa", "Hoa"), "mofa.gov.vn"),
    Country("Republic of Indonesia", "Indonesia", False, "Indonesia", "Indonesian", "Indonesians", "Jakarta", ("Budi Santoso", "Santoso"), ("Sri Wulandari", "Wulandari"), "setneg.go.id"),
    Country("Republic of Poland", "Poland", False, "Poland", "Polish", "Poles", "Warsaw", ("Piotr Zalewski", "Zalewski"), ("Ewa Kowalczyk", "Kowalczyk"), "gov.pl"),
    Country("Mongolia", "Mongolia", False, "Mongolia", "Mongolian", "Mongolians", "Ulaanbaatar", ("Bat-Erdene Ganbold", "Ganbold"), ("Oyun Tsetseg", "Tsetseg"), "president.mn"),
    Country("Republic of Singapore", "Singapore", False, "Singapore", "Singaporean", "Singaporeans", "Singapore", ("Marcus Tan", "Tan"), ("Rachel Lim", "Lim"), "pmo.gov.sg"),
    Country("Kingdom of Thailand", "Thailand", False, "Thailand", "Thai", "Thais", "Bangkok", ("Somchai Boonmee", "Boonmee"), ("Malee Chaiyo", "Chaiyo"), "thaigov.go.th"),
    Country("Italian Republic", "Italy", False, "Italy", "Italian", "Italians", "Rome", ("Lorenzo Bianchi", "Bianchi"), ("Giulia Ferraro", "Ferraro"), "governo.it"),
    Country("Federative Republic of Brazil", "Brazil", False, "Brazil", "Brazilian", "Brazilians", "Brasília", ("Rafael Moreira", "Moreira"), ("Luana Teixeira", "Teixeira"), "gov.br"),

]
US, KR = COUNTRIES[0], COUNTRIES[1]


def _the(article_in_text: str, country: Country) -> str:
    """"the United States" → "Japan" / "the Philippines", keeping a capital "The"."""
    if not country.article:
        return ""
    return "The " if article_in_text.startswith("T") else "the "


Rule = tuple[str, re.Pattern[str], object]  # (a word every match contains, pattern, replacement)


def _swapper(needle: str, pattern: str, country: Country, attr: str) -> Rule:
    def repl(m: re.Match[str]) -> str:
        art = m.group("art") or ""
        value = getattr(country, attr)
        if art:
            return _the(art, country) + value
        return value

    return needle, re.compile(r"(?P<art>\b[Tt]he )?" + pattern), repl


def _rule(needle: str, pattern: str, value: str) -> Rule:
    return needle, re.compile(pattern), lambda m: value


def party_rules(a: Country, b: Country) -> list[Rule]:
    """Rules that move the U.S. side to ``a`` and the ROK side to ``b``."""
    rules: list[Rule] = []
    if a is not US:
        la, la2 = a.leader, a.leader2
        rules += [
            _rule("Biden", r"Joseph R\. Biden,? Jr\.?|Joseph R\. Biden", la[0]),
            _rule("Biden", r"Biden-Harris Administration", f"{la2[1]}–{la[1]} Administration"),
            _rule("Biden", r"\bBiden\b", la[1]),
            _swapper("United States", r"\bUnited States of America\b", a, "full"),
            _swapper("United States", r"\bUnited States\b", a, "name"),
            _swapper("U.S.", r"\bU\.S\.(?:A\.)?(?=[\s\-–’',;:)]|$)", a, "short"),
            _rule("American", r"\bAmericans\b", a.people),
            _rule("American", r"\bAmerican\b", a.adj),
            _rule("America", r"(?<!Latin )\bAmerica\b(?!s)", a.name),
            _rule("Washington", r"\bWashington\b", a.capital),
        ]
    if b is not KR:
        lb, lb2 = b.leader, b.leader2
        rules += [
            _rule("Yoon", r"\bYoon Suk Yeol\b", lb[0]),
            _rule("Yoon", r"\bYoon\b", lb[1]),
            _rule("Moon", r"\bMoon Jae-in\b", lb2[0]),
            _rule("Moon", r"\bMoon\b", lb2[1]),
            _swapper("Republic of Korea", r"\bRepublic of Korea\b", b, "full"),
            _swapper("ROK", r"\bROK\b", b, "short"),
            _rule("Koreans", r"(?<!North )(?<!South )\bKoreans\b", b.people),
            _rule("Korean", r"(?<!North )\bKorean\b(?! Peninsula| peninsula| War)", b.adj),
            _rule("Korea", r"(?<!North )(?<!of )\bKorea\b", b.name),
            _rule("Seoul", r"\bSeoul\b", b.capital),
        ]
    return rules


def apply_rules(text: str, rules: list[Rule]) -> str:
    for needle, pattern, repl in rules:
        if needle in text:
            text = pattern.sub(repl, text)  # type: ignore[arg-type]
    return text


def shift_years(text: str, offset: int) -> str:
    if not offset:
        return text
    return re.sub(r"\b(20(?:19|2\d|3\d))\b", lambda m: str(int(m.group(1)) + offset), text)


SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")
SYNONYMS = [
    ("cooperation", "collaboration"), ("deepen", "intensify"), ("broaden", "widen"), ("enhance", "improve"),
    ("robust", "strong"), ("ironclad", "unwavering"), ("challenges", "issues"), ("efforts", "work"),
    ("critical", "vital"), ("global", "worldwide"), ("advanced", "cutting-edge"), ("shared", "common"),
    ("Alliance", "Partnership"), ("emphasize", "stress"), ("recognize", "acknowledge"), ("importance", "significance"),
    ("expand", "extend"), ("promote", "advance"), ("ensure", "guarantee"), ("people-to-people", "citizen-to-citizen"),
    ("supply chains", "supply networks"), ("leaders", "heads of state"), ("region", "neighbourhood"), ("the two countries", "both nations"),
    ("technologies", "techniques"), ("investment", "capital"), ("including", "notably"), ("initiatives", "programmes"),
]


# -- one document -------------------------------------------------------------


@dataclass
class Statement:
    index: int
    base: str
    title: str
    date: dt.date
    parties: tuple[str, str]
    blocks: list[tuple[str, str]]
    url: str
    site: str
    kind: str = "original"  # original | repost | copy
    of: int | None = None


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:90]


def _sections(blocks: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    out: list[list[tuple[str, str]]] = [[]]
    for b in blocks:
        if b[0] == "heading" and out[-1]:
            out.append([])
        out[-1].append(b)
    return out


def make_statement(i: int, bases: list[Base], seed: int) -> Statement:
    rng = random.Random(f"{seed}:{i}")
    base = bases[rng.randrange(len(bases))]
    others = [b for b in bases if b is not base]
    a = US if rng.random() < 0.15 else rng.choice(COUNTRIES[2:])
    b = KR if rng.random() < 0.10 else rng.choice([c for c in COUNTRIES[2:] if c is not a])

    keep = rng.uniform(0.35, 0.6)
    body = base.blocks
    first = next(k for k, blk in enumerate(body) if blk[0] == "paragraph")
    chosen: list[tuple[str, str]] = [body[first]]
    for blk in body[first + 1 :]:
        if blk[0] == "heading":
            if rng.random() < 0.8:
                chosen.append(blk)
        elif rng.random() < keep:
            chosen.append(blk)
    # Paragraphs from the other statements, dropped in anywhere after the opening,
    # at least one and up to a length drawn for this document (the Washington
    # Declaration alone has seven paragraphs).
    pool = [blk for o in others for blk in o.blocks if blk[0] == "paragraph"]
    target = rng.randint(8, 22)
    n_body = sum(blk[0] != "heading" for blk in chosen)
    for blk in rng.sample(pool, min(len(pool), max(rng.randint(1, 4), target - n_body))):
        chosen.insert(rng.randint(1, len(chosen)), blk)
    if rng.random() < 0.4:  # shuffle whole sections (the opening stays first)
        sections = _sections(chosen[1:])
        rng.shuffle(sections)
        chosen = [chosen[0]] + [blk for s in sections for blk in s]
    if rng.random() < 0.15:
        paras = [k for k, blk in enumerate(chosen) if blk[0] == "paragraph"]
        k = rng.choice(paras)
        chosen.insert(min(k + rng.randint(1, 6), len(chosen)), chosen[k])
    # Edits: a sentence of a paragraph dropped now and then, and this document's
    # own choice of synonyms.
    synonyms = [(w, re.compile(rf"\b{w}\b"), r) for w, r in SYNONYMS if rng.random() < 0.5]
    edited = []
    for kind, text in chosen:
        if kind == "paragraph":
            sentences = SENTENCE_END.split(text)
            kept = [x for x in sentences if rng.random() > 0.15] or sentences[:1]
            text = " ".join(kept)
        for word, pattern, r in synonyms:
            if word in text:
                text = pattern.sub(r, text)
        edited.append((kind, text))
    chosen = edited
    # No heading without text under it, no bullet run without its lead-in sentence.
    cleaned: list[tuple[str, str]] = []
    for k, blk in enumerate(chosen):
        nxt = chosen[k + 1][0] if k + 1 < len(chosen) else None
        if blk[0] == "heading" and nxt in (None, "heading"):
            continue
        cleaned.append(blk)

    date = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange((dt.date(2025, 12, 31) - dt.date(2001, 1, 1)).days))
    rules = party_rules(a, b)
    offset = date.year - base.year
    title = shift_years(apply_rules(base.title, rules), offset)
    if rng.random() < 0.2:
        title = rng.choice(["Fact Sheet: ", "Joint Statement: ", "Readout: "]) + title
    blocks = [(kind, shift_years(apply_rules(text, rules), offset)) for kind, text in cleaned]
    site = rng.choice([a.domain, b.domain, "whitehouse.gov"] if a is US else [a.domain, b.domain])
    if rng.random() < 0.5:
        url = f"https://www.{site}/briefing-room/statements-releases/{date:%Y/%m/%d}/{_slug(title)}/"
    elif rng.random() < 0.5:
        url = f"https://www.{site}/news/{date:%Y-%m-%d}/{_slug(title)}"
    else:
        url = f"https://{site}/en/press/{date:%Y%m%d}-{_slug(title)[:40]}.html"
    return Statement(i, base.name, title, date, (a.name, b.name), blocks, url, site)


def make_repost(i: int, src: Statement, seed: int, exact: bool) -> Statement:
    """The same statement published again elsewhere: a few words edited (or none)."""
    rng = random.Random(f"{seed}:{i}:repost")
    blocks = list(src.blocks)
    if not exact:
        edited = []
        for kind, text in blocks:
            words = text.split(" ")
            for _ in range(max(1, len(words) // 60)):  # about 2 % of the words
                k = rng.randrange(len(words))
                op = rng.random()
                if op < 0.4 and len(words) > 3:
                    del words[k]
                elif op < 0.7 and k + 1 < len(words):
                    words[k], words[k + 1] = words[k + 1], words[k]
                else:
                    words.insert(k, rng.choice(["also", "further", "jointly", "today", "fully"]))
            edited.append((kind, " ".join(words)))
        blocks = edited
        blocks.append(("paragraph", f"Editor's note: this statement was first released on {src.date:%B %-d, %Y}."))
    return Statement(i, src.base, src.title, src.date, src.parties, blocks, src.url, src.site,
                     "copy" if exact else "repost", src.index)


# -- formats ------------------------------------------------------------------


def _weekday_line(d: dt.date) -> str:
    return f"{d:%A}, {d:%B} {d.day}, {d.year}"


def render_text(st: Statement, rng: random.Random) -> str:
    style = rng.choice(["clean", "lines", "repost"])
    parts: list[str] = []
    sep = "\n" if style == "lines" else "\n\n"
    if style == "repost":
        site_date = min(st.date + dt.timedelta(days=rng.randint(0, 900)), dt.date(2026, 1, 30))
        parts += [f"{rng.uniform(-5, 95):.1f} F\n{rng.choice(['Clarksville', 'Springfield', 'Fairview', 'Madison'])}\n{_weekday_line(site_date)}\nHomePolitics{st.title}"]
    parts.append(st.title)
    if style != "repost" and rng.random() < 0.5:
        parts.append(f"{st.date:%B} {st.date.day}, {st.date.year}")
    for k, (kind, text) in enumerate(st.blocks):
        if kind == "bullet":
            parts.append(f"  • {text}")
        elif kind == "paragraph" and k == 0 and style == "repost":
            parts.append(f"The White House{rng.choice(['Washington, D.C.', 'Press Office'])} – {text}" if "United States" in st.parties
                         else f"{st.parties[0].upper()} – {text}")
        else:
            parts.append(text)
        if style == "repost" and k == 2:
            parts.append("Leaders meet at the residence. (Official Photo)")
    if style == "repost":
        outlet = rng.choice(["Reliable News", "Clarksville Online", "Daily Dispatch"])
        if rng.random() < 0.5:
            parts += [f"\nOfficial news published at {st.url}", f"The post {st.title} first appeared on {outlet}.", f"originally published at Politics - {outlet}"]
        else:
            parts += ["RELATED ARTICLES", "Latest Articles", "Markets close higher on tech rally", "Weekend weather: rain expected"]
    elif rng.random() < 0.3:
        parts.append(f"Official news published at {st.url}")
    return sep.join(parts) + "\n"


def _wrap(text: str, prefix: str = "", width: int = 72) -> str:
    return textwrap.fill(text, width=width, initial_indent=prefix, subsequent_indent=" " * len(prefix), break_long_words=False, break_on_hyphens=False)


def render_markdown(st: Statement, rng: random.Random) -> str:
    t = dt.time(rng.randrange(6, 22), rng.randrange(60), rng.randrange(60))
    fields = [
        f"date: '{st.date:%Y-%m-%d}'",
        f"published_time: {st.date:%Y-%m-%d} {t:%H:%M:%S}-04:00",
        f"source_url: {st.url}",
        "tags: statements-releases",
        "title: " + json.dumps(st.title),
    ]
    if rng.random() < 0.5:
        fields.append(f"modified_time: {st.date:%Y-%m-%d} {t:%H:%M:%S}-04:00")
    rng.shuffle(fields)
    heading = rng.choice(["**{}**", "***{}***", "## {}"])
    bullet = rng.choice(["- ", "* "])
    out = ["---", *fields, "---", " "]
    for kind, text in st.blocks:
        if kind == "heading":
            out.append(heading.format(text))
        elif kind == "bullet":
            out.append(_wrap(text, bullet))
        else:
            out.append(_wrap(text))
        out.append("")
    if rng.random() < 0.6:
        out.append("\\###\n")
    return "\n".join(out)


NAV_ITEMS = ["News", "Briefing Room", "Statements and Releases", "Presidential Actions", "Administration", "Issues",
             "The Record", "Get Involved", "Contact", "Español", "Search", "Menu", "Privacy Policy", "Accessibility", "Copyright"]
SCRIPT = """
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date()); gtag('config', 'G-%s', {anonymize_ip: true});
(function(d){var s=d.createElement('script');s.async=true;s.src='/assets/js/site.%s.min.js';d.head.appendChild(s);})(document);
document.addEventListener('DOMContentLoaded', function(){ document.querySelectorAll('.menu-toggle').forEach(function(b){
  b.addEventListener('click', function(){ document.body.classList.toggle('menu-open'); }); }); });
"""
STYLE = "body{font-family:Georgia,serif;margin:0}.site-header{background:#0a1f44;color:#fff}.nav a{color:#fff;padding:0 8px}" \
        "article p{line-height:1.6;max-width:42em}.footer{font-size:12px;color:#555}.sidebar{float:right;width:30%}"


def _html_blocks(st: Statement) -> str:
    out: list[str] = []
    in_list = False
    for kind, text in st.blocks:
        esc = html.escape(text, quote=False)
        if kind == "bullet":
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{esc}</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        out.append(f"<h2>{esc}</h2>" if kind == "heading" else f"<p>{esc}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def render_html(st: Statement, rng: random.Random) -> str:
    title = html.escape(st.title)
    nav = "\n".join(f'<li><a href="/{_slug(n)}/">{n}</a></li>' for n in rng.sample(NAV_ITEMS, 10))
    related = "\n".join(f'<li><a href="/news/{rng.randrange(10**6)}/">{html.escape(t)}</a></li>'
                        for t in rng.sample(["Readout of a call with partners", "Statement on the trade talks", "Press briefing schedule",
                                             "Remarks at the summit dinner", "Fact sheet on clean energy", "Travel advisory update"], 4))
    script = SCRIPT % (rng.randrange(10**8), hashlib.md5(str(st.index).encode()).hexdigest()[:10])
    # Real pages carry tens of kilobytes of inline script, state and menus around the article.
    script += "".join(f"function m{k}(e,t){{var n=e.querySelectorAll('[data-m{k}]');for(var i=0;i<n.length;i++){{n[i].setAttribute('aria-expanded',t?'true':'false')}}return n.length}}\n"
                      for k in range(rng.randint(40, 250)))
    mega = "\n".join(f'<li><a href="/{_slug(rng.choice(NAV_ITEMS))}/{k}/">{rng.choice(NAV_ITEMS)} {k}</a></li>' for k in range(rng.randint(30, 150)))
    nav = f"{nav}\n<li class=\"more\"><ul class=\"mega-menu\">{mega}</ul></li>"
    template = rng.randrange(3)
    iso = f"{st.date:%Y-%m-%d}T{rng.randrange(6, 22):02d}:{rng.randrange(60):02d}:00-04:00"
    head = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title} | {st.site}</title>\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta property="og:title" content="{title}">\n<meta property="og:url" content="{st.url}">\n'
            f'<meta property="article:published_time" content="{iso}">\n<link rel="canonical" href="{st.url}">\n'
            f"<style>{STYLE}</style>\n<script>{script}</script>\n</head>\n")
    footer = (f'<footer class="footer"><nav><ul>{nav}</ul></nav><p>Subscribe to updates. Sign up for email alerts.</p>'
              f"<p>© {st.date.year + rng.randint(0, 2)} {st.site}. All rights reserved.</p></footer>\n"
              '<script src="/assets/js/vendor.min.js"></script>\n<script>window.__INITIAL_STATE__ = {"route":"article","id":%d};</script>\n'
              % st.index)
    if template == 0:
        body = (f'<body>\n<a class="skip" href="#main">Skip to content</a>\n<header class="site-header"><button class="menu-toggle">Menu</button>'
                f'<nav class="nav"><ul>{nav}</ul></nav></header>\n<main id="main">\n<article>\n<h1>{title}</h1>\n'
                f'<p class="date"><time datetime="{iso}">{st.date:%B} {st.date.day}, {st.date.year}</time></p>\n'
                f"{_html_blocks(st)}\n<p>###</p>\n</article>\n"
                f'<aside class="sidebar"><h3>Related</h3><ul>{related}</ul></aside>\n</main>\n{footer}</body>\n</html>\n')
    elif template == 1:
        body = (f'<body class="post-template">\n<div id="page"><div class="topbar">{rng.uniform(-5, 95):.0f}°F · {_weekday_line(st.date)}</div>\n'
                f'<div class="menu"><ul>{nav}</ul></div>\n<div class="breadcrumbs"><a href="/">Home</a> › <a href="/politics/">Politics</a></div>\n'
                f'<div class="content"><div class="entry"><h1 class="entry-title">{title}</h1>\n'
                f'<div class="meta">By Staff · {st.date:%d %B %Y}</div>\n<div class="entry-content">\n{_html_blocks(st)}\n</div></div>\n'
                f'<div class="share">Share this: Facebook Twitter Email</div>\n<div class="related"><h4>RELATED ARTICLES</h4><ul>{related}</ul></div>\n'
                f"</div>\n{footer}</div></body>\n</html>\n")
    else:
        body = (f'<body>\n<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>\n'
                f'<header><div class="logo">{st.site}</div><nav><ul>{nav}</ul></nav></header>\n'
                f'<div class="layout"><section class="press-release">\n<div class="kicker">Press release</div>\n<h1>{title}</h1>\n'
                f'<div class="dateline">{st.date:%Y-%m-%d}</div>\n{_html_blocks(st)}\n</section>\n'
                f'<aside><h3>Most read</h3><ol>{related}</ol></aside></div>\n{footer}</body>\n</html>\n')
    return head + body


def render_pdf(st: Statement, rng: random.Random) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4, letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = [Paragraph(html.escape(st.title), styles["Title"]),
             Paragraph(f"{st.date:%B} {st.date.day}, {st.date.year}", styles["Normal"]), Spacer(1, 12)]
    bullets: list = []

    def flush() -> None:
        if bullets:
            story.append(ListFlowable([ListItem(p) for p in bullets], bulletType="bullet"))
            bullets.clear()

    for kind, text in st.blocks:
        p = Paragraph(html.escape(text), styles["Heading2" if kind == "heading" else "BodyText"])
        if kind == "bullet":
            bullets.append(p)
            continue
        flush()
        story.append(p)
    flush()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=rng.choice([A4, letter]), title=st.title, author=st.site, invariant=1)
    doc.build(story)
    return buf.getvalue()


SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "pdf": ".pdf"}


def render(st: Statement, fmt: str, seed: int) -> tuple[str, bytes]:
    rng = random.Random(f"{seed}:{st.index}:{fmt}")
    if fmt == "pdf":
        data = render_pdf(st, rng)
    elif fmt == "html":
        data = render_html(st, rng).encode("utf-8")
    elif fmt == "markdown":
        data = render_markdown(st, rng).encode("utf-8")
    else:
        data = render_text(st, rng).encode("utf-8")
    suffix = SUFFIX[fmt]
    if fmt == "markdown" and rng.random() < 0.25:
        suffix = ".txt"  # like the bundled ones: front matter in a .txt file
    name = f"{st.index:05d}_{_slug(st.parties[0])}-{_slug(st.parties[1])}_{st.date:%Y%m%d}{suffix}"
    return name, data


# -- the corpus ---------------------------------------------------------------


def build(out: Path, n: int, seed: int = 1, reposts: float = 0.03, copies: float = 0.01, formats: dict[str, float] | None = None) -> dict:
    weights = formats or FORMAT_WEIGHTS
    bases = load_bases()
    if out.exists() and any(out.iterdir()):
        if not (out / MANIFEST).exists():
            raise SystemExit(f"{out} is not empty and was not made by this script; give another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    statements: list[Statement] = []
    entries = []
    total = 0
    for i in range(n):
        rng = random.Random(f"{seed}:{i}:plan")
        roll = rng.random()
        originals = [s for s in statements[-500:] if s.kind == "original"]
        if i >= 20 and roll < reposts + copies and originals:
            src = rng.choice(originals)
            st = make_repost(i, src, seed, exact=roll < copies)
            src_fmt = entries[src.index]["format"]
            fmt = rng.choice([f for f in ("text", "markdown", "html") if f != src_fmt])
        else:
            st = make_statement(i, bases, seed)
            fmt = rng.choices(list(weights), weights=list(weights.values()))[0]
        statements.append(st)
        name, data = render(st, fmt, seed)
        (out / name).write_bytes(data)
        total += len(data)
        entries.append({"file": name, "format": fmt, "bytes": len(data), "kind": st.kind, "of": st.of, "base": st.base,
                        "parties": list(st.parties), "date": st.date.isoformat(), "title": st.title})
    manifest = {"seed": seed, "documents": n, "bytes": total, "reposts": reposts, "copies": copies, "formats": weights, "files": entries}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    manifest["_statements"] = statements
    return manifest


def check_distinct(statements: list[Statement]) -> dict:
    """Pairs of distinct (original) statements that pledgewatch's MinHash would call near-duplicates."""
    from pledgewatch.ingest import near_duplicates as nd

    fps = {}
    buckets: dict[tuple[int, str], list[int]] = {}
    for st in statements:
        if st.kind != "original":
            continue
        fp = nd.fingerprint("\n\n".join(text for _, text in st.blocks))
        fps[st.index] = fp
        for key in nd.band_keys(fp):
            buckets.setdefault(key, []).append(st.index)
    pairs = set()
    for ids in buckets.values():
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                pairs.add((ids[x], ids[y]))
    sims = {p: nd.similarity(fps[p[0]], fps[p[1]]) for p in pairs}
    near = sorted((p for p, s in sims.items() if s >= nd.THRESHOLD), key=lambda p: -sims[p])
    return {"originals": len(fps), "candidate_pairs": len(pairs), "near_duplicate_pairs": len(near),
            "max_similarity": round(max(sims.values(), default=0.0), 3),
            "examples": [(a, b, round(sims[(a, b)], 3)) for a, b in near[:10]]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT, help="output folder (default benchmarks/out/corpus)")
    parser.add_argument("--docs", type=int, default=3000, help="number of documents (default 3000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reposts", type=float, default=0.03, help="share re-published with a few words edited (default 0.03)")
    parser.add_argument("--copies", type=float, default=0.01, help="share re-published unchanged in another format (default 0.01)")
    parser.add_argument("--check", action="store_true", help="measure how distinct the statements are (pledgewatch MinHash)")
    args = parser.parse_args(argv)
    manifest = build(args.out, args.docs, args.seed, args.reposts, args.copies)
    files = manifest["files"]
    by_fmt: dict[str, list[int]] = {}
    for e in files:
        by_fmt.setdefault(e["format"], []).append(e["bytes"])
    kinds = {k: sum(e["kind"] == k for e in files) for k in ("original", "repost", "copy")}
    print(f"{len(files)} documents, {manifest['bytes'] / 1e6:.1f} MB in {args.out}")
    print("  " + ", ".join(f"{fmt} {len(v)} ({sum(v) / 1e6:.1f} MB)" for fmt, v in sorted(by_fmt.items())))
    print("  " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    if args.check:
        print("  distinctness: " + json.dumps(check_distinct(manifest["_statements"])))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
