"""CLI: export — every table as flat files (JSON lines, CSV, Parquet) with a column reference.

One call into ``pledgewatch.exporting``; this module only parses and reports.
A folder or file that cannot be written is a coded error (PW701) and exit 1,
with no half-written file left behind.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from ..errors import PledgewatchError
from ..store import Store
from . import DbOption, app, fail, run_tracking
from .output import console, err_console


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@app.command("export")
def export_tables(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="The folder to write the tables to (made if missing).")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format of the tables.")] = ExportFormat.jsonl,
    columns: Annotated[bool, typer.Option("--columns", help="Print the column reference (Markdown) instead, and write nothing.")] = False,
    db: DbOption = None,
) -> None:
    """Write documents, units, commitments, threads, meetings, mechanisms, the ledger and the corrections as flat tables."""
    from .. import exporting

    if columns:
        sys.stdout.write(exporting.columns_markdown())
        return
    if output is None:
        raise typer.BadParameter("give the folder to write to", param_hint="--output / -o")
    done: list[exporting.ExportedTable] = []

    def on_table(t: exporting.ExportedTable) -> None:
        done.append(t)
        console.print(Text(f"{t.file:<32} {t.rows:>10,} rows"))

    with Store(db) as store:
        try:
            run_tracking(store)  # with its spinner and summary line; export() then finds it current
            result = exporting.export(store, output, fmt.value, on_table=on_table)
        except PledgewatchError as err:
            raise fail(err) from None
        except KeyboardInterrupt:
            err_console.print(Text(f"interrupted: {len(done)} of {len(exporting.TABLES)} tables written, no half file left, "
                                   f"{exporting.MANIFEST_FILE} not written; run the same command again to export", style="red"))
            raise typer.Exit(130) from None
    console.print(Text(f"Exported {len(result.tables)} tables ({fmt.value}) to {result.folder.resolve()}; "
                       f"columns in {exporting.COLUMNS_FILE}, row counts in {exporting.MANIFEST_FILE}", style="bold"))
