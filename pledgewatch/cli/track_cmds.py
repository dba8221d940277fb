"""CLI: meetings, threads, thread, mechanisms, mechanism, diff, report, track.

The tracking library is imported inside the commands: the rest of the CLI
does not pay for plotly and scikit-learn at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from ..errors import NotFoundInRegistry, PledgewatchError
from ..model import CHANGES, DOMAINS, Thread, WordDiff
from ..store import Store
from . import DbOption, FormatOption, app, fail, run_tracking
from .output import Format, LineFormat, console, emit, to_json

meetings_app = typer.Typer(help="Meetings: documents issued for the same meeting, grouped (correctable).", no_args_is_help=False)
app.add_typer(meetings_app, name="meetings")

CHANGE_STYLE = {"new": "bold blue", "reiterated": "dim", "strengthened": "bold green", "weakened": "bold yellow", "dropped": "bold red"}


def _names(store: Store) -> dict[str, str]:
    return {d.id: d.name for d in store.documents()}


def diff_text(diff: WordDiff | None) -> Text:
    """A word diff for the terminal: insertions green, deletions red and struck through;
    without colours (piped, NO_COLOR) marked ``[-deleted-]`` and ``{+inserted+}`` as git's word diff."""
    out = Text()
    if diff is None:
        return out
    plain = console.no_color or console.color_system is None
    for op, words in diff.ops:
        style = {"insert": "bold green", "delete": "red strike"}.get(op)
        if plain and op != "equal":
            words = f"[-{words}-]" if op == "delete" else f"{{+{words}+}}"
        out.append(words + " ", style=style)
    return out


@contextmanager
def tracked_store(db: Optional[str]) -> Iterator[Store]:
    """The store, with tracking brought up to date first (``tracker.ensure_tracking``:
    nothing to do when it is current), for the commands that read it. After
    ``ingest_paths`` from Python, or an older pledgewatch, tracking may be stale."""
    with Store(db) as store:
        try:
            run_tracking(store)
        except PledgewatchError as err:
            raise fail(err) from None
        yield store


@app.command(name="track")
def track_cmd(db: DbOption = None) -> None:
    """Recompute meetings, threads and the mechanisms registry (ingest does this itself)."""
    from ..tracker import update_tracking

    with Store(db) as store:
        result = update_tracking(store)
    console.print(Text(f"{len(result.meetings)} meetings, {len(result.threads)} threads, {len(result.mechanisms)} mechanisms"))


