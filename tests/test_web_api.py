"""The HTTP API (/api/v1) through FastAPI's test client with API tokens: every read answers what
the library returns for the same arguments, tokens and roles are enforced, writes store what they
say (with the token's account) or nothing, every error is a documented JSON ``{"detail": …}``, the
OpenAPI schema lists every route with its security, and no answer holds a secret."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic_core import to_jsonable_python

from pledgewatch import accounts, assessments, browse
from pledgewatch.store import Store
from pledgewatch.store.accounts import load_accounts
from pledgewatch.store.ledger import load_entries
from pledgewatch.store.tracking import load_meetings
from pledgewatch.web import api, create_app

from .ledger_helpers import copy_db
from .web_helpers import PASSWORD, app, client_for, web_db_file, web_db_sqlite, web_store  # noqa: F401

API = "/api/v1"


def api_client(app, token: str | None = None, **headers: str) -> TestClient:
    c = client_for(app)
    if token is not None:
        c.headers["Authorization"] = f"Bearer {token}"
    c.headers.update(headers)
    return c


@pytest.fixture(scope="module")
def read_store(web_db_sqlite, tmp_path_factory):  # noqa: F811
    """One copy for the tests that only read (token use is noted, nothing else is written)."""
    store = Store(copy_db(web_db_sqlite.path, tmp_path_factory.mktemp("api-reads") / "web.db"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def read_app(read_store):
    return create_app(store=read_store)


@pytest.fixture(scope="module")
def reader(read_app, web_db_sqlite) -> TestClient:  # noqa: F811
    return api_client(read_app, web_db_sqlite.tokens["viewer"])


@pytest.fixture(scope="module")
def refusal_store(web_db_sqlite, tmp_path_factory):  # noqa: F811
    """One copy for the tests of refused writes: each checks that its requests stored nothing."""
    store = Store(copy_db(web_db_sqlite.path, tmp_path_factory.mktemp("api-refusals") / "web.db"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def refusing(refusal_store, web_db_sqlite) -> dict[str, TestClient]:  # noqa: F811
    app = create_app(store=refusal_store)
    return {role: api_client(app, secret) for role, secret in web_db_sqlite.tokens.items()}


def _role_client(app, web_db_sqlite, role: str) -> TestClient:  # noqa: F811
    return api_client(app, web_db_sqlite.tokens[role])


@pytest.fixture
def editor_api(app, web_db_sqlite) -> TestClient:  # noqa: F811
    return _role_client(app, web_db_sqlite, "editor")


@pytest.fixture
def admin_api(app, web_db_sqlite) -> TestClient:  # noqa: F811
    return _role_client(app, web_db_sqlite, "admin")


def _a_commitment(store: Store) -> str:
    last = browse.corpus(store).threads[0].members[-1]
    return f"{last.doc_id}:{last.start}"


def as_json(value: Any) -> Any:
    """What the API sends for a library value: pydantic's JSON (the response models' serializer)."""
    return to_jsonable_python(value)


def _stored_counts(store: Store) -> tuple[int, int, int]:
    return len(load_entries(store.engine)), len(assessments.corrections_list(store)), len(load_meetings(store.engine))


def _one_line_error(r) -> str:
    assert r.headers["content-type"] == "application/json", r.text[:200]
    body = r.json()
    assert set(body) == {"detail"}, body
    detail = body["detail"]
    if isinstance(detail, list):  # a 422: the invalid fields, each said in one line
        assert r.status_code == 422 and detail
        assert all(set(e) == {"loc", "msg", "type"} and "\n" not in e["msg"] for e in detail), detail
        return "; ".join(e["msg"] for e in detail)
    assert isinstance(detail, str) and detail and "\n" not in detail and "Traceback" not in detail, detail
    return detail


# --- reads: what the library returns -------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """Real names in the web test database, for the routes that take one."""

    doc: str
    ref: str
    thread: str
    mechanism: str
    meetings: tuple[str, str]


@pytest.fixture(scope="module")
def names(read_store) -> Names:
    c = browse.corpus(read_store)
    thread = next(t for t in c.threads if len(t.members) > 1)
    last = thread.members[-1]
    korean = [m.id for m in c.meetings if "KR" in m.parties]
    return Names(last.doc_id, f"{last.doc_id}:{last.start}", thread.id, "NCG", (korean[0], korean[1]))


# (route, the library call answering the same question)
READS: list[tuple[str, Callable[[Names], str], Callable[[Store, Names], Any]]] = [
    ("dashboard", lambda n: "/dashboard", lambda s, n: browse.dashboard(s)),
    ("documents", lambda n: "/documents", lambda s, n: browse.list_documents(s)),
    ("documents filtered", lambda n: "/documents?party=kr&year=2023", lambda s, n: browse.list_documents(s, party="kr", year=2023)),
    ("documents paged", lambda n: "/documents?q=statement&offset=1&limit=2",
     lambda s, n: browse.list_documents(s, text="statement", offset=1, limit=2)),
    ("documents by type", lambda n: "/documents?doc_type=joint_statement", lambda s, n: browse.list_documents(s, doc_type="joint_statement")),
    ("document", lambda n: f"/documents/{n.doc}", lambda s, n: browse.document_view(s, n.doc)),
    ("document by prefix", lambda n: f"/documents/{n.doc[:8]}", lambda s, n: browse.document_view(s, n.doc)),
    ("commitment", lambda n: f"/commitments/{n.ref}", lambda s, n: browse.commitment_view(s, n.ref)),
    ("threads", lambda n: "/threads", lambda s, n: browse.list_threads(s)),
    ("threads filtered", lambda n: "/threads?party=US&domain=defense&offset=2&limit=3",
     lambda s, n: browse.list_threads(s, party="US", domain="defense", offset=2, limit=3)),
    ("threads by change", lambda n: "/threads?status=reiterated", lambda s, n: browse.list_threads(s, status="reiterated")),
    ("thread", lambda n: f"/threads/{n.thread}", lambda s, n: browse.thread_view(s, n.thread)),
    ("mechanisms", lambda n: "/mechanisms", lambda s, n: browse.list_mechanisms(s)),
    ("mechanisms filtered", lambda n: "/mechanisms?q=dialogue&domain=defense",
     lambda s, n: browse.list_mechanisms(s, text="dialogue", domain="defense")),
    ("mechanism", lambda n: f"/mechanisms/{n.mechanism}", lambda s, n: browse.mechanism_view(s, n.mechanism)),
    ("meetings", lambda n: "/meetings", lambda s, n: browse.list_meetings(s)),
    ("meetings filtered", lambda n: "/meetings?party=KR&limit=1&offset=1", lambda s, n: browse.list_meetings(s, party="KR", offset=1, limit=1)),
    ("diff", lambda n: f"/diff?a={n.meetings[0]}&b={n.meetings[1]}", lambda s, n: browse.compare(s, *n.meetings)),
    ("search", lambda n: "/search?q=nuclear+deterrence", lambda s, n: browse.search(s, "nuclear deterrence")),
    ("search paged", lambda n: "/search?q=cooperation&offset=3&limit=4", lambda s, n: browse.search(s, "cooperation", offset=3, limit=4)),
    ("review", lambda n: "/review?limit=7", lambda s, n: browse.review(s, limit=7)),
    ("ledger", lambda n: "/ledger", lambda s, n: browse.ledger(s)),
    ("ledger filtered", lambda n: "/ledger?status=unassessed&party=KR&offset=5&limit=5",
     lambda s, n: browse.ledger(s, status="unassessed", party="KR", offset=5, limit=5)),
    ("ledger due", lambda n: "/ledger?overdue=true&due_within=3650", lambda s, n: browse.ledger(s, overdue=True, due_within=3650)),
    ("history", lambda n: f"/ledger/history/{n.ref}", lambda s, n: browse.history_of(s, n.ref)),
    ("corrections", lambda n: "/corrections", lambda s, n: assessments.corrections_list(s)),
]


@pytest.mark.parametrize("path, library", [pytest.param(p, f, id=i) for i, p, f in READS])
def test_every_read_answers_what_the_library_returns(reader, read_store, names, path, library) -> None:
    r = reader.get(API + path(names))
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"] == "application/json" and r.headers["cache-control"] == "no-store"
    assert r.json() == as_json(library(read_store, names))


def test_the_reads_hold_something(reader, names) -> None:
    """The comparisons above are not between two empty answers."""
    assert reader.get(f"{API}/documents").json()["total"] == 6
    assert reader.get(f"{API}/documents?party=KR&year=2023").json()["total"] >= 1
    assert reader.get(f"{API}/commitments/{names.ref}").json()["thread"]["id"] == names.thread
    assert len(reader.get(f"{API}/threads/{names.thread}").json()["members"]) > 1
    assert reader.get(f"{API}/mechanisms/{names.mechanism}").json()["name"] == "Nuclear Consultative Group"
    assert {r["status"] for r in reader.get(f"{API}/diff?a={names.meetings[0]}&b={names.meetings[1]}").json()["rows"]} >= {"new", "dropped"}
    assert reader.get(f"{API}/search?q=nuclear").json()["items"]
    assert reader.get(f"{API}/ledger").json()["total"] == reader.get(f"{API}/threads").json()["total"] > 100


def test_listings_page_through_everything_once(reader, read_store) -> None:
    total = len(browse.corpus(read_store).threads)
    seen: list[str] = []
    offset = 0
    while True:
        page = reader.get(f"{API}/threads?offset={offset}&limit=40").json()
        assert page["total"] == total and page["offset"] == offset and page["limit"] == 40
        if not page["items"]:
            break
        assert len(page["items"]) == min(40, total - offset)
        seen += [t["id"] for t in page["items"]]
        offset += 40
    assert seen == [t.id for t in browse.corpus(read_store).threads]  # in the library's order, each once
    past = reader.get(f"{API}/documents?offset=999999").json()
    assert past == {"total": 6, "offset": 999999, "limit": browse.DEFAULT_LIMIT, "items": []}
    assert reader.get(f"{API}/threads?limit={browse.MAX_LIMIT}").json()["items"].__len__() == total


@pytest.mark.parametrize("path", ["/documents/nothing-like-it", "/commitments/zzzz:1", "/commitments/not-a-ref", "/threads/Tnope",
                                  "/mechanisms/no-such-body", "/ledger/history/nothing:3", "/diff?a=nothing&b=else"])
def test_an_unknown_name_is_a_json_404(reader, path) -> None:
    for accept in ("application/json", "text/html"):  # the API answers JSON whatever the client accepts
        r = reader.get(API + path, headers={"Accept": accept})
        assert r.status_code == 404
        assert _one_line_error(r).startswith("PW")


def test_an_unknown_path_under_the_api_is_a_json_404(reader) -> None:
    r = reader.get(f"{API}/no/such/route")
    assert r.status_code == 404 and _one_line_error(r) == "Not Found"


@pytest.mark.parametrize("query, field", [
    ("/documents?year=abc", "year"), ("/documents?year=0", "year"), ("/documents?limit=0", "limit"),
    (f"/documents?limit={browse.MAX_LIMIT + 1}", "limit"), ("/threads?offset=-1", "offset"), ("/threads?domain=security", "domain"),
    ("/threads?status=done", "status"), ("/ledger?status=done", "status"), ("/ledger?overdue=perhaps", "overdue"),
    ("/ledger?due_within=-1", "due_within"), ("/search", "q"), ("/search?q=", "q"), ("/search?q=x&limit=101", "limit"),
    (f"/documents?party={'X' * 65}", "party"), (f"/mechanisms?q={'x' * 501}", "q"), ("/review?limit=many", "limit"),
    ("/diff?a=x", "b"),
])
def test_a_bad_query_value_is_a_422_naming_it(reader, query, field) -> None:
    r = reader.get(API + query)
    assert r.status_code == 422
    _one_line_error(r)
    assert [e["loc"] for e in r.json()["detail"]] == [["query", field]]


def test_a_search_with_a_nul_character_is_answered(reader) -> None:
    """Found by the fuzzer: a NUL ended SQLite's reading of the FTS5 query inside a quoted term (a 500)."""
    for q in ("%00", "nuclear%00", "nuclear%00deterrence", "%22nuclear%00%22"):
        r = reader.get(f"{API}/search?q={q}")
        assert r.status_code == 200, (q, r.text[:200])
    assert reader.get(f"{API}/search?q=nuclear%00deterrence").json()["total"] == reader.get(f"{API}/search?q=nuclear+deterrence").json()["total"]


