"""The store: the only module that talks SQL.

``Store(url)`` opens (and migrates, with Alembic) a SQLite file or a
PostgreSQL database (``postgresql://user:password@host:port/name``, through
psycopg 3). Each document is written in one transaction, so an interrupted
ingest leaves every document either wholly stored or absent. A database that
cannot be opened is a coded error naming it, its password hidden.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Select, and_, create_engine, event, exc, func, or_, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import AmbiguousDocument, DatabaseUnusable, DocumentNotFound, SchemaUnknown, ServerUnreachable, StoreError
from ..ingest import near_duplicates as nd
from ..model import NO_DATE, Block, Document, DocumentWarning, Provenance, Source, Unit
from . import search as search_module
from .schema import commitments as commitments_table  # `commitments` is this package's submodule
from .schema import corrections, doc_bands, documents, ledger_entries, meeting_edits, sources, store_meta, units

DEFAULT_DB = "pledgewatch.db"
MIGRATIONS = Path(__file__).with_name("migrations")
FINGERPRINT_SCHEME = "fingerprint_scheme"  # the store_meta key (written first by migration 0004)


# A server URL without a driver gets the one pledgewatch installs (psycopg 3).
DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
CONNECT_TIMEOUT_S = 10  # an unreachable server is an error after this long, not a hang


def database_url(db: str | None = None) -> str:
    """``--db`` value, else ``PLEDGEWATCH_DB``, else ./pledgewatch.db; paths become SQLite URLs,
    ``postgresql://`` (or ``postgres://``) URLs name psycopg as their driver."""
    value = db or os.environ.get("PLEDGEWATCH_DB") or DEFAULT_DB
    if "://" in value:
        scheme, _, rest = value.partition("://")
        return f"{DRIVERS.get(scheme.lower(), scheme)}://{rest}"
    return f"sqlite:///{Path(value).expanduser()}"