@meetings_app.callback(invoke_without_command=True)
def meetings(ctx: typer.Context, db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List meetings (merge or split them with the subcommands)."""
    if ctx.invoked_subcommand is not None:
        return
    from ..store.tracking import load_meetings

    with tracked_store(db) as store:
        names = _names(store)
        rows = [
            {"id": m.id, "date": m.date, "parties": list(m.parties), "documents": [names.get(d, d) for d in m.doc_ids],
             "doc_ids": list(m.doc_ids), "label": m.label, "order": m.order_why}
            for m in load_meetings(store.engine)
        ]
    if not rows and fmt == Format.table:
        console.print("No meetings yet: ingest some statements first.")
        return
    emit(rows, fmt.value, ["id", "date", "parties", "documents", "order"], title="Meetings", wide=("documents", "order"))


def _edit(db: Optional[str], action: str, a: str, b: Optional[str]) -> None:
    from ..tracker import edit_meetings

    with Store(db) as store:
        try:
            result = edit_meetings(store, action, a, b)
        except PledgewatchError as err:
            raise fail(err) from None
    console.print(Text(f"{action} recorded; now {len(result.meetings)} meetings, {len(result.threads)} threads"))


@meetings_app.command("merge")
def meetings_merge(
    doc_a: Annotated[str, typer.Argument(help="A document of the first meeting.")],
    doc_b: Annotated[str, typer.Argument(help="A document of the second meeting.")],
    db: DbOption = None,
) -> None:
    """Put two documents' meetings together (kept across re-tracking)."""
    _edit(db, "merge", doc_a, doc_b)


@meetings_app.command("split")
def meetings_split(doc: Annotated[str, typer.Argument(help="The document to take out into its own meeting.")], db: DbOption = None) -> None:
    """Give a document a meeting of its own (kept across re-tracking)."""
    _edit(db, "split", doc, None)


def thread_record(t: Thread, names: dict[str, str]) -> dict:
    return {
        "thread_id": t.id,
        "status": t.status,
        "parties": list(t.parties),
        "domain": t.domain,
        "dropped_at": list(t.dropped_at),
        "members": [
            {"doc": names.get(m.doc_id, m.doc_id), "doc_id": m.doc_id, "meeting": m.meeting_id, "text": m.text,
             "start": m.start, "end": m.end, "change": m.change,
             "added": m.diff.added if m.diff else [], "removed": m.diff.removed if m.diff else [], "why": list(m.why)}
            for m in t.members
        ],
    }


@app.command()
def threads(
    db: DbOption = None,
    party: Annotated[Optional[str], typer.Option(help="Only threads of this party.")] = None,
    domain: Annotated[Optional[str], typer.Option(help=f"One of: {', '.join(DOMAINS)}.")] = None,
    status: Annotated[Optional[str], typer.Option(help="new, reiterated, strengthened, weakened or dropped (the latest change).")] = None,
    fmt: Annotated[LineFormat, typer.Option("--format", "-f", help="Output format.")] = LineFormat.table,
) -> None:
    """List threads: the same undertaking across meetings, with its history."""
    if status and status not in CHANGES:
        raise typer.BadParameter(f"status is one of {', '.join(CHANGES)}", param_hint="--status")
    from ..store.tracking import load_threads

    with tracked_store(db) as store:
        names = _names(store)
        found = load_threads(store.engine)
    from ..browse import thread_matches

    found = sorted((t for t in found if thread_matches(t, party, domain, status)), key=lambda t: (-len(t.members), t.id))
    records = [thread_record(t, names) for t in found]
    if fmt in (LineFormat.json, LineFormat.jsonl):
        emit(records, fmt.value, [])
        return
    rows = [
        {"id": r["thread_id"], "status": Text(r["status"], style=CHANGE_STYLE.get(r["status"])) if fmt == LineFormat.table else r["status"],
         "appearances": len(r["members"]), "domain": r["domain"], "parties": r["parties"],
         "history": " → ".join(f"{m['meeting']}:{m['change']}" for m in r["members"]) + (" → dropped" if r["dropped_at"] else ""),
         "latest": r["members"][-1]["text"] if r["members"] else ""}
        for r in records
    ]
    if not rows and fmt == LineFormat.table:
        console.print("No threads match.")
        return
    emit(rows, fmt.value, ["id", "status", "appearances", "domain", "history", "latest"], title=f"{len(rows)} threads", wide=("latest", "history"))


@app.command()
def thread(thread_id: Annotated[str, typer.Argument(help="A thread id (from `pledgewatch threads`).")], db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Show one thread: each appearance, how it changed, and the word-level diff."""
    from ..store.tracking import load_threads

    with tracked_store(db) as store:
        names = _names(store)
        found = load_threads(store.engine, [thread_id])
    if not found:
        raise fail(NotFoundInRegistry(f"no thread '{thread_id}'", hint="list thread ids with `pledgewatch threads`"))
    t = found[0]
    if fmt != Format.table:
        record = thread_record(t, names)
        emit([record] if fmt == Format.json else record["members"], fmt.value, ["doc", "meeting", "change", "start", "end", "text"])
        return
    console.print(Text(f"thread {t.id} — {t.domain or '?'} — {', '.join(t.parties)} — status ", style="bold").append(t.status, style=CHANGE_STYLE.get(t.status)))
    for m in t.members:
        head = Text(f"\n{m.meeting_id}  {names.get(m.doc_id, m.doc_id)} [{m.start}:{m.end}]  ", style="bold")
        head.append(m.change, style=CHANGE_STYLE.get(m.change))
        console.print(head)
        console.print(diff_text(m.diff) if m.diff else Text(m.text))
        if m.why:
            console.print(Text("  why: " + "; ".join(m.why), style="dim"))
    for meeting_id in t.dropped_at:
        console.print(Text(f"\n{meeting_id}  dropped: absent from this meeting of the same parties", style=CHANGE_STYLE["dropped"]))


def _mechanism_rows(found: list, names: dict[str, str]) -> list[dict]:
    return [
        {"id": m.id, "name": m.name, "aliases": list(m.aliases), "parties": list(m.parties), "domain": m.domain,
         "lifecycle": " → ".join(f"{e.date or e.meeting_id}:{e.event}" for e in m.events),
         "events": [{"meeting": e.meeting_id, "date": e.date, "event": e.event, "doc": names.get(e.doc_id, e.doc_id),
                     "start": e.start, "end": e.end, "text": e.text} for e in m.events]}
        for m in found
    ]


@app.command()
def mechanisms(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List the mechanisms registry: bodies, dialogues, agreements … with their lifecycles."""
    from ..store.tracking import load_mechanisms

    with tracked_store(db) as store:
        rows = _mechanism_rows(load_mechanisms(store.engine), _names(store))
    if not rows and fmt == Format.table:
        console.print("No mechanisms yet.")
        return
    emit(rows, fmt.value, ["name", "aliases", "domain", "lifecycle"] if fmt == Format.table else
         ["id", "name", "aliases", "parties", "domain", "lifecycle"], title=f"{len(rows)} mechanisms", wide=("lifecycle", "name"))


@app.command()
def mechanism(name: Annotated[str, typer.Argument(help="A mechanism's name, alias or acronym (e.g. NCG).")], db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """Show one mechanism's lifecycle (acronyms and aliases resolve)."""
    from ..store.tracking import load_mechanisms
    from ..track.registry import find_mechanism

    with tracked_store(db) as store:
        names = _names(store)
        found = find_mechanism(load_mechanisms(store.engine), name)
    if found is None:
        raise fail(NotFoundInRegistry(f"no mechanism named '{name}'", hint="list the registry with `pledgewatch mechanisms`; names, acronyms and aliases resolve"))
    row = _mechanism_rows([found], names)[0]
    if fmt == Format.json:
        console.file.write(to_json(row) + "\n")
        return
    if fmt == Format.csv:
        emit(row["events"], "csv", ["date", "meeting", "event", "doc", "start", "end", "text"])
        return
    console.print(Text(f"{found.name}", style="bold").append(f"  aliases: {', '.join(found.aliases) or '—'}; {found.domain or ''}; {', '.join(found.parties)}", style="dim"))
    emit(row["events"], "table", ["date", "event", "doc", "text"], title="Lifecycle", wide=("text",))


@app.command()
def diff(
    a: Annotated[str, typer.Argument(help="The earlier document or meeting (id, file name or meeting id).")],
    b: Annotated[str, typer.Argument(help="The later document or meeting.")],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Compare two documents or two meetings: new, kept (with what changed) and dropped commitments."""
    from ..tracker import compare_refs

    with tracked_store(db) as store:
        try:
            result = compare_refs(store, a, b)
        except PledgewatchError as err:
            raise fail(err) from None
    rows = result["rows"]
    if fmt == Format.json:  # the word diff as [op, words] pairs beside its added/removed runs
        records = [{**r, "diff": [list(op) for op in r["diff"].ops] if r["diff"] else None} for r in rows]
        console.file.write(to_json({"a": result["a"], "b": result["b"], "rows": records}) + "\n")
        return
    if fmt == Format.csv:
        emit(rows, "csv", ["status", "change", "doc", "meeting", "start", "end", "text", "previous_doc", "previous", "added", "removed", "thread_id"])
        return
    console.print(Text(f"{result['a']}  →  {result['b']}", style="bold"))
    for status in ("new", "kept", "dropped"):
        group = [r for r in rows if r["status"] == status]
        console.print(Text(f"\n{status}: {len(group)}", style="bold"))
        for r in group:
            line = Text("  ")
            if r.get("change"):
                line.append(f"[{r['change']}] ", style=CHANGE_STYLE.get(r["change"]))
            line.append_text(diff_text(r["diff"]) if r.get("diff") else Text(r["text"]))
            console.print(line)


@app.command()
def report(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="html or md.")] = "html",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write [default: pledgewatch-report.html / .md].")] = None,
    today: Annotated[Optional[str], typer.Option(help="The report's day (YYYY-MM-DD): where the 'due in the next 12 months' window starts and the ledger's clock for overdue and due soon [default: today].")] = None,
) -> None:
    """Write the tracker report (one self-contained HTML file, or Markdown)."""
    if fmt not in ("html", "md"):
        raise typer.BadParameter("format is html or md", param_hint="--format")
    from ..report import write_report
    from ..reporting import report_data

    start = dt.date.fromisoformat(today) if today else None
    path = output or Path(f"pledgewatch-report.{fmt}")
    with tracked_store(db) as store:
        data = report_data(store, start)
    write_report(data, path, fmt)
    console.print(Text(f"Report written to {path.resolve()}"))