# --- tokens and roles -------------------------------------------------------------------------------------


def _api_routes() -> list[tuple[str, str]]:
    """(method, path) of every /api/v1 route, read from the router the app includes."""
    return sorted((m, r.path) for r in api.router.routes if isinstance(r, APIRoute) for m in r.methods)


def _concrete(path: str) -> str:
    return path.replace("{doc_id}", "x").replace("{ref}", "x:1").replace("{thread_id}", "Tx").replace("{name}", "x").replace("{entry_id}", "abcdef")


def test_every_route_needs_a_valid_token(read_app, web_db_sqlite) -> None:  # noqa: F811
    app = read_app
    routes = _api_routes()
    assert len(routes) == 19
    unknown = "pw_0123456789ab_" + "A" * 43  # well formed, never issued
    for header in (None, "", "Bearer", "Bearer ", "Bearer pw_short", f"Bearer {unknown}", f"Basic {web_db_sqlite.tokens['admin']}",
                   f"bearer {web_db_sqlite.tokens['admin']}x", f"Bearer {web_db_sqlite.tokens['admin'][:-1]}"):
        c = api_client(app) if header is None else api_client(app, Authorization=header)
        for method, path in routes:
            r = c.request(method, _concrete(path) + ("?q=x&a=x&b=y" if method == "GET" else ""), json={} if method == "POST" else None)
            assert r.status_code == 401, (header, method, path, r.status_code)
            assert r.headers["www-authenticate"] == "Bearer"
            assert "token" in _one_line_error(r)


