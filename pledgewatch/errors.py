"""Coded errors: a stable code, what went wrong, and what to do.

Codes: PW1xx ingest, PW2xx extract, PW3xx store, PW4xx evaluate, PW5xx track, PW6xx ledger, PW7xx export,
PW8xx accounts, PW9xx Dask cluster.
Every error pledgewatch raises on bad input is a ``PledgewatchError``; anything
else escaping is a bug.

The message says what went wrong and the hint what to do, each once: a class's
default hint is only what to do, so no raise site's message is said twice
("the PDF has no text layer; the PDF has no text layer (a scan?)").
"""

from __future__ import annotations


class PledgewatchError(Exception):
    code = "PW000"
    hint = ""

    def __init__(self, message: str, *, path: str | None = None, hint: str | None = None):
        self.message = message
        self.path = path
        if hint is not None:
            self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        tail = f"; {self.hint}" if self.hint else ""
        return f"{self.code}: {where}{self.message}{tail}"


class IngestError(PledgewatchError):
    code = "PW100"


class NotFound(IngestError):
    code = "PW101"
    hint = "check the path"


class Unreadable(IngestError):
    code = "PW102"
    hint = "check its permissions"


class EmptyFile(IngestError):
    code = "PW103"
    hint = "check that it was saved or downloaded completely"


class Undecodable(IngestError):
    code = "PW104"
    hint = "save the file as UTF-8 or pass --encoding"


class BinaryFile(IngestError):
    code = "PW105"
    hint = "give a text, Markdown, HTML or PDF file"


class TooLarge(IngestError):
    code = "PW106"
    hint = "raise the limit with --max-size if the file is really a statement"


class NoTextLayer(IngestError):
    code = "PW107"
    hint = "run OCR on it first (OCRmyPDF, for one) and ingest the result"


class BrokenPdf(IngestError):
    code = "PW108"
    hint = "download it again"


class NoBody(IngestError):
    code = "PW109"
    hint = "check that this is a statement, not a site's front page or an empty template"


class MalformedFrontMatter(IngestError):
    """Raised only as a warning: the body is still ingested."""

    code = "PW110"
    hint = "fix the YAML between the '---' lines"


class NotEnglish(IngestError):
    """Raised only as a warning: the document is stored, its commitments are not extracted."""

    code = "PW111"
    hint = "commitments are not extracted from it"


class ExtractError(PledgewatchError):
    code = "PW200"


class ModelMissing(ExtractError):
    code = "PW201"
    hint = "run `pledgewatch train GOLD_DIR` or reinstall pledgewatch"


class StoreError(PledgewatchError):
    code = "PW300"


class DatabaseUnusable(StoreError):
    code = "PW303"
    hint = "give --db (or PLEDGEWATCH_DB) a pledgewatch database, or a path where a new one can be made"


class ServerUnreachable(DatabaseUnusable):
    """A database server that cannot be reached, refuses the login, or has no such database."""

    code = "PW304"
    hint = ("check the URL's host, port, user, password and database name, and that the server is running "
            "and lets this user connect; nothing was written")


class SchemaUnknown(DatabaseUnusable):
    """The database's schema is at a revision this pledgewatch has no migration for (a newer one made it)."""

    code = "PW305"
    hint = "use the pledgewatch version that wrote it, or a newer one; nothing was changed"


class DestinationNotEmpty(StoreError):
    code = "PW306"
    hint = "give --to a new, empty database (it is created and migrated when opened)"


class DocumentNotFound(StoreError):
    code = "PW301"
    hint = "list documents with `pledgewatch docs`"


class AmbiguousDocument(StoreError):
    code = "PW302"
    hint = "give more of the id or the full file name"


class EvaluateError(PledgewatchError):
    code = "PW400"


class MalformedGold(EvaluateError):
    code = "PW401"
    hint = "write each line as one JSON object, as the annotation guide describes"


class TrackError(PledgewatchError):
    code = "PW500"


class NotFoundInRegistry(TrackError):
    code = "PW501"
    hint = "list what exists with `pledgewatch threads` or `pledgewatch mechanisms`"


class LedgerError(PledgewatchError):
    """PW6xx: the ledger (assessments, corrections)."""

    code = "PW600"


class BadLedgerInput(LedgerError):
    code = "PW601"
    hint = "check the values against `pledgewatch status --help` and give the command again (nothing was stored)"


class UnknownReference(LedgerError):
    code = "PW602"
    hint = "list commitments and their REF with `pledgewatch commitments`, threads with `pledgewatch threads`, a document's units with `pledgewatch show DOC`"


class UnknownEntry(LedgerError):
    code = "PW603"
    hint = "list an undertaking's entries and their ids with `pledgewatch history REF`"


class ExportError(PledgewatchError):
    """PW7xx: export."""

    code = "PW700"


class CannotWriteExport(ExportError):
    code = "PW701"
    hint = ("give -o a folder you can write to, with room for the export; files already there were left whole, "
            "and manifest.json is written only once every table is")


class UnknownExportFormat(ExportError):
    code = "PW702"
    hint = "give --format jsonl, csv or parquet"


class AccountError(PledgewatchError):
    """PW8xx: accounts, API tokens and web sessions. No message ever holds a password or a secret."""

    code = "PW800"


class BadAccountInput(AccountError):
    code = "PW801"
    hint = "check the value and give it again (nothing was changed)"


class AccountExists(AccountError):
    code = "PW802"
    hint = "give another name, or change the existing account with `pledgewatch user role|password|enable`"


class UnknownAccount(AccountError):
    code = "PW803"
    hint = "list accounts with `pledgewatch user list`"


class UnknownToken(AccountError):
    code = "PW804"
    hint = "list tokens and their ids with `pledgewatch token list`"


class AccountDisabled(AccountError):
    code = "PW805"
    hint = "use another account, or enable this one with `pledgewatch user enable NAME`"


class ClusterError(PledgewatchError):
    """PW9xx: running on a Dask cluster."""

    code = "PW900"


class ClusterUnavailable(ClusterError):
    code = "PW901"
    hint = "check the scheduler's address (tcp://host:port) and that it is running, or use --workers N for a local cluster"

