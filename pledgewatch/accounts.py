"""Accounts, roles, API tokens and web sessions: the library calls the CLI and the web app use.

Three roles, each allowing what the one before it does: a *viewer* reads; an
*editor* also records assessments and corrections; an *admin* also edits
meetings and manages users and tokens (``role_allows``).

People log in with a name and a password, kept only as an Argon2id hash
(argon2-cffi's ``PasswordHasher`` and its parameters); a login opens a web
session, a random secret the browser keeps in a cookie. Clients (scripts,
other programs) send an API token an admin issued. Of a token's or a
session's secret only the SHA-256 is stored: they are 256 random bits, so a
fast hash is as good as a slow one, and a stolen database holds nothing that
logs in. Every call takes a ``Store`` and leaves the SQL to ``store.accounts``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import AccountDisabled, AccountError, BadAccountInput, UnknownAccount, UnknownToken
from .store import Store
from .store.accounts import (
    StoredAccount, StoredToken, close_account_sessions, close_session_row, count_active, insert_account, insert_session,
    insert_token, load_account, load_accounts, load_session, load_token, load_token_by_secret, load_tokens,
    revoke_token_row, touch_token, update_account,
)

ROLES = ("viewer", "editor", "admin")  # each allows what the ones before it allow
TOKEN_ACCOUNT_PREFIX = "token:"  # a token acts as the account "token:<its name>"
SESSION_LIFETIME = dt.timedelta(hours=12)
TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # characters: anything longer is a paste gone wrong, not a password
NAME_RULE = "1–64 letters, digits, '.', '_', '-' or '@'"

# ASCII only: two names that look alike must not be two accounts. ":" is left out so
# no person's name can be a token's "token:…".
_NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
_TOKEN_SECRET = re.compile(r"pw_(?P<id>[0-9a-f]{12})_[A-Za-z0-9_-]{43}")  # pw_<token_id>_<secrets.token_urlsafe(32)>
_SESSION_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    """Who is acting: a person's account, or a token (name "token:<NAME>", the token's role)."""

    name: str
    role: str
    active: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class TokenInfo:
    """An API token as listed: never its secret."""

    token_id: str  # public, the secret's second part
    name: str
    role: str
    created_by: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


@dataclass(frozen=True)
class WebSession:
    account: Account  # as it is now: its role read afresh at each request
    csrf: str  # the form token a page sends back with each write
    expires_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def role_allows(role: str, needed: str) -> bool:
    """Whether ``role`` may do what ``needed`` may (admin ⊃ editor ⊃ viewer); an unknown role may
    do nothing. ``needed`` must be one of ``ROLES`` (ValueError: a bug in the caller)."""
    if needed not in ROLES:
        raise ValueError(f"unknown role {needed!r}")
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


# --- checks (nothing is changed on bad input; a password is never repeated back) -------------


def check_name(name: object, what: str = "an account name") -> str:
    """``name`` when it is a valid account (or token) name; ``BadAccountInput`` otherwise."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        shown = repr(name[:70]) if isinstance(name, str) else type(name).__name__
        raise BadAccountInput(f"{what} is {NAME_RULE} ({shown} is not)")
    return name


def check_role(role: object) -> str:
    """``role`` when it is one of ``ROLES``; ``BadAccountInput`` otherwise."""
    if role not in ROLES:
        shown = repr(role[:40]) if isinstance(role, str) else type(role).__name__
        raise BadAccountInput(f"a role is one of {', '.join(ROLES)} ({shown} is not)")
    return role  # type: ignore[return-value]