def test_a_revoked_token_is_refused_at_once(web_store, app) -> None:  # noqa: F811
    info, secret = accounts.issue_token(web_store, "short-lived", "editor", created_by="tests")
    c = api_client(app, secret)
    assert c.get(f"{API}/dashboard").status_code == 200
    accounts.revoke_token(web_store, info.token_id)
    r = c.get(f"{API}/dashboard")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    before = _stored_counts(web_store)
    r = c.post(f"{API}/ledger/entries", json={"ref": _a_commitment(web_store), "status": "achieved", "evidence_date": "2024-01-01",
                                              "evidence_url": "https://example.org/a", "quote": "done"})
    assert r.status_code == 401 and _stored_counts(web_store) == before


def _writes(store: Store) -> list[tuple[str, dict[str, Any]]]:
    ref = _a_commitment(store)
    docs = [d.id for d in browse.corpus(store).documents]
    return [
        (f"{API}/ledger/entries", {"ref": ref, "status": "achieved", "evidence_date": "2024-01-01", "evidence_url": "https://example.org/a",
                                   "quote": "done"}),
        (f"{API}/ledger/entries/{'0' * 12}/retraction", {"note": "wrong"}),
        (f"{API}/corrections", {"ref": ref, "label": "other"}),
        (f"{API}/meetings/edits", {"action": "split", "doc_a": docs[0]}),
    ]


