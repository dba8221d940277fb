"""CLI: status, history, ledger, correct, corrections, review, reextract.

Each command parses, calls ``pledgewatch.assessments`` and renders. Bad input
(a status outside the vocabulary, a date in the future, a URL that is not
http(s), an empty quote) is a coded error and exit 2 with nothing stored; an
unknown reference exits 1 with where to look.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from ..errors import BadLedgerInput, PledgewatchError, UnknownEntry, UnknownReference
from ..model import DOMAINS, KINDS, STATUSES
from ..store import Store
from . import DbOption, FormatOption, app
from .output import Format, console, emit, err_console, to_json

LEDGER_COLUMNS = ["thread_id", "parties", "domain", "status", "due", "deadline", "evidence_date", "recorded_by", "ref", "text"]


def fail(err: PledgewatchError, code: int = 1) -> typer.Exit:
    # one line whatever the console's width: a coded error is read (and grepped) whole
    err_console.print(Text(str(err), style="red"), soft_wrap=True)
    return typer.Exit(code)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(BadLedgerInput(f"{option} {value!r} is not a date (YYYY-MM-DD)"), 2) from None


def _run(call):
    """Run a library call: bad input exits 2, an unknown reference 1."""
    try:
        return call()
    except BadLedgerInput as err:
        raise fail(err, 2) from None
    except (UnknownReference, UnknownEntry, PledgewatchError) as err:
        raise fail(err, 1) from None


@app.command()
def status(
    ref: Annotated[str, typer.Argument(help="A commitment (its REF from `pledgewatch commitments`) or a thread id.")],
    set_: Annotated[Optional[str], typer.Option("--set", help=f"The status: {', '.join(STATUSES)}.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="The date the evidence is about (YYYY-MM-DD; not in the future).")] = None,
    evidence: Annotated[Optional[str], typer.Option("--evidence", help="The evidence's http(s) URL.")] = None,
    quote: Annotated[Optional[str], typer.Option("--quote", help="The evidence's words that show the status.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", help="Why, in your words.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="Who records it [default: PLEDGEWATCH_USER or the login name].")] = None,
    superseded_by: Annotated[Optional[str], typer.Option("--superseded-by", help="With --set superseded: the undertaking that replaced it (REF).")] = None,
    retract: Annotated[Optional[str], typer.Option("--retract", help="Instead: take back the entry with this id (from `history`); --note says why.")] = None,
    today: Annotated[Optional[str], typer.Option(help="The clock for 'not in the future' [default: today].")] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Record one assessment of an undertaking, with dated evidence (append-only: a mistake is retracted, never edited)."""
    from .. import assessments

    with Store(db) as store:
        if retract:
            entry = _run(lambda: assessments.retract(store, retract, note=note or "", by=by))
        else:
            missing = [name for name, v in (("--set", set_), ("--date", date), ("--evidence", evidence), ("--quote", quote)) if v is None]
            if missing:
                raise fail(BadLedgerInput(f"an assessment needs {', '.join(missing)}"), 2)
            entry = _run(lambda: assessments.record_assessment(
                store, ref, status=set_, evidence_date=_date(date, "--date"), evidence_url=evidence, quote=quote, note=note,
                by=by, superseded_by=superseded_by, today=_date(today, "--today")))
    if fmt == Format.json:
        sys.stdout.write(to_json(entry) + "\n")
        return
    what = f"retracted {entry.retracts[:12]}" if entry.action == "retract" else f"{entry.status}"
    console.print(Text(f"recorded {entry.entry_id[:12]}: {entry.target} {entry.ref} {what} "
                       f"(by {entry.recorded_by}, {entry.recorded_at:%Y-%m-%d %H:%M} UTC)"))


