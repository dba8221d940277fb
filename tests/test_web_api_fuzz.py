"""The HTTP API fuzzed with schemathesis: requests generated from its own OpenAPI schema (boundary
values of every parameter, then random ones, valid and invalid) sent in-process to the app on a
throw-away copy of the web test database. Every answer must be documented: no 5xx, only status
codes the schema lists, bodies that match their response models, invalid data refused with a 4xx.

Random strings rarely name a stored document, so the generated path parameters, the diff's
sides and the write bodies' references are now and then swapped for real ones (a Hypothesis
strategy, so it stays deterministic and shrinks): the writes then really reach the library.
Bounded and deterministic (a fixed number of examples, derandomized, no example database).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import schemathesis
from hypothesis import strategies as st

from pledgewatch import assessments, browse
from pledgewatch.store import Store
from pledgewatch.web import create_app

from .ledger_helpers import copy_db
from .web_helpers import web_db_sqlite  # noqa: F401

EDITOR_EXAMPLES = 12  # per operation, in the random phase (after the boundary values of the coverage phase)
VIEWER_EXAMPLES = 8  # the reads again with a viewer's token: random phase only
ADMIN_EXAMPLES = 10  # meeting edits with an admin's token (each one re-tracks the corpus)


def _config(examples: int, *, coverage: bool, writes: bool = False) -> schemathesis.Config:
    config: dict[str, Any] = {
        # The token is sent by each test, so the Authorization header is not one to generate (or break).
        "generation": {"max-examples": examples, "deterministic": True, "database": "none", "with-security-parameters": False},
        "phases": {"coverage": {"enabled": coverage}},
    }
    if writes:
        # A write's body can be valid for the schema and still be refused by the library (an evidence date in
        # the future, a URL that is not http(s)): a documented 400. Reads get no such leave. (An [[operations]]
        # entry also turns later .include() filters into no-ops, hence only on the schema that fuzzes everything.)
        config["operations"] = [{"include-method": "POST", "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]}}}]
    return schemathesis.Config.from_dict(config)


class _SchemaOnly:
    """The store of the app the schema is read from: it serves only /api/v1/openapi.json."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError("requests go to the fuzz_app fixture's app, not to the app the schema was read from")


# schemathesis.pytest.from_fixture sets pytest's removed Node._nodeid, so the schema is loaded at
# import from an app without a database; every request is sent to the fixture's app (app=…).
_schema_app = create_app(store=_SchemaOnly())
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _schema_app, config=_config(EDITOR_EXAMPLES, coverage=True, writes=True))
meeting_edits = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _schema_app,
                                               config=_config(ADMIN_EXAMPLES, coverage=True)).include(path="/api/v1/meetings/edits")
reads = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _schema_app,
                                       config=_config(VIEWER_EXAMPLES, coverage=False)).include(method="GET")

# Real names, filled by the fuzz_app fixture before any request is generated.
REAL: dict[str, list[Any]] = {}
# Which pool of REAL a generated parameter or body field may be swapped from.
PATH_POOLS = {"doc_id": "documents", "ref": "refs", "thread_id": "threads", "name": "mechanisms", "entry_id": "entries"}
QUERY_POOLS = {"a": "sides", "b": "sides"}
BODY_POOLS = {"ref": "refs", "superseded_by": "successors", "doc_a": "documents", "doc_b": "documents", "evidence_url": "urls"}


def _swap(values: Any, pools: dict[str, str]) -> st.SearchStrategy:
    """``values`` as generated, or with every pooled name in them swapped for a real one together
    (a real reference *and* an http URL, so a write can get through). Only strings of at most 200
    characters are swapped: the schema allows those already, so an invalid request stays invalid."""
    if not isinstance(values, dict):
        return st.just(values)
    keys = [k for k in pools if isinstance(values.get(k), str) and len(values[k]) <= 200 and REAL.get(pools[k])]
    if not keys:
        return st.just(values)
    real = st.fixed_dictionaries({k: st.sampled_from(REAL[pools[k]]) for k in keys}).map(lambda swapped: {**values, **swapped})
    return st.one_of(st.just(values), real)


def flatmap_path_parameters(context, path_parameters):
    return _swap(path_parameters, PATH_POOLS)


def flatmap_query(context, query):
    return _swap(query, QUERY_POOLS)


def flatmap_body(context, body):
    return _swap(body, BODY_POOLS)


for _hook in (flatmap_path_parameters, flatmap_query, flatmap_body):
    schema.hook(_hook)
    reads.hook(_hook)
    meeting_edits.hook(_hook)


@pytest.fixture(scope="module")
def fuzz_app(web_db_sqlite, tmp_path_factory):  # noqa: F811
    """The app on a copy of the web database only this module writes to, with two ledger entries
    (so retractions have something to take back) and the names REAL offers."""
    store = Store(copy_db(web_db_sqlite.path, tmp_path_factory.mktemp("fuzz") / "web.db"))
    c = browse.corpus(store)
    refs = [f"{m.doc_id}:{m.start}" for t in c.threads[:6] for m in t.members[-1:]]
    at = dt.datetime(2024, 1, 3, tzinfo=dt.timezone.utc)  # fixed, so the entries' ids are the same every run
    entries = [assessments.record_assessment(store, ref, status="in_progress", evidence_date=dt.date(2024, 1, 2),
                                             evidence_url="https://example.org/fuzz", quote="Work began.", by="fuzz-setup", now=at)
               for ref in refs[:2]]
    others = [r.ref for r in browse.review(store, limit=40) if r.label == "other"][:3]
    REAL.update(
        documents=[d.id for d in c.documents] + [c.documents[0].id[:6], c.documents[0].name],
        refs=refs + [t.id for t in c.threads[:3]] + others,
        threads=[t.id for t in c.threads[:5]],
        mechanisms=[m.id for m in c.mechanisms[:4]] + [c.mechanisms[0].name],
        entries=[e.entry_id for e in entries] + [entries[0].entry_id[:8]],
        sides=[m.id for m in c.meetings] + [d.id for d in c.documents[:2]],
        urls=["https://example.org/news/1", "http://example.org/a?b=c"],
        successors=[None, None, refs[-1]],  # mostly none: only a superseded status names one
    )
    yield create_app(store=store)
    REAL.clear()
    store.close()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
def test_every_route_with_an_editor_token(case, fuzz_app, web_db_sqlite) -> None:  # noqa: F811
    case.call_and_validate(app=fuzz_app, headers=_bearer(web_db_sqlite.tokens["editor"]))


@reads.parametrize()
def test_every_read_with_a_viewer_token(case, fuzz_app, web_db_sqlite) -> None:  # noqa: F811
    case.call_and_validate(app=fuzz_app, headers=_bearer(web_db_sqlite.tokens["viewer"]))


@meeting_edits.parametrize()
def test_meeting_edits_with_an_admin_token(case, fuzz_app, web_db_sqlite) -> None:  # noqa: F811
    case.call_and_validate(app=fuzz_app, headers=_bearer(web_db_sqlite.tokens["admin"]))


def _labels(s) -> list[str]:
    return [result.ok().label for result in s.get_all_operations()]


def test_each_schema_fuzzes_the_operations_it_names() -> None:
    """Every route is fuzzed with an editor's token; the viewer's and the admin's filters hold."""
    assert len(_labels(schema)) == 19
    assert sorted(_labels(reads)) == sorted(label for label in _labels(schema) if label.startswith("GET "))
    assert _labels(meeting_edits) == ["POST /api/v1/meetings/edits"]
