"""The pages: server-rendered HTML, each also JSON at the same path with ``.json`` (or
``Accept: application/json``). Every handler calls the library (``browse``, ``assessments``,
``accounts``, ``tracker``) and renders what it returns; every state change is a POST with the
session's CSRF token and the role it needs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from .. import accounts, assessments, browse
from ..errors import PledgewatchError
from ..model import CHANGES, DOMAINS, STATUSES
from ..tracker import edit_meetings
from .render import as_json, render, render_error
from .security import (
    LOGIN_CSRF_COOKIE, SESSION_COOKIE, Visitor, check_csrf, check_login_csrf, new_login_token, require_role, secure_cookies,
    signed_in, store_of, visitor, wants_json,
)

router = APIRouter(include_in_schema=False)

Signed = Annotated[Visitor, Depends(signed_in)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
PAGE = 50
FILTERS = {"domains": DOMAINS, "changes": CHANGES, "statuses": STATUSES, "labels": ("commitment", "other"), "kinds": ("new", "reaffirmed")}


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(target: str | None) -> str:
    # only a path of this site: never an open redirect to another
    return target if target and target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


# --- signing in and out ---------------------------------------------------------------------


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    token = new_login_token()
    response = render(request, "login.html", {"next": _safe_next(next)}, visitor=Visitor(None, token), title="Sign in")
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies(request), path="/login")
    return response


@router.post("/login")
def login(request: Request, name: Annotated[str, Form(max_length=200)] = "", password: Annotated[str, Form(max_length=1000)] = "",
          csrf: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    check_login_csrf(request, csrf)
    limiter = request.app.state.login_limiter
    client = request.client.host if request.client else "?"
    if limiter.blocked(name, client):
        return _login_again(request, next, "Too many failed sign-ins: wait a minute and try again.", 429)
    store = store_of(request)
    account = accounts.authenticate(store, name.strip(), password)
    if account is None:
        limiter.failed(name, client)
        return _login_again(request, next, "Wrong name or password.", 401)
    secret, _ = accounts.open_session(store, account.name)
    response = _see_other(_safe_next(next))
    response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="lax", secure=secure_cookies(request),
                        max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


def _login_again(request: Request, next: str, message: str, status: int) -> Response:
    token = new_login_token()
    response = render(request, "login.html", {"next": _safe_next(next), "error": message}, visitor=Visitor(None, token),
                      title="Sign in", status=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies(request), path="/login")
    return response


@router.post("/logout")
def logout(request: Request, v: Signed, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(v, csrf)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        accounts.close_session(store_of(request), secret)
    response = _see_other("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


# --- reading -----------------------------------------------------------------------------------


@router.get("/")
def dashboard(request: Request, v: Signed) -> Response:
    data = browse.dashboard(store_of(request))
    return render(request, "dashboard.html", data, visitor=v, title="Dashboard")


@router.get("/documents")
def documents(request: Request, v: Signed, party: str | None = None, year: Annotated[int | None, Query(ge=1, le=9999)] = None,
              q: str | None = None, type: str | None = None, offset: Offset = 0) -> Response:
    data = browse.list_documents(store_of(request), party=_blank(party), year=year, text=_blank(q), doc_type=_blank(type),
                                 offset=offset, limit=PAGE)
    return render(request, "documents.html", data, visitor=v, title="Documents")


@router.get("/documents/{doc_id}")
def document(request: Request, v: Signed, doc_id: str) -> Response:
    data = browse.document_view(store_of(request), doc_id)
    return render(request, "document.html", data, visitor=v, title=data.title or data.name)


def _commitment(request: Request, v: Visitor, ref: str, *, error: str | None = None, form: dict[str, Any] | None = None,
                status: int = 200) -> Response:
    data = browse.commitment_view(store_of(request), ref)
    extra = {"filters": FILTERS, "error": error, "form": form or {}, "saved": request.query_params.get("saved"),
             "today": dt.date.today().isoformat()}
    return render(request, "commitment.html", data, visitor=v, title=f"Commitment {data.ref}", status=status, extra=extra)


@router.get("/commitments/{ref}")
def commitment(request: Request, v: Signed, ref: str) -> Response:
    return _commitment(request, v, ref)


@router.get("/threads")
def threads(request: Request, v: Signed, party: str | None = None, domain: str | None = None, status: str | None = None,
            offset: Offset = 0) -> Response:
    data = browse.list_threads(store_of(request), party=_blank(party), domain=_blank(domain), status=_blank(status), offset=offset, limit=PAGE)
    return render(request, "threads.html", data, visitor=v, title="Threads", extra={"filters": FILTERS})


@router.get("/threads/{thread_id}")
def thread(request: Request, v: Signed, thread_id: str) -> Response:
    data = browse.thread_view(store_of(request), thread_id)
    names = browse.corpus(store_of(request)).names
    return render(request, "thread.html", data, visitor=v, title=f"Thread {data.id}", extra={"names": names})


@router.get("/mechanisms")
def mechanisms(request: Request, v: Signed, party: str | None = None, domain: str | None = None, q: str | None = None,
               offset: Offset = 0) -> Response:
    data = browse.list_mechanisms(store_of(request), party=_blank(party), domain=_blank(domain), text=_blank(q), offset=offset, limit=PAGE)
    return render(request, "mechanisms.html", data, visitor=v, title="Mechanisms", extra={"filters": FILTERS})


@router.get("/mechanisms/{name}")
def mechanism(request: Request, v: Signed, name: str) -> Response:
    data = browse.mechanism_view(store_of(request), name)
    names = browse.corpus(store_of(request)).names
    return render(request, "mechanism.html", data, visitor=v, title=data.name, extra={"names": names})


@router.get("/meetings")
def meetings(request: Request, v: Signed, party: str | None = None, offset: Offset = 0) -> Response:
    data = browse.list_meetings(store_of(request), party=_blank(party), offset=offset, limit=PAGE)
    return render(request, "meetings.html", data, visitor=v, title="Meetings", extra={"saved": request.query_params.get("saved")})


@router.get("/diff")
def diff(request: Request, v: Signed, a: str | None = None, b: str | None = None) -> Response:
    data = browse.compare(store_of(request), a, b) if a and b else None
    return render(request, "diff.html", data, visitor=v, title="Compare", extra={"a": a or "", "b": b or ""})


@router.get("/search")
def search(request: Request, v: Signed, q: Annotated[str, Query(max_length=500)] = "", offset: Offset = 0) -> Response:
    data = browse.search(store_of(request), q, offset=offset, limit=20) if q.strip() else browse.SearchPage(q, 0, 0, 20, [])
    return render(request, "search.html", data, visitor=v, title="Search")


@router.get("/review")
def review(request: Request, v: Signed) -> Response:
    data = browse.review(store_of(request), limit=PAGE)
    return render(request, "review.html", data, visitor=v, title="Review queue")


@router.get("/ledger")
def ledger(request: Request, v: Signed, party: str | None = None, domain: str | None = None, status: str | None = None,
           due: str | None = None, offset: Offset = 0) -> Response:
    data = browse.ledger(store_of(request), party=_blank(party), domain=_blank(domain), status=_blank(status),
                         overdue=due == "overdue", due_within=browse.DUE_SOON_DAYS if due == "soon" else None, offset=offset, limit=PAGE)
    return render(request, "ledger.html", data, visitor=v, title="Ledger", extra={"filters": FILTERS})


# --- writing (editors and admins) ------------------------------------------------------------------


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


@router.post("/commitments/{ref}/assessments")
def record_assessment(request: Request, v: Signed, ref: str, csrf: Annotated[str, Form(max_length=200)] = "",
                      status: Annotated[str, Form(max_length=40)] = "", evidence_date: Annotated[str, Form(max_length=40)] = "",
                      evidence_url: Annotated[str, Form(max_length=4000)] = "", quote_text: Annotated[str, Form(alias="quote", max_length=20000)] = "",
                      note: Annotated[str, Form(max_length=20000)] = "", superseded_by: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(v, csrf)
    account = require_role(v, "editor")
    form = {"status": status, "evidence_date": evidence_date, "evidence_url": evidence_url, "quote": quote_text, "note": note,
            "superseded_by": superseded_by}
    when = _date(evidence_date)
    if when is None:
        return _commitment(request, v, ref, error="The evidence date must be a date (YYYY-MM-DD).", form=form, status=400)
    try:
        entry = assessments.record_assessment(store_of(request), ref, status=status, evidence_date=when, evidence_url=evidence_url.strip(),
                                              quote=quote_text, note=_blank(note), by=account.name, superseded_by=_blank(superseded_by))
    except PledgewatchError as err:
        return _commitment(request, v, ref, error=err.message, form=form, status=400)
    if wants_json(request):
        return as_json(entry, 201)
    return _see_other(f"/commitments/{quote(ref, safe=':')}?saved={entry.entry_id[:12]}#ledger")


@router.post("/commitments/{ref}/corrections")
def record_correction(request: Request, v: Signed, ref: str, csrf: Annotated[str, Form(max_length=200)] = "",
                      label: Annotated[str, Form(max_length=20)] = "", kind: Annotated[str, Form(max_length=20)] = "",
                      actors: Annotated[str, Form(max_length=2000)] = "", domain: Annotated[str, Form(max_length=40)] = "",
                      mechanisms_text: Annotated[str, Form(alias="mechanisms", max_length=4000)] = "",
                      note: Annotated[str, Form(max_length=20000)] = "") -> Response:
    check_csrf(v, csrf)
    account = require_role(v, "editor")
    form = {"label": label, "kind": kind, "actors": actors, "domain": domain, "mechanisms": mechanisms_text, "note": note}
    split = lambda s: [x.strip() for x in s.replace(";", ",").split(",") if x.strip()]  # noqa: E731
    try:
        made = assessments.correct(store_of(request), ref, label=label, kind=_blank(kind), actors=split(actors) if actors.strip() else None,
                                   domain=_blank(domain), mechanisms=split(mechanisms_text) if mechanisms_text.strip() else None,
                                   note=_blank(note), by=account.name)
    except PledgewatchError as err:
        return _commitment(request, v, ref, error=err.message, form=form, status=400)
    if wants_json(request):
        return as_json(made, 201)
    return _see_other(f"/commitments/{quote(ref, safe=':')}?saved=correction#correct")


@router.post("/ledger/entries/{entry_id}/retract")
def retract(request: Request, v: Signed, entry_id: str, csrf: Annotated[str, Form(max_length=200)] = "",
            note: Annotated[str, Form(max_length=20000)] = "", back: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    check_csrf(v, csrf)
    account = require_role(v, "editor")
    try:
        entry = assessments.retract(store_of(request), entry_id, note=note, by=account.name)
    except PledgewatchError as err:
        return render_error(request, 400, err.message, v)
    if wants_json(request):
        return as_json(entry, 201)
    return _see_other(_safe_next(back))


@router.post("/meetings/merge")
def merge_meetings(request: Request, v: Signed, csrf: Annotated[str, Form(max_length=200)] = "",
                   a: Annotated[str, Form(max_length=200)] = "", b: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(v, csrf)
    require_role(v, "admin")
    try:
        edit_meetings(store_of(request), "merge", a, b)
    except PledgewatchError as err:
        return render_error(request, 400, err.message, v)
    return _see_other("/meetings?saved=merge")


@router.post("/meetings/split")
def split_meeting(request: Request, v: Signed, csrf: Annotated[str, Form(max_length=200)] = "",
                  doc: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(v, csrf)
    require_role(v, "admin")
    try:
        edit_meetings(store_of(request), "split", doc)
    except PledgewatchError as err:
        return render_error(request, 400, err.message, v)
    return _see_other("/meetings?saved=split")





# --- accounts and tokens (admins) ----------------------------------------------------------------


def _admin_page(request: Request, v: Visitor, *, error: str | None = None, secret: str | None = None, status: int = 200) -> Response:
    store = store_of(request)
    data = {"users": accounts.list_users(store), "tokens": accounts.list_tokens(store)}
    return render(request, "admin.html", data, visitor=v, title="Accounts and tokens", status=status,
                  extra={"error": error, "secret": secret, "roles": accounts.ROLES, "saved": request.query_params.get("saved")})


@router.get("/admin")
def admin_page(request: Request, v: Signed) -> Response:
    require_role(v, "admin")
    return _admin_page(request, v)


@router.post("/admin/users")
def add_user(request: Request, v: Signed, csrf: Annotated[str, Form(max_length=200)] = "", name: Annotated[str, Form(max_length=200)] = "",
             role: Annotated[str, Form(max_length=20)] = "", password: Annotated[str, Form(max_length=2000)] = "") -> Response:
    check_csrf(v, csrf)
    require_role(v, "admin")
    try:
        accounts.add_user(store_of(request), name.strip(), password, role)
    except PledgewatchError as err:
        return _admin_page(request, v, error=err.message, status=400)
    return _see_other("/admin?saved=user")


@router.post("/admin/users/{name}")
def change_user(request: Request, v: Signed, name: str, csrf: Annotated[str, Form(max_length=200)] = "",
                role: Annotated[str, Form(max_length=20)] = "", active: Annotated[str, Form(max_length=10)] = "") -> Response:
    check_csrf(v, csrf)
    require_role(v, "admin")
    store = store_of(request)
    try:
        if role:
            accounts.set_role(store, name, role)
        if active in ("yes", "no"):
            accounts.set_active(store, name, active == "yes")
    except PledgewatchError as err:
        return _admin_page(request, v, error=err.message, status=400)
    return _see_other("/admin?saved=user")


@router.post("/admin/tokens")
def add_token(request: Request, v: Signed, csrf: Annotated[str, Form(max_length=200)] = "", name: Annotated[str, Form(max_length=200)] = "",
              role: Annotated[str, Form(max_length=20)] = "") -> Response:
    check_csrf(v, csrf)
    account = require_role(v, "admin")
    try:
        info, secret = accounts.issue_token(store_of(request), name.strip(), role, created_by=account.name)
    except PledgewatchError as err:
        return _admin_page(request, v, error=err.message, status=400)
    if wants_json(request):
        return as_json({"token": info, "secret": secret}, 201)
    return _admin_page(request, v, secret=secret, status=201)  # shown once, on this page only (never cached: no-store)


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(request: Request, v: Signed, token_id: str, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    check_csrf(v, csrf)
    require_role(v, "admin")
    try:
        accounts.revoke_token(store_of(request), token_id)
    except PledgewatchError as err:
        return _admin_page(request, v, error=err.message, status=400)
    return _see_other("/admin?saved=token")
