"""`pledgewatch copy`: a whole database into another, answering every listing exactly as the original."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from pledgewatch import accounts, assessments, browse
from pledgewatch.cli import app
from pledgewatch.store import Store
from pledgewatch.store.copying import copy_database
from pledgewatch.store.ledger import load_entries

import pytest

from .ledger_helpers import copy_db
from .web_helpers import PASSWORD, build_web_db

pytestmark = pytest.mark.backends  # from a SQLite file into a new database on each backend
runner = CliRunner()


@pytest.fixture
def web_sqlite(templates, tmp_path_factory) -> tuple[str, dict[str, str]]:
    """The web tests' database as a SQLite file (the source every copy starts from) and its tokens."""
    source, (tokens, _) = templates.get("web", "sqlite", lambda url: build_web_db(url, tmp_path_factory.mktemp("web")))
    return source, tokens
TODAY = dt.date(2026, 12, 3)


def _listings(store: Store, *, ranked: bool = True) -> dict:
    """Everything a reader can ask for, through the library the CLI and the web app call. Each
    search engine ranks and cuts snippets its own way: across engines (``ranked=False``) a
    search's answer is which units match."""
    c = browse.corpus(store)
    docs = browse.list_documents(store, limit=500)
    threads = browse.list_threads(store, limit=500)
    refs = [t.latest_ref for t in threads.items if t.latest_ref]
    return {
        "documents": docs,
        "document_views": [browse.document_view(store, d.id) for d in docs.items],
        "threads": threads,
        "thread_views": [browse.thread_view(store, t.id) for t in threads.items],
        "mechanisms": browse.list_mechanisms(store, limit=500),
        "mechanism_views": [browse.mechanism_view(store, m.id) for m in c.mechanisms],
        "meetings": browse.list_meetings(store, limit=500),
        "search": [browse.search(store, q, limit=50) if ranked else sorted(r.ref for r in browse.search(store, q, limit=50).items)
                   for q in ("nuclear", '"supply chain"', "climate change", "onerror")],
        "review": browse.review(store, limit=500),
        "ledger": browse.ledger(store, today=TODAY, limit=500),
        "dashboard": browse.dashboard(store, TODAY),
        "commitments": [browse.commitment_view(store, r) for r in refs[:40]],
        "entries": load_entries(store.engine),
        "corrections": assessments.corrections_list(store),
        "users": accounts.list_users(store),
        "tokens": accounts.list_tokens(store),
        "revisions": store.revisions(),
    }


def _with_ledger(source: str, folder: Path) -> Store:
    store = Store(copy_db(Path(source), folder / "original.db"))
    threads = browse.list_threads(store, limit=10).items
    for i, t in enumerate(threads[:6]):
        assessments.record_assessment(store, t.id if i % 2 else t.latest_ref, status="in_progress", evidence_date=dt.date(2024, 1, 1 + i),
                                      evidence_url=f"https://example.org/{i}", quote=f"quote {i}", by="eddie")
    entry = load_entries(store.engine)[0]
    assessments.retract(store, entry.entry_id, note="mistaken", by="eddie")
    assessments.correct(store, threads[0].latest_ref, label="commitment", domain="health", note="vaccines", by="eddie")
    return store


def test_the_copy_answers_every_listing_as_the_original(web_sqlite, new_db, tmp_path: Path) -> None:
    source, tokens = web_sqlite
    original = _with_ledger(source, tmp_path)
    with Store(new_db("copy")) as copy:
        result = copy_database(original.engine, copy.engine)
        assert result.rows["ledger_entries"] == 7 and result.rows["corrections"] == 1 and result.rows["accounts"] == 3
        same_engine = copy.engine.dialect.name == original.engine.dialect.name
        assert _listings(copy, ranked=same_engine) == _listings(original, ranked=same_engine)
        # the people and tokens work in the copy: hashes and secrets' digests came along
        assert accounts.authenticate(copy, "eddie", PASSWORD).role == "editor"
        assert accounts.token_account(copy, tokens["editor"]).role == "editor"
        # and it goes on: new rows get new ids after the copied ones
        t = browse.list_threads(copy, limit=1).items[0]
        assessments.record_assessment(copy, t.id, status="achieved", evidence_date=dt.date(2024, 5, 1),
                                      evidence_url="https://example.org/z", quote="done", by="ada")
        assert len(load_entries(copy.engine)) == 8
    original.close()


def test_copy_refuses_a_destination_with_data_and_leaves_it_as_it_was(web_sqlite, new_db, tmp_path: Path) -> None:
    original = copy_db(Path(web_sqlite[0]), tmp_path / "a.db")
    other = new_db("other")
    with Store(original) as a, Store(other) as b:
        copy_database(a.engine, b.engine)
    with Store(other) as store:
        before = store.row_counts()
    r = runner.invoke(app, ["copy", "--from", original, "--to", other])
    assert r.exit_code == 1 and "PW306" in r.output
    with Store(other) as store:
        assert store.row_counts() == before


def test_copy_cli_into_a_new_database(web_sqlite, new_db, tmp_path: Path) -> None:
    original = copy_db(Path(web_sqlite[0]), tmp_path / "a.db")
    target = new_db("new")
    r = runner.invoke(app, ["copy", "--from", original, "--to", target])
    assert r.exit_code == 0 and "Copied" in r.output, r.output
    from sqlalchemy.engine import make_url

    secret = make_url(target).password
    assert not secret or str(secret) not in r.output  # a server's password is never printed
    with Store(original) as a, Store(target) as b:
        assert a.row_counts() == b.row_counts()
    r = runner.invoke(app, ["copy", "--from", original, "--to", original])
    assert r.exit_code != 0