def shown_url(url: str) -> str:
    """The URL as errors may show it: the password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        scheme, sep, rest = url.partition("://")
        user, at, host = rest.rpartition("@")
        return f"{scheme}{sep}{user.split(':')[0] + ':***' if ':' in user else user}{at}{host}"


def _reason(err: BaseException, url: str) -> str:
    """The first line of what the driver said, without the password (should a driver repeat it)."""
    text = str(getattr(err, "orig", None) or err).strip().splitlines()
    reason = text[0] if text else type(err).__name__
    try:
        password = make_url(url).password
    except exc.ArgumentError:
        password = None
    return reason.replace(str(password), "***") if password else reason


@dataclass(frozen=True)
class AddResult:
    status: str  # added | present | duplicate | near_duplicate
    doc_id: str
    similarity: float | None = None


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    name: str
    title: str | None
    date: dt.date | None
    doc_type: str
    parties: tuple[str, ...]
    units: int
    sources: int
    source_url: str | None


# A server answers up to 40 requests at once (anyio's worker threads), each holding a connection:
# with SQLAlchemy's default pool (5, overflow 10) the others waited, and every connection past
# the fifth was opened and closed again per request. SQLite connections to a file are cheap to
# keep; other databases keep the defaults (their servers limit connections).
SQLITE_POOL = {"pool_size": 40, "max_overflow": 20}


def _pool_options(url: str) -> dict[str, Any]:
    parsed = make_url(url)
    in_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") and not parsed.database.startswith("file:")
    return SQLITE_POOL if in_file else {}


SQLITE_BUSY_TIMEOUT_MS = 60_000  # a writer waits this long for another process's write (a long ingest or re-tracking) before failing


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _lookups_without_nul(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> tuple[str, Any]:
    """PostgreSQL refuses a NUL character in text; nothing pledgewatch stores holds one (ingest refuses
    them, people's words have control characters replaced), so a NUL can only reach a lookup (an
    address, a filter typed into the web app), where U+FFFD finds the same nothing SQLite finds.
    Writes are left as they are: a NUL there is a bug to hear about."""
    if context is not None and (context.isinsert or context.isupdate):
        return statement, parameters

    def clean(value: Any) -> Any:
        return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value

    if isinstance(parameters, dict):
        return statement, {k: clean(v) for k, v in parameters.items()}
    if isinstance(parameters, (list, tuple)) and not executemany:
        return statement, type(parameters)(clean(v) for v in parameters)
    return statement, parameters


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Store:
    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        where = shown_url(self.url)
        try:
            parsed = make_url(self.url)
            server = parsed.get_backend_name() != "sqlite"
            options: dict[str, Any] = {"pool_pre_ping": True} if server else _pool_options(self.url)
            if parsed.get_backend_name() == "postgresql":
                args: dict[str, Any] = {}
                if "connect_timeout" not in parsed.query:
                    args["connect_timeout"] = CONNECT_TIMEOUT_S
                if "options" not in parsed.query:  # a writer waits for another's lock as long as on SQLite, then fails
                    args["options"] = f"-c lock_timeout={SQLITE_BUSY_TIMEOUT_MS}"
                options["connect_args"] = args
            self.engine: Engine = create_engine(parsed, **options)
        except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as err:
            raise DatabaseUnusable(f"not a database URL pledgewatch can use ({_reason(err, self.url)})", path=where,
                                   hint="give --db a file path, or a URL such as postgresql://user:password@host:5432/name") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        elif self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "before_cursor_execute", _lookups_without_nul, retval=True)
        try:
            if server:
                try:  # a server that cannot be reached, refuses the login or has no such database
                    self.engine.connect().close()
                except exc.DBAPIError as err:
                    raise ServerUnreachable(f"cannot connect to the database ({_reason(err, self.url)})", path=where) from None
            self._upgrade_once_more_if_raced()
        except (exc.DatabaseError, exc.OperationalError) as err:
            # not a database, a read-only or missing folder, a schema pledgewatch did not make …
            self.engine.dispose()
            raise DatabaseUnusable(f"cannot open the database ({_reason(err, self.url)})", path=where) from None
        except SchemaUnknown as err:
            self.engine.dispose()
            err.path = where
            raise

    def _upgrade_once_more_if_raced(self) -> None:
        """Two processes opening a new database at once both migrate it: the second's
        transaction fails on the tables the first made (and leaves nothing); once the first
        has committed, the second finds the schema current."""
        try:
            self.upgrade()
        except (IntegrityError, exc.ProgrammingError):
            self.upgrade()

    # -- schema ---------------------------------------------------------
    def _migrations(self) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        return cfg

    def upgrade(self) -> None:
        """Migrate to the newest schema in one transaction (all of it or nothing); a database
        at a revision this code has no migration for is ``SchemaUnknown`` and left alone."""
        cfg = self._migrations()
        known = {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
        with self.engine.begin() as conn:
            current = MigrationContext.configure(conn).get_current_heads()
            unknown = [r for r in current if r not in known]
            if unknown:
                raise SchemaUnknown(f"the database's schema is at revision {', '.join(unknown)}, newer than this pledgewatch "
                                    f"knows (up to {ScriptDirectory.from_config(cfg).get_current_head()})")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        self._refresh_fingerprints()

    def _refresh_fingerprints(self) -> None:
        """Rebuild near-duplicate fingerprints made under another MinHash scheme.

        ``store_meta`` records the ``near_duplicates.FINGERPRINT_VERSION`` the
        stored fingerprints were made with; when the code's differs, they are
        recomputed from the stored texts in one transaction and the record updated.
        """
        current = str(nd.FINGERPRINT_VERSION)
        with self.engine.connect() as conn:
            stored = conn.execute(select(store_meta.c.value).where(store_meta.c.key == FINGERPRINT_SCHEME)).scalar_one()
        if stored == current:
            return
        with self.engine.begin() as conn:
            # The record is claimed first: another process opening the store
            # meanwhile waits for this transaction, then finds nothing to do.
            claimed = conn.execute(
                store_meta.update().where(store_meta.c.key == FINGERPRINT_SCHEME, store_meta.c.value == stored).values(value=current)
            ).rowcount
            if not claimed:
                return
            conn.execute(doc_bands.delete())
            for doc_id, text in conn.execute(select(documents.c.id, documents.c.text)).all():
                fp = nd.fingerprint(text)
                conn.execute(documents.update().where(documents.c.id == doc_id).values(minhash=nd.to_bytes(fp)))
                conn.execute(doc_bands.insert(), [{"band": b, "key": k, "doc_id": doc_id} for b, k in nd.band_keys(fp)])

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------
    def source_known(self, raw_sha256: str) -> str | None:
        """The document a file with these exact bytes was stored as, if any."""
        with self.engine.connect() as conn:
            return conn.execute(select(sources.c.doc_id).where(sources.c.sha256 == raw_sha256).limit(1)).scalar()

    def add_document(self, doc: Document, doc_units: list[Unit], *, extra: Any = None) -> AddResult:
        """Store a document once; a repeat or a near-duplicate only adds its source.

        ``extra`` is a callable ``(conn, doc_id)`` run in the same transaction
        (later stages store their records with it). When another process stores the same
        document between the look and the write, the write fails whole and the look is
        made again (it then finds the document stored).
        """
        try:
            try:
                return self._add_document(doc, doc_units, extra)
            except IntegrityError:
                return self._add_document(doc, doc_units, extra)
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the document ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})",
                             path=doc.sources[0].path, hint="check that the database is writable and not locked by another program") from None

    def add_documents(self, items: list[tuple[Document, list[Unit], Any]]) -> list[AddResult]:
        """``add_document`` for several documents in one transaction (a batch of a big ingest:
        one commit instead of one per document). All or none: when the database refuses one,
        nothing of the batch is stored and the error is raised (the caller can add them one by one)."""
        try:
            with self.engine.begin() as conn:
                return [self._add_in(conn, doc, doc_units, extra) for doc, doc_units, extra in items]
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused a batch of documents ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})",
                             hint="check that the database is writable and not locked by another program") from None

    def _add_document(self, doc: Document, doc_units: list[Unit], extra: Any) -> AddResult:
        with self.engine.begin() as conn:
            return self._add_in(conn, doc, doc_units, extra)

    def _add_in(self, conn: Connection, doc: Document, doc_units: list[Unit], extra: Any) -> AddResult:
        source = doc.sources[0]
        if True:
            known = conn.execute(select(sources.c.doc_id).where(sources.c.sha256 == source.sha256).limit(1)).scalar()
            if known:
                return AddResult("present", known)
            same = conn.execute(select(documents.c.id).where(documents.c.sha256 == doc.sha256)).scalar()
            if same:
                self._insert_source(conn, same, source, None)
                self._merge_metadata(conn, same, doc)
                return AddResult("duplicate", same, 1.0)
            fp = nd.fingerprint(doc.text)
            near = self._near_duplicate(conn, fp, doc)
            if near:
                self._insert_source(conn, near[0], source, near[1])
                self._merge_metadata(conn, near[0], doc)
                return AddResult("near_duplicate", near[0], near[1])
            conn.execute(documents.insert().values(**_document_row(doc), minhash=nd.to_bytes(fp), ingested_at=_now()))
            self._insert_source(conn, doc.id, source, None)
            conn.execute(doc_bands.insert(), [{"band": b, "key": k, "doc_id": doc.id} for b, k in nd.band_keys(fp)])
            if doc_units:
                conn.execute(units.insert(), [_unit_row(u) for u in doc_units])
            if extra is not None:
                extra(conn, doc.id)
            return AddResult("added", doc.id)

    def _insert_source(self, conn: Connection, doc_id: str, source: Source, similarity: float | None) -> None:
        conn.execute(
            sources.insert().values(
                doc_id=doc_id, name=source.name, path=source.path, format=source.format, encoding=source.encoding,
                sha256=source.sha256, size=source.size, url=source.url, similarity=similarity, added_at=_now(),
            )
        )

    def _merge_metadata(self, conn: Connection, doc_id: str, doc: Document) -> None:
        """A second source may know more (a repost first, the official page later):
        each metadata field takes the value with the stronger provenance. The
        text, and so every offset, stays the first source's."""
        row = conn.execute(select(documents).where(documents.c.id == doc_id)).mappings().one()
        provenance = dict(row["provenance"] or {})
        values = {"title": doc.title, "date": doc.date, "doc_type": doc.doc_type, "parties": list(doc.parties), "source_url": doc.source_url}
        changes: dict[str, Any] = {}
        for field, value in values.items():
            new = doc.provenance.get(field)
            old = provenance.get(field)
            if new is None or value in (None, [], ""):
                continue
            if old is None or new.confidence > float(old.get("confidence", 0.0)):
                changes[field] = value
                provenance[field] = {"source": new.source, "confidence": new.confidence, "evidence": f"{new.evidence} (from {doc.sources[0].name})"}
        if changes:
            if "date" in changes:
                changes["warnings"] = [w for w in row["warnings"] or [] if w["code"] != NO_DATE]
            conn.execute(documents.update().where(documents.c.id == doc_id).values(**changes, provenance=provenance))

    def _near_duplicate(self, conn: Connection, fp: Any, doc: Document) -> tuple[str, float] | None:
        # one query for every band, one for the candidates' signatures
        candidates = set(conn.execute(band_candidates_query(nd.band_keys(fp))).scalars())
        if not candidates:
            return None
        signatures = dict(conn.execute(select(documents.c.id, documents.c.minhash).where(documents.c.id.in_(candidates))).all())
        best: tuple[str, float] | None = None
        for cand in sorted(candidates):
            raw = signatures.get(cand)
            if raw is None:
                continue
            sim = nd.similarity(fp, nd.from_bytes(raw))
            if sim >= nd.THRESHOLD and (best is None or sim > best[1]):
                best = (cand, round(sim, 3))
        return best

    # -- reading ----------------------------------------------------------
    def resolve(self, ref: str) -> str:
        """A document id, id prefix, file name or title → the document id."""
        with self.engine.connect() as conn:
            if conn.execute(select(documents.c.id).where(documents.c.id == ref)).scalar():
                return ref
            ids = set(conn.execute(select(documents.c.id).where(documents.c.id.istartswith(ref, autoescape=True))).scalars()) if len(ref) >= 4 else set()
            if not ids:
                ids = set(conn.execute(select(sources.c.doc_id).where((sources.c.name == ref) | (sources.c.path == ref))).scalars())
            if not ids:
                ids = set(conn.execute(select(documents.c.id).where(func.lower(documents.c.title) == ref.lower())).scalars())
            if not ids and len(ref) >= 3:  # the start of a file name: "004" for "004_7f03….txt"
                ids = set(conn.execute(select(sources.c.doc_id).where(sources.c.name.istartswith(ref, autoescape=True))).scalars())
        if not ids:
            raise DocumentNotFound(f"no document matches '{ref}'")
        if len(ids) > 1:
            raise AmbiguousDocument(f"'{ref}' matches {len(ids)} documents: {', '.join(sorted(ids)[:5])}")
        return ids.pop()

    def documents(self) -> list[DocumentSummary]:
        unit_counts = select(units.c.doc_id, func.count().label("n")).group_by(units.c.doc_id).subquery()
        source_counts = select(sources.c.doc_id, func.count().label("n"), func.min(sources.c.id).label("first")).group_by(sources.c.doc_id).subquery()
        q = (
            select(documents.c.id, documents.c.title, documents.c.date, documents.c.doc_type, documents.c.parties,
                   documents.c.source_url, func.coalesce(unit_counts.c.n, 0), source_counts.c.n, sources.c.name)
            .join(unit_counts, unit_counts.c.doc_id == documents.c.id, isouter=True)
            .join(source_counts, source_counts.c.doc_id == documents.c.id)
            .join(sources, sources.c.id == source_counts.c.first)
        )
        with self.engine.connect() as conn:
            found = [DocumentSummary(r[0], r[8], r[1], r[2], r[3], tuple(r[4]), r[6], r[7], r[5]) for r in conn.execute(q)]
        # by date, undated last, then file name by code point: a server's collation would order names its own way
        return sorted(found, key=lambda d: (d.date is None, d.date or dt.date.min, d.name, d.id))

    def document(self, ref: str) -> Document:
        doc_id = self.resolve(ref)
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).mappings().one()
            srcs = conn.execute(select(sources).where(sources.c.doc_id == doc_id).order_by(sources.c.id)).mappings().all()
        return _document_from_row(row, srcs)

    def sources_of(self, doc_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(sources).where(sources.c.doc_id == doc_id).order_by(sources.c.id)).mappings()]

    def units(self, doc_id: str) -> list[Unit]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(units).where(units.c.doc_id == doc_id).order_by(units.c.idx)).mappings().all()
        return [Unit(r["doc_id"], r["idx"], r["start"], r["end"], r["text"], r["kind"], r["section"], r["lead_in"]) for r in rows]

    def unit_at(self, doc_id: str, offset: int) -> Unit | None:
        """The unit of a document that holds a character offset (any inside it; an empty unit at its start), or None."""
        if not 0 <= offset < 2**62:  # beyond what a column holds: no unit
            return None
        q = (select(units).where(units.c.doc_id == doc_id, units.c.start <= offset, or_(units.c.end > offset, units.c.start == offset))
             .order_by(units.c.idx).limit(1))
        with self.engine.connect() as conn:
            r = conn.execute(q).mappings().first()
        return Unit(r["doc_id"], r["idx"], r["start"], r["end"], r["text"], r["kind"], r["section"], r["lead_in"]) if r else None

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[search_module.SearchHit]:
        with self.engine.connect() as conn:
            return search_module.search_units(conn, query, limit, offset=offset)

    def count_matches(self, query: str) -> int:
        with self.engine.connect() as conn:
            return search_module.count_matches(conn, query)

    def row_counts(self) -> dict[str, int]:
        """How many documents, sources, units and commitments are stored."""
        with self.engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in (documents, sources, units, commitments_table)}

    def revisions(self) -> tuple[str, str]:
        """Two cheap tokens that change whenever what readers see changes: the corpus's
        (documents, their sources, the stored labels, meeting edits, the tracking computed)
        and the ledger's (entries, corrections). One query; a reader caches what it built
        from the store under them (the web app does, at every request)."""
        with self.engine.connect() as conn:
            row = conn.execute(_revisions_query()).one()
        return "/".join(str(v) for v in row[:5]), "/".join(str(v) for v in row[5:])

    def own_files(self) -> frozenset[Path]:
        """The files this store keeps on disk (an SQLite database and its journal/WAL
        files), resolved; empty for a database server. Ingest skips them."""
        if self.engine.dialect.name != "sqlite" or not self.engine.url.database or self.engine.url.database == ":memory:":
            return frozenset()
        main = Path(self.engine.url.database).expanduser().resolve()
        return frozenset(main.with_name(main.name + suffix) for suffix in ("", "-wal", "-shm", "-journal"))

    def connect(self) -> Connection:
        """A connection for the store's own sub-modules (commitments, tracking)."""
        return self.engine.connect()


