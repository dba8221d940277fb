"""Coded errors: a stable code, what went wrong, and what to do.

Codes: PW1xx ingest, PW2xx extract, PW3xx store, PW4xx evaluate, PW5xx track.
Every error pledgewatch raises on bad input is a ``PledgewatchError``; anything
else escaping is a bug.
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
    hint = "check the file's permissions"


class EmptyFile(IngestError):
    code = "PW103"
    hint = "the file has no text; remove it from the batch"


class Undecodable(IngestError):
    code = "PW104"
    hint = "save the file as UTF-8 or pass --encoding"


class BinaryFile(IngestError):
    code = "PW105"
    hint = "this looks like a binary file (an image or archive?); give a text, Markdown, HTML or PDF file"


class TooLarge(IngestError):
    code = "PW106"
    hint = "raise the limit with --max-size if the file is really a statement"


class NoTextLayer(IngestError):
    code = "PW107"
    hint = "the PDF has no text layer (a scan?); run OCR on it first"


class BrokenPdf(IngestError):
    code = "PW108"
    hint = "the PDF is damaged; download it again"


class NoBody(IngestError):
    code = "PW109"
    hint = "nothing but site chrome or markup was found; check that this is a statement"


class MalformedFrontMatter(IngestError):
    """Raised only as a warning: the body is still ingested."""

    code = "PW110"
    hint = "fix the YAML between the '---' lines; the body was ingested without it"


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
    hint = "each line must be a JSON object as described in the annotation guide"


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
    hint = "nothing was stored; see `pledgewatch status --help`"


class UnknownReference(LedgerError):
    code = "PW602"
    hint = "a commitment's REF is listed by `pledgewatch commitments`, a thread's by `pledgewatch threads`, a unit's by `pledgewatch show DOC`"


class UnknownEntry(LedgerError):
    code = "PW603"
    hint = "the entries of an undertaking are listed by `pledgewatch history REF`"
