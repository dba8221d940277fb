"""The web app end to end in a real browser: Playwright driving Debian's chromium against
``pledgewatch serve`` started as a subprocess on the web test database.

An editor signs in through the form, opens a document, clicks a highlighted commitment and
records an assessment that the dashboard then shows; a viewer finds no form to write with; a
form sent without its CSRF token is refused and stores nothing; the hostile statement's
markup is shown as text and runs nothing; and no page breaks its Content-Security-Policy.
Screenshots of the dashboard and a document page are kept in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

import pledgewatch
from pledgewatch import browse
from pledgewatch.store import Store
from pledgewatch.store.ledger import load_entries

from .conftest import ROOT
from .ledger_helpers import copy_db
from .web_helpers import PASSWORD, WebFile, web_db_sqlite  # noqa: F401

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install -e '.[test]')")
expect = playwright_api.expect


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


pytestmark = pytest.mark.skipif(_chromium() is None, reason="no Chromium here (./run test installs Debian's chromium when it can)")

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
HOSTILE_WORDS = ("<script>alert('statement')</script>", "<img src=x onerror=alert('img')>", "\"><svg onload=alert('svg')>")
SERVER_START = 30.0  # seconds the server may take to answer its first request
TIMEOUT_MS = 10_000  # Playwright's auto-waiting limit for each action and expectation


# --- the server and the browser ------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    url: str
    db: WebFile

    def store(self) -> Store:
        return Store(f"sqlite:///{self.db.path}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_it_answers(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"`pledgewatch serve` exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/login", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling for readiness, not timing anything
    pytest.fail(f"`pledgewatch serve` did not answer {url}/login within {SERVER_START:.0f} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def server(tmp_path_factory, web_db_sqlite: WebFile) -> Iterator[Server]:
    # a copy of the web test database (build_web_db, made once a session): the server writes to it
    folder = tmp_path_factory.mktemp("web-browser")
    copy_db(web_db_sqlite.path, folder / "web.db")
    db = dataclasses.replace(web_db_sqlite, path=folder / "web.db")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    # the server runs the same pledgewatch as these tests (this checkout's, wherever it lives)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(pledgewatch.__file__).parent.parent), os.environ.get("PYTHONPATH", "")])}
    env.pop("PLEDGEWATCH_DB", None)
    log = folder / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pledgewatch", "serve", "--db", str(db.path), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env, cwd=folder)
    try:
        _wait_until_it_answers(url, proc, log)
        yield Server(url, db)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-dev-shm-usage"], headless=True)
        yield b
        b.close()


@dataclass
class Watch:
    """What the browser said while a test ran: dialogs opened (an alert() that ran), console
    errors and CSP reports, uncaught page errors."""

    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # responses of 400 and above, with their URL

    def csp_reports(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m]

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"a dialog opened: a script ran: {self.dialogs}"
        assert self.page_errors == [], self.page_errors
        assert self.failed == [], self.failed
        assert [m for m in self.console if m.startswith("error:")] == [], self.console
        assert self.csp_reports() == [], self.csp_reports()


@pytest.fixture
def watched(browser, server: Server):
    """A fresh browser context (no cookies) on the server, and what it reported."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = Watch()

    def on_dialog(dialog) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: watch.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    page.on("response", lambda r: watch.failed.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
    yield page, watch
    context.close()


def sign_in(page, name: str) -> None:
    """Through the login form, as a person would: the app sends them on to the dashboard."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    expect(page.locator("header .account")).to_contain_text(name)


def a_document(server: Server) -> browse.DocumentRow:
    with server.store() as store:
        return browse.list_documents(store, party="KR", year=2023).items[0]


def _screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


# --- scenarios ------------------------------------------------------------------------------------


def test_an_editor_records_an_assessment_that_the_dashboard_shows(watched, server: Server) -> None:
    page, watch = watched
    sign_in(page, "eddie")
    doc = a_document(server)

    page.get_by_role("link", name="Documents", exact=True).click()
    page.get_by_role("link", name=doc.title or doc.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(doc.title or doc.name)
    marks = page.locator("article.statement a.mark")
    expect(marks.first).to_be_visible()
    assert marks.count() == doc.commitments
    _screenshot(page, "document.png")

    mark = marks.nth(2)
    ref, words = mark.get_attribute("href").removeprefix("/commitments/"), mark.inner_text()
    mark.click()
    expect(page).to_have_url(f"{server.url}/commitments/{ref}")
    expect(page.locator("blockquote.unit")).to_have_text(words)

    quote = 'Ministers opened the "Council" <b>offices</b> & named its staff.'
    form = page.locator("#assess form")
    form.get_by_label("Status").select_option("in_progress")
    form.get_by_label("Evidence date").fill("2024-02-03")
    form.get_by_label("Evidence URL").fill("https://example.org/news/council-opens")
    form.get_by_label("Quote from the evidence").fill(quote)
    form.get_by_label("Note").fill("from the ministry's release")
    form.get_by_role("button", name="Record assessment").click()

    expect(page.get_by_role("status")).to_contain_text("Saved: entry")
    latest_row = page.locator("#ledger tbody tr").last
    expect(latest_row).to_contain_text(quote)
    expect(latest_row).to_contain_text("eddie")
    with server.store() as store:
        (entry,) = [e for e in browse.history_of(store, ref) if e.quote == quote]
    assert entry.recorded_by == "eddie" and entry.status == "in_progress" and entry.evidence_url.endswith("/council-opens")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    latest = page.locator("#latest-evidence tbody tr").first
    expect(latest).to_contain_text(quote)
    expect(latest.locator("q")).to_have_text(quote)
    expect(latest).to_contain_text("eddie")
    expect(latest.locator(".status")).to_have_text("in progress")
    expect(latest.get_by_role("link", name="source")).to_have_attribute("href", "https://example.org/news/council-opens")
    expect(page.locator("#ledger-status svg.bars rect").first).to_be_visible()
    _screenshot(page, "dashboard.png")
    watch.assert_clean()


def test_a_viewer_finds_no_form_to_write_with(watched, server: Server) -> None:
    page, watch = watched
    sign_in(page, "vera")
    doc = a_document(server)
    page.goto(f"/documents/{doc.id}")
    page.locator("article.statement a.mark").first.click()
    expect(page).to_have_url(re.compile(r"/commitments/"))
    expect(page.get_by_role("heading", name="Ledger history")).to_be_visible()
    for what in ("Record an assessment", "Correct the extractor"):
        expect(page.get_by_role("heading", name=what)).to_have_count(0)
    expect(page.locator("form[action$='/assessments'], form[action$='/corrections'], form[action$='/retract']")).to_have_count(0)
    expect(page.locator("main").get_by_role("button")).to_have_count(0)
    watch.assert_clean()


def test_a_form_without_its_csrf_token_is_refused_and_stores_nothing(watched, server: Server) -> None:
    page, watch = watched
    sign_in(page, "eddie")
    doc = a_document(server)
    page.goto(f"/documents/{doc.id}")
    page.locator("article.statement a.mark").last.click()
    ref = page.url.rsplit("/commitments/", 1)[1]
    with server.store() as store:
        before = len(load_entries(store.engine))

    form = page.locator("#assess form")
    form.get_by_label("Status").select_option("achieved")
    form.get_by_label("Evidence date").fill("2024-03-04")
    form.get_by_label("Evidence URL").fill("https://example.org/forged")
    form.get_by_label("Quote from the evidence").fill("A forged claim of success.")
    removed = page.evaluate("""() => {
        const token = document.querySelector('#assess form input[name=csrf]');
        token.remove();
        return token.value.length;
    }""")
    assert removed > 20  # there was a real token to take away
    expect(form.locator("input[name=csrf]")).to_have_count(0)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        form.get_by_role("button", name="Record assessment").click()
    assert sent.value.status == 403
    expect(page.get_by_role("main")).to_contain_text("security token is missing or stale")

    # the same with the session's cookie but no token at all, straight from the browser context
    answer = page.request.post(f"/commitments/{ref}/assessments", form={
        "status": "achieved", "evidence_date": "2024-03-04", "evidence_url": "https://example.org/forged", "quote": "Forged again."})
    assert answer.status == 403
    # and with a token that is not the session's
    answer = page.request.post(f"/commitments/{ref}/assessments", form={
        "csrf": "x" * 43, "status": "achieved", "evidence_date": "2024-03-04", "evidence_url": "https://example.org/forged",
        "quote": "Forged a third time."})
    assert answer.status == 403

    with server.store() as store:
        assert len(load_entries(store.engine)) == before
        assert not [e for e in browse.history_of(store, ref) if "orged" in (e.quote or "")]
    assert watch.dialogs == [] and watch.page_errors == [] and watch.csp_reports() == []


def test_the_hostile_statement_is_shown_as_text_and_runs_nothing(watched, server: Server) -> None:
    page, watch = watched
    sign_in(page, "ada")
    page.goto(f"/documents/{server.db.hostile_id}")
    article = page.locator("article.statement")
    expect(article).to_be_visible()
    # the first line became the title; the other two are in commitments of the text
    title_words, *text_words = HOSTILE_WORDS
    expect(page.get_by_role("heading", level=1)).to_contain_text(title_words)
    assert title_words in page.title()
    shown = article.inner_text()
    for words in text_words:
        assert words in shown
    assert all(words in page.locator("body").inner_text() for words in HOSTILE_WORDS)
    _assert_no_injected_markup(page)

    marks = article.locator("a.mark")
    assert marks.count() >= 1
    marks.first.click()  # the commitment's own page shows the same words as text
    expect(page.locator("blockquote.unit")).to_contain_text("onerror=alert('img')")
    _assert_no_injected_markup(page)

    # every other page that shows the statement's words shows them as text too
    for path, words in (("/documents?q=hostile", title_words), ("/search?q=Ruritania+Freedonia", "Ruritania"),
                        ("/ledger?due=soon", "onerror=alert('img')"), ("/", title_words)):
        page.goto(path)
        expect(page.get_by_role("main")).to_contain_text(words)
        _assert_no_injected_markup(page)
    for path in ("/mechanisms?q=Council", "/review"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        _assert_no_injected_markup(page)
    watch.assert_clean()


def _assert_no_injected_markup(page) -> None:
    """No element came from the statement's words: the app's pages have no script or image
    at all, and no element carries an event handler attribute."""
    found = page.evaluate("""() => ({
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img').length,
        handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes].filter(a => a.name.startsWith('on'))
                                                                       .map(a => el.tagName + ' ' + a.name)),
        svgs: [...document.querySelectorAll('svg')].map(s => s.getAttribute('class')),
    })""")
    assert found["scripts"] == 0 and found["images"] == 0 and found["handlers"] == [], found
    assert all(cls in ("bars", "timeline") for cls in found["svgs"]), found  # only the app's own charts


NORMAL_PAGES = ["/", "/documents", "/threads", "/mechanisms", "/meetings", "/ledger", "/review", "/diff", "/search?q=nuclear",
                "/ledger?due=overdue", "/mechanisms/NCG"]


def test_no_page_breaks_the_content_security_policy(watched, server: Server) -> None:
    page, watch = watched
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, "ada")
    doc = a_document(server)
    with server.store() as store:
        thread = browse.corpus(store).threads[0]
    for path in NORMAL_PAGES + [f"/documents/{doc.id}", f"/commitments/{thread.members[-1].doc_id}:{thread.members[-1].start}",
                                f"/threads/{thread.id}"]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        # the stylesheet loaded under the policy: the header is laid out by it
        assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex", path
    assert len(watch.console) == 0, watch.console
    watch.assert_clean()

    # the policy is enforced: an inline script slipped into a served page is refused and reported
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text) as report:
        ran = page.evaluate("""() => {
            const s = document.createElement('script');
            s.textContent = 'window.__inline_ran = true';
            document.body.append(s);
            return window.__inline_ran === true;
        }""")
    assert ran is False
    assert "script-src" in report.value.text and watch.csp_reports()