def test_a_viewer_token_may_not_write(refusing, refusal_store) -> None:
    before = _stored_counts(refusal_store)
    for path, body in _writes(refusal_store):
        r = refusing["viewer"].post(path, json=body)
        assert r.status_code == 403, (path, r.text[:200])
        assert _one_line_error(r).startswith("this needs an ") and "a viewer's" in r.json()["detail"]
    assert _stored_counts(refusal_store) == before


def test_only_an_admin_token_edits_meetings(editor_api, admin_api, web_store) -> None:
    meetings = load_meetings(web_store.engine)
    joint = next(m for m in meetings if len(m.doc_ids) > 1)
    r = editor_api.post(f"{API}/meetings/edits", json={"action": "split", "doc_a": joint.doc_ids[0]})
    assert r.status_code == 403 and r.json()["detail"] == "this needs an admin token; this one is an editor's"
    assert len(load_meetings(web_store.engine)) == len(meetings)
    r = admin_api.post(f"{API}/meetings/edits", json={"action": "split", "doc_a": joint.doc_ids[0]})
    assert r.status_code == 201 and r.json()["meetings"] == len(meetings) + 1 == len(load_meetings(web_store.engine))
    assert r.json()["threads"] == len(browse.corpus(web_store).threads)
    r = admin_api.post(f"{API}/meetings/edits", json={"action": "merge", "doc_a": joint.doc_ids[0], "doc_b": joint.doc_ids[1]})
    assert r.status_code == 201 and r.json()["meetings"] == len(meetings) == len(load_meetings(web_store.engine))
    assert admin_api.get(f"{API}/meetings").json()["total"] == len(meetings)


