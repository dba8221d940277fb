"""The protections of a site holding a team's work: response headers (a Content-Security-Policy
that forbids inline scripts), sessions and API tokens, roles, CSRF tokens and the login rate
limit. Who may do what is ``accounts.role_allows``; this module only asks it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import accounts
from ..accounts import Account
from ..store import Store

SESSION_COOKIE = "pw_session"
LOGIN_CSRF_COOKIE = "pw_login_csrf"  # the login form's token, before there is a session to hold one

# Only the app's own files run: no inline script, no eval, no plugin, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """ASGI middleware: the headers above on every response; pages and API answers are
    never cached (they hold a team's work and change with every entry); the stylesheet
    and script may be."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers += HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, add_headers)


class JsonSuffix:
    """ASGI middleware: ``/path.json`` is ``/path`` asked for as JSON (every page has a JSON twin)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(".json") and not scope["path"].startswith(("/api/", "/openapi")):
            scope = dict(scope)
            scope["path"] = scope["path"][: -len(".json")] or "/"
            scope["raw_path"] = scope["path"].encode()
            scope["pw_json"] = True
        await self.app(scope, receive, send)


def wants_json(request: Request) -> bool:
    if request.scope.get("pw_json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def store_of(request: Request) -> Store:
    return request.app.state.store


def _a(role: str) -> str:
    """A role in a sentence: "an editor", "a viewer"."""
    return f"{'an' if role[:1] in 'aeiou' else 'a'} {role}"


# --- sessions (pages) --------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """Who is asking: the signed-in account (None for nobody) and the session's CSRF token."""

    account: Account | None
    csrf: str


class NotSignedIn(Exception):
    """Raised by page dependencies: the app answers with the login page (or 401 as JSON)."""


def visitor(request: Request) -> Visitor:
    secret = request.cookies.get(SESSION_COOKIE)
    found = accounts.session_of(store_of(request), secret) if secret else None
    if found is None:
        return Visitor(None, "")
    return Visitor(found.account, found.csrf)


def signed_in(request: Request) -> Visitor:
    v = visitor(request)
    if v.account is None:
        raise NotSignedIn()
    return v


def require_role(v: Visitor, role: str) -> Account:
    if v.account is None:
        raise NotSignedIn()
    if not accounts.role_allows(v.account.role, role):
        raise HTTPException(status_code=403, detail=f"this needs the {role} role; you are signed in as {_a(v.account.role)}")
    return v.account


def check_csrf(v: Visitor, sent: str | None) -> None:
    """Every form carries the session's token; a state change without it is refused."""
    if not v.csrf or not sent or not secrets.compare_digest(v.csrf, sent):
        raise HTTPException(status_code=403, detail="the form's security token is missing or stale: reload the page and send it again")


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def check_login_csrf(request: Request, sent: str | None) -> None:
    kept = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not kept or not sent or not secrets.compare_digest(kept, sent):
        raise HTTPException(status_code=403, detail="the form's security token is missing or stale: reload the page and send it again")


def secure_cookies(request: Request) -> bool:
    """Cookies are Secure when the page was served over HTTPS (uvicorn --proxy-headers behind a proxy)."""
    return request.url.scheme == "https" or bool(request.app.state.secure_cookies)


# --- login rate limit ----------------------------------------------------------------------


class LoginLimiter:
    """At most ``rate`` failed sign-ins per account name and per client address in a moving
    window (the ``limits`` library); a success does not count."""

    def __init__(self, rate: str = "5/minute"):
        self.item = parse(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def _keys(self, name: str, client: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("login-name", name.strip().lower()[:64]), ("login-client", client)

    def blocked(self, name: str, client: str) -> bool:
        return any(not self.limiter.test(self.item, *key) for key in self._keys(name, client))

    def failed(self, name: str, client: str) -> None:
        for key in self._keys(name, client):
            self.limiter.hit(self.item, *key)


# --- API tokens -------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="An API token from `pledgewatch token add NAME --role ROLE`.")


def token_account(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Account:
    found = accounts.token_account(store_of(request), creds.credentials) if creds else None
    if found is None:
        raise HTTPException(status_code=401, detail="a valid API token is needed (Authorization: Bearer …)",
                            headers={"WWW-Authenticate": "Bearer"})
    return found


def api_reader(account: Account = Depends(token_account)) -> Account:
    return account


def api_editor(account: Account = Depends(token_account)) -> Account:
    if not accounts.role_allows(account.role, "editor"):
        raise HTTPException(status_code=403, detail=f"this needs an editor token; this one is {_a(account.role)}'s")
    return account


def api_admin(account: Account = Depends(token_account)) -> Account:
    if not accounts.role_allows(account.role, "admin"):
        raise HTTPException(status_code=403, detail=f"this needs an admin token; this one is {_a(account.role)}'s")
    return account
