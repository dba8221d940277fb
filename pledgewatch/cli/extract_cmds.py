"""CLI: extract, commitments, eval, train."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from ..errors import PledgewatchError
from ..extract import commitment_record
from ..extract.classifier import default_model_path, save_models
from ..ingest import DEFAULT_MAX_SIZE
from ..model import DOMAINS, KINDS
from ..pipeline import extract_paths
from ..store import Store
from ..store.commitments import CommitmentFilter, list_commitments
from . import app, DbOption, FormatOption, fail, sample_corpus
from .output import Format, LineFormat, console, emit, err_console, to_json

EXTRACT_COLUMNS = ["doc", "start", "end", "kind", "actors", "domain", "mechanisms", "amounts", "timeframes", "confidence", "text"]


def _flat(record: dict) -> dict:
    """Lists of value objects → their texts, for tables and CSV."""
    out = dict(record)
    for key in ("mechanisms", "amounts", "timeframes"):
        out[key] = [v["text"] for v in record.get(key, [])]
    if isinstance(out.get("extractor"), dict):
        out["extractor"] = f"{out['extractor']['name']}-{out['extractor']['version']}"
    return out


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Statement files, folders or globs.")],
    fmt: Annotated[LineFormat, typer.Option("--format", "-f", help="Output format.")] = LineFormat.table,
    all_units: Annotated[bool, typer.Option("--all", help="Also print units that are not commitments, with a 'label'.")] = False,
    db: Annotated[Optional[str], typer.Option("--db", help="Also store the documents and commitments in this database.")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Decode every file with this encoding.")] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="Largest file accepted, in bytes.")] = DEFAULT_MAX_SIZE,
) -> None:
    """Print the commitments found in statements (no database needed)."""
    try:
        results = extract_paths(files, encoding=encoding, max_size=max_size)
    except PledgewatchError as err:
        raise fail(err) from None
    records = []
    failed = 0
    for item in results:
        if item.error is not None:
            failed += 1
            err_console.print(Text(str(item.error), style="red"))
            continue
        name = item.doc.name
        for w in item.doc.warnings:  # as ingest prints them: a statement that is not English says why nothing was found
            err_console.print(Text(f"{name}: warning: {w}", style="yellow"))
        found = [c for c in item.commitments if all_units or c.is_commitment]
        if not any(c.is_commitment for c in item.commitments):
            err_console.print(Text(f"{name}: no commitments found in {len(item.units)} units", style="yellow"))
        records.extend(commitment_record(name, c, with_label=all_units) for c in found)
    if fmt == LineFormat.table:
        columns = (["label"] if all_units else []) + EXTRACT_COLUMNS
        emit([_flat(r) for r in records], "table", columns, title=f"{sum(r.get('label', 'commitment') == 'commitment' for r in records)} commitments", wide=("text",))
    elif fmt == LineFormat.csv:
        columns = (["label"] if all_units else []) + EXTRACT_COLUMNS + ["extractor", "why"]
        emit([_flat(r) for r in records], "csv", columns)
    else:
        emit(records, fmt.value, [])
    if db is not None:
        from . import run_ingest, run_tracking

        with Store(db) as store:
            run_ingest(store, files, encoding=encoding, max_size=max_size, quiet=True)
            run_tracking(store)
    raise typer.Exit(1 if failed else 0)


def _parse_date(value: Optional[str], option: str) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value if len(value) > 4 else f"{value}-01-01")
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD or YYYY)", param_hint=option) from None


@app.command()
def commitments(
    db: DbOption = None,
    party: Annotated[Optional[str], typer.Option(help="Only commitments this party acts on (code, e.g. US, KR, G7).")] = None,
    domain: Annotated[Optional[str], typer.Option(help=f"One of: {', '.join(DOMAINS)}.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="new or reaffirmed.")] = None,
    mechanism: Annotated[Optional[str], typer.Option(help="Words of a mechanism's name (e.g. NCG, 'Consultative Group').")] = None,
    since: Annotated[Optional[str], typer.Option(help="Statements dated on or after (YYYY-MM-DD or YYYY).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Statements dated on or before.")] = None,
    query: Annotated[Optional[str], typer.Option("--query", "-q", help="Full-text search in the commitment's words.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Most rows to show.")] = None,
    fmt: Annotated[LineFormat, typer.Option("--format", "-f", help="Output format.")] = LineFormat.table,
) -> None:
    """List stored commitments across documents, with filters."""
    if domain and domain not in DOMAINS:
        raise typer.BadParameter(f"unknown domain {domain!r}; one of {', '.join(DOMAINS)}", param_hint="--domain")
    if kind and kind not in KINDS:
        raise typer.BadParameter("kind is 'new' or 'reaffirmed'", param_hint="--kind")
    flt = CommitmentFilter(party=party, domain=domain, kind=kind, mechanism=mechanism, since=_parse_date(since, "--since"),
                           until=_parse_date(until, "--until"), query=query, limit=limit)
    with Store(db) as store:
        try:
            rows = [r.as_dict() for r in list_commitments(store.engine, flt)]
        except PledgewatchError as err:
            raise fail(err) from None
    if fmt in (LineFormat.table, LineFormat.csv):
        columns = ["ref", "doc", "date", "kind", "actors", "domain", "mechanisms", "amounts", "timeframes", "text"]
        if fmt == LineFormat.table and not rows:
            console.print("No commitments match.")
            return
        emit([_flat(r) for r in rows], fmt.value, columns, title=f"{len(rows)} commitments", wide=("text",))
    else:
        emit(rows, fmt.value, [])


def _tracking_rows(scores: dict) -> list[dict]:
    rows = []
    if "threads" in scores:
        t = scores["threads"]
        rows.append({"score": "threads: pairs of units in one thread", "P": t["pairs"]["precision"], "R": t["pairs"]["recall"],
                     "F1": t["pairs"]["f1"], "accuracy": None,
                     "counted": f"{t['pairs']['tp']} tp, {t['pairs']['fp']} fp, {t['pairs']['fn']} fn; {t['unjudged_pairs']} unjudged"})
        rows.append({"score": "threads: change type of each appearance", "P": None, "R": None, "F1": None,
                     "accuracy": t["change_accuracy"], "counted": f"{t['matched_members']}/{t['gold_members']} gold appearances matched"})
    if "mechanisms" in scores:
        m = scores["mechanisms"]
        rows.append({"score": "mechanisms: lifecycle (mechanism, meeting, event)", "P": m["triples"]["precision"],
                     "R": m["triples"]["recall"], "F1": m["triples"]["f1"], "accuracy": None,
                     "counted": f"{m['triples']['tp']} tp, {m['triples']['fp']} fp, {m['triples']['fn']} fn; "
                                f"{m['matched_mechanisms']}/{m['gold_mechanisms']} gold mechanisms matched"})
    return rows


class Holdout(str, Enum):
    series = "series"
    document = "document"
    none = "none"


def _labelled_folders(gold_dirs: list[Path], corpus: Path | None) -> list[tuple[Path, Path]]:
    from ..training import corpus_for

    folders = []
    for gold_dir in gold_dirs:
        if not gold_dir.is_dir():
            raise fail(PledgewatchError("no such folder", path=str(gold_dir)), 2)
        folders.append((gold_dir, corpus or corpus_for(gold_dir, sample_corpus())))
    return folders


def _score_row(name: str, score, model: str = "", series: str = "") -> dict:
    d = score.as_dict()
    return {
        "document": name, "series": series, "model": model,
        "P": d["detection"]["precision"], "R": d["detection"]["recall"], "F1": d["detection"]["f1"],
        "kind": d["attributes"]["kind"], "actors": d["attributes"]["actors"], "domain": d["attributes"]["domain"],
        "mech F1": d["lists"]["mechanisms"]["f1"], "amount F1": d["lists"]["amounts"]["f1"], "time F1": d["lists"]["timeframes"]["f1"],
    }


_SHORT = {"leave-one-series-out": "LOSO", "leave-one-document-out": "LODO", "shipped model": "shipped"}


@app.command(name="eval")
def eval_cmd(
    gold_dirs: Annotated[list[Path], typer.Argument(help="Folders of gold *.txt.jsonl files (the annotation guide's format).")],
    corpus: Annotated[Optional[Path], typer.Option(help="Folder of the statements the gold files label [default: corpus/ or raw/ beside each gold folder, else the bundled corpus].")] = None,
    holdout: Annotated[Holdout, typer.Option(help="series: each series scored by models trained on the other series; document: each document by models trained on the other documents; none: the shipped model.")] = Holdout.series,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
    errors: Annotated[bool, typer.Option("--errors", help="Also list every disagreement with the gold.")] = False,
    calibration: Annotated[bool, typer.Option("--calibration", help="Also print the reliability table of the confidence.")] = False,
    threads: Annotated[bool, typer.Option("--threads", help="Also score threads against the first GOLD_DIR's threads.jsonl (pairwise P/R/F1, change-type accuracy).")] = False,
    mechanisms: Annotated[bool, typer.Option("--mechanisms", help="Also score mechanism lifecycles against the first GOLD_DIR's mechanisms.jsonl (P/R/F1).")] = False,
) -> None:
    """Score extraction (and, with --threads / --mechanisms, tracking) against gold labels with the annotation guide's rules."""
    from ..evaluate import reliability
    from ..training import evaluate_labelled, held_out_models, load_labelled_sets, method_of

    folders = _labelled_folders(gold_dirs, corpus)
    wanted = [k for k, on in (("threads", threads), ("mechanisms", mechanisms)) if on]
    try:
        if wanted:
            from ..evaluate_tracking import ERRORS_KEY, check_tracking_gold, evaluate_tracking

            check_tracking_gold(folders[0][0], wanted)
        labelled = load_labelled_sets(folders)
        if not labelled:
            raise fail(PledgewatchError("no *.txt.jsonl gold files here", path=", ".join(str(g) for g in gold_dirs)), 2)
        # one held-out model per document, shared by both scorings
        held_out = held_out_models(labelled, holdout=holdout.value)
        result = evaluate_labelled(labelled, held_out, method_of(labelled, holdout.value))
        tracking = evaluate_tracking(*folders[0], source="extracted", per_doc_models=held_out, parts=wanted) if wanted else {}
    except PledgewatchError as err:
        raise fail(err) from None
    scores = {k: tracking[k] for k in wanted}
    if fmt == Format.json:
        data = result.as_dict()
        if errors:
            data["errors"] = result.overall.errors
        data.update(scores)
        if errors:
            data.update({ERRORS_KEY[k]: tracking[ERRORS_KEY[k]] for k in wanted})
        sys.stdout.write(to_json(data) + "\n")
        return
    rows = [_score_row(s.doc, s, _SHORT.get(result.method[s.doc], ""), result.series[s.doc]) for s in result.per_doc]
    several = len(result.per_series) > 1
    if several:
        rows += [_score_row(f"series: {s.doc}", s) for s in result.per_series]
    rows.append(_score_row("overall", result.overall))
    columns = [c for c in rows[0] if c != "series" or several]
    method = next(iter(result.method.values()))
    emit(rows, "table", columns, title=f"Extraction vs gold, {method} (detection P/R/F1; attribute accuracy; list-field F1)")
    if errors:
        for e in result.overall.errors:
            console.print(Text(f"{e['error']}: {e.get('predicted', '')!s} ≠ {e.get('gold', '')!s} | {e['text']}"))
    rel = reliability(result.confidence)
    if calibration:
        emit(rel["bins"], "table", ["bin", "units", "mean_p", "commitments"], title="Reliability of P(commitment) (matched units)")
    console.print(Text(f"Calibration over {rel['units']} matched units: expected calibration error {rel['ece']:.3f} "
                       f"(P(commitment)), {rel['label_confidence_ece']:.3f} (confidence of the label).", style="dim"))
    if scores:
        emit(_tracking_rows(scores), "table", ["score", "P", "R", "F1", "accuracy", "counted"],
             title="Tracking vs gold (end to end: tracking the extracted commitments)", wide=("counted", "score"))
        if errors:
            for key in wanted:
                for e in tracking[ERRORS_KEY[key]]:
                    console.print(Text(" | ".join(f"{k}: {v}" for k, v in e.items())))


