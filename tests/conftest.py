"""Shared fixtures: the bundled corpus, the gold labels beside the project, a fresh store on each backend.

A test module marked ``pytestmark = pytest.mark.backends`` runs each of its tests that
use a database fixture (``db_url``, ``new_db``, ``backend`` and those built on them;
not those marked ``sqlite_only``) twice: on SQLite (a file in tmp_path) and on PostgreSQL (a fresh database in a
throw-away cluster this session starts, ``tests/pg_cluster.py``, and stops at its
end). Other tests use SQLite only. ``--backend sqlite`` or ``--backend postgresql``
keeps one. Where PostgreSQL cannot be started, its tests are skipped and the run's
summary says so in capitals.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from . import pg_cluster

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "pledgewatch" / "data" / "corpus"
GOLD = Path(os.environ.get("PLEDGEWATCH_GOLD", ROOT.parent / "shared" / "gold"))
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backend", choices=(*BACKENDS, "both"), default="both",
                     help="the databases tests marked `backends` run on (default: both)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends: run the test's database fixtures on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: in a `backends` module, a test of SQLite itself (FTS5, its files, its locks)")
    config.addinivalue_line("markers", "postgresql_only: in a `backends` module, a test of the server itself (its locks, its roles)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    node = metafunc.definition
    if "backend" not in metafunc.fixturenames or not node.get_closest_marker("backends") or node.get_closest_marker("sqlite_only"):
        return
    chosen = metafunc.config.getoption("--backend")
    names = [b for b in BACKENDS if chosen in ("both", b)]
    if node.get_closest_marker("postgresql_only"):
        names = [b for b in names if b == "postgresql"]
    metafunc.parametrize("backend", names, indirect=True)


# --- the throw-away PostgreSQL cluster -------------------------------------------------------


class Postgres:
    """The session's cluster, started the first time a test asks for it; databases made from it."""

    def __init__(self) -> None:
        self.cluster: pg_cluster.Cluster | None = None
        self.unavailable: str | None = None
        self._names = itertools.count()
        self.skipped = 0

    def server(self) -> pg_cluster.Cluster:
        if self.cluster is None and self.unavailable is None:
            try:
                self.cluster = pg_cluster.start()
                atexit.register(self.cluster.stop)  # also when the session ends abnormally
            except pg_cluster.Unavailable as err:
                self.unavailable = str(err)
        if self.cluster is None:
            self.skipped += 1
            pytest.skip(f"PostgreSQL unavailable: {self.unavailable}")
        return self.cluster

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server().url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(sql)

    def create(self, prefix: str = "t", template: str | None = None) -> tuple[str, str]:
        """A new database (empty, or a copy of ``template``): its name and URL."""
        name = f"{prefix}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name, self.server().url(name)

    def drop(self, name: str) -> None:
        if self.cluster is not None:
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


_POSTGRES = Postgres()


@pytest.fixture(scope="session")
def postgres():
    yield _POSTGRES
    _POSTGRES.stop()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _POSTGRES.unavailable:
        terminalreporter.write_sep("!", "POSTGRESQL UNAVAILABLE", red=True, bold=True)
        terminalreporter.write_line(f"{_POSTGRES.skipped} PostgreSQL test(s) SKIPPED, only SQLite was tested: {_POSTGRES.unavailable}",
                                    red=True, bold=True)
    elif _POSTGRES.cluster is not None:
        c = _POSTGRES.cluster
        terminalreporter.write_line(f"PostgreSQL {c.version}: a throw-away cluster on 127.0.0.1:{c.port} ({c.bin_dir}), stopped and removed")


# --- databases on either backend --------------------------------------------------------------


class Templates:
    """Databases built once per session and backend (the sample corpus ingested and tracked …)
    and copied for each test: a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL."""

    def __init__(self, postgres: Postgres, folder: Path):
        self.postgres, self.folder, self.built = postgres, folder, {}

    def get(self, kind: str, backend: str, build: Callable[[str], Any]) -> tuple[str, Any]:
        """The template of ``kind`` on ``backend`` (``build(url)`` fills a new one) and what build returned."""
        key = (kind, backend)
        if key not in self.built:
            if backend == "sqlite":
                source = str(self.folder / f"{kind}.db")
                url = f"sqlite:///{source}"
            else:
                source, url = self.postgres.create(f"template_{kind}")
            self.built[key] = (source, build(url))
        return self.built[key]


@pytest.fixture(scope="session")
def templates(postgres, tmp_path_factory) -> Templates:
    return Templates(postgres, tmp_path_factory.mktemp("templates"))


@pytest.fixture
def backend(request) -> str:
    name = getattr(request, "param", "sqlite")
    if name == "postgresql":
        request.getfixturevalue("postgres").server()  # skips (and says so at the end) when it cannot start
    return name


def _migrated(url: str) -> None:
    from pledgewatch.store import Store

    Store(url).close()


@pytest.fixture
def new_db(backend: str, postgres: Postgres, templates: Templates, tmp_path: Path):
    """``new_db(name, template=None, blank=False)`` → the URL of a new database on this test's
    backend: a copy of a template (a ``Templates`` source), or a database without tables (on
    PostgreSQL a copy of one already migrated, which a store opens without migrating; ``blank``:
    not even that); removed after the test."""
    made: list[str] = []

    def make(name: str = "test", template: str | None = None, blank: bool = False) -> str:
        if backend == "sqlite":
            path = next(p for i in itertools.count() if not (p := tmp_path / (f"{name}.db" if i == 0 else f"{name}_{i}.db")).exists())
            if template:
                for suffix in ("", "-wal", "-shm"):
                    if Path(f"{template}{suffix}").exists():
                        shutil.copy(f"{template}{suffix}", f"{path}{suffix}")
            return f"sqlite:///{path}"
        if template is None and not blank:
            template, _ = templates.get("migrated", backend, _migrated)
        db, url = postgres.create(name, template)
        made.append(db)
        return url

    yield make
    for db in made:
        postgres.drop(db)


@pytest.fixture
def db_url(new_db) -> str:
    """A new database for a store (empty of data; on PostgreSQL its schema made already)."""
    return new_db()


@pytest.fixture
def blank_db_url(new_db) -> str:
    """A new database without a single table, on every backend."""
    return new_db("blank", blank=True)


@pytest.fixture
def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.fail(f"gold labels not found at {GOLD}; set PLEDGEWATCH_GOLD")
    return GOLD
