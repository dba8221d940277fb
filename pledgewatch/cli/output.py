"""One data function, many renderers: table (Rich), JSON, JSONL and CSV.

Text from statements is untrusted: table cells are ``rich.text.Text``
objects (never parsed as markup), and control characters were removed at
ingest, so nothing a web page says can restyle or move the terminal.

No output loses words, whatever the width: a message or status line is one
line that runs on (the terminal wraps it; a pipe or a log gets it whole);
a table's columns are as wide as their longest word at least, its cells
wrap between words; and a table that cannot fit so is printed as records
("column: value" lines). Piped output has no width, whatever COLUMNS says:
a table row is one line, the same in every environment.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleDimensions
from rich.table import Table
from rich.text import Text

from ..store.search import HIT_END, HIT_START

UNBOUNDED = 1_000_000  # the width of a pipe: nothing is wrapped to fit it


class _Console(Console):
    """Rich's console: on a terminal as wide as the terminal (COLUMNS, else what the
    terminal says), anywhere else unbounded.

    The width is looked up at each print (Rich fixes COLUMNS when the console
    is made): the streams and the environment at import time need not be
    those of the command."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._width = None

    @property
    def size(self) -> ConsoleDimensions:
        isatty = getattr(self.file, "isatty", None)
        if isatty is not None and isatty():
            return super().size
        return ConsoleDimensions(UNBOUNDED, super().size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size


console = _Console(highlight=False, soft_wrap=True)
err_console = _Console(stderr=True, highlight=False, soft_wrap=True)


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
        cells = [[v if isinstance(v := row.get(c), Text) else Text(_cell(v)) for c in columns] for row in rows]
        widths = column_widths([[Text(c), *(r[i] for r in cells)] for i, c in enumerate(columns)],
                               [c in wide for c in columns], console.width)
        if widths is None:
            print_records(columns, cells, title)
            return
        table = Table(title=title, show_lines=False, expand=False)
        for c, w in zip(columns, widths):
            table.add_column(c, width=w, overflow="fold")
        for r in cells:
            table.add_row(*r)
        console.print(table)


TABLE_PADDING = 2  # Rich's default cell padding, one space each side


def _longest(text: Text, *, word: bool) -> int:
    lines = text.plain.splitlines() or [""]
    if word:
        return max((cell_len(w) for line in lines for w in line.split()), default=0)
    return max(cell_len(line) for line in lines)


def column_widths(columns: Sequence[Sequence[Text]], wide: Sequence[bool], width: int) -> list[int] | None:
    """Content widths for a table of these columns (each its header and cells) in ``width``
    characters, none narrower than its longest word; None when no such widths fit.

    Each column gets what it needs up to a common level (three times that for the
    ``wide`` ones), so short columns are never wrapped to make room for long text."""
    lows = [max(1, max(_longest(t, word=True) for t in col)) for col in columns]
    highs = [max(lo, max(_longest(t, word=False) for t in col)) for lo, col in zip(lows, columns)]
    budget = width - (len(columns) + 1) - TABLE_PADDING * len(columns)  # borders and padding
    if sum(lows) > budget:
        return None
    if sum(highs) <= budget:
        return highs
    weights = [3 if w else 1 for w in wide]

    def at(level: float) -> list[int]:
        return [min(hi, max(lo, int(level * wt))) for lo, hi, wt in zip(lows, highs, weights)]

    low, high = 0.0, float(max(highs))
    for _ in range(50):  # the highest level whose widths fit
        mid = (low + high) / 2
        low, high = (mid, high) if sum(at(mid)) <= budget else (low, mid)
    widths = at(low)
    spare = budget - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: -weights[i]):  # what rounding left over
        give = min(spare, highs[i] - widths[i])
        widths[i] += give
        spare -= give
    return widths


def print_records(columns: Sequence[str], cells: Sequence[Sequence[Text]], title: str | None) -> None:
    """Rows as blocks of "column: value" lines, for a console too narrow for their table."""
    if title:
        console.print(Text(title, style="bold"))
    for row in cells:
        console.print()
        for c, value in zip(columns, row):
            for line in word_wrap(Text().append(f"{c}: ", style="bold").append_text(value), console.width):
                console.print(line)


def word_wrap(text: Text, width: int) -> list[Text]:
    """``text`` in lines of at most ``width`` cells, broken between words only: a word
    wider than that is a line of its own and runs on, whole (Rich would fold or crop it)."""
    out: list[Text] = []
    for line in text.split(allow_blank=True):
        offsets, used = [], 0
        for m in re.finditer(r"\S+\s*", line.plain):
            if used and used + cell_len(m.group().rstrip()) > width:
                offsets.append(m.start())
                used = 0
            used += cell_len(m.group())
        for part in line.divide(offsets):
            part.rstrip()
            out.append(part)
    return out
