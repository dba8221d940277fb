"""The protections, each tested: CSRF tokens, roles, sessions and their cookies, the
Content-Security-Policy, escaping of every untrusted text, the login rate limit, error pages
without stack traces or SQL, no open redirect."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from pledgewatch import accounts, browse
from pledgewatch.store.ledger import load_entries
from pledgewatch.web import create_app

from .web_helpers import (  # noqa: F401
    PASSWORD, app, client_for, editor, form_token, sign_in, viewer, web_db_file, web_store,
)

pytestmark = pytest.mark.backends

HOSTILE_BITS = ("<script>alert('statement')</script>", "<img src=x onerror=alert('img')>", "\"><svg onload=alert('svg')>")


class _Tags(HTMLParser):
    """Every element the page has, with its attributes, as a browser would parse it."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _ref(store) -> str:
    t = browse.corpus(store).threads[0].members[-1]
    return f"{t.doc_id}:{t.start}"


def test_a_form_without_its_csrf_token_is_refused(editor, web_store) -> None:
    ref = _ref(web_store)
    good = form_token(editor.get(f"/commitments/{ref}").text)
    fields = {"status": "achieved", "evidence_date": "2024-01-01", "evidence_url": "https://example.org/a", "quote": "done"}
    for token in (None, "", "x" * 43, good[:-1] + ("A" if good[-1] != "A" else "B")):
        data = dict(fields, **({"csrf": token} if token is not None else {}))
        r = editor.post(f"/commitments/{ref}/assessments", data=data)
        assert r.status_code == 403 and "security token" in r.text
    assert load_entries(web_store.engine) == []
    assert editor.post(f"/commitments/{ref}/assessments", data=dict(fields, csrf=good)).status_code == 303


def test_logout_and_login_need_their_tokens_too(app) -> None:
    c = client_for(app)
    page = c.get("/login")
    assert c.post("/login", data={"name": "eddie", "password": PASSWORD}).status_code == 403
    assert c.post("/login", data={"name": "eddie", "password": PASSWORD, "csrf": "forged"}).status_code == 403
    sign_in(c, "eddie")
    assert c.post("/logout", data={}).status_code == 403
    assert c.get("/").status_code == 200  # still signed in
    assert page.status_code == 200


def test_every_state_change_is_a_post(editor, web_store) -> None:
    ref = _ref(web_store)
    for path in (f"/commitments/{ref}/assessments", f"/commitments/{ref}/corrections", "/meetings/merge", "/meetings/split", "/logout"):
        assert editor.get(path + "?csrf=x&status=achieved").status_code in (404, 405), path
    assert load_entries(web_store.engine) == []


def test_a_signed_out_client_cannot_post(app, web_store) -> None:
    anon = client_for(app)
    r = anon.post(f"/commitments/{_ref(web_store)}/assessments", data={"csrf": "x", "status": "achieved"})
    assert r.status_code == 401
    assert load_entries(web_store.engine) == []