@app.command()
def history(
    ref: Annotated[str, typer.Argument(help="A commitment REF or a thread id.")],
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Every ledger entry about an undertaking, in the order recorded: who, when, what and why."""
    from .. import assessments

    with Store(db) as store:
        target, items = _run(lambda: assessments.history(store, ref))
    rows = [{
        "entry_id": i.entry.entry_id, "recorded_at": i.entry.recorded_at, "recorded_by": i.entry.recorded_by,
        "action": i.entry.action, "status": i.entry.status, "retracted": i.retracted, "retracts": i.entry.retracts,
        "evidence_date": i.entry.evidence_date, "evidence_url": i.entry.evidence_url, "quote": i.entry.quote,
        "note": i.entry.note, "superseded_by": i.entry.superseded_by, "target": i.entry.target, "ref": i.entry.ref,
        "located": i.located.how,
    } for i in items]
    if fmt != Format.table:
        emit(rows, fmt.value, list(rows[0]) if rows else ["entry_id"])
        return
    console.print(Text(f"{target.kind} {target.ref}" + (f" (thread {target.thread_id})" if target.thread_id and target.kind != "thread" else ""),
                       style="bold"))
    console.print(Text(target.text))
    if not rows:
        console.print("No ledger entries yet: record one with `pledgewatch status REF --set …`.")
        return
    for r in rows:
        r["entry_id"] = r["entry_id"][:12]
        r["what"] = (f"retracts {r['retracts'][:12]}" if r["action"] == "retract" else r["status"]) + (" (retracted)" if r["retracted"] else "")
    emit(rows, "table", ["entry_id", "recorded_at", "recorded_by", "what", "evidence_date", "evidence_url", "quote", "note", "located"],
         wide=("quote", "note", "evidence_url"))


@app.command()
def ledger(
    party: Annotated[Optional[str], typer.Option(help="Only undertakings of this party (code).")] = None,
    domain: Annotated[Optional[str], typer.Option(help="Only this domain.")] = None,
    status_: Annotated[Optional[str], typer.Option("--status", help=f"Only this latest status ({', '.join(STATUSES)}, or unassessed).")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only undertakings whose deadline passed without an achieved entry.")] = False,
    due_within: Annotated[Optional[int], typer.Option("--due-within", help="Only undertakings due within DAYS.")] = None,
    today: Annotated[Optional[str], typer.Option(help="The clock for overdue and due soon [default: today].")] = None,
    scale: Annotated[Optional[str], typer.Option(help="Also show the status on another scale: g7 or politifact.")] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Where every undertaking stands: latest status and evidence, deadline, overdue or due soon."""
    from .. import assessments
    from ..ledger import SCALES

    if domain and domain not in DOMAINS:
        raise typer.BadParameter(f"unknown domain {domain!r}; one of {', '.join(DOMAINS)}", param_hint="--domain")
    if status_ and status_ not in (*STATUSES, "unassessed"):
        raise typer.BadParameter(f"unknown status {status_!r}; one of {', '.join(STATUSES)}, unassessed", param_hint="--status")
    if scale and scale not in SCALES:
        raise typer.BadParameter(f"scale is one of {', '.join(SCALES)}", param_hint="--scale")
    if due_within is not None and due_within < 0:
        raise typer.BadParameter("DAYS is not negative", param_hint="--due-within")
    clock = _date(today, "--today")
    with Store(db) as store:
        rows = _run(lambda: assessments.ledger_rows(store, party=party, domain=domain, status=status_, overdue=overdue,
                                                    due_within=due_within, today=clock, scale=scale))
    records = [r.as_dict() for r in rows]
    columns = LEDGER_COLUMNS + (["scale"] if scale else [])
    if fmt == Format.table:
        if not records:
            console.print("No undertakings match.")
            return
        for r in records:
            r["deadline"] = r["deadline"] or (f"unresolved: {r['deadline_text']} ({r['deadline_note']})" if r["deadline_text"] else "")
            r["status"] = r["status"] or "unassessed"
            if r["lost"]:
                r["thread_id"] = "(gone)"
                r["due"] = "no longer exists"
        emit(records, "table", columns, title=f"{len(records)} undertakings", wide=("text",))
    else:
        emit(records, fmt.value, columns + [c for c in records[0] if c not in columns] if records else columns)


@app.command()
def correct(
    ref: Annotated[str, typer.Argument(help="A unit: DOC:OFFSET (REF in `pledgewatch commitments`, offsets in `pledgewatch show DOC`).")],
    label: Annotated[str, typer.Option(help="commitment or other.")],
    kind: Annotated[Optional[str], typer.Option(help=f"For a commitment: {' or '.join(KINDS)}.")] = None,
    actors: Annotated[Optional[str], typer.Option(help="For a commitment: party codes, comma-separated (US,KR).")] = None,
    domain: Annotated[Optional[str], typer.Option(help="For a commitment: one of the guide's domains.")] = None,
    mechanisms: Annotated[Optional[list[str]], typer.Option("--mechanisms", help="For a commitment: a mechanism as written in the unit (repeat the option for several).")] = None,
    note: Annotated[Optional[str], typer.Option(help="Why.")] = None,
    by: Annotated[Optional[str], typer.Option(help="Who corrects [default: PLEDGEWATCH_USER or the login name].")] = None,
    db: DbOption = None,
) -> None:
    """Store a person's verdict on a unit: every reader uses it over the model's, re-extraction keeps it."""
    from .. import assessments

    with Store(db) as store:
        made = _run(lambda: assessments.correct(
            store, ref, label=label, kind=kind, actors=[a.strip() for a in actors.split(",") if a.strip()] if actors is not None else None,
            domain=domain, mechanisms=mechanisms, note=note, by=by))
    console.print(Text(f"corrected {made.anchor.ref}: {made.label} (by {made.recorded_by}); its document was re-labelled"))


@app.command()
def corrections(
    export: Annotated[Optional[Path], typer.Option("--export", help="Write them in the annotation guide's gold format to this folder (for `pledgewatch train`).")] = None,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List people's corrections of the extractor, or export them as gold labels."""
    from .. import assessments

    with Store(db) as store:
        if export is not None:
            written = _run(lambda: assessments.export_corrections(store, export))
            console.print(Text(f"wrote {len(written)} gold files to {export} (train with: pledgewatch train {export})"))
            return
        found = assessments.corrections_list(store)
    rows = [{"ref": c.anchor.ref, "label": c.label, "kind": c.kind, "actors": list(c.actors) if c.actors else None,
             "domain": c.domain, "mechanisms": list(c.mechanisms) if c.mechanisms else None, "note": c.note,
             "recorded_by": c.recorded_by, "recorded_at": c.recorded_at, "text": c.anchor.text} for c in found]
    if fmt == Format.table and not rows:
        console.print("No corrections yet.")
        return
    emit(rows, fmt.value, list(rows[0]) if rows else ["ref"], wide=("text", "note"))


@app.command()
def review(
    limit: Annotated[int, typer.Option(help="How many units.")] = 20,
    db: DbOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The units the model is least sure about, for a person to confirm (`pledgewatch correct`)."""
    from .. import assessments

    with Store(db) as store:
        items = assessments.review_queue(store, limit)
    rows = [{"ref": i.ref, "label": i.label, "confidence": i.confidence, "date": i.date, "text": i.text} for i in items]
    if fmt == Format.table and not rows:
        console.print("Nothing to review.")
        return
    emit(rows, fmt.value, ["ref", "label", "confidence", "date", "text"], wide=("text",))


@app.command()
def reextract(
    model: Annotated[Optional[Path], typer.Option("--model", help="A model file written by `pledgewatch train -o` [default: the shipped model].")] = None,
    db: DbOption = None,
) -> None:
    """Label every stored document again with the current model (people's corrections are kept)."""
    from .. import assessments
    from ..extract.classifier import load_models
    from . import run_tracking

    models = _run(lambda: load_models(model)) if model is not None else None
    with Store(db) as store:
        with err_console.status("re-extracting …"):
            n = _run(lambda: assessments.reextract(store, models=models))
        err_console.print(Text(f"re-extracted {n} documents"))
        try:
            run_tracking(store)
        except PledgewatchError as err:
            raise fail(err) from None
