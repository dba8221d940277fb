"""CLI: serve — the web app and HTTP API on the CLI's database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ..errors import PledgewatchError
from ..store import Store
from . import DbOption, app, fail
from .output import console


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="The address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="The port (0: any free one).")] = 8000,
    secure_cookies: Annotated[bool, typer.Option(help="Mark cookies Secure although the app sees HTTP (it runs behind a TLS proxy).")] = False,
    forwarded_allow_ips: Annotated[str, typer.Option(help="Proxies whose X-Forwarded-Proto/For headers are trusted.")] = "127.0.0.1",
) -> None:
    """Serve the web app and the HTTP API (/api/v1, OpenAPI schema at /api/v1/openapi.json) on the database."""
    import uvicorn

    from ..accounts import list_users
    from ..web import create_app

    try:
        store = Store(db)
        users = list_users(store)
    except PledgewatchError as err:
        raise fail(err) from None
    if not users:
        console.print(Text("No accounts yet: make one with `pledgewatch user add NAME --role admin"
                           + (f" --db {db}" if db else "") + "` to sign in.", style="yellow"))
    shown = f"[{host}]" if ":" in host else host
    console.print(Text(f"Serving {store.engine.url.render_as_string(hide_password=True)} at http://{shown}:{port}/ (Ctrl-C stops)", style="bold"))
    uvicorn.run(create_app(store=store, secure_cookies=secure_cookies), host=host, port=port, proxy_headers=True,
                forwarded_allow_ips=forwarded_allow_ips, log_level="warning", server_header=False)
