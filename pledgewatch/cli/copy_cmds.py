"""CLI: copy — a whole database into another (SQLite to PostgreSQL, or back)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from ..errors import PledgewatchError
from ..store import Store
from ..store.copying import copy_database
from . import app, fail
from .output import console


@app.command(name="copy")
def copy_cmd(
    source: Annotated[str, typer.Option("--from", help="The database to copy (a path or URL).")],
    destination: Annotated[str, typer.Option("--to", help="An empty database to copy into (created and migrated when opened).")],
) -> None:
    """Copy every table (documents, commitments, tracking, the ledger, corrections, accounts) into an empty database."""
    try:
        with Store(source) as src, Store(destination) as dst:
            if src.url == dst.url:
                raise typer.BadParameter("--from and --to are the same database", param_hint="--to")
            result = copy_database(src.engine, dst.engine,
                                   on_table=lambda name, n: console.print(Text(f"{name}: {n} rows", style="dim")))
            shown = dst.engine.url.render_as_string(hide_password=True)
    except PledgewatchError as err:
        raise fail(err) from None
    console.print(Text(f"Copied {sum(result.rows.values())} rows in {len(result.rows)} tables into {shown}", style="bold"))
