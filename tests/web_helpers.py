"""What the web tests share: the sample corpus plus one hostile statement in a real database
with three accounts and three API tokens (built once per backend, copied per test), and signing in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pledgewatch import accounts
from pledgewatch.pipeline import ingest_paths
from pledgewatch.store import Store
from pledgewatch.tracker import ensure_tracking
from pledgewatch.web import create_app

from .ledger_helpers import SAMPLE

PASSWORD = "correct horse battery"
USERS = {"vera": "viewer", "eddie": "editor", "ada": "admin"}

# A statement from the web whose words are markup (written as entities in the file, so the
# stored text holds the characters "<script>…"): it must render as text everywhere.
HOSTILE = """Joint Statement of Ruritania and Freedonia &lt;script&gt;alert('statement')&lt;/script&gt;

May 3, 2024

Ruritania and Freedonia commit to establish a Joint Water Council &lt;img src=x onerror=alert('img')&gt; by the end of 2026.

The two governments will launch a Border Trade Dialogue &quot;&gt;&lt;svg onload=alert('svg')&gt; to expand commerce.

They met in the capital.
"""


@dataclass(frozen=True)
class WebDb:
    source: str  # a template (Templates: a SQLite file or a PostgreSQL database)
    tokens: dict[str, str]  # role → secret
    hostile_id: str


def build_web_db(url: str, folder: Path) -> tuple[dict[str, str], str]:
    hostile = folder / "hostile_statement.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    with Store(url) as store:
        report = ingest_paths(store, [str(f) for f in sorted(SAMPLE.values())] + [str(hostile)])
        assert not report.failed, report.failed
        ensure_tracking(store)
        for name, role in USERS.items():
            accounts.add_user(store, name, PASSWORD, role)
        tokens = {role: accounts.issue_token(store, f"{role}-client", role, created_by="tests")[1] for role in accounts.ROLES}
        hostile_id = store.resolve("hostile_statement.txt")
    return tokens, hostile_id


@pytest.fixture
def web_db_file(backend, templates, tmp_path_factory) -> WebDb:
    """The web tests' database on this test's backend (built once per backend, never changed: tests copy it)."""
    source, (tokens, hostile_id) = templates.get("web", backend, lambda url: build_web_db(url, tmp_path_factory.mktemp("web")))
    return WebDb(source, tokens, hostile_id)


@pytest.fixture
def web_store(web_db_file: WebDb, new_db):
    store = Store(new_db("web", template=web_db_file.source))
    yield store
    store.close()


@pytest.fixture
def app(web_store: Store):
    return create_app(store=web_store)


def client_for(app, *, https: bool = False) -> TestClient:
    return TestClient(app, base_url="https://testserver" if https else "http://testserver", raise_server_exceptions=False,
                      follow_redirects=False)


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post("/login", data={"name": name, "password": password, "csrf": form_token(page.text), "next": "/"})
    assert response.status_code == 303, response.text[:500]
    return client


@pytest.fixture
def viewer(app) -> TestClient:
    return sign_in(client_for(app), "vera")


@pytest.fixture
def editor(app) -> TestClient:
    return sign_in(client_for(app), "eddie")


@pytest.fixture
def admin(app) -> TestClient:
    return sign_in(client_for(app), "ada")




@dataclass(frozen=True)
class WebFile:
    """The web tests' database as a SQLite file, for module-scoped fixtures (a server, a fuzzer)."""

    path: Path
    tokens: dict[str, str]
    hostile_id: str


@pytest.fixture(scope="session")
def web_db_sqlite(templates, tmp_path_factory) -> WebFile:
    source, (tokens, hostile_id) = templates.get("web", "sqlite", lambda url: build_web_db(url, tmp_path_factory.mktemp("web")))
    return WebFile(Path(source), tokens, hostile_id)
