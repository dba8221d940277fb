"""The pipeline: files → documents → units (→ later stages) → store.

One function per user-level job; the CLI, the web app and the Python API
call these and only render what they return.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IngestError, PledgewatchError
from .ingest import DEFAULT_MAX_SIZE, document_from_bytes, expand_paths, read_file_bytes
from .model import Commitment, Document, Unit
from .extract import extract_commitments
from .segment import segment
from .store import AddResult, Store
from .store.commitments import insert_commitments


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one input file."""

    path: str
    status: str  # added | present | duplicate | near_duplicate | failed
    doc_id: str | None = None
    title: str | None = None
    similarity: float | None = None
    error_code: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    units: int = 0
    commitments: int = 0

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


@dataclass(frozen=True)
class ExtractedFile:
    """One input file read and labelled without a database (``pledgewatch extract``)."""

    path: str
    doc: Document | None = None
    units: tuple[Unit, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    error: IngestError | None = None


def extract_paths(paths: list[str], *, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE,
                  on_file: Callable[[ExtractedFile], None] | None = None) -> list[ExtractedFile]:
    """Read, segment and label files; a bad file is reported, the rest go on."""
    expanded = expand_paths(paths)
    out = [ExtractedFile(e.path or "", error=e) for e in expanded.errors]
    if on_file:
        for item in out:
            on_file(item)
    for path in expanded.files:
        try:
            raw = read_file_bytes(path, max_size)
            doc = document_from_bytes(raw, name=path.name, path=str(path), encoding=encoding)
            units = segment(doc)
            item = ExtractedFile(str(path), doc, tuple(units), tuple(extract_commitments(doc, units)))
        except IngestError as err:
            item = ExtractedFile(str(path), error=err)
        except Exception as exc:  # a bug must not stop the batch
            item = ExtractedFile(str(path), error=_unexpected(exc, path))
        out.append(item)
        if on_file:
            on_file(item)
    return out


def _unexpected(exc: Exception, path: Path) -> IngestError:
    return IngestError(f"unexpected {type(exc).__name__}: {exc}"[:300], path=str(path),
                       hint="this is a bug in pledgewatch; please report it with the file")


def ingest_paths(
    store: Store,
    paths: list[str],
    *,
    encoding: str | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    on_file: Callable[[FileOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest files, folders and globs; every file gets an outcome, none stops the batch."""
    expanded = expand_paths(paths)
    report = IngestReport()
    for err in expanded.errors:
        outcome = FileOutcome(err.path or "", "failed", error_code=err.code, error=str(err))
        report.outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    # A database kept beside the statements ("pledgewatch ingest ." in its folder) is not one of them.
    own = store.own_files()
    files = [p for p in expanded.files if not own or p.resolve() not in own]
    if on_start:
        on_start(len(files))
    for path in files:
        outcome = ingest_file(store, path, encoding=encoding, max_size=max_size)
        report.outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    return report


def ingest_file(store: Store, path: Path, *, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE) -> FileOutcome:
    try:
        raw = read_file_bytes(path, max_size)
        known = store.source_known(hashlib.sha256(raw).hexdigest())
    except PledgewatchError as err:
        return FileOutcome(str(path), "failed", error_code=err.code, error=str(err))
    except Exception as exc:  # the database failing: this file is reported, the rest go on
        err = _unexpected(exc, path)
        return FileOutcome(str(path), "failed", error_code=err.code, error=str(err))
    if known:
        return FileOutcome(str(path), "present", known)
    return store_prepared(store, prepare_bytes(path, raw, encoding=encoding))


@dataclass(frozen=True)
class Prepared:
    """One file read, segmented and labelled, ready to store (made anywhere: here, or on a Dask worker)."""

    path: str
    doc: Document | None = None
    units: tuple[Unit, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    error_code: str | None = None
    error: str | None = None


def _failed(path: Path | str, err: PledgewatchError) -> Prepared:
    return Prepared(str(path), error_code=err.code, error=str(err))


def prepare_bytes(path: Path, raw: bytes, *, encoding: str | None = None) -> Prepared:
    """Parse, segment and label a file's bytes; a bad file (or a bug) is a failed ``Prepared``, never an exception."""
    try:
        doc = document_from_bytes(raw, name=path.name, path=str(path), encoding=encoding)
        units = segment(doc)
        return Prepared(str(path), doc, tuple(units), tuple(extract_commitments(doc, units)))
    except PledgewatchError as err:
        return _failed(path, err)
    except Exception as exc:  # a bug must not stop the batch: the file is reported, the rest go on
        return _failed(path, _unexpected(exc, path))


def prepare_file(path: Path, *, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE) -> Prepared:
    try:
        raw = read_file_bytes(path, max_size)
    except PledgewatchError as err:
        return _failed(path, err)
    return prepare_bytes(path, raw, encoding=encoding)


def _extra(found: tuple[Commitment, ...]) -> Callable[[Any, str], None]:
    # Commitments are written in the document's own transaction: a crash leaves neither or both.
    return lambda conn, doc_id: insert_commitments(conn, doc_id, list(found))


def _outcome(p: Prepared, result: AddResult) -> FileOutcome:
    assert p.doc is not None
    n_commitments = sum(c.is_commitment for c in p.commitments) if result.status == "added" else 0
    return FileOutcome(p.path, result.status, result.doc_id, p.doc.title, result.similarity, warnings=p.doc.warnings,
                       units=len(p.units), commitments=n_commitments)


def store_prepared(store: Store, p: Prepared) -> FileOutcome:
    """Store one prepared file (once: a repeat or a near-duplicate only adds its source) and say what happened."""
    if p.doc is None:
        return FileOutcome(p.path, "failed", error_code=p.error_code, error=p.error)
    try:
        result = store.add_document(p.doc, list(p.units), extra=_extra(p.commitments))
    except PledgewatchError as err:
        return FileOutcome(p.path, "failed", error_code=err.code, error=str(err))
    except Exception as exc:
        err = _unexpected(exc, Path(p.path))
        return FileOutcome(p.path, "failed", error_code=err.code, error=str(err))
    return _outcome(p, result)


def store_prepared_batch(store: Store, batch: list[Prepared]) -> list[FileOutcome]:
    """Store prepared files in one transaction (failed ones are only reported); when the database
    refuses the batch, each file is stored on its own so one bad document costs only itself."""
    ready = [p for p in batch if p.doc is not None]
    try:
        results = iter(store.add_documents([(p.doc, list(p.units), _extra(p.commitments)) for p in ready])) if ready else iter(())
    except PledgewatchError:
        return [store_prepared(store, p) for p in batch]
    return [_outcome(p, next(results)) if p.doc is not None else store_prepared(store, p) for p in batch]
