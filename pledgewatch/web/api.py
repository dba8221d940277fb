"""The HTTP API under ``/api/v1``: every listing and record the pages show, and writes for ledger
entries and corrections. Clients authenticate with an API token (``Authorization: Bearer …``,
issued by ``pledgewatch token add NAME --role ROLE``); the response models are the library's own
dataclasses, so the OpenAPI schema FastAPI generates is what the library returns. Every error is
documented: ``{"detail": "…"}`` in one line (a 422 lists the invalid fields instead)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from .. import assessments, browse
from ..accounts import Account
from ..model import CHANGES, DOMAINS, STATUSES, Correction, LedgerEntry, Mechanism, Thread
from ..tracker import edit_meetings
from .security import api_admin, api_editor, api_reader, store_of


class ErrorOut(BaseModel):
    """Every error the API answers but a request's invalid fields (422): what went wrong, in one
    line (``PWnnn: …`` when the library refused it)."""

    detail: str


def _error(description: str, **more: object) -> dict[str, object]:
    return {"model": ErrorOut, "description": description, **more}


# What each route may answer besides its result, so the schema tells clients every status they can get.
UNAUTHORIZED = {401: _error("No API token, or one that is malformed, unknown or revoked",
                            headers={"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}})}
FORBIDDEN = {403: _error("The token's role may not do this")}
NOT_FOUND = {404: _error("Nothing is known by that name or reference")}
AMBIGUOUS = {409: _error("The document reference matches several documents: give more of it")}
REFUSED = {400: _error("The body could not be read, or the library refused the values (a coded PWnnn error); nothing was stored")}
LOOKUP = NOT_FOUND | AMBIGUOUS
WRITE = FORBIDDEN | REFUSED | NOT_FOUND

router = APIRouter(prefix="/api/v1", tags=["pledgewatch"], responses=UNAUTHORIZED)

Reader = Annotated[Account, Depends(api_reader)]
Editor = Annotated[Account, Depends(api_editor)]
Admin = Annotated[Account, Depends(api_admin)]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Limit = Annotated[int, Query(ge=1, le=browse.MAX_LIMIT, description="Rows per page.")]
Party = Annotated[str | None, Query(max_length=64, description="A party code, e.g. US, KR, EU.")]
Text = Annotated[str | None, Query(max_length=500)]
Domain = Literal[DOMAINS]  # type: ignore[valid-type]
Change = Literal[CHANGES]  # type: ignore[valid-type]
LedgerStatus = Literal[(*STATUSES, "unassessed")]  # type: ignore[valid-type]


@router.get("/dashboard", response_model=browse.Dashboard, summary="Counts, ledger status, overdue and due-soon undertakings")
def get_dashboard(request: Request, _: Reader) -> browse.Dashboard:
    return browse.dashboard(store_of(request))


@router.get("/documents", response_model=browse.DocumentPage)
def get_documents(request: Request, _: Reader, party: Party = None, year: Annotated[int | None, Query(ge=1, le=9999)] = None,
                  q: Text = None, doc_type: Annotated[str | None, Query(max_length=64)] = None,
                  offset: Offset = 0, limit: Limit = browse.DEFAULT_LIMIT) -> browse.DocumentPage:
    return browse.list_documents(store_of(request), party=party, year=year, text=q, doc_type=doc_type, offset=offset, limit=limit)


@router.get("/documents/{doc_id}", response_model=browse.DocumentView, responses=LOOKUP, summary="A document's text and its commitments' spans")
def get_document(request: Request, _: Reader, doc_id: str) -> browse.DocumentView:
    return browse.document_view(store_of(request), doc_id)


@router.get("/commitments/{ref}", response_model=browse.CommitmentView, responses=LOOKUP, summary="A labelled unit (DOC:OFFSET) with its thread and ledger history")
def get_commitment(request: Request, _: Reader, ref: str) -> browse.CommitmentView:
    return browse.commitment_view(store_of(request), ref)


@router.get("/threads", response_model=browse.ThreadPage)
def get_threads(request: Request, _: Reader, party: Party = None, domain: Domain | None = None, status: Change | None = None,
                offset: Offset = 0, limit: Limit = browse.DEFAULT_LIMIT) -> browse.ThreadPage:
    return browse.list_threads(store_of(request), party=party, domain=domain, status=status, offset=offset, limit=limit)


@router.get("/threads/{thread_id}", response_model=Thread, responses=NOT_FOUND)
def get_thread(request: Request, _: Reader, thread_id: str) -> Thread:
    return browse.thread_view(store_of(request), thread_id)


@router.get("/mechanisms", response_model=browse.MechanismPage)
def get_mechanisms(request: Request, _: Reader, party: Party = None, domain: Domain | None = None, q: Text = None,
                   offset: Offset = 0, limit: Limit = browse.DEFAULT_LIMIT) -> browse.MechanismPage:
    return browse.list_mechanisms(store_of(request), party=party, domain=domain, text=q, offset=offset, limit=limit)


@router.get("/mechanisms/{name}", response_model=Mechanism, responses=NOT_FOUND, summary="A mechanism by id, name, alias or acronym, with its lifecycle")
def get_mechanism(request: Request, _: Reader, name: str) -> Mechanism:
    return browse.mechanism_view(store_of(request), name)


@router.get("/meetings", response_model=browse.MeetingPage)
def get_meetings(request: Request, _: Reader, party: Party = None, offset: Offset = 0, limit: Limit = browse.DEFAULT_LIMIT) -> browse.MeetingPage:
    return browse.list_meetings(store_of(request), party=party, offset=offset, limit=limit)


@router.get("/diff", response_model=browse.Comparison, responses=LOOKUP, summary="Compare two documents or meetings (A earlier, B later)")
def get_diff(request: Request, _: Reader, a: Annotated[str, Query(max_length=200)], b: Annotated[str, Query(max_length=200)]) -> browse.Comparison:
    return browse.compare(store_of(request), a, b)


@router.get("/search", response_model=browse.SearchPage, responses=REFUSED,  # 400: a database without a search index
            summary="Units matching every word or \"quoted phrase\", best first")
def get_search(request: Request, _: Reader, q: Annotated[str, Query(min_length=1, max_length=500)], offset: Offset = 0,
               limit: Annotated[int, Query(ge=1, le=100)] = 20) -> browse.SearchPage:
    return browse.search(store_of(request), q, offset=offset, limit=limit)


@router.get("/review", response_model=list[browse.ReviewRow], summary="The units the model is least sure about")
def get_review(request: Request, _: Reader, limit: Limit = browse.DEFAULT_LIMIT) -> list[browse.ReviewRow]:
    return browse.review(store_of(request), limit=limit)


@router.get("/ledger", response_model=browse.LedgerPage, summary="Every undertaking with where it stands")
def get_ledger(request: Request, _: Reader, party: Party = None, domain: Domain | None = None, status: LedgerStatus | None = None,
               overdue: bool = False, due_within: Annotated[int | None, Query(ge=0, le=100_000)] = None,
               offset: Offset = 0, limit: Limit = browse.DEFAULT_LIMIT) -> browse.LedgerPage:
    return browse.ledger(store_of(request), party=party, domain=domain, status=status, overdue=overdue, due_within=due_within,
                         offset=offset, limit=limit)


@router.get("/ledger/history/{ref}", response_model=list[browse.EntryView], responses=NOT_FOUND, summary="Every entry about the undertaking REF names")
def get_history(request: Request, _: Reader, ref: str) -> list[browse.EntryView]:
    return browse.history_of(store_of(request), ref)


# --- writes -----------------------------------------------------------------------------------


class AssessmentIn(BaseModel):
    ref: str = Field(max_length=200, description="A commitment (DOC:OFFSET) or a thread id.")
    status: Literal[STATUSES]  # type: ignore[valid-type]
    evidence_date: dt.date
    evidence_url: str = Field(max_length=4000)
    quote: str = Field(max_length=20000)
    note: str | None = Field(default=None, max_length=20000)
    superseded_by: str | None = Field(default=None, max_length=200)


class RetractionIn(BaseModel):
    note: str = Field(max_length=20000)


class CorrectionIn(BaseModel):
    ref: str = Field(max_length=200, description="A unit: DOC:OFFSET.")
    label: Literal["commitment", "other"]
    kind: Literal["new", "reaffirmed"] | None = None
    actors: list[Annotated[str, Field(max_length=64)]] | None = Field(default=None, max_length=50)
    domain: Domain | None = None
    mechanisms: list[Annotated[str, Field(max_length=300)]] | None = Field(default=None, max_length=50)
    note: str | None = Field(default=None, max_length=20000)


class MergeIn(BaseModel):
    action: Literal["merge"]
    doc_a: str = Field(max_length=200, description="A document (id, id prefix, file name or title).")
    doc_b: str = Field(max_length=200, description="The document whose meeting DOC_A's joins.")


class SplitIn(BaseModel):
    action: Literal["split"]
    doc_a: str = Field(max_length=200, description="The document to give a meeting of its own.")


# A merge names two documents, a split one: the schema says so, so a merge without doc_b is a 422.
MeetingEditIn = Annotated[MergeIn | SplitIn, Field(discriminator="action")]


class MeetingEditOut(BaseModel):
    meetings: int
    threads: int


@router.post("/ledger/entries", response_model=LedgerEntry, status_code=201, responses=WRITE, summary="Record an assessment (editors)")
def post_assessment(request: Request, account: Editor, body: AssessmentIn) -> LedgerEntry:
    return assessments.record_assessment(store_of(request), body.ref, status=body.status, evidence_date=body.evidence_date,
                                         evidence_url=body.evidence_url, quote=body.quote, note=body.note, by=account.name,
                                         superseded_by=body.superseded_by)


@router.post("/ledger/entries/{entry_id}/retraction", response_model=LedgerEntry, status_code=201, responses=WRITE, summary="Retract an entry (editors)")
def post_retraction(request: Request, account: Editor, entry_id: str, body: RetractionIn) -> LedgerEntry:
    return assessments.retract(store_of(request), entry_id, note=body.note, by=account.name)


@router.post("/corrections", response_model=Correction, status_code=201, responses=WRITE, summary="Correct the extractor on one unit (editors)")
def post_correction(request: Request, account: Editor, body: CorrectionIn) -> Correction:
    return assessments.correct(store_of(request), body.ref, label=body.label, kind=body.kind, actors=body.actors, domain=body.domain,
                               mechanisms=body.mechanisms, note=body.note, by=account.name)


@router.get("/corrections", response_model=list[Correction])
def get_corrections(request: Request, _: Reader) -> list[Correction]:
    return assessments.corrections_list(store_of(request))


@router.post("/meetings/edits", response_model=MeetingEditOut, status_code=201, responses=WRITE | AMBIGUOUS, summary="Merge or split meetings (admins)")
def post_meeting_edit(request: Request, _: Admin, body: MeetingEditIn) -> MeetingEditOut:
    result = edit_meetings(store_of(request), body.action, body.doc_a, body.doc_b if isinstance(body, MergeIn) else None)
    return MeetingEditOut(meetings=len(result.meetings), threads=len(result.threads))
