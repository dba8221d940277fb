"""One data function, many renderers: table (Rich), JSON, JSONL and CSV.

Text from statements is untrusted: table cells are ``rich.text.Text``
objects (never parsed as markup), and control characters were removed at
ingest, so nothing a web page says can restyle or move the terminal.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..store.search import HIT_END, HIT_START

# Piped output is read by people in pagers and logs, not 80-column terminals.
console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 160)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class LineFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (tuple, set)):
        return list(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # e.g. a WordDiff: {"ops": [[op, words], …]}
        return dataclasses.asdict(value)
    return value


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        return json.dumps(value, ensure_ascii=False, default=_jsonable)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def highlighted(snippet: str) -> Text:
    """A search snippet as Rich text: the (escaped) words between markers in bold."""
    out = Text()
    bold = False
    buf = ""
    for ch in snippet:
        if ch in (HIT_START, HIT_END):
            out.append(buf, style="bold yellow" if bold else None)
            buf = ""
            bold = ch == HIT_START
        else:
            buf += ch
    out.append(buf, style="bold yellow" if bold else None)
    return out


def plain_snippet(snippet: str, start: str = "[", end: str = "]") -> str:
    return snippet.replace(HIT_START, start).replace(HIT_END, end)


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], *, title: str | None = None,
         wide: Sequence[str] = ()) -> None:
    """Print ``rows`` as a table, JSON array, JSON lines or CSV."""
    if fmt == "json":
        sys.stdout.write(to_json(list(rows)) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_jsonable) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
    else:
        table = Table(title=title, show_lines=False, expand=False)
        for c in columns:
            table.add_column(c, overflow="fold", ratio=3 if c in wide else None, no_wrap=c not in wide and c in ("id", "date"))
        for row in rows:
            table.add_row(*[v if isinstance(v := row.get(c), Text) else Text(_cell(v)) for c in columns])
        console.print(table)
