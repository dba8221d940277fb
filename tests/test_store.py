"""store: each document once, near-duplicates as second sources, whole-document transactions, lookup, search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from pledgewatch.errors import AmbiguousDocument, DocumentNotFound, StoreError
from pledgewatch.ingest import document_from_bytes, read_document
from pledgewatch.ingest import near_duplicates as nd
from pledgewatch.model import NO_DATE, DocumentWarning
from pledgewatch.segment import segment
from pledgewatch.store import FINGERPRINT_SCHEME, Store, band_candidates_query, database_url
from pledgewatch.store.schema import commitments, doc_bands, documents, sources, store_meta, units
from pledgewatch.store.search import HIT_END, HIT_START, fts_query, search_units

pytestmark = pytest.mark.backends
DATA = Path(__file__).parent / "data" / "ingest"
MD = DATA / "jp_au_statement.md"
REPOST = DATA / "daily_herald_repost.txt"


def _add(store: Store, doc, extra=None):
    return store.add_document(doc, segment(doc), extra=extra)


def _count(store: Store, table) -> int:
    with store.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


@pytest.fixture
def store(db_url):
    with Store(db_url) as s:
        yield s


def test_store_database_url(monkeypatch, tmp_path):
    monkeypatch.delenv("PLEDGEWATCH_DB", raising=False)
    assert database_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"  # the driver pledgewatch installs
    assert database_url("postgres://u:p@h:5433/db") == "postgresql+psycopg://u:p@h:5433/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url(None) == "sqlite:///pledgewatch.db"
    monkeypatch.setenv("PLEDGEWATCH_DB", str(tmp_path / "env.db"))
    assert database_url(None) == f"sqlite:///{tmp_path / 'env.db'}"


def test_store_document_round_trip(store):
    doc = read_document(MD)
    assert _add(store, doc).status == "added"
    back = store.document(doc.id)
    for field in ("id", "text", "sha256", "title", "date", "doc_type", "parties", "source_url", "blocks", "sources", "tags", "warnings"):
        assert getattr(back, field) == getattr(doc, field), field
    assert back.provenance == doc.provenance
    assert [(u.start, u.end, u.text) for u in store.units(doc.id)] == [(u.start, u.end, u.text) for u in segment(doc)]


def test_store_each_document_once(store):
    doc = read_document(MD)
    assert _add(store, doc).status == "added"
    assert _add(store, doc) == type(_add(store, doc))("present", doc.id)  # the same bytes: nothing to do
    # the same normalised text from other bytes (CRLF line ends, a BOM) is the same document, a second source
    raw = b"\xef\xbb\xbf" + MD.read_bytes().replace(b"\n", b"\r\n")
    again = document_from_bytes(raw, name="copy.md")
    assert again.sha256 == doc.sha256
    result = _add(store, again)
    assert (result.status, result.doc_id, result.similarity) == ("duplicate", doc.id, 1.0)
    assert _count(store, documents) == 1 and _count(store, sources) == 2
    assert _count(store, units) == len(segment(doc))  # units were not stored twice


def test_store_near_duplicate_from_another_outlet_is_a_second_source(store):
    md, repost = read_document(MD), read_document(REPOST)
    assert _add(store, md).status == "added"
    result = _add(store, repost)
    assert result.status == "near_duplicate" and result.doc_id == md.id and nd.THRESHOLD <= result.similarity < 1.0
    summary = store.documents()
    assert len(summary) == 1 and summary[0].sources == 2
    srcs = store.sources_of(md.id)
    assert [s["name"] for s in srcs] == ["jp_au_statement.md", "daily_herald_repost.txt"]
    assert srcs[0]["similarity"] is None and srcs[1]["similarity"] == result.similarity
    assert _count(store, units) == len(segment(md))


def test_store_second_source_improves_weaker_metadata(store):
    # the repost without its "Official news published at" line has no date; the Markdown has one
    lines = [x for x in REPOST.read_text(encoding="utf-8").splitlines() if not x.startswith("Official news")]
    text_ = "\n".join(lines).replace(" on 5 June 2027", "")
    repost = document_from_bytes(text_.encode(), name="repost.txt")
    assert repost.date is None and [w.code for w in repost.warnings] == [NO_DATE]
    assert _add(store, repost).status == "added"
    assert _add(store, read_document(MD)).status == "near_duplicate"
    merged = store.document(repost.id)
    assert merged.date == dt.date(2027, 6, 5) and merged.provenance["date"].source == "front_matter"
    assert "jp_au_statement.md" in merged.provenance["date"].evidence
    assert merged.title == "Japan–Australia Leaders' Joint Statement on a Resilient Pacific"
    assert merged.text == repost.text  # the text, and every offset into it, stays the first source's
    assert merged.warnings == ()


def test_store_merge_drops_the_missing_date_warning_by_its_code_not_its_words(store):
    lines = [x for x in REPOST.read_text(encoding="utf-8").splitlines() if not x.startswith("Official news")]
    repost = document_from_bytes("\n".join(lines).replace(" on 5 June 2027", "").encode(), name="repost.txt")
    reworded = DocumentWarning("the statement is undated", NO_DATE)
    alike = DocumentWarning("no statement date found, says a warning of another kind", "other")
    repost = dataclasses.replace(repost, warnings=(reworded, alike, "a warning without a code"))
    _add(store, repost)
    stored = store.document(repost.id).warnings
    assert [(w, w.code) for w in stored] == [(reworded, NO_DATE), (alike, "other"), ("a warning without a code", None)]
    assert _add(store, read_document(MD)).status == "near_duplicate"  # brings the date
    assert [(w, w.code) for w in store.document(repost.id).warnings] == [(alike, "other"), ("a warning without a code", None)]


def test_store_row_counts(store):
    assert store.row_counts() == {"documents": 0, "sources": 0, "units": 0, "commitments": 0}
    md = read_document(MD)

    def two_commitments(conn, doc_id):
        row = {"doc_id": doc_id, "start": 0, "end": 1, "label": "other", "confidence": 0.5, "extractor": "test-1", "why": []}
        conn.execute(commitments.insert(), [{**row, "unit_idx": i} for i in range(2)])

    _add(store, md, extra=two_commitments)
    _add(store, read_document(REPOST))  # a second source of the same document
    assert store.row_counts() == {"documents": 1, "sources": 2, "units": len(segment(md)), "commitments": 2}


def test_store_interrupted_document_leaves_nothing_partial(store):
    doc = read_document(MD)

    def interrupt(conn, doc_id):
        assert conn.execute(select(func.count()).select_from(units)).scalar() > 0  # units were written…
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _add(store, doc, extra=interrupt)
    for table in (documents, sources, units, doc_bands):  # …and rolled back with everything else
        assert _count(store, table) == 0, table.name
    assert store.count_matches("undersea cable") == 0  # nor is anything left in the search index
    assert _add(store, doc).status == "added"  # a re-run completes
    assert store.count_matches("undersea cable") == 1
    assert _count(store, documents) == 1


def test_store_database_failure_is_a_coded_error(store):
    def fail(conn, doc_id):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    with pytest.raises(StoreError) as info:
        _add(store, read_document(MD), extra=fail)
    assert info.value.code == "PW300" and "locked" in str(info.value)
    assert _count(store, documents) == 0


def _fingerprint_scheme(store: Store) -> str:
    with store.connect() as conn:
        return conn.execute(select(store_meta.c.value).where(store_meta.c.key == FINGERPRINT_SCHEME)).scalar_one()


@pytest.fixture
def fingerprints_made(monkeypatch) -> list[str]:
    """The texts ``near_duplicates.fingerprint`` is called on from here on."""
    made: list[str] = []
    original = nd.fingerprint

    def counting(text: str):
        made.append(text)
        return original(text)

    monkeypatch.setattr(nd, "fingerprint", counting)
    return made


def test_store_fresh_database_records_the_current_fingerprint_scheme(db_url, fingerprints_made):
    with Store(db_url) as s:
        assert _fingerprint_scheme(s) == str(nd.FINGERPRINT_VERSION)
        assert _add(s, read_document(MD)).status == "added"
    assert len(fingerprints_made) == 1  # the new document's own, nothing rebuilt


def test_store_rebuilds_fingerprints_of_an_older_scheme_exactly_once(db_url, monkeypatch, fingerprints_made):
    md = read_document(MD)
    with Store(db_url) as s:  # written by a pledgewatch whose fingerprints were another scheme's
        _add(s, md)
        with s.engine.begin() as conn:
            conn.execute(doc_bands.delete())
            conn.execute(doc_bands.insert(), [{"band": b, "key": f"old{b}", "doc_id": md.id} for b in range(nd.BANDS)])
            conn.execute(documents.update().values(minhash=b"\x00" * 4 * nd.NUM_PERM))
    monkeypatch.setattr(nd, "FINGERPRINT_VERSION", nd.FINGERPRINT_VERSION + 1)
    fingerprints_made.clear()
    with Store(db_url) as s:
        assert fingerprints_made == [md.text]
        assert _fingerprint_scheme(s) == str(nd.FINGERPRINT_VERSION)
        with s.connect() as conn:
            assert set(conn.execute(select(doc_bands.c.band, doc_bands.c.key)).all()) == set(nd.band_keys(nd.fingerprint(md.text)))
        assert _add(s, read_document(REPOST)).status == "near_duplicate"
    fingerprints_made.clear()
    with Store(db_url) as s:
        assert _fingerprint_scheme(s) == str(nd.FINGERPRINT_VERSION)
    assert fingerprints_made == []  # rebuilt once, not on every opening


def test_store_leaves_fingerprints_of_the_current_scheme_alone(db_url, fingerprints_made):
    md = read_document(MD)
    with Store(db_url) as s:
        _add(s, md)
        with s.engine.begin() as conn:  # fewer band rows than BANDS: only the recorded scheme decides
            conn.execute(doc_bands.delete().where(doc_bands.c.band >= nd.BANDS // 2))
    fingerprints_made.clear()
    with Store(db_url) as s:
        assert _count(s, doc_bands) == nd.BANDS // 2
    assert fingerprints_made == []


def test_store_resolve_by_id_prefix_name_path_and_title(store):
    md = read_document(MD)
    other = document_from_bytes(b"Chile-Peru Joint Declaration\n\nThe ministers met in Lima. They will meet again.\n",
                                name="100%_cl_pe.txt", path="in/100%_cl_pe.txt")
    _add(store, md)
    _add(store, other)
    assert store.resolve(md.id) == md.id
    assert store.resolve(md.id[:6]) == md.id
    assert store.resolve("jp_au_statement.md") == md.id
    assert store.resolve("in/100%_cl_pe.txt") == other.id
    assert store.resolve("chile-peru joint declaration") == other.id
    assert store.resolve("jp_au") == md.id  # the start of a file name
    assert store.resolve("100%") == other.id
    with pytest.raises(DocumentNotFound) as info:
        store.resolve("%")  # a LIKE wildcard is a character, not "anything"
    assert info.value.code == "PW301"
    with pytest.raises(DocumentNotFound):
        store.resolve("nothing-like-this")


def test_store_resolve_ambiguous(store):
    a = document_from_bytes(b"Statement A\n\nThe ministers met in Lima and agreed on ports.\n", name="stmt_a.txt")
    b = document_from_bytes(b"Statement B\n\nThe ministers met in Quito and agreed on roads.\n", name="stmt_b.txt")
    _add(store, a)
    _add(store, b)
    with pytest.raises(AmbiguousDocument) as info:
        store.resolve("stmt")
    assert info.value.code == "PW302" and "2 documents" in str(info.value)


def test_store_documents_are_listed_by_date_undated_last(store):
    for name, date in (("c.md", "2026-03-01"), ("a.md", "2024-01-01"), ("b.md", None)):
        head = f"---\ntitle: {name}\n" + (f"date: {date}\n" if date else "") + "---\n\n"
        _add(store, document_from_bytes((head + f"The ministers of {name} met and agreed on ports.\n").encode(), name=name))
    assert [d.name for d in store.documents()] == ["a.md", "c.md", "b.md"]


@pytest.fixture
def searchable(store):
    _add(store, read_document(MD))
    _add(store, document_from_bytes(
        b"Chile-Peru Joint Declaration\n\nThe ministers agreed on critical minerals. Critical minerals and critical "
        b"minerals again: a critical minerals dialogue on critical minerals.\n\nThe U.S.-ROK model was cited.\n",
        name="cl_pe.txt"))
    return store


def test_store_search_ranked_with_highlighted_snippets(searchable):
    hits = searchable.search("critical minerals")
    assert len(hits) == 3 and len({h.doc_id for h in hits}) == 2
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "Critical minerals and critical minerals again" in hits[0].text  # bm25: the unit dense with the words first
    for hit in hits:
        assert f"{HIT_START}critical{HIT_END}" in hit.snippet.lower().replace(HIT_START.lower(), HIT_START)
        assert searchable.document(hit.doc_id).text[hit.start : hit.end] == hit.text


def test_store_search_words_must_all_occur_and_phrases_stay_together(searchable):
    assert searchable.search("minerals Darwin") == []
    assert len(searchable.search("undersea cable")) == 1
    assert searchable.search('"cable undersea"') == []
    assert len(searchable.search('"undersea cable security"')) == 1
    assert len(searchable.search("U.S.-ROK")) == 1  # punctuation inside a word: a phrase of its parts
    assert len(searchable.search("investing")) >= 1  # stemmed: "invest"


@pytest.mark.parametrize("query", ['NEAR(a b)', 'minerals AND', 'OR', '"', '*', 'col:umn', '^x', '-minus', '', '!!!', "a\"b\"c",
                                   "0\x00", "\x00", '"nuclear\x00 energy"', "a\x00b"])
def test_store_search_never_passes_fts_syntax_through(searchable, query):
    searchable.search(query)  # no OperationalError from FTS5
    assert re.fullmatch(r'(?:"[^"]*\w[^"]*"(?: |$))*', fts_query(query))  # only quoted strings reach MATCH


def test_store_search_limit_and_document_filter(searchable):
    md_id = read_document(MD).id
    with searchable.connect() as conn:
        hits = search_units(conn, "the", limit=3)
        assert len(hits) == 3
        only = search_units(conn, "minerals", doc_ids=[md_id])
    assert only and all(h.doc_id == md_id for h in only)


@pytest.mark.sqlite_only  # FTS5's own table
def test_store_fts_index_follows_units(store, db_url):
    doc = read_document(MD)
    _add(store, doc)
    path = db_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    n_units = conn.execute("select count(*) from units").fetchone()[0]
    assert conn.execute("select count(*) from units_fts where units_fts match '\"undersea\"'").fetchone()[0] == 1
    assert n_units == len(segment(doc))
    conn.close()


def test_store_add_document_is_not_fooled_by_a_changed_document_id(store):
    doc = read_document(MD)
    _add(store, doc)
    # the same text under another file name is a duplicate even if the caller built another Source
    twin = dataclasses.replace(doc, sources=(dataclasses.replace(doc.sources[0], name="twin.md", sha256="0" * 64),))
    assert _add(store, twin).status == "duplicate"


@pytest.mark.sqlite_only  # SQLite's query plan (PostgreSQL plans by its statistics: a small table is read whole)
def test_store_near_duplicate_candidates_are_found_through_the_index(store):
    """Each band lookup is an index search: a scan of doc_bands per ingested document
    makes ingest quadratic in the size of the database."""
    query = band_candidates_query([(0, "a" * 32), (7, "b" * 32)])
    with store.engine.connect() as conn:
        sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = [row[-1] for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql))]
    assert any("SEARCH doc_bands USING" in step for step in plan), plan
    assert not any(step.startswith("SCAN doc_bands") for step in plan), plan


def test_store_a_nul_character_in_a_lookup_finds_nothing_on_every_backend(searchable):
    """PostgreSQL refuses NUL in text; no stored text holds one: a lookup with one finds nothing, as on SQLite."""
    with pytest.raises(DocumentNotFound):
        searchable.resolve("jp_au\x00")
    assert searchable.search("critical\x00minerals") == searchable.search("critical minerals") != []
    assert searchable.count_matches("\x00") == 0


def test_store_unit_at_any_offset_inside_a_unit_as_references_name_them(store):
    doc = read_document(MD)
    _add(store, doc)
    every = store.units(doc.id)
    for u in every:
        for at in {u.start, (u.start + u.end) // 2, max(u.start, u.end - 1)}:
            assert store.unit_at(doc.id, at) == next(x for x in every if x.start <= at < max(x.end, x.start + 1))
    assert store.unit_at(doc.id, max(u.end for u in every) + 10) is None
    assert store.unit_at(doc.id, 10**30) is None and store.unit_at("no-such-doc", 0) is None  # beyond any column: no unit, no error