def check_password(password: object) -> str:
    """``password`` when it may be one (8 to 1024 characters of text); ``BadAccountInput`` otherwise,
    with a message that never repeats it."""
    if not isinstance(password, str):
        raise BadAccountInput("a password is text")
    if len(password) < MIN_PASSWORD:
        raise BadAccountInput(f"the password is too short: a password has at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise BadAccountInput(f"the password is too long: a password has at most {MAX_PASSWORD} characters")
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        raise BadAccountInput("the password holds a character that is not text (an unpaired surrogate)") from None
    return password


def _public(stored: StoredAccount) -> Account:
    return Account(stored.name, stored.role, stored.active, stored.created_at)


def _token_info(stored: StoredToken) -> TokenInfo:
    return TokenInfo(stored.token_id, stored.name, stored.role, stored.created_by, stored.created_at, stored.revoked_at,
                     stored.last_used_at)


def _existing(store: Store, name: str) -> StoredAccount:
    stored = load_account(store.engine, name) if isinstance(name, str) else None
    if stored is None:
        raise UnknownAccount(f"no account is named {name!r}")
    return stored


def _keep_an_admin(store: Store, stored: StoredAccount, *, role: str, active: bool) -> None:
    """Refuse the change that would leave no active admin (no one could manage accounts from the web)."""
    if stored.role == "admin" and stored.active and not (role == "admin" and active) and count_active(store.engine, "admin") <= 1:
        raise BadAccountInput(f"'{stored.name}' is the only active admin (nothing was changed)",
                              hint="give another account the admin role first (`pledgewatch user role NAME admin`)")


# --- people's accounts ---------------------------------------------------------------------


def add_user(store: Store, name: str, password: str, role: str) -> Account:
    """Create an active account (``AccountExists`` when the name is taken, also in other letter case)."""
    check_name(name)
    check_role(role)
    hashed = _hasher.hash(check_password(password))
    return _public(insert_account(store.engine, name=name, role=role, password_hash=hashed, now=_now()))


def set_password(store: Store, name: str, password: str) -> None:
    """Give an account a new password; its open sessions are closed (log in again with the new one)."""
    check_password(password)
    _existing(store, name)  # before the (slow) hash
    now = _now()
    update_account(store.engine, name, now=now, password_hash=_hasher.hash(password))
    close_account_sessions(store.engine, name, now)


def set_role(store: Store, name: str, role: str) -> Account:
    """Change an account's role; it takes effect at the account's next request (sessions read it afresh)."""
    check_role(role)
    stored = _existing(store, name)
    _keep_an_admin(store, stored, role=role, active=stored.active)
    update_account(store.engine, name, now=_now(), role=role)
    return _public(_existing(store, name))


def set_active(store: Store, name: str, active: bool) -> Account:
    """Enable or disable an account. A disabled account cannot log in, and its sessions are closed."""
    stored = _existing(store, name)
    _keep_an_admin(store, stored, role=stored.role, active=bool(active))
    now = _now()
    update_account(store.engine, name, now=now, active=bool(active))
    if not active:
        close_account_sessions(store.engine, name, now)
    return _public(_existing(store, name))


def list_users(store: Store) -> list[Account]:
    """Every account, disabled ones too, by name."""
    return [_public(a) for a in load_accounts(store.engine)]


def get_user(store: Store, name: str) -> Account | None:
    stored = load_account(store.engine, name) if isinstance(name, str) else None
    return _public(stored) if stored else None


@cache
def _dummy_hash() -> str:
    # what an unknown name's password is checked against, so a wrong name costs what a wrong password does
    return _hasher.hash(secrets.token_urlsafe(16))


def authenticate(store: Store, name: str, password: str) -> Account | None:
    """The account when ``name`` and ``password`` match an active account, else None (whether the name
    is unknown, the account disabled or the password wrong: one Argon2 check each way). A hash made
    with older parameters is replaced by one made with the current ones."""
    stored = load_account(store.engine, name) if isinstance(name, str) and _NAME.fullmatch(name) else None
    if not isinstance(password, str):
        return None
    try:
        _hasher.verify(stored.password_hash if stored else _dummy_hash(), password)
    except (VerificationError, InvalidHashError, UnicodeEncodeError):
        return None
    if stored is None or not stored.active:
        return None
    if _hasher.check_needs_rehash(stored.password_hash):
        update_account(store.engine, stored.name, now=_now(), password_hash=_hasher.hash(password))
    return _public(stored)


# --- API tokens ----------------------------------------------------------------------------


def issue_token(store: Store, name: str, role: str, *, created_by: str) -> tuple[TokenInfo, str]:
    """A new token and its secret ``pw_<token_id>_<43 random characters>``: shown this once, only its
    SHA-256 is stored. Names need not be unique (issue a second "ci" token, then revoke the first)."""
    check_name(name, "a token name")
    check_role(role)
    if not isinstance(created_by, str) or not created_by.strip():
        raise BadAccountInput("a token records who issued it (created_by)")
    for _ in range(5):  # a 48-bit id is drawn twice only if the random source is broken
        token_id = secrets.token_hex(6)
        secret = f"pw_{token_id}_{secrets.token_urlsafe(32)}"
        stored = insert_token(store.engine, token_id=token_id, name=name, role=role, secret_sha256=_sha256(secret),
                              created_by=created_by, now=_now())
        if stored is not None:
            return _token_info(stored), secret
    raise AccountError("could not draw an unused token id")


def token_account(store: Store, secret: str, *, now: dt.datetime | None = None) -> Account | None:
    """The account a token's secret acts as ("token:<name>", the token's role), or None when the
    secret is malformed, unknown or revoked. Notes the use at most once a minute, so a client's
    reads do not each write."""
    if not isinstance(secret, str) or not (m := _TOKEN_SECRET.fullmatch(secret)):
        return None
    stored = load_token_by_secret(store.engine, _sha256(secret))
    if stored is None or stored.token_id != m.group("id") or stored.revoked_at is not None:
        return None
    now = now or _now()
    if stored.last_used_at is None or now - stored.last_used_at >= TOKEN_TOUCH_EVERY:
        touch_token(store.engine, stored.token_id, now, unless_since=now - TOKEN_TOUCH_EVERY)
    return Account(f"{TOKEN_ACCOUNT_PREFIX}{stored.name}", stored.role, True, stored.created_at)


def list_tokens(store: Store) -> list[TokenInfo]:
    """Every token, revoked ones too, oldest first (never a secret)."""
    return [_token_info(t) for t in load_tokens(store.engine)]


def revoke_token(store: Store, token_id: str) -> TokenInfo:
    """Revoke a token at once (``UnknownToken`` when none has that id; revoking twice keeps the first time)."""
    token_id = token_id.strip() if isinstance(token_id, str) else ""
    if not revoke_token_row(store.engine, token_id, _now()):
        raise UnknownToken(f"no token has the id {token_id!r}")
    stored = load_token(store.engine, token_id)
    assert stored is not None
    return _token_info(stored)


# --- web sessions ----------------------------------------------------------------------------


def open_session(store: Store, account_name: str, *, lifetime: dt.timedelta = SESSION_LIFETIME,
                 now: dt.datetime | None = None) -> tuple[str, WebSession]:
    """Open a session for an active account (call it after ``authenticate``): its secret, for the
    cookie (only its SHA-256 is stored), and the session with its CSRF token."""
    if lifetime <= dt.timedelta(0):
        raise BadAccountInput("a session's lifetime is longer than nothing")
    stored = _existing(store, account_name)
    if not stored.active:
        raise AccountDisabled(f"the account '{stored.name}' is disabled")
    now = now or _now()
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    insert_session(store.engine, secret_sha256=_sha256(secret), account=stored.name, csrf=csrf, now=now, expires_at=now + lifetime)
    return secret, WebSession(_public(stored), csrf, now + lifetime)


def session_of(store: Store, secret: str, *, now: dt.datetime | None = None) -> WebSession | None:
    """The open session a cookie's secret names, with its account as it is now; None when the
    secret is malformed or unknown, the session closed or expired, or its account disabled or gone."""
    if not isinstance(secret, str) or not _SESSION_SECRET.fullmatch(secret):
        return None
    found = load_session(store.engine, _sha256(secret))
    now = now or _now()
    if found is None or found.closed_at is not None or found.expires_at <= now or found.account is None or not found.account.active:
        return None
    return WebSession(_public(found.account), found.csrf, found.expires_at)


def close_session(store: Store, secret: str) -> None:
    """Log out: close the session (nothing happens for a secret that names none)."""
    if isinstance(secret, str) and _SESSION_SECRET.fullmatch(secret):
        close_session_row(store.engine, _sha256(secret), _now())


def close_sessions_of(store: Store, account_name: str) -> int:
    """Close every open session of an account (its password changed, it was disabled); how many."""
    return close_account_sessions(store.engine, account_name, _now())


__all__ = [
    "ROLES", "SESSION_LIFETIME", "TOKEN_ACCOUNT_PREFIX", "Account", "TokenInfo", "WebSession", "add_user", "authenticate",
    "check_name", "check_password", "check_role", "close_session", "close_sessions_of", "get_user", "issue_token",
    "list_tokens", "list_users", "open_session", "revoke_token", "role_allows", "session_of", "set_active", "set_password",
    "set_role", "token_account",
]
