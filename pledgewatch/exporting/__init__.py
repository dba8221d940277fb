"""Export: the database as flat tables, one file per table, for pandas, R or a BI tool.

``export(store, folder, fmt)`` brings tracking up to date, then writes every
table of ``columns.TABLES`` (documents, sources, units, commitments with their
actors, mechanisms, amounts and timeframes, meetings, threads and their
members, the mechanisms registry and its events, the ledger's entries and
anchors, the corrections) as JSON lines, CSV or Parquet, then the column
reference (``columns.md``) and, last, ``manifest.json``: an export is
complete when the manifest is there. Tables are streamed from the store and
each file is written under a temporary name and renamed when complete
(``writers``). The library call the CLI and the web app share.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import CannotWriteExport, ExportError, UnknownExportFormat  # noqa: F401  (raised here; importable from here)
from ..ledger import deadline_of, locate, retracted_ids
from ..store import Store
from ..store import export as rows
from ..track import Tracking
from ..tracker import ensure_tracking
from .columns import TABLE_NAMES, TABLES, Column, Table, columns_markdown, table
from .writers import FORMATS, atomic_file, file_name, stale_partials, write_table

COLUMNS_FILE = "columns.md"
MANIFEST_FILE = "manifest.json"
BATCH = 1000  # rows read from the database at a time


@dataclass(frozen=True)
class ExportedTable:
    table: str
    file: str
    rows: int


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    format: str
    tables: tuple[ExportedTable, ...]
    tracked: Tracking | None  # the tracking computed first, None when it was current


# --- rows of each table, from the store's streams ------------------------------------------


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _commitments(conn: Any, batch: int) -> Iterator[dict[str, Any]]:
    for r in rows.commitment_rows(conn, batch):
        values = r.pop("values")
        texts = {k: [v.text for v in values if v.kind == k] for k in ("mechanism", "amount", "timeframe")}
        deadline = deadline_of(v for v in values if v.kind == "timeframe")
        yield {**r, "mechanisms": texts["mechanism"], "amounts": texts["amount"], "timeframes": texts["timeframe"],
               "deadline": deadline.date if deadline else None, "deadline_text": deadline.text if deadline else None,
               "deadline_note": deadline.reason if deadline else None, "corrected": r["extractor"].startswith("person-")}


def _mechanism_mentions(conn: Any, batch: int) -> Iterator[dict[str, Any]]:
    for r in rows.value_rows(conn, "mechanism", batch):
        n = r["normalised"]
        yield {**r, "name": n.get("name"), "acronym": n.get("acronym"), "long_name": n.get("long_name")}


def _amounts(conn: Any, batch: int) -> Iterator[dict[str, Any]]:
    for r in rows.value_rows(conn, "amount", batch):
        n = r["normalised"]
        yield {**r, "amount_type": n.get("type"), "value": _number(n.get("value")), "value_max": _number(n.get("value_max")),
               "currency": n.get("currency"), "unit": n.get("unit")}


def _timeframes(conn: Any, batch: int) -> Iterator[dict[str, Any]]:
    for r in rows.value_rows(conn, "timeframe", batch):
        n = r["normalised"]
        kind = n.get("type")
        yield {**r, "timeframe_type": kind, "period_start": _date(n.get("start") or (n.get("value") if kind == "date" else None)),
               "period_end": _date(n.get("end")), "precision": n.get("precision"), "duration": n.get("duration"),
               "reason": n.get("reason")}


def _ledger_entries(conn: Any, batch: int) -> Iterator[dict[str, Any]]:
    gone = retracted_ids(rows.retraction_entries(conn))
    for part in rows.ledger_entry_partitions(conn, batch):
        by_unit = rows.threads_of_units(conn, (a for e in part for a in e.anchors))
        # ``locate`` only asks whether the thread an entry was recorded on still exists
        known = dict.fromkeys(rows.existing_threads(conn, (e.ref for e in part if e.target == "thread")))
        for e in part:
            where = locate(e.ref, e.anchors, known, by_unit)  # type: ignore[arg-type]
            yield {
                "entry_id": e.entry_id, "action": e.action, "target": e.target, "ref": e.ref, "status": e.status,
                "evidence_date": e.evidence_date, "evidence_url": e.evidence_url, "quote": e.quote, "note": e.note,
                "superseded_by": e.superseded_by, "retracts": e.retracts, "recorded_by": e.recorded_by,
                "recorded_at": e.recorded_at, "retracted": e.entry_id in gone, "thread_id": where.thread_id,
                "located": where.how, "anchor_refs": [a.ref for a in e.anchors],
            }


def _ledger_anchors(conn: Any, batch: int) -> Iterator[dict[str, Any]]:
    for part in rows.ledger_entry_partitions(conn, batch):
        for e in part:
            for i, a in enumerate(e.anchors):
                yield {"entry_id": e.entry_id, "position": i, "unit_ref": a.ref, "doc_id": a.doc_id, "start": a.start,
                       "end": a.end, "text": a.text}


ROWS: dict[str, Callable[[Any, int], Iterator[dict[str, Any]]]] = {
    "documents": rows.document_rows,
    "sources": rows.source_rows,
    "units": rows.unit_rows,
    "commitments": _commitments,
    "commitment_actors": rows.commitment_actor_rows,
    "commitment_mechanisms": _mechanism_mentions,
    "commitment_amounts": _amounts,
    "commitment_timeframes": _timeframes,
    "meetings": rows.meeting_rows,
    "threads": rows.thread_rows,
    "thread_members": rows.thread_member_rows,
    "mechanisms": rows.mechanism_rows,
    "mechanism_events": rows.mechanism_event_rows,
    "ledger_entries": _ledger_entries,
    "ledger_anchors": _ledger_anchors,
    "corrections": rows.correction_rows,
}
assert tuple(ROWS) == TABLE_NAMES, "every table of columns.TABLES has its rows here, in the same order"


# --- the job ------------------------------------------------------------------------------------


def _cannot(what: str, err: OSError, folder: Path) -> CannotWriteExport:
    return CannotWriteExport(f"cannot write {what} ({err.strerror or err})", path=str(folder))


def export(store: Store, folder: Path | str, fmt: str = "jsonl", *, batch: int = BATCH,
           on_table: Callable[[ExportedTable], None] | None = None,
           progress: Callable[[], AbstractContextManager[Any]] = nullcontext) -> ExportResult:
    """Write every table to ``folder`` in ``fmt`` (jsonl, csv or parquet); see the module's doc.

    Tracking is brought up to date first (``progress`` is entered around it when it runs).
    Files of the same names are replaced; an earlier ``manifest.json`` is removed first
    and the new one written last. ``CannotWriteExport`` (PW701) when the folder or a file
    cannot be written: no file is left half-written.
    """
    if fmt not in FORMATS:
        raise UnknownExportFormat(f"unknown export format {fmt!r}")
    tracked = ensure_tracking(store, progress=progress)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in stale_partials(folder, [file_name(t, fmt) for t in TABLES] + [COLUMNS_FILE, MANIFEST_FILE]):
            leftover.unlink()
        (folder / MANIFEST_FILE).unlink(missing_ok=True)
    except OSError as err:
        raise _cannot("the export folder", err, folder) from None
    written: list[ExportedTable] = []
    with store.connect() as conn:
        for t in TABLES:
            name = file_name(t, fmt)
            try:
                n = write_table(t, ROWS[t.name](conn, batch), folder, fmt)
            except OSError as err:
                raise _cannot(name, err, folder) from None
            written.append(ExportedTable(t.name, name, n))
            if on_table is not None:
                on_table(written[-1])
    manifest = {
        "pledgewatch": __version__, "format": fmt,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "columns": COLUMNS_FILE, "tables": [{"table": w.table, "file": w.file, "rows": w.rows} for w in written],
    }
    for name, content in ((COLUMNS_FILE, columns_markdown()), (MANIFEST_FILE, json.dumps(manifest, indent=2) + "\n")):
        try:
            with atomic_file(folder / name) as tmp:
                tmp.write_text(content, encoding="utf-8")
        except OSError as err:
            raise _cannot(name, err, folder) from None
    return ExportResult(folder, fmt, tuple(written), tracked)


__all__ = [
    "COLUMNS_FILE", "FORMATS", "MANIFEST_FILE", "TABLES", "CannotWriteExport", "Column", "ExportError", "ExportResult",
    "ExportedTable", "Table", "UnknownExportFormat", "columns_markdown", "export", "table", "write_table",
]