def test_a_bad_meeting_edit_stores_nothing(refusing, refusal_store) -> None:
    doc = browse.corpus(refusal_store).documents[0].id
    before = _stored_counts(refusal_store)
    for body, status in (({"action": "merge", "doc_a": doc}, 422),  # a merge names two documents
                         ({"action": "join", "doc_a": doc, "doc_b": doc}, 422), ({"action": "split"}, 422),
                         ({"action": "split", "doc_a": "no-such-document"}, 404),
                         ({"action": "merge", "doc_a": doc, "doc_b": "no-such-document"}, 404)):
        r = refusing["admin"].post(f"{API}/meetings/edits", json=body)
        assert r.status_code == status, (body, r.text[:200])
        _one_line_error(r)
    assert _stored_counts(refusal_store) == before


# --- writes with an editor token --------------------------------------------------------------------------


def test_an_editor_token_records_an_assessment_as_its_account(editor_api, web_store, web_db_sqlite) -> None:  # noqa: F811
    ref = _a_commitment(web_store)
    r = editor_api.post(f"{API}/ledger/entries", json={
        "ref": ref, "status": "in_progress", "evidence_date": "2024-02-03", "evidence_url": "https://example.org/news/1",
        "quote": "Work began in February.", "note": "from the ministry"})
    assert r.status_code == 201, r.text[:300]
    (entry,) = load_entries(web_store.engine)
    assert r.json() == as_json(entry)
    assert entry.recorded_by == "token:editor-client" == accounts.token_account(web_store, web_db_sqlite.tokens["editor"]).name
    assert entry.ref == ref and entry.status == "in_progress" and entry.quote == "Work began in February." and entry.note == "from the ministry"
    history = editor_api.get(f"{API}/ledger/history/{ref}").json()
    assert [(h["entry_id"], h["recorded_by"], h["retracted"]) for h in history] == [(entry.entry_id, "token:editor-client", False)]
    row = next(x for x in editor_api.get(f"{API}/ledger?status=in_progress").json()["items"] if x["ref"] == ref)
    assert row["entry_id"] == entry.entry_id and row["recorded_by"] == "token:editor-client"
    assert editor_api.get(f"{API}/dashboard").json()["latest_evidence"][0]["entry_id"] == entry.entry_id


def test_an_editor_token_records_on_a_thread_and_supersedes(editor_api, web_store) -> None:
    threads = browse.corpus(web_store).threads
    r = editor_api.post(f"{API}/ledger/entries", json={
        "ref": threads[0].id, "status": "superseded", "superseded_by": threads[1].id, "evidence_date": "2024-03-01",
        "evidence_url": "http://example.org/s", "quote": "Replaced by the later plan."})
    assert r.status_code == 201, r.text[:300]
    assert r.json()["target"] == "thread" and r.json()["superseded_by"] == threads[1].id


def test_an_editor_token_retracts_an_entry(editor_api, web_store) -> None:
    ref = _a_commitment(web_store)
    entry = editor_api.post(f"{API}/ledger/entries", json={"ref": ref, "status": "stalled", "evidence_date": "2024-02-03",
                                                           "evidence_url": "https://example.org/n", "quote": "Nothing moved."}).json()
    r = editor_api.post(f"{API}/ledger/entries/{entry['entry_id'][:10]}/retraction", json={"note": "wrong page"})
    assert r.status_code == 201, r.text[:300]
    retraction = r.json()
    assert retraction["action"] == "retract" and retraction["retracts"] == entry["entry_id"]
    assert retraction["recorded_by"] == "token:editor-client" and retraction["note"] == "wrong page"
    assert retraction == as_json(load_entries(web_store.engine)[-1])
    history = editor_api.get(f"{API}/ledger/history/{ref}").json()
    assert {h["entry_id"]: h["retracted"] for h in history} == {entry["entry_id"]: True, retraction["entry_id"]: False}


