"""The web app and HTTP API: ``create_app(db)`` (FastAPI), served by ``pledgewatch serve``.

Pages (``pages``) and the API under ``/api/v1`` (``api``) only call the library and render
what it returns. ``security`` holds the protections; ``render`` the templates and charts.
Errors become a page or a JSON ``{"detail": …}`` saying what went wrong: never a stack
trace or SQL.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ..errors import AmbiguousDocument, DocumentNotFound, NotFoundInRegistry, PledgewatchError, UnknownEntry, UnknownReference
from ..store import Store
from .render import STATIC, render_error
from .security import JsonSuffix, LoginLimiter, NotSignedIn, SecurityHeaders, visitor, wants_json

log = logging.getLogger("pledgewatch.web")

NOT_FOUND = (DocumentNotFound, NotFoundInRegistry, UnknownReference, UnknownEntry)


def create_app(db: str | None = None, *, store: Store | None = None, secure_cookies: bool = False,
               login_rate: str = "5/minute") -> FastAPI:
    """The app on the database ``db`` (a path or URL; default as the CLI's ``--db``).
    ``secure_cookies`` marks cookies Secure even when the app sees plain HTTP (behind a TLS proxy)."""
    from . import api, pages

    app = FastAPI(title="pledgewatch", version=_version(), docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json",
                  description="Commitments of diplomatic joint statements, their threads and mechanisms, and the ledger of "
                              "their implementation. Authenticate with an API token: `Authorization: Bearer pw_…`.")
    app.state.store = store or Store(db)
    app.state.secure_cookies = secure_cookies
    app.state.login_limiter = LoginLimiter(login_rate)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.add_middleware(JsonSuffix)
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if wants_json(request) or request.method != "GET":
            return render_error(request, 401, "sign in first")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(PledgewatchError)
    async def _coded(request: Request, exc: PledgewatchError) -> Response:
        status = 404 if isinstance(exc, NOT_FOUND) else 409 if isinstance(exc, AmbiguousDocument) else 400
        return render_error(request, status, f"{exc.code}: {exc.message}", _who(request))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        response = render_error(request, exc.status_code, str(exc.detail), _who(request))
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        if exc.status_code == 405 and (allowed := _allowed_methods(request)):
            response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if request.url.path.startswith("/api/"):
            from fastapi.encoders import jsonable_encoder
            from fastapi.responses import JSONResponse
            return JSONResponse({"detail": jsonable_encoder([{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()])},
                                status_code=422)
        where = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors())
        return render_error(request, 422, f"the request is not valid ({where})", _who(request))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        # a bug: logged here with its trace, never shown (no stack trace or SQL in any page)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return render_error(request, 500, "something went wrong on the server; the error was logged")

    return app


def _allowed_methods(request: Request) -> list[str]:
    """The methods some route accepts at this path. The 405 comes from the first route whose path
    matched, naming only its own methods, so a path with a GET and a POST route
    (``/api/v1/corrections``) would say only one (RFC 9110: ``Allow`` lists what the resource
    supports). Each route is asked through ``matches``, which nested routers answer too."""
    from starlette.routing import Match

    return [method for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
            if any(route.matches({**request.scope, "method": method})[0] is Match.FULL for route in request.app.router.routes)]


def _who(request: Request):  # the error page shows the menu of whoever is signed in
    try:
        return visitor(request)
    except Exception:
        return None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pledgewatch")
    except PackageNotFoundError:
        return "0"