@app.command()
def train(
    gold_dirs: Annotated[list[Path], typer.Argument(help="Folders of gold *.txt.jsonl files.")],
    corpus: Annotated[Optional[Path], typer.Option(help="Folder of the labelled statements [default: corpus/ or raw/ beside each gold folder, else the bundled corpus].")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Where to write the model [default: the package's model file].")] = None,
) -> None:
    """Train the extraction models from gold labels and save them (reproducible)."""
    from ..training import load_labelled_sets, train_models

    folders = _labelled_folders(gold_dirs, corpus)
    try:
        labelled = load_labelled_sets(folders)
    except PledgewatchError as err:
        raise fail(err) from None
    if not labelled:
        raise fail(PledgewatchError("no *.txt.jsonl gold files here", path=", ".join(str(g) for g in gold_dirs)), 2)
    with console.status("training …"):
        models = train_models(labelled)
    path = output or default_model_path()
    save_models(models, path)
    n = sum(1 for ld in labelled for _u, g in ld.aligned if g["label"] != "borderline")
    n_series = len({ld.series for ld in labelled})
    console.print(Text(f"trained {models.version} on {len(labelled)} documents of {n_series} series ({n} units); "
                       f"threshold {models.threshold}; wrote {path}"))
    console.print(Text("Score it honestly with `pledgewatch eval GOLD_DIR...` (leave-one-series-out).", style="dim"))