@cache
def _revisions_query() -> Select[Any]:
    """``Store.revisions``' query, built once (building it took longer than running it)."""
    def meta(key: str) -> Any:
        return select(store_meta.c.value).where(store_meta.c.key == key).scalar_subquery()

    def count(table: Any) -> Any:
        # rows are only ever added to these tables: their number changes with every commit. Not the
        # largest id: a server hands ids out at insert, so a later commit may bring a smaller one.
        return select(func.count()).select_from(table).scalar_subquery()

    return select(
        count(documents), count(sources), meta("commitments_revision"), meta("tracking_fingerprint"),
        count(meeting_edits), count(ledger_entries), count(corrections),
    )


def band_candidates_query(keys: Any) -> Select[Any]:
    """The documents sharing one of the ``(band, key)`` pairs. Written as an OR of
    equalities, each an index search: SQLite answers the row-value form
    ``(band, key) IN (VALUES …)`` by scanning the whole table, which made every
    ingest slower than the one before."""
    return select(doc_bands.c.doc_id).where(or_(*(and_(doc_bands.c.band == b, doc_bands.c.key == k) for b, k in keys)))


def _document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "sha256": doc.sha256,
        "title": doc.title,
        "date": doc.date,
        "doc_type": doc.doc_type,
        "parties": list(doc.parties),
        "source_url": doc.source_url,
        "text": doc.text,
        "blocks": [[b.kind, b.start, b.end] for b in doc.blocks],
        "provenance": {k: {"source": v.source, "confidence": v.confidence, "evidence": v.evidence} for k, v in doc.provenance.items()},
        "tags": list(doc.tags),
        "warnings": [{"text": str(w), "code": getattr(w, "code", None)} for w in doc.warnings],
    }


def _unit_row(u: Unit) -> dict[str, Any]:
    return {"doc_id": u.doc_id, "idx": u.index, "start": u.start, "end": u.end, "text": u.text, "kind": u.kind, "section": u.section, "lead_in": u.lead_in}


def _document_from_row(row: Any, srcs: Any) -> Document:
    return Document(
        id=row["id"],
        text=row["text"],
        sha256=row["sha256"],
        title=row["title"],
        date=row["date"],
        doc_type=row["doc_type"],
        parties=tuple(row["parties"]),
        source_url=row["source_url"],
        blocks=tuple(Block(k, s, e) for k, s, e in row["blocks"]),
        sources=tuple(Source(s["name"], s["path"], s["format"], s["encoding"], s["sha256"], s["size"], s["url"]) for s in srcs),
        provenance={k: Provenance(v["source"], v["confidence"], v["evidence"]) for k, v in row["provenance"].items()},
        tags=tuple(row["tags"]),
        warnings=tuple(DocumentWarning(w["text"], w["code"]) for w in row["warnings"]),
    )
