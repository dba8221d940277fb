"""Writing one table to one file, as JSON lines, CSV or Parquet, without ever leaving a half file.

Rows are written as they come (Parquet a row group at a time), to a hidden
temporary file in the target folder (``.units.csv.<random>.partial``); only a
finished, flushed and synced file is renamed to its name, so an interrupted or
failed export leaves either the previous complete file or the new one, never
a file cut short that looks complete. The temporary file is removed on any
failure, Ctrl-C included.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .columns import Table

FORMATS = ("jsonl", "csv", "parquet")
PARTIAL = ".partial"
ROW_GROUP_ROWS = 5000  # Parquet rows per row group: the rows held in memory at once
ROW_GROUP_CHARS = 16_000_000  # …or fewer, when their text is this long (documents)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _json_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date":
        return value.isoformat()
    if kind == "timestamp":
        return _utc(value).astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    return value


def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("list[string]", "json"):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if kind in ("date", "timestamp"):
        return _json_value(value, kind)
    return str(value)


def _partial_path(folder: Path, file_name: str) -> Path:
    # made here rather than by tempfile.mkstemp, whose files are private (0600): an exported
    # table gets the permissions the user's umask gives any new file
    while True:
        path = folder / f".{file_name}.{secrets.token_hex(6)}{PARTIAL}"
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return path
        except FileExistsError:
            continue


def stale_partials(folder: Path, file_names: Iterable[str]) -> list[Path]:
    """Temporary files an export killed outright (no chance to clean up) left in ``folder``."""
    return [p for name in file_names for p in folder.glob(f".{name}.*{PARTIAL}")]


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed to it when the block ends without an error,
    removed otherwise."""
    tmp = _partial_path(path.parent, path.name)
    try:
        yield tmp
        with open(tmp, "rb") as f:  # on disk before the name says it is complete
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_jsonl(f: IO[str], t: Table, rows: Iterable[dict[str, Any]]) -> int:
    kinds = [(c.name, c.type) for c in t.columns]
    n = 0
    for row in rows:
        f.write(json.dumps({name: _json_value(row[name], kind) for name, kind in kinds}, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_csv(f: IO[str], t: Table, rows: Iterable[dict[str, Any]]) -> int:
    kinds = [(c.name, c.type) for c in t.columns]
    writer = csv.writer(f, lineterminator="\r\n")  # RFC 4180; cells with commas, quotes or line breaks are quoted
    writer.writerow(t.names)
    n = 0
    for row in rows:
        writer.writerow([_csv_value(row[name], kind) for name, kind in kinds])
        n += 1
    return n


def arrow_schema(t: Table) -> Any:
    import pyarrow as pa

    types = {
        "string": pa.string(), "integer": pa.int64(), "float": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(),
        "timestamp": pa.timestamp("us", tz="UTC"), "list[string]": pa.list_(pa.string()), "json": pa.string(),
    }
    return pa.schema([pa.field(c.name, types[c.type]) for c in t.columns])


def _write_parquet(path: Path, t: Table, rows: Iterable[dict[str, Any]], row_group: int = ROW_GROUP_ROWS) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(t)
    jsons = [c.name for c in t.columns if c.type == "json"]
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        group: list[dict[str, Any]] = []
        chars = 0

        def flush() -> None:
            writer.write_batch(pa.RecordBatch.from_pylist(group, schema=schema))
            group.clear()

        for row in rows:
            record = {c: row[c] for c in t.names}
            for name in jsons:
                if record[name] is not None:
                    record[name] = json.dumps(record[name], ensure_ascii=False, sort_keys=True)
            group.append(record)
            chars += sum(len(v) for v in record.values() if isinstance(v, str))
            n += 1
            if len(group) >= row_group or chars >= ROW_GROUP_CHARS:
                flush()
                chars = 0
        if group or n == 0:  # an empty table is a file with its schema and no rows
            flush()
    return n


def _text_writer(write: Callable[[IO[str], Table, Iterable[dict[str, Any]]], int]) -> Callable[[Path, Table, Iterable[dict[str, Any]]], int]:
    def run(path: Path, t: Table, rows: Iterable[dict[str, Any]], row_group: int = 0) -> int:
        with open(path, "w", encoding="utf-8", newline="") as f:
            return write(f, t, rows)

    return run


WRITERS: dict[str, Callable[..., int]] = {"jsonl": _text_writer(_write_jsonl), "csv": _text_writer(_write_csv), "parquet": _write_parquet}


def file_name(t: Table, fmt: str) -> str:
    return f"{t.name}.{fmt}"


def write_table(t: Table, rows: Iterable[dict[str, Any]], folder: Path, fmt: str, *, row_group: int = ROW_GROUP_ROWS) -> int:
    """Write ``rows`` (dicts with at least ``t``'s columns) to ``folder/<table>.<fmt>``, atomically;
    the number of rows. ``row_group``: Parquet rows per row group (at most that many are held).
    ``OSError`` when the folder cannot be written (nothing is left behind)."""
    if fmt not in WRITERS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    with atomic_file(folder / file_name(t, fmt)) as tmp:
        return WRITERS[fmt](tmp, t, rows, row_group)
