"""Opening a database that cannot be used — a server that cannot be reached, wrong credentials, a
database that does not exist or that the user may not create tables in, a schema from a newer
pledgewatch or someone else's tables — is one coded line naming the database with its password
hidden, exit 1, and nothing written. A server database without the schema gets it.
(PostgreSQL: the session's throw-away cluster; the schema cases on SQLite too.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, inspect, text

from pledgewatch.errors import DatabaseUnusable, SchemaUnknown, ServerUnreachable
from pledgewatch.store import Store, shown_url

from .pg_cluster import PASSWORD, PASSWORD_ROLE

pytestmark = pytest.mark.backends
SECRET = "s3cr3t-Pa55word"


@pytest.fixture
def pg(postgres):
    return postgres.server()  # skips, and says so at the end, when PostgreSQL cannot be started


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once it is closed


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("PLEDGEWATCH_DB", None)
    return subprocess.run([sys.executable, "-m", "pledgewatch", *args], capture_output=True, text=True, env=env, timeout=120)


def _one_coded_line(proc: subprocess.CompletedProcess, code: str, shown: str) -> str:
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{code}: {shown}: ") and "Traceback" not in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr and PASSWORD not in proc.stdout + proc.stderr
    return lines[0]


def test_store_server_that_cannot_be_reached_is_one_line_exit_1(pg):
    url = f"postgresql://someone:{SECRET}@127.0.0.1:{_closed_port()}/pledgewatch"
    shown = shown_url(url.replace("postgresql://", "postgresql+psycopg://"))
    assert "***" in shown and SECRET not in shown
    for command in (["docs"], ["serve", "--port", "0"]):
        line = _one_coded_line(_cli(*command, "--db", url), "PW304", shown)
        assert "cannot connect" in line and "host, port, user, password" in line


def test_store_wrong_password_and_unknown_user_and_database_are_coded_errors(pg):
    wrong = pg.url("postgres", user=PASSWORD_ROLE, password=SECRET)
    line = _one_coded_line(_cli("docs", "--db", wrong), "PW304", shown_url(wrong))
    assert "password authentication failed" in line
    for url, words in ((pg.url("postgres", user="nobody_at_all"), "nobody_at_all"), (pg.url("no_such_database"), "no_such_database")):
        with pytest.raises(ServerUnreachable) as info:
            Store(url)
        assert info.value.code == "PW304" and words in str(info.value) and str(info.value).count("\n") == 0


def test_store_the_right_password_opens_a_database_without_the_schema_and_makes_it(pg, postgres):
    name, _ = postgres.create("fresh")
    try:
        postgres.admin(f'ALTER DATABASE "{name}" OWNER TO {PASSWORD_ROLE}')
        with Store(pg.url(name, user=PASSWORD_ROLE, password=PASSWORD)) as store:
            assert store.row_counts() == {"documents": 0, "sources": 0, "units": 0, "commitments": 0}
            assert {"documents", "ledger_entries", "accounts"} <= set(inspect(store.engine).get_table_names())
            assert PASSWORD not in repr(store.engine.url)
    finally:
        postgres.drop(name)


def test_store_user_who_may_not_create_tables_gets_a_coded_error_and_nothing_is_written(pg, postgres):
    name, _ = postgres.create("not_theirs")  # owned by the superuser; since PostgreSQL 15 others may not create in `public`
    try:
        postgres.admin(f'GRANT CONNECT ON DATABASE "{name}" TO {PASSWORD_ROLE}')
        with pytest.raises(DatabaseUnusable) as info:
            Store(pg.url(name, user=PASSWORD_ROLE, password=PASSWORD))
        assert info.value.code == "PW303" and "permission denied" in str(info.value) and PASSWORD not in str(info.value)
        engine = create_engine(pg.url(name))
        assert inspect(engine).get_table_names() == []  # the migration was rolled back whole
        engine.dispose()
    finally:
        postgres.drop(name)


def test_store_schema_from_a_newer_pledgewatch_is_refused_and_left_alone(blank_db_url):
    engine = create_engine(blank_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0099')"))
    with pytest.raises(SchemaUnknown) as info:
        Store(blank_db_url)
    message = str(info.value)
    assert info.value.code == "PW305" and "0099" in message and "0008" in message and shown_url(blank_db_url) in message
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0099"
    engine.dispose()


def test_store_someone_elses_tables_are_refused_and_nothing_is_half_written(blank_db_url):
    engine = create_engine(blank_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE documents (name TEXT)"))
        conn.execute(text("INSERT INTO documents VALUES ('theirs')"))
    with pytest.raises(DatabaseUnusable) as info:
        Store(blank_db_url)
    assert info.value.code == "PW303" and str(info.value).count("\n") == 0
    if engine.dialect.name == "postgresql":  # DDL is transactional there: nothing of the migration stays
        assert set(inspect(engine).get_table_names()) == {"documents"}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM documents")).scalars().all() == ["theirs"]
    engine.dispose()


def test_store_url_pledgewatch_cannot_use_is_a_coded_error():
    for url in ("nosuchdriver://x/y", "postgresql+nosuchdriver://u@h/db"):
        with pytest.raises(DatabaseUnusable) as info:
            Store(url)
        assert info.value.code == "PW303" and "not a database URL" in str(info.value)


def _open(url: str, start, out) -> None:
    start.wait()
    try:
        with Store(url) as store:
            out.put(store.row_counts()["documents"])
    except Exception as err:  # noqa: BLE001  (reported to the test)
        out.put(repr(err))


@pytest.mark.postgresql_only  # the server migrates in transactions; SQLite's first opening is one process's
def test_store_processes_opening_a_new_server_database_at_once_all_get_the_schema(blank_db_url):
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_open, args=(blank_db_url, start, out)) for _ in range(3)]
    for p in procs:
        p.start()
    answers = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert answers == [0, 0, 0]
    engine = create_engine(blank_db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0008"]
    engine.dispose()
