"""Accounts, roles, API tokens and web sessions (``pledgewatch.accounts`` over ``store.accounts``),
on real databases (SQLite and PostgreSQL): only hashes are stored, every refused case is refused, a role change and a
disabled account take effect at once, and migration 0007 keeps what a database held."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import re
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import Operations
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event, inspect, select

from pledgewatch import accounts
from pledgewatch.errors import AccountDisabled, AccountExists, BadAccountInput, UnknownAccount, UnknownToken
from pledgewatch.ingest import read_document
from pledgewatch.model import Correction, UnitAnchor
from pledgewatch.segment import segment
from pledgewatch.store import MIGRATIONS, Store
from pledgewatch.store.accounts import load_account, update_account
from pledgewatch.store.ledger import append_correction, load_corrections
from pledgewatch.store.schema import accounts as accounts_table
from pledgewatch.store.schema import api_tokens, web_sessions

UTC = dt.timezone.utc
PASSWORD = "Plum-Orchard-Quietly-47"  # distinctive: searched for in the database's bytes
DATA = Path(__file__).parent / "data" / "ingest"


pytestmark = pytest.mark.backends


@pytest.fixture
def store(db_url):
    with Store(db_url) as s:
        yield s


@pytest.fixture
def shared_store(db_url):
    """One store for all the examples of a hypothesis test (function-scoped fixtures are made once per test)."""
    with Store(db_url) as s:
        accounts.add_user(s, "prop", PASSWORD, "editor")
        yield s


def database_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, whatever SQLite has not checkpointed yet."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def stored_hash(store: Store, name: str) -> str:
    found = load_account(store.engine, name)
    assert found is not None
    return found.password_hash


def _downgrade(url: str, revision: str) -> None:
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


# --- roles ------------------------------------------------------------------------------------


def test_roles_each_allow_what_the_ones_before_allow():
    allowed = {(r, n) for r in accounts.ROLES for n in accounts.ROLES if accounts.role_allows(r, n)}
    assert allowed == {("viewer", "viewer"), ("editor", "viewer"), ("editor", "editor"),
                       ("admin", "viewer"), ("admin", "editor"), ("admin", "admin")}
    assert not any(accounts.role_allows(r, "viewer") for r in ("", "root", "Admin", "token:ci"))
    with pytest.raises(ValueError):
        accounts.role_allows("admin", "superuser")


# --- people's accounts ------------------------------------------------------------------------


def test_accounts_store_only_an_argon2id_hash_never_the_password(tmp_path):
    path = tmp_path / "bytes.db"
    with Store(f"sqlite:///{path}") as store:
        made = accounts.add_user(store, "ana", PASSWORD, "admin")
        assert made == accounts.Account("ana", "admin", True, made.created_at)
        assert made.created_at.tzinfo is not None and made.created_at.utcoffset() == dt.timedelta(0)
        hashed = stored_hash(store, "ana")
        assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
        assert PASSWORD.encode() not in database_bytes(path)  # while open: the write-ahead log too
        accounts.set_password(store, "ana", PASSWORD + "-2")
        assert accounts.authenticate(store, "ana", PASSWORD + "-2") == made
    raw = database_bytes(path)
    assert b"$argon2id$" in raw and PASSWORD.encode() not in raw
    with Store(f"sqlite:///{path}") as store:
        assert not any(hasattr(a, "password_hash") for a in accounts.list_users(store))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=st.text(min_size=8, max_size=40), other=st.text(min_size=8, max_size=40))
def test_accounts_any_password_round_trips_and_any_other_is_refused(shared_store, password, other):
    accounts.set_password(shared_store, "prop", password)
    assert accounts.authenticate(shared_store, "prop", password) == accounts.get_user(shared_store, "prop")
    if other != password:
        assert accounts.authenticate(shared_store, "prop", other) is None


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=70), password=st.text(max_size=40))
def test_accounts_authenticate_answers_none_for_anything_else_and_never_raises(shared_store, name, password):
    if name != "prop":
        assert accounts.authenticate(shared_store, name, password) is None


def test_accounts_bad_input_is_a_coded_error_that_never_repeats_the_password(store):
    cases = [("ana", "short", "viewer", "at least 8"), ("ana", "x" * 1025, "viewer", "at most 1024"),
             ("", PASSWORD, "viewer", "1–64"), ("a" * 65, PASSWORD, "viewer", "1–64"), ("an a", PASSWORD, "viewer", "1–64"),
             ("token:ci", PASSWORD, "viewer", "1–64"), ("anä", PASSWORD, "viewer", "1–64"), ("ana", PASSWORD, "root", "viewer, editor, admin"),
             ("ana", "\ud800" * 9, "viewer", "not text")]
    for name, password, role, said in cases:
        with pytest.raises(BadAccountInput) as info:
            accounts.add_user(store, name, password, role)
        message = str(info.value)
        assert info.value.code == "PW801" and said in message and "\n" not in message
        if password != "short":
            assert password not in message
    assert accounts.list_users(store) == []
    accounts.add_user(store, "ana", PASSWORD, "viewer")
    for name in ("ana", "ANA", "Ana"):
        with pytest.raises(AccountExists, match="PW802: an account named 'ana' exists already"):
            accounts.add_user(store, name, PASSWORD, "admin")
    assert [(a.name, a.role) for a in accounts.list_users(store)] == [("ana", "viewer")]
    for call in (lambda: accounts.set_role(store, "bob", "editor"), lambda: accounts.set_active(store, "bob", False),
                 lambda: accounts.set_password(store, "bob", PASSWORD), lambda: accounts.open_session(store, "bob")):
        with pytest.raises(UnknownAccount, match="PW803"):
            call()
    with pytest.raises(BadAccountInput):
        accounts.set_role(store, "ana", "owner")
    with pytest.raises(BadAccountInput):
        accounts.set_password(store, "ana", "2short")
    assert accounts.authenticate(store, "ana", PASSWORD) is not None  # the refused change changed nothing


def test_accounts_authenticate_refuses_unknown_disabled_and_wrong(store):
    accounts.add_user(store, "ana", PASSWORD, "editor")
    assert accounts.authenticate(store, "ana", PASSWORD).name == "ana"
    assert accounts.authenticate(store, "ana", PASSWORD.lower()) is None
    assert accounts.authenticate(store, "ANA", PASSWORD) is None  # names are exact
    assert accounts.authenticate(store, "bob", PASSWORD) is None
    accounts.set_active(store, "ana", False)
    assert accounts.authenticate(store, "ana", PASSWORD) is None
    assert accounts.get_user(store, "ana").active is False and [a.active for a in accounts.list_users(store)] == [False]
    accounts.set_active(store, "ana", True)
    assert accounts.authenticate(store, "ana", PASSWORD).active is True


class CountingHasher(PasswordHasher):
    """The real hasher, counting its checks."""

    verified = 0

    def verify(self, hash, password):  # noqa: A002 (argon2's name)
        CountingHasher.verified += 1
        return super().verify(hash, password)


def test_accounts_an_unknown_name_costs_one_argon2_check_like_a_wrong_password(store, monkeypatch):
    accounts.add_user(store, "ana", PASSWORD, "editor")
    monkeypatch.setattr(accounts, "_hasher", CountingHasher())
    for name in ("nobody", "ana", "bad name!"):
        before = CountingHasher.verified
        assert accounts.authenticate(store, name, "not the password") is None
        assert CountingHasher.verified == before + 1, name


def test_accounts_a_hash_with_older_parameters_is_replaced_at_login(store):
    accounts.add_user(store, "ana", PASSWORD, "editor")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    update_account(store.engine, "ana", now=dt.datetime.now(UTC), password_hash=weak)
    assert accounts._hasher.check_needs_rehash(weak)
    assert accounts.authenticate(store, "ana", "wrong password") is None and stored_hash(store, "ana") == weak  # only on success
    assert accounts.authenticate(store, "ana", PASSWORD) is not None
    renewed = stored_hash(store, "ana")
    assert renewed != weak and renewed.startswith("$argon2id$") and not accounts._hasher.check_needs_rehash(renewed)
    assert accounts.authenticate(store, "ana", PASSWORD) is not None


def test_accounts_the_last_active_admin_cannot_be_demoted_or_disabled(store):
    accounts.add_user(store, "ana", PASSWORD, "admin")
    for call in (lambda: accounts.set_role(store, "ana", "editor"), lambda: accounts.set_active(store, "ana", False)):
        with pytest.raises(BadAccountInput, match="only active admin"):
            call()
    accounts.add_user(store, "bob", PASSWORD, "admin")
    assert accounts.set_role(store, "ana", "editor").role == "editor"
    with pytest.raises(BadAccountInput):
        accounts.set_active(store, "bob", False)
    assert accounts.set_role(store, "bob", "admin").role == "admin"  # no change is always allowed
    accounts.set_role(store, "ana", "admin")
    assert not accounts.set_active(store, "bob", False).active


# --- API tokens -------------------------------------------------------------------------------


def test_tokens_store_only_the_secrets_hash_and_act_as_token_name(tmp_path):
    path = tmp_path / "tokens.db"
    with Store(f"sqlite:///{path}") as store:
        info, secret = accounts.issue_token(store, "ci", "editor", created_by="ana")
        assert re.fullmatch(rf"pw_{info.token_id}_[A-Za-z0-9_-]{{43}}", secret) and len(info.token_id) <= 16
        assert (info.name, info.role, info.created_by, info.revoked_at, info.last_used_at) == ("ci", "editor", "ana", None, None)
        with store.engine.connect() as conn:
            (digest,) = conn.execute(select(api_tokens.c.secret_sha256)).one()
        assert digest == hashlib.sha256(secret.encode()).hexdigest()
        who = accounts.token_account(store, secret)
        assert who == accounts.Account("token:ci", "editor", True, info.created_at)
        assert accounts.role_allows(who.role, "editor") and not accounts.role_allows(who.role, "admin")
        assert accounts.list_tokens(store)[0].token_id == info.token_id
        assert not any(secret in repr(t) for t in accounts.list_tokens(store))
    assert secret.encode() not in database_bytes(path) and secret.split("_", 2)[2].encode() not in database_bytes(path)


def test_tokens_refused_when_revoked_unknown_or_malformed(store):
    info, secret = accounts.issue_token(store, "ci", "editor", created_by="ana")
    other, other_secret = accounts.issue_token(store, "ci", "viewer", created_by="ana")  # names may repeat
    random_part = secret.split("_", 2)[2]
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for bad in ("", "pw_", secret + "x", secret[:-1], flipped, secret.upper(), f"pw_{other.token_id}_{random_part}",
                secret.replace("pw_", "pk_", 1), f" {secret}", None, 42, hashlib.sha256(secret.encode()).hexdigest()):
        assert accounts.token_account(store, bad) is None, bad
    revoked = accounts.revoke_token(store, info.token_id)
    assert revoked.revoked_at is not None and accounts.token_account(store, secret) is None
    assert accounts.revoke_token(store, info.token_id).revoked_at == revoked.revoked_at  # the first time is kept
    assert accounts.token_account(store, other_secret).role == "viewer"  # the other token is untouched
    with pytest.raises(UnknownToken, match="PW804: no token has the id 'nope'"):
        accounts.revoke_token(store, "nope")
    for name, role in (("bad name", "editor"), ("ci", "owner")):
        with pytest.raises(BadAccountInput):
            accounts.issue_token(store, name, role, created_by="ana")
    with pytest.raises(BadAccountInput):
        accounts.issue_token(store, "ci", "editor", created_by=" ")
    assert len(accounts.list_tokens(store)) == 2


def test_tokens_note_their_use_at_most_once_a_minute(store):
    _, secret = accounts.issue_token(store, "ci", "editor", created_by="ana")
    updates: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda conn, cursor, sql, *a: updates.append(sql) if sql.startswith("UPDATE") else None)
    t0 = dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    def last_used():
        return accounts.list_tokens(store)[0].last_used_at

    assert accounts.token_account(store, secret, now=t0) is not None and last_used() == t0 and len(updates) == 1
    for seconds in (1, 30, 59):
        assert accounts.token_account(store, secret, now=t0 + dt.timedelta(seconds=seconds)) is not None
    assert last_used() == t0 and len(updates) == 1  # reads within the minute wrote nothing
    accounts.token_account(store, secret, now=t0 + dt.timedelta(seconds=61))
    assert last_used() == t0 + dt.timedelta(seconds=61) and len(updates) == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(secret=st.one_of(st.text(max_size=80), st.from_regex(r"pw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", fullmatch=True)))
def test_tokens_and_sessions_refuse_any_string_that_was_not_issued(shared_store, secret):
    assert accounts.token_account(shared_store, secret) is None
    assert accounts.session_of(shared_store, secret) is None
    accounts.close_session(shared_store, secret)  # logging out of nothing is harmless


# --- web sessions -----------------------------------------------------------------------------


def test_sessions_open_check_close_and_store_only_hashes(tmp_path):
    path = tmp_path / "sessions.db"
    with Store(f"sqlite:///{path}") as store:
        accounts.add_user(store, "ana", PASSWORD, "editor")
        t0 = dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
        secret, session = accounts.open_session(store, "ana", now=t0)
        assert len(secret) == 43 and len(session.csrf) == 43 and secret != session.csrf
        assert session.expires_at == t0 + dt.timedelta(hours=12) and session.account.name == "ana"
        assert accounts.session_of(store, secret, now=t0 + dt.timedelta(hours=11, minutes=59)) == session
        assert accounts.session_of(store, secret, now=t0 + dt.timedelta(hours=12)) is None  # expired
        short, _ = accounts.open_session(store, "ana", lifetime=dt.timedelta(minutes=5), now=t0)
        assert accounts.session_of(store, short, now=t0 + dt.timedelta(minutes=4)) is not None
        assert accounts.session_of(store, short, now=t0 + dt.timedelta(minutes=5)) is None
        fresh, _ = accounts.open_session(store, "ana")
        assert accounts.session_of(store, fresh) is not None
        accounts.close_session(store, fresh)
        assert accounts.session_of(store, fresh) is None
        accounts.close_session(store, fresh)  # twice: nothing happens
        with store.engine.connect() as conn:
            stored = set(conn.execute(select(web_sessions.c.secret_sha256)).scalars())
        assert hashlib.sha256(fresh.encode()).hexdigest() in stored
        with pytest.raises(BadAccountInput):
            accounts.open_session(store, "ana", lifetime=dt.timedelta(0))
    assert not any(s.encode() in database_bytes(path) for s in (secret, short, fresh))


def test_sessions_read_the_role_afresh_and_end_with_a_disabled_account_or_a_new_password(store):
    accounts.add_user(store, "ana", PASSWORD, "admin")
    accounts.add_user(store, "bob", PASSWORD, "viewer")
    secret, session = accounts.open_session(store, "bob")
    assert session.account.role == "viewer"
    accounts.set_role(store, "bob", "editor")
    assert accounts.session_of(store, secret).account.role == "editor"  # at once, same cookie
    accounts.set_active(store, "bob", False)
    assert accounts.session_of(store, secret) is None
    with pytest.raises(AccountDisabled, match="PW805"):
        accounts.open_session(store, "bob")
    accounts.set_active(store, "bob", True)
    assert accounts.session_of(store, secret) is None  # closed, not only paused
    first, _ = accounts.open_session(store, "bob")
    second, _ = accounts.open_session(store, "bob")
    kept, _ = accounts.open_session(store, "ana")
    accounts.set_password(store, "bob", PASSWORD + "!")
    assert accounts.session_of(store, first) is None and accounts.session_of(store, second) is None
    assert accounts.session_of(store, kept).account.name == "ana"  # another account's sessions stay
    third, _ = accounts.open_session(store, "bob")
    assert accounts.close_sessions_of(store, "bob") == 1 and accounts.session_of(store, third) is None


def test_sessions_of_an_account_disabled_or_gone_are_refused_even_while_open(store):
    accounts.add_user(store, "ana", PASSWORD, "editor")
    secret, _ = accounts.open_session(store, "ana")
    # disabled by a write that closed no session (another program on the same database)
    update_account(store.engine, "ana", now=dt.datetime.now(UTC), active=False)
    assert accounts.session_of(store, secret) is None
    update_account(store.engine, "ana", now=dt.datetime.now(UTC), active=True)
    assert accounts.session_of(store, secret) is not None
    with store.engine.begin() as conn:  # removed by hand: no command removes accounts
        conn.execute(accounts_table.delete())
    assert accounts.session_of(store, secret) is None


# --- migration 0007 ---------------------------------------------------------------------------


def test_migration_0007_upgrades_a_0006_database_keeping_its_data_and_downgrades(db_url):
    url = db_url
    doc = read_document(DATA / "jp_au_statement.md")
    correction = Correction("c" * 64, UnitAnchor(doc.id, 0, 5, "words"), "other", None, None, None, None, None, "ana",
                            dt.datetime(2026, 1, 1, tzinfo=UTC))
    with Store(url) as s:
        s.add_document(doc, segment(doc))
        append_correction(s.engine, correction)
        accounts.add_user(s, "ana", PASSWORD, "admin")
    _downgrade(url, "0006")
    engine = create_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert not tables & {"accounts", "api_tokens", "web_sessions"} and {"documents", "corrections", "units"} <= tables
    with Store(url) as s:  # a database of revision 0006, with data, opened by this version: → 0007
        assert set(inspect(s.engine).get_table_names()) >= {"accounts", "api_tokens", "web_sessions"}
        assert s.document(doc.id).text == doc.text and len(s.units(doc.id)) == len(segment(doc))
        assert load_corrections(s.engine) == [correction]
        assert accounts.list_users(s) == []  # dropped with its table on the way down
        accounts.add_user(s, "ana", PASSWORD, "admin")
        _, secret = accounts.issue_token(s, "ci", "editor", created_by="ana")
        assert accounts.token_account(s, secret) is not None
    with Store(url) as s:  # opening again is a no-op upgrade
        assert accounts.authenticate(s, "ana", PASSWORD) is not None and accounts.token_account(s, secret) is not None


def test_migration_0007_is_plain_ddl_for_postgresql():
    """The migration's operations rendered for PostgreSQL (no server: Alembic's SQL mode)."""
    spec = importlib.util.spec_from_file_location("m0007", MIGRATIONS / "versions" / "0007_accounts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    ctx = MigrationContext.configure(dialect_name="postgresql", opts={"as_sql": True, "output_buffer": out})
    with Operations.context(ctx):
        module.upgrade()
        module.downgrade()
    sql = out.getvalue()
    for table in ("accounts", "api_tokens", "web_sessions"):
        assert f"CREATE TABLE {table}" in sql and f"DROP TABLE {table}" in sql
    assert "BOOLEAN" in sql and "TIMESTAMP WITH TIME ZONE" in sql and "UNIQUE (secret_sha256)" in sql
    assert "sqlite" not in sql.lower() and "TRIGGER" not in sql
