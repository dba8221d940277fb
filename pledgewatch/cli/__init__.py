"""The command line: each command parses, calls the library, renders.

Exit status: 0 success; 1 when some input failed (the rest was kept) or a
lookup (``show``, ``thread``, ``mechanism``, ``diff``) found nothing; 2 for a
usage error; 130 when an ingest was stopped with Ctrl-C (it says what was
stored). A search without hits is not a failed lookup: it exits 0.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from .. import __version__
from ..errors import PledgewatchError
from ..ingest import DEFAULT_MAX_SIZE
from ..pipeline import FileOutcome, IngestReport, ingest_paths
from ..store import Store
from ..store.commitments import CommitmentFilter, commitment_counts, list_commitments
from .output import Format, console, emit, err_console, highlighted, plain_snippet, to_json

if TYPE_CHECKING:  # the tracking library is imported inside the commands that use it
    from ..tracker import TrackingSummary

app = typer.Typer(
    name="pledgewatch",
    help="Turn diplomatic joint statements into a tracked ledger of commitments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="PLEDGEWATCH_DB", help="SQLite file, or a postgresql://user:password@host/name URL [default: ./pledgewatch.db]", show_envvar=True),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
PROGRESS_FROM = 20  # files: smaller batches print one line per file instead of a bar


def sample_corpus() -> Path:
    """The folder of the five bundled statements (shipped inside the package)."""
    return Path(str(resources.files("pledgewatch") / "data" / "corpus"))


def sample_files() -> list[str]:
    """The bundled statements themselves (the folder also holds their README)."""
    return sorted(str(p) for p in sample_corpus().glob("*.txt"))


def fail(err: PledgewatchError, code: int = 1) -> typer.Exit:
    err_console.print(Text(str(err), style="red"))
    return typer.Exit(code)


def _status_line(o: FileOutcome) -> Text:
    styles = {"added": "green", "present": "dim", "duplicate": "cyan", "near_duplicate": "cyan", "failed": "red"}
    line = Text(f"{o.status:>14}  ", style=styles.get(o.status))
    if o.status == "failed":
        line.append(o.error or "")
        return line
    line.append(o.path)
    if o.status == "present":
        line.append(f"  already stored as {o.doc_id}; nothing to do", style="dim")
    elif o.status in ("duplicate", "near_duplicate"):
        line.append(f"  same statement as {o.doc_id} (similarity {o.similarity:.2f}); stored as a second source", style="cyan")
    else:
        line.append(f"  → {o.doc_id}, {o.units} units", style="dim")
    for w in o.warnings:
        line.append(f"\n{'':>16}warning: {w}", style="yellow")
    return line


INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C (128 + SIGINT)


def run_ingest(store: Store, paths: list[str], *, encoding: str | None, max_size: int, quiet: bool = False,
               workers: int | None = None, scheduler: str | None = None) -> IngestReport:
    """Ingest with a progress bar on long runs; failures are always printed.
    Ctrl-C stops it with exit status 130, saying what was stored."""
    progress: Progress | None = None
    task = None
    before = store.row_counts()

    def on_start(total: int) -> None:
        nonlocal progress, task
        if total >= PROGRESS_FROM:
            progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err_console, transient=True)
            progress.start()
            task = progress.add_task("ingest", total=total)

    def on_file(o: FileOutcome) -> None:
        if progress is not None:
            progress.advance(task)
            if not o.ok:
                progress.console.print(_status_line(o))
        elif not o.ok:
            err_console.print(_status_line(o))
        elif not quiet:
            console.print(_status_line(o))

    try:
        try:
            if workers or scheduler:
                from ..batch import ingest_paths_on_cluster

                report = ingest_paths_on_cluster(store, paths, workers=workers, scheduler=scheduler, encoding=encoding,
                                                 max_size=max_size, on_file=on_file, on_start=on_start)
            else:
                report = ingest_paths(store, paths, encoding=encoding, max_size=max_size, on_file=on_file, on_start=on_start)
        finally:
            if progress is not None:
                progress.stop()
    except KeyboardInterrupt:
        raise _interrupted(store, before) from None
    return report


def _interrupted(store: Store, before: dict[str, int]) -> typer.Exit:
    """Say what an interrupted ingest stored. Counted in the store, not from the files
    reported: a document committed just before Ctrl-C is stored but was never reported."""
    after = store.row_counts()
    added = after["documents"] - before["documents"]
    second = after["sources"] - before["sources"] - added
    also = f", and {second} second source(s) of stored documents" if second else ""
    _stopped(f"Interrupted: {added} new document(s) stored in this run{also}, each complete with its units and "
             "commitments; the file being read when it stopped was not stored.",
             "Run the same command again to continue where it stopped: what is stored is skipped.")
    return typer.Exit(INTERRUPTED)


def _stopped(what: str, todo: str) -> None:
    if err_console.is_terminal:
        err_console.print()  # past the "^C" the terminal echoed
    err_console.print(Text(what, style="bold yellow"))
    err_console.print(Text(todo))


def run_tracking(store: Store) -> bool:
    """Bring tracking up to date (``tracker.ensure_tracking`` decides whether it must be
    recomputed), with a status spinner while it is; prints what it found. True when it ran."""
    from ..tracker import ensure_tracking

    result = ensure_tracking(store, progress=lambda: err_console.status(
        "tracking: grouping meetings, linking threads, building the mechanisms registry …"))
    if result is None:
        return False
    err_console.print(Text(f"tracked: {len(result.meetings)} meetings, {len(result.threads)} threads, "
                           f"{len(result.mechanisms)} mechanisms", style="bold"))
    return True


def ingest_and_track(store: Store, paths: list[str], *, encoding: str | None, max_size: int, quiet: bool = False,
                     workers: int | None = None, scheduler: str | None = None) -> IngestReport:
    """Ingest (``pipeline``, or ``batch`` on a Dask cluster), then bring tracking up to date (``tracker``)."""
    try:
        report = run_ingest(store, paths, encoding=encoding, max_size=max_size, quiet=quiet, workers=workers, scheduler=scheduler)
    except PledgewatchError as err:  # the cluster cannot be reached or was lost: what was stored stays
        raise fail(err) from None
    err_console.print(_summary(report))
    try:
        run_tracking(store)
    except PledgewatchError as err:
        raise fail(err) from None
    except KeyboardInterrupt:  # tracking is saved in one transaction: the old one stays, and is known to be out of date
        _stopped(f"Interrupted while tracking: the {report.count('added')} new document(s) of this run are stored, each "
                 "complete; tracking was left as it was before.",
                 "Run the same command again to bring tracking up to date (the files are all stored now).")
        raise typer.Exit(INTERRUPTED) from None
    return report


def _summary(report: IngestReport) -> Text:
    parts = [f"{report.count('added')} added", f"{report.count('present')} already present"]
    dups = report.count("duplicate") + report.count("near_duplicate")
    if dups:
        parts.append(f"{dups} duplicate(s) of stored statements")
    parts.append(f"{len(report.failed)} failed")
    return Text(", ".join(parts), style="bold red" if report.failed else "bold")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) and globs.")],
    db: DbOption = None,
    encoding: Annotated[Optional[str], typer.Option(help="Decode every file with this encoding instead of detecting it.")] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="Largest file accepted, in bytes.")] = DEFAULT_MAX_SIZE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only failures and the summary.")] = False,
    workers: Annotated[Optional[int], typer.Option(min=1, max=512, help="Parse and extract on a local Dask cluster of this many worker processes.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="Parse and extract on an existing Dask cluster (tcp://host:port).")] = None,
) -> None:
    """Ingest statements (text, Markdown, HTML, PDF); each is stored once. Tracking is then brought up to date."""
    if workers and scheduler:
        raise typer.BadParameter("give --workers (a local cluster) or --scheduler (an existing one), not both", param_hint="--workers")
    with Store(db) as store:
        report = ingest_and_track(store, paths, encoding=encoding, max_size=max_size, quiet=quiet, workers=workers, scheduler=scheduler)
    raise typer.Exit(report.exit_code)


def _doc_rows(store: Store) -> list[dict]:
    counts = commitment_counts(store.engine)
    return [
        {"id": d.id, "name": d.name, "title": d.title, "date": d.date, "type": d.doc_type,
         "parties": list(d.parties), "units": d.units, "commitments": counts.get(d.id, 0), "sources": d.sources,
         "source_url": d.source_url}
        for d in store.documents()
    ]


@app.command()
def docs(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List stored documents."""
    with Store(db) as store:
        rows = _doc_rows(store)
    if not rows and fmt == Format.table:
        console.print("No documents yet. Add some with `pledgewatch ingest PATH`.")
        return
    emit(rows, fmt.value, ["id", "date", "type", "parties", "units", "commitments", "sources", "title"], title="Documents", wide=("title",))


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id (or a prefix), file name or title.")],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show a document's metadata (with provenance) and its units with offsets."""
    with Store(db) as store:
        try:
            d = store.document(doc)
        except PledgewatchError as err:
            raise fail(err) from None
        units = store.units(d.id)
        srcs = store.sources_of(d.id)
        marked = {c.unit_idx: c for c in list_commitments(store.engine, CommitmentFilter(doc_id=d.id))}
    meta = {
        "id": d.id, "title": d.title, "date": d.date, "type": d.doc_type, "parties": list(d.parties),
        "source_url": d.source_url, "tags": list(d.tags), "warnings": list(d.warnings),
        "provenance": {k: {"source": v.source, "confidence": v.confidence, "evidence": v.evidence} for k, v in d.provenance.items()},
        "sources": [{"name": s["name"], "path": s["path"], "format": s["format"], "encoding": s["encoding"], "similarity": s["similarity"]} for s in srcs],
    }
    unit_rows = [
        {"index": u.index, "start": u.start, "end": u.end, "kind": u.kind, "section": u.section, "lead_in": u.lead_in,
         "commitment": u.index in marked, "commitment_kind": marked[u.index].kind if u.index in marked else None,
         "actors": marked[u.index].actors if u.index in marked else [], "domain": marked[u.index].domain if u.index in marked else None,
         "text": u.text}
        for u in units
    ]
    if fmt == Format.json:
        console.file.write(to_json({**meta, "units": unit_rows}) + "\n")
        return
    if fmt == Format.csv:
        emit(unit_rows, "csv", ["index", "start", "end", "kind", "section", "lead_in", "commitment", "commitment_kind", "actors", "domain", "text"])
        return
    for key in ("id", "title", "date", "type", "parties", "source_url"):
        value = meta[key]
        prov = d.provenance.get({"type": "doc_type"}.get(key, key))
        line = Text(f"{key:>11}: ", style="bold")
        line.append(", ".join(value) if isinstance(value, list) else str(value if value is not None else "—"))
        if prov:
            line.append(f"   ({prov.source}, {prov.confidence:.2f}: {prov.evidence})", style="dim")
        console.print(line)
    for s in meta["sources"]:
        extra = f", near-duplicate {s['similarity']:.2f}" if s["similarity"] else ""
        console.print(Text(f"{'source':>11}: {s['path']} ({s['format']}, {s['encoding']}{extra})"))
    for w in d.warnings:
        console.print(Text(f"{'warning':>11}: {w}", style="yellow"))
    for row in unit_rows:
        row["C"] = Text("●", style="bold green") if row["commitment"] else Text("")
        row["how"] = f"{row['commitment_kind']} {'+'.join(row['actors'])} {row['domain']}" if row["commitment"] else ""
    emit(unit_rows, "table", ["index", "start", "end", "C", "how", "text"],
         title=f"{len(units)} units, {len(marked)} commitments (●)", wide=("text",))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words that must all occur; "quoted phrases" stay together.')],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Most hits to show.")] = 20,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search over units, best matches first, with highlighted snippets."""
    with Store(db) as store:
        try:
            hits = store.search(query, limit)
        except PledgewatchError as err:
            raise fail(err) from None
        names = {d.id: d.name for d in store.documents()}
    rows = [
        {"doc": names.get(h.doc_id, h.doc_id), "doc_id": h.doc_id, "unit": h.idx, "start": h.start, "end": h.end,
         "score": round(h.score, 3), "text": h.text, "snippet": highlighted(h.snippet) if fmt == Format.table else plain_snippet(h.snippet)}
        for h in hits
    ]
    if not rows and fmt == Format.table:  # a search, not a lookup: no hits is an answer (exit 0)
        console.print(Text(f"No matches for {query!r}."))
        return
    emit(rows, fmt.value, ["doc", "unit", "start", "end", "score", "snippet"] if fmt == Format.table else
         ["doc", "doc_id", "unit", "start", "end", "score", "snippet", "text"], title=f"Search: {query}", wide=("snippet",))