def test_an_editor_token_corrects_a_unit(editor_api, web_store) -> None:
    ref = _a_commitment(web_store)
    before = editor_api.get(f"{API}/commitments/{ref}").json()
    assert before["domain"] != "health"
    r = editor_api.post(f"{API}/corrections", json={"ref": ref, "label": "commitment", "domain": "health", "actors": ["US"],
                                                    "note": "it is about vaccines"})
    assert r.status_code == 201, r.text[:300]
    made = r.json()
    assert made["recorded_by"] == "token:editor-client" and made["domain"] == "health" and made["label"] == "commitment"
    assert made == as_json(assessments.corrections_list(web_store)[-1])
    assert editor_api.get(f"{API}/corrections").json()[-1] == made
    after = editor_api.get(f"{API}/commitments/{ref}").json()
    assert after["domain"] == "health" and after["actors"] == ["US"] and after["extractor"].startswith("person-")
    r = editor_api.post(f"{API}/corrections", json={"ref": ref, "label": "other", "note": "a greeting, not an undertaking"})
    assert r.status_code == 201
    assert editor_api.get(f"{API}/commitments/{ref}").json()["label"] == "other"
    doc_id = ref.split(":")[0]
    assert ref not in {m["ref"] for m in editor_api.get(f"{API}/documents/{doc_id}").json()["marks"]}


GOOD = {"status": "achieved", "evidence_date": "2024-01-01", "evidence_url": "https://example.org/a", "quote": "done"}
TOMORROW = (dt.date.today() + dt.timedelta(days=2)).isoformat()  # two: later than today wherever the server is


@pytest.mark.parametrize("change, status", [
    ({"status": "done-ish"}, 422), ({"status": None}, 422), ({"evidence_date": "yesterday"}, 422), ({"evidence_date": TOMORROW}, 400),
    ({"evidence_url": "javascript:alert(1)"}, 400), ({"evidence_url": "example.org/a"}, 400), ({"evidence_url": "ftp://example.org/a"}, 400),
    ({"quote": ""}, 400), ({"quote": "   \n "}, 400), ({"quote": None}, 422), ({"ref": "nothing:1"}, 404), ({"ref": "Tnone"}, 404),
    ({"ref": ""}, 404), ({"status": "superseded"}, 400), ({"superseded_by": "nothing:2"}, 404), ({"ref": "x" * 201}, 422),
    ({"note": "n" * 20001}, 422),
])
def test_a_bad_assessment_is_refused_in_one_line_and_stores_nothing(refusing, refusal_store, change, status) -> None:
    body = {"ref": _a_commitment(refusal_store), **GOOD, **change}
    before = _stored_counts(refusal_store)
    r = refusing["editor"].post(f"{API}/ledger/entries", json={k: v for k, v in body.items() if v is not None})
    assert r.status_code == status, r.text[:300]
    detail = _one_line_error(r)
    if status == 400:
        assert detail.startswith("PW601: ")
    assert _stored_counts(refusal_store) == before


def test_a_body_that_is_not_json_is_refused(refusing, refusal_store) -> None:
    before = _stored_counts(refusal_store)
    for data in ("not json", "[1, 2]", '{"ref": '):
        r = refusing["editor"].post(f"{API}/ledger/entries", content=data, headers={"Content-Type": "application/json"})
        assert r.status_code in (400, 422), (data, r.status_code)
        _one_line_error(r)
    assert _stored_counts(refusal_store) == before


