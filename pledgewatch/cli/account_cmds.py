"""CLI: user (add, list, role, disable, enable, password) and token (add, list, revoke).

Each command parses, calls ``pledgewatch.accounts`` and renders. Whoever runs
these commands can open the database file, so they need no login. A password
is typed at a hidden prompt (twice), or read as one line from standard input
with ``--password-stdin``; it is never printed, nor is any hash. A token's
secret is printed once, alone on standard output (so a script can capture
it), with a line on standard error saying it is not shown again. Bad input is
one coded line (PW8xx) and exit 1, with nothing changed.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.text import Text

from ..errors import AccountExists, BadAccountInput, PledgewatchError, UnknownAccount
from ..store import Store
from . import DbOption, FormatOption, app, fail
from .output import Format, console, emit, err_console

user_app = typer.Typer(help="People's accounts (for the web app) and their roles: viewer, editor, admin.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for clients, each with a role.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

RoleOption = Annotated[str, typer.Option("--role", help="viewer (reads), editor (also records assessments and corrections) or admin (also edits meetings, manages users and tokens).")]
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password as one line from standard input (for scripts) instead of a hidden prompt.")]
USER_COLUMNS = ["name", "role", "active", "created_at"]
TOKEN_COLUMNS = ["token_id", "name", "role", "created_by", "created_at", "revoked_at", "last_used_at"]


def _run(call):
    """Run a library call: a coded error is one line and exit 1."""
    try:
        return call()
    except PledgewatchError as err:
        raise fail(err, 1) from None


def _password(from_stdin: bool) -> str:
    if not from_stdin:
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise fail(BadAccountInput("no password on standard input (give it as one line)"))
    return line.removesuffix("\n").removesuffix("\r")


# --- user ----------------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="The login name: 1–64 letters, digits, '.', '_', '-' or '@'.")],
    role: RoleOption,
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
) -> None:
    """Add an account (the password is asked for, and stored only as an Argon2 hash)."""
    from .. import accounts

    with Store(db) as store:
        _run(lambda: (accounts.check_name(name), accounts.check_role(role)))  # before the password is typed
        if accounts.get_user(store, name) is not None:
            raise fail(AccountExists(f"an account named '{name}' exists already"))
        password = _password(password_stdin)
        made = _run(lambda: accounts.add_user(store, name, password, role))
    console.print(Text(f"added account '{made.name}' ({made.role})"))


@user_app.command("list")
def user_list(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List the accounts: name, role, whether active, when made (never a password or a hash)."""
    from .. import accounts

    with Store(db) as store:
        rows = [{"name": a.name, "role": a.role, "active": a.active, "created_at": a.created_at} for a in accounts.list_users(store)]
    if fmt == Format.table and not rows:
        console.print("No accounts yet. Add one with `pledgewatch user add NAME --role admin`.")
        return
    emit(rows, fmt.value, USER_COLUMNS, title="Accounts")


@user_app.command("role")
def user_role(
    name: Annotated[str, typer.Argument(help="The account.")],
    role: Annotated[str, typer.Argument(help="viewer, editor or admin.")],
    db: DbOption = None,
) -> None:
    """Change an account's role; it takes effect at the account's next request."""
    from .. import accounts

    with Store(db) as store:
        changed = _run(lambda: accounts.set_role(store, name, role))
    console.print(Text(f"'{changed.name}' is now {changed.role}"))


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument(help="The account.")], db: DbOption = None) -> None:
    """Disable an account: it cannot log in, and its open sessions are closed (its ledger entries stay)."""
    from .. import accounts

    with Store(db) as store:
        _run(lambda: accounts.set_active(store, name, False))
    console.print(Text(f"disabled '{name}': it cannot log in, and its open sessions were closed"))


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument(help="The account.")], db: DbOption = None) -> None:
    """Enable a disabled account again."""
    from .. import accounts

    with Store(db) as store:
        _run(lambda: accounts.set_active(store, name, True))
    console.print(Text(f"enabled '{name}'"))


@user_app.command("password")
def user_password(
    name: Annotated[str, typer.Argument(help="The account.")],
    password_stdin: PasswordStdin = False,
    db: DbOption = None,
) -> None:
    """Set an account's password (asked for); its open sessions are closed."""
    from .. import accounts

    with Store(db) as store:
        if accounts.get_user(store, name) is None:  # before the password is typed
            raise fail(UnknownAccount(f"no account is named {name!r}"))
        password = _password(password_stdin)
        _run(lambda: accounts.set_password(store, name, password))
    console.print(Text(f"changed the password of '{name}'; its open sessions were closed"))


# --- token ---------------------------------------------------------------------------------


@token_app.command("add")
def token_add(
    name: Annotated[str, typer.Argument(help="What the token is for (1–64 letters, digits, '.', '_', '-' or '@'); it acts as 'token:NAME'.")],
    role: RoleOption,
    db: DbOption = None,
) -> None:
    """Issue an API token; its secret is printed this once (only its SHA-256 is stored)."""
    from .. import accounts
    from ..assessments import default_recorder

    with Store(db) as store:
        info, secret = _run(lambda: accounts.issue_token(store, name, role, created_by=default_recorder()))
    err_console.print(Text(f"issued token {info.token_id} '{info.name}' ({info.role}); its secret, printed below, is shown only "
                           "once: store it now where the client reads it (revoke with `pledgewatch token revoke "
                           f"{info.token_id}`)", style="bold"))
    sys.stdout.write(secret + "\n")


@token_app.command("list")
def token_list(db: DbOption = None, fmt: FormatOption = Format.table) -> None:
    """List the API tokens: id, name, role, who issued them, when, revoked, last used (never a secret)."""
    from .. import accounts

    with Store(db) as store:
        rows = [{c: getattr(t, c) for c in TOKEN_COLUMNS} for t in accounts.list_tokens(store)]
    if fmt == Format.table and not rows:
        console.print("No tokens yet. Issue one with `pledgewatch token add NAME --role editor`.")
        return
    emit(rows, fmt.value, TOKEN_COLUMNS, title="API tokens")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="The token's id (from `pledgewatch token list`).")], db: DbOption = None) -> None:
    """Revoke an API token: from now on it is refused."""
    from .. import accounts

    with Store(db) as store:
        info = _run(lambda: accounts.revoke_token(store, token_id))
    console.print(Text(f"revoked token {info.token_id} '{info.name}' ({info.role}) at {info.revoked_at:%Y-%m-%d %H:%M} UTC"))