def _tracking_line(summary: TrackingSummary) -> Text:
    statuses = ", ".join(f"{n} {s}" for s, n in summary.threads_by_status.items())
    return Text(f"{summary.meetings} meetings; {summary.threads} threads ({statuses}; {summary.linked_threads} span "
                f"more than one meeting); {summary.mechanisms} mechanisms in the registry")


@app.command()
def demo(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the HTML report.")] = Path("pledgewatch-report.html"),
) -> None:
    """The main job on the bundled sample corpus: ingest and extract, track, record a few example
    assessments (once), write the report, summarise."""
    from ..examples import record_examples
    from ..report import write_report
    from ..report.standing import DUE_SOON_DAYS, ledger_counts
    from ..reporting import report_data
    from ..tracker import tracking_summary

    with Store(db) as store:
        console.print(Text(f"Ingesting the sample corpus ({sample_corpus()}) into {store.url} …", style="bold"))
        report = ingest_and_track(store, sample_files(), encoding=None, max_size=DEFAULT_MAX_SIZE)
        emit(_doc_rows(store), "table", ["id", "date", "type", "parties", "units", "commitments", "title"], title="Documents", wide=("title",))
        try:
            examples = record_examples(store)
            data = report_data(store)
        except PledgewatchError as err:
            raise fail(err) from None
        console.print(_tracking_line(tracking_summary(data)))
        counts = ledger_counts(data.ledger, data.generated)
        how = "recorded now" if examples.recorded else "already recorded"
        console.print(Text(f"ledger: {examples.total} example assessments ({how}; marked as examples in their note); "
                           f"{counts.assessed} of {counts.undertakings} undertakings assessed; {counts.overdue} overdue, "
                           f"{counts.due_soon} due within {DUE_SOON_DAYS} days"))
        path = write_report(data, output, "html")
    console.print(Text(f"Report written to {path.resolve()}", style="bold"))
    where = f" --db {db}" if db else ""
    console.print(Text(f"To open it in a browser: pledgewatch user add NAME --role admin{where}   then   "
                       f"pledgewatch serve{where}   and go to http://127.0.0.1:8000/"))
    raise typer.Exit(report.exit_code)


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


def main() -> None:
    # Errors a command did not report itself (a database that cannot be opened, …):
    # one line with the code and what to do, never a traceback.
    try:
        app()
    except PledgewatchError as err:
        raise SystemExit(fail(err).exit_code) from None


# Commands of the later stages register themselves on ``app``.
from . import account_cmds, copy_cmds, export_cmds, extract_cmds, ledger_cmds, track_cmds, web_cmds  # noqa: E402,F401