def test_a_bad_retraction_or_correction_stores_nothing(editor_api, web_store) -> None:
    ref = _a_commitment(web_store)
    entry = editor_api.post(f"{API}/ledger/entries", json={"ref": ref, **GOOD}).json()
    before = _stored_counts(web_store)
    for path, body, status in (
        (f"/ledger/entries/{entry['entry_id']}/retraction", {"note": ""}, 400),  # a retraction says why
        (f"/ledger/entries/{entry['entry_id']}/retraction", {}, 422),
        ("/ledger/entries/abc/retraction", {"note": "too short an id"}, 404),
        (f"/ledger/entries/{'f' * 64}/retraction", {"note": "no such entry"}, 404),
        ("/corrections", {"ref": "nothing:1", "label": "other"}, 404),
        ("/corrections", {"ref": ref, "label": "maybe"}, 422),
        ("/corrections", {"ref": ref, "label": "commitment", "domain": "security"}, 422),
        ("/corrections", {"ref": ref, "label": "commitment", "kind": "old"}, 422),
        ("/corrections", {"ref": ref, "label": "commitment", "actors": ["x" * 65]}, 422),
    ):
        r = editor_api.post(API + path, json=body)
        assert r.status_code == status, (path, body, r.text[:300])
        _one_line_error(r)
    assert _stored_counts(web_store) == before


def test_a_wrong_method_says_which_are_allowed(reader) -> None:
    r = reader.get(f"{API}/ledger/entries")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    r = reader.delete(f"{API}/corrections")  # a GET and a POST route share the path: both are allowed
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    _one_line_error(r)
    assert reader.put("/login").headers["allow"] == "GET, POST"  # the pages' paths too


# --- the schema and secrets ----------------------------------------------------------------------------------


def test_the_openapi_schema_lists_every_route_with_bearer_security(read_app) -> None:
    r = api_client(read_app).get(f"{API}/openapi.json")  # public: a client reads it before it has a token
    assert r.status_code == 200
    schema = r.json()
    listed = sorted((m.upper(), p) for p, ops in schema["paths"].items() for m in ops)
    assert listed == _api_routes()
    assert schema["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http", "scheme": "bearer", "description": "An API token from `pledgewatch token add NAME --role ROLE`."}
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            assert op["security"] == [{"HTTPBearer": []}], where
            responses = op["responses"]
            assert responses["401"]["content"]["application/json"]["schema"] == error, where
            assert "WWW-Authenticate" in responses["401"]["headers"], where
            if method == "post":
                assert {"201", "400", "403", "404", "422"} <= set(responses), where
            if "{" in path or path.endswith("/diff"):
                assert responses["404"]["content"]["application/json"]["schema"] == error, where
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["detail"]


def test_no_answer_holds_a_password_hash_or_a_secret(app, web_store, web_db_sqlite) -> None:  # noqa: F811
    admin = api_client(app, web_db_sqlite.tokens["admin"])
    ref = _a_commitment(web_store)
    admin.post(f"{API}/ledger/entries", json={"ref": ref, **GOOD})
    admin.post(f"{API}/corrections", json={"ref": ref, "label": "commitment", "note": "checked"})
    names = Names(ref.split(":")[0], ref, browse.corpus(web_store).threads[0].id, "NCG",
                  tuple(m.id for m in load_meetings(web_store.engine)[:2]))  # type: ignore[arg-type]
    answers = [admin.get(API + path(names)).text for _, path, _ in READS]
    answers += [api_client(app).get(f"{API}/dashboard").text, api_client(app).get(f"{API}/openapi.json").text,
                api_client(app, web_db_sqlite.tokens["viewer"]).post(f"{API}/corrections", json={"ref": ref, "label": "other"}).text,
                admin.get(f"{API}/documents?year=x").text, admin.get(f"{API}/documents/none").text]
    everything = "\n".join(answers)
    hashes = [a.password_hash for a in load_accounts(web_store.engine)]
    secrets = list(web_db_sqlite.tokens.values())
    forbidden = hashes + secrets + [hashlib.sha256(s.encode()).hexdigest() for s in secrets] + [PASSWORD, "$argon2"]
    assert len(hashes) == 3 and all(h.startswith("$argon2id$") for h in hashes)
    assert not [f for f in forbidden if f in everything]
    keys = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            keys.update(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for a in answers:
        walk(json.loads(a))
    assert not {k for k in keys if any(w in k.lower() for w in ("password", "secret", "hash", "csrf", "session"))}
