"""Storing and reading accounts, API tokens and web sessions: the only SQL for these tables.

Plain functions taking an Engine; the rules (who may do what, how secrets are
made and checked) are ``pledgewatch.accounts``'. Rows come back as the store's
own frozen dataclasses, password hash included: the library turns them into
the public ``Account`` / ``TokenInfo`` / ``WebSession``, which hold no hash.
Every time is written as UTC and read back as an aware UTC datetime.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..errors import AccountExists
from .schema import accounts, api_tokens, web_sessions
from .turns import ACCOUNTS, take_turn


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite gives naive datetimes back: they were written as UTC; a server may answer in its own zone
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class StoredAccount:
    name: str
    role: str
    password_hash: str
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class StoredToken:
    token_id: str
    name: str
    role: str
    created_by: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


@dataclass(frozen=True)
class StoredSession:
    account_name: str
    csrf: str
    created_at: dt.datetime
    expires_at: dt.datetime
    closed_at: dt.datetime | None
    account: StoredAccount | None  # None when no account has that name any more


def _account(r: Any) -> StoredAccount:
    return StoredAccount(r["name"], r["role"], r["password_hash"], bool(r["active"]), _utc(r["created_at"]), _utc(r["updated_at"]))


def _token(r: Any) -> StoredToken:
    return StoredToken(r["token_id"], r["name"], r["role"], r["created_by"], _utc(r["created_at"]), _utc(r["revoked_at"]),
                       _utc(r["last_used_at"]))


_TOKEN_COLUMNS = [api_tokens.c[n] for n in ("token_id", "name", "role", "created_by", "created_at", "revoked_at", "last_used_at")]


# --- accounts -------------------------------------------------------------------------------


def insert_account(engine: Engine, *, name: str, role: str, password_hash: str, now: dt.datetime) -> StoredAccount:
    """Store a new, active account; ``AccountExists`` when the name is taken, also in other
    letter case ("Ana" beside "ana" would be two people to the ledger and one to a reader)."""
    row = dict(name=name, role=role, password_hash=password_hash, active=True, created_at=now, updated_at=now)
    try:
        with engine.begin() as conn:
            take_turn(conn, ACCOUNTS)  # "Ana" and "ana" added at once: the second sees the first
            taken = conn.execute(select(accounts.c.name).where(func.lower(accounts.c.name) == name.lower())).scalar()
            if taken is not None:
                raise AccountExists(f"an account named '{taken}' exists already")
            conn.execute(accounts.insert(), row)
    except IntegrityError:  # another process added it meanwhile
        raise AccountExists(f"an account named '{name}' exists already") from None
    return _account(row)


def load_account(engine: Engine, name: str) -> StoredAccount | None:
    with engine.connect() as conn:
        r = conn.execute(select(accounts).where(accounts.c.name == name)).mappings().first()
    return _account(r) if r else None


def load_accounts(engine: Engine) -> list[StoredAccount]:
    """Every account, by name."""
    with engine.connect() as conn:
        found = [_account(r) for r in conn.execute(select(accounts)).mappings()]
    return sorted(found, key=lambda a: a.name)  # by code point, whatever the server's collation


def update_account(engine: Engine, name: str, *, now: dt.datetime, role: str | None = None, password_hash: str | None = None,
                   active: bool | None = None) -> bool:
    """Change what is given of one account; False when there is no account of that name."""
    values: dict[str, Any] = {k: v for k, v in (("role", role), ("password_hash", password_hash), ("active", active)) if v is not None}
    with engine.begin() as conn:
        return conn.execute(accounts.update().where(accounts.c.name == name).values(**values, updated_at=now)).rowcount == 1


def count_active(engine: Engine, role: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(accounts).where(accounts.c.role == role, accounts.c.active.is_(True))).scalar_one()


# --- API tokens -----------------------------------------------------------------------------


def insert_token(engine: Engine, *, token_id: str, name: str, role: str, secret_sha256: str, created_by: str,
                 now: dt.datetime) -> StoredToken | None:
    """Store a new token; None when its ``token_id`` (or hash) is taken, so the caller draws another."""
    row = dict(token_id=token_id, name=name, role=role, secret_sha256=secret_sha256, created_by=created_by, created_at=now,
               revoked_at=None, last_used_at=None)
    try:
        with engine.begin() as conn:
            conn.execute(api_tokens.insert(), row)
    except IntegrityError:
        return None
    return _token(row)


def load_token(engine: Engine, token_id: str) -> StoredToken | None:
    with engine.connect() as conn:
        r = conn.execute(select(*_TOKEN_COLUMNS).where(api_tokens.c.token_id == token_id)).mappings().first()
    return _token(r) if r else None


def load_token_by_secret(engine: Engine, secret_sha256: str) -> StoredToken | None:
    """The token whose secret has this SHA-256 (a unique, indexed lookup)."""
    with engine.connect() as conn:
        r = conn.execute(select(*_TOKEN_COLUMNS).where(api_tokens.c.secret_sha256 == secret_sha256)).mappings().first()
    return _token(r) if r else None


def load_tokens(engine: Engine) -> list[StoredToken]:
    """Every token, oldest first."""
    with engine.connect() as conn:
        return [_token(r) for r in conn.execute(select(*_TOKEN_COLUMNS).order_by(api_tokens.c.created_at, api_tokens.c.id)).mappings()]


def revoke_token_row(engine: Engine, token_id: str, now: dt.datetime) -> bool:
    """Mark a token revoked (once: a second revocation keeps the first time); False when none has that id."""
    with engine.begin() as conn:
        if conn.execute(select(api_tokens.c.id).where(api_tokens.c.token_id == token_id)).scalar() is None:
            return False
        conn.execute(api_tokens.update().where(api_tokens.c.token_id == token_id, api_tokens.c.revoked_at.is_(None)).values(revoked_at=now))
    return True


def touch_token(engine: Engine, token_id: str, now: dt.datetime, *, unless_since: dt.datetime) -> None:
    """Set a token's ``last_used_at`` to ``now`` unless it was used at ``unless_since`` or later
    (said in the UPDATE itself: concurrent requests write it once)."""
    with engine.begin() as conn:
        conn.execute(api_tokens.update()
                     .where(api_tokens.c.token_id == token_id,
                            or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at < unless_since))
                     .values(last_used_at=now))


# --- web sessions ---------------------------------------------------------------------------


def insert_session(engine: Engine, *, secret_sha256: str, account: str, csrf: str, now: dt.datetime, expires_at: dt.datetime) -> None:
    with engine.begin() as conn:
        conn.execute(web_sessions.insert(), dict(secret_sha256=secret_sha256, account=account, csrf=csrf, created_at=now,
                                                 expires_at=expires_at, closed_at=None))


def load_session(engine: Engine, secret_sha256: str) -> StoredSession | None:
    """The session whose secret has this SHA-256, with its account as it is now (one query)."""
    q = (select(web_sessions.c.account.label("session_account"), web_sessions.c.csrf, web_sessions.c.created_at.label("session_created_at"),
                web_sessions.c.expires_at, web_sessions.c.closed_at, *accounts.c)
         .select_from(web_sessions.outerjoin(accounts, accounts.c.name == web_sessions.c.account))
         .where(web_sessions.c.secret_sha256 == secret_sha256))
    with engine.connect() as conn:
        r = conn.execute(q).mappings().first()
    if r is None:
        return None
    return StoredSession(r["session_account"], r["csrf"], _utc(r["session_created_at"]), _utc(r["expires_at"]), _utc(r["closed_at"]),
                         _account(r) if r["name"] is not None else None)


def close_session_row(engine: Engine, secret_sha256: str, now: dt.datetime) -> bool:
    """Close one open session; False when it is unknown or closed already."""
    with engine.begin() as conn:
        return conn.execute(web_sessions.update().where(web_sessions.c.secret_sha256 == secret_sha256, web_sessions.c.closed_at.is_(None))
                            .values(closed_at=now)).rowcount == 1


def close_account_sessions(engine: Engine, account: str, now: dt.datetime) -> int:
    """Close every open session of an account; how many were open."""
    with engine.begin() as conn:
        return conn.execute(web_sessions.update().where(web_sessions.c.account == account, web_sessions.c.closed_at.is_(None))
                            .values(closed_at=now)).rowcount