def test_session_cookie_is_httponly_samesite_and_secure_over_https(app) -> None:
    for https in (False, True):
        c = client_for(app, https=https)
        page = c.get("/login")
        r = c.post("/login", data={"name": "vera", "password": PASSWORD, "csrf": form_token(page.text), "next": "/"})
        cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("pw_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert ("Secure" in cookie) == https


def test_logout_ends_the_session_on_the_server(app) -> None:
    c = sign_in(client_for(app), "vera")
    secret = c.cookies.get("pw_session")
    r = c.post("/logout", data={"csrf": form_token(c.get("/").text)})
    assert r.status_code == 303
    thief = client_for(app)
    thief.cookies.set("pw_session", secret)
    assert thief.get("/").status_code == 303  # the old cookie opens nothing


def test_a_disabled_account_is_out_at_once(app, web_store) -> None:
    c = sign_in(client_for(app), "eddie")
    accounts.set_active(web_store, "eddie", False)
    assert c.get("/").status_code == 303


def test_content_security_policy_forbids_inline_scripts(viewer, web_store) -> None:
    r = viewer.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["cache-control"] == "no-store"
    ref = _ref(web_store)
    for path in ("/", "/documents", f"/commitments/{ref}", "/threads", "/mechanisms/NCG", "/login", "/search?q=x"):
        tags = _Tags(viewer.get(path).text).tags
        assert all(a.get("src") for t, a in tags if t == "script"), path  # no inline script anywhere
        assert not [(t, k) for t, a in tags for k in a if k.startswith("on")], path  # no inline event handler
        assert not [t for t, a in tags if "style" in a], path  # style-src 'self': no inline styles to allow


def test_a_hostile_statement_renders_as_text(viewer, web_db_file) -> None:
    page = viewer.get(f"/documents/{web_db_file.hostile_id}").text
    for bit in HOSTILE_BITS:
        assert bit not in page
    assert "&lt;script&gt;alert(&#39;statement&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;" in page
    data = viewer.get(f"/documents/{web_db_file.hostile_id}.json").json()
    assert HOSTILE_BITS[0] in data["title"]  # kept as written, escaped only where it is rendered
    docs = viewer.get("/documents").text
    assert HOSTILE_BITS[0] not in docs and "&lt;script&gt;" in docs
    hits = viewer.get("/search?q=onerror").text
    assert "<img" not in hits and "onerror" in hits
    for path in (f"/documents/{web_db_file.hostile_id}", "/documents", "/search?q=onerror", "/"):
        tags = _Tags(viewer.get(path).text).tags
        assert not [t for t, _ in tags if t in ("script", "img")], path
        assert not [(t, k) for t, a in tags for k in a if k.startswith("on")], path


def test_a_hostile_note_quote_and_url_render_as_text(editor, web_store) -> None:
    ref = _ref(web_store)
    page = editor.get(f"/commitments/{ref}").text
    r = editor.post(f"/commitments/{ref}/assessments", data={
        "csrf": form_token(page), "status": "stalled", "evidence_date": "2024-01-01", "evidence_url": "https://example.org/</a><script>alert(1)</script>",
        "quote": "<script>alert('quote')</script>", "note": "<img src=x onerror=alert('note')>"})
    assert r.status_code == 303
    for path in (f"/commitments/{ref}", "/"):
        shown = editor.get(path).text
        assert "<script>alert" not in shown and "<img src=x" not in shown
        assert "&lt;script&gt;alert(&#39;quote&#39;)&lt;/script&gt;" in shown
    # a URL that is not http(s) is never a link
    editor.post(f"/commitments/{ref}/assessments", data={
        "csrf": form_token(page), "status": "stalled", "evidence_date": "2024-01-02", "evidence_url": "javascript:alert(1)", "quote": "q"})
    assert 'href="javascript:' not in editor.get(f"/commitments/{ref}").text


def test_login_attempts_are_rate_limited(web_store) -> None:
    app = create_app(store=web_store, login_rate="3/minute")
    c = client_for(app)
    for _ in range(3):
        page = c.get("/login")
        r = c.post("/login", data={"name": "eddie", "password": "wrong password", "csrf": form_token(page.text)})
        assert r.status_code == 401 and "Wrong name or password" in r.text
    page = c.get("/login")
    r = c.post("/login", data={"name": "eddie", "password": PASSWORD, "csrf": form_token(page.text)})
    assert r.status_code == 429  # even the right password waits
    other = client_for(app)  # the same address trying another name is limited too
    page = other.get("/login")
    assert other.post("/login", data={"name": "vera", "password": "nope nope", "csrf": form_token(page.text)}).status_code == 429


def test_no_stack_trace_or_sql_in_any_error(viewer, app, monkeypatch) -> None:
    for path in ("/documents/nothing-like-it", "/commitments/zz:1", "/threads/Tnope", "/no/such/page", "/documents?year=abc"):
        r = viewer.get(path)
        assert r.status_code in (400, 404, 422), path
        assert "Traceback" not in r.text and "sqlalchemy" not in r.text.lower() and "SELECT" not in r.text
        assert "</html>" in r.text, path  # an error page, not a bare message

    def broken(*a, **k):
        raise RuntimeError("SELECT password_hash FROM accounts -- boom")

    monkeypatch.setattr(browse, "dashboard", broken)
    r = viewer.get("/")
    assert r.status_code == 500 and "SELECT" not in r.text and "boom" not in r.text and "Traceback" not in r.text
    assert viewer.get("/.json").json() == {"detail": "something went wrong on the server; the error was logged"}


def test_no_open_redirect_after_login(app) -> None:
    for target, expected in (("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/threads?party=KR", "/threads?party=KR")):
        c = client_for(app)
        page = c.get("/login")
        r = c.post("/login", data={"name": "vera", "password": PASSWORD, "csrf": form_token(page.text), "next": target})
        assert r.headers["location"] == expected


NUL_PROBES = ["/documents/%00", "/documents?q=%00", "/documents?party=%00", "/commitments/%00:1", "/threads/%00", "/threads?party=%00",
              "/mechanisms/%00", "/mechanisms?q=%00", "/search?q=%00", "/search?q=a%00b", "/diff?a=%00&b=%00", "/ledger?party=%00",
              "/api/v1/ledger/history/%00", "/api/v1/documents/%00", "/api/v1/search?q=%00"]


def test_a_nul_character_in_any_address_is_never_a_server_error(viewer) -> None:
    """No stored text holds NUL, and PostgreSQL refuses it in a query: it is an answer (nothing found), not a 500."""
    for path in NUL_PROBES:
        r = viewer.get(path)
        assert r.status_code < 500, (path, r.status_code)
