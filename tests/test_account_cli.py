"""The user and token commands end to end (Typer's runner in-process, and the installed command
on a real terminal; real SQLite): passwords are hidden and never printed,
hashes never listed, a token's secret printed once on its own line, bad input one coded line
and exit 1 with nothing changed."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import select
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import accounts
from pledgewatch.cli import app
from pledgewatch.store import Store
from pledgewatch.store.accounts import load_account

from .test_cli_ingest import _entry_point

runner = CliRunner()
PASSWORD = "Lantern-Harbour-Fig-93"


def run(*args: str, code: int = 0, input: str | None = None, env: dict[str, str] | None = None):
    result = runner.invoke(app, list(args), input=input, env=env)
    assert result.exit_code == code, result.output
    return result


pytestmark = pytest.mark.backends


@pytest.fixture
def db(db_url: str) -> str:
    return db_url


def add(db: str, name: str, role: str, password: str = PASSWORD) -> None:
    run("user", "add", name, "--role", role, "--password-stdin", "--db", db, input=password + "\n")


def one_coded_line(result, code: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{code}: "), result.stderr
    return lines[0]


def test_account_cli_user_add_asks_twice_and_stores_an_argon2_hash(db):
    result = run("user", "add", "ana", "--role", "admin", "--db", db, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert "added account 'ana' (admin)" in result.stdout and PASSWORD not in result.output
    with Store(db) as store:
        assert load_account(store.engine, "ana").password_hash.startswith("$argon2id$")
        assert accounts.authenticate(store, "ana", PASSWORD).role == "admin"
    # the two typings differ: asked again, and what is stored is what was typed twice
    result = run("user", "add", "bob", "--role", "viewer", "--db", db, input=f"{PASSWORD}\nsomething-else\nsecond-try-ok\nsecond-try-ok\n")
    assert "do not match" in result.output and PASSWORD not in result.output and "second-try-ok" not in result.output
    with Store(db) as store:
        assert accounts.authenticate(store, "bob", "second-try-ok") is not None and accounts.authenticate(store, "bob", PASSWORD) is None
    for path in Path(db).parent.glob(Path(db).name + "*"):
        assert PASSWORD.encode() not in path.read_bytes() and b"second-try-ok" not in path.read_bytes()


def test_account_cli_password_stdin_reads_one_line(db):
    run("user", "add", "ana", "--role", "editor", "--password-stdin", "--db", db, input=f"{PASSWORD}\r\nnext line\n")
    run("user", "add", "bob", "--role", "editor", "--password-stdin", "--db", db, input="  spaces count  ")  # no newline: the line whole
    with Store(db) as store:
        assert accounts.authenticate(store, "ana", PASSWORD) is not None
        assert accounts.authenticate(store, "bob", "  spaces count  ") is not None and accounts.authenticate(store, "bob", "spaces count") is None


def test_account_cli_bad_input_is_one_coded_line_exit_1_and_changes_nothing(db):
    add(db, "ana", "admin")
    cases = [
        (["user", "add", "cy", "--role", "viewer", "--password-stdin"], "short\n", "PW801", "at least 8"),
        (["user", "add", "cy", "--role", "viewer", "--password-stdin"], "", "PW801", "no password"),
        (["user", "add", "c y", "--role", "viewer", "--password-stdin"], PASSWORD + "\n", "PW801", "1–64"),
        (["user", "add", "cy", "--role", "boss", "--password-stdin"], "", "PW801", "'boss' is not"),  # before any password
        (["user", "add", "ana", "--role", "viewer"], "", "PW802", "exists already"),  # before the prompt
        (["user", "add", "ANA", "--role", "viewer", "--password-stdin"], PASSWORD + "\n", "PW802", "exists already"),
        (["user", "role", "ana", "viewer"], None, "PW801", "only active admin"),
        (["user", "role", "ana", "god"], None, "PW801", "'god' is not"),
        (["user", "disable", "ana"], None, "PW801", "only active admin"),
        (["user", "role", "nobody", "editor"], None, "PW803", "no account is named 'nobody'"),
        (["user", "enable", "nobody"], None, "PW803", "nobody"),
        (["user", "password", "nobody"], None, "PW803", "nobody"),  # before the prompt
        (["user", "password", "ana", "--password-stdin"], "tiny\n", "PW801", "at least 8"),
        (["token", "add", "c i", "--role", "editor"], None, "PW801", "a token name"),
        (["token", "add", "ci", "--role", "root"], None, "PW801", "'root' is not"),
        (["token", "revoke", "0123456789ab"], None, "PW804", "no token has the id '0123456789ab'"),
    ]
    for args, given, code, said in cases:
        result = run(*args, "--db", db, code=1, input=given)
        line = one_coded_line(result, code)
        assert said in line, (args, line)
        assert "short" not in result.stdout and "tiny" not in line and PASSWORD not in result.output
    with Store(db) as store:
        assert [(a.name, a.role, a.active) for a in accounts.list_users(store)] == [("ana", "admin", True)]
        assert accounts.list_tokens(store) == [] and accounts.authenticate(store, "ana", PASSWORD) is not None


def test_account_cli_user_list_in_every_format_never_shows_a_hash(db):
    assert "No accounts yet" in run("user", "list", "--db", db).stdout
    add(db, "ana", "admin")
    add(db, "bob", "viewer")
    run("user", "disable", "bob", "--db", db)
    listed = json.loads(run("user", "list", "--db", db, "--format", "json").stdout)
    assert [(r["name"], r["role"], r["active"]) for r in listed] == [("ana", "admin", True), ("bob", "viewer", False)]
    assert set(listed[0]) == {"name", "role", "active", "created_at"}
    rows = list(csv.DictReader(io.StringIO(run("user", "list", "--db", db, "--format", "csv").stdout)))
    assert [(r["name"], r["active"]) for r in rows] == [("ana", "True"), ("bob", "False")]
    table = run("user", "list", "--db", db).stdout
    assert "ana" in table and "bob" in table
    for fmt in ("table", "json", "csv"):
        out = run("user", "list", "--db", db, "--format", fmt).output
        assert "argon2" not in out and PASSWORD not in out


def test_account_cli_role_disable_enable_password_take_effect_at_once(db):
    add(db, "ana", "admin")
    add(db, "bob", "viewer")
    with Store(db) as store:
        cookie, _ = accounts.open_session(store, "bob")
    assert "'bob' is now editor" in run("user", "role", "bob", "editor", "--db", db).stdout
    with Store(db) as store:
        assert accounts.session_of(store, cookie).account.role == "editor"
    assert "disabled 'bob'" in run("user", "disable", "bob", "--db", db).stdout
    with Store(db) as store:
        assert accounts.session_of(store, cookie) is None and accounts.authenticate(store, "bob", PASSWORD) is None
    run("user", "enable", "bob", "--db", db)
    with Store(db) as store:
        assert accounts.authenticate(store, "bob", PASSWORD) is not None
        cookie, _ = accounts.open_session(store, "bob")
    result = run("user", "password", "bob", "--db", db, input="fresh-password\nfresh-password\n")
    assert "changed the password of 'bob'" in result.stdout and "fresh-password" not in result.output
    with Store(db) as store:
        assert accounts.session_of(store, cookie) is None
        assert accounts.authenticate(store, "bob", "fresh-password") is not None and accounts.authenticate(store, "bob", PASSWORD) is None


def test_account_cli_token_secret_is_printed_once_alone_and_never_listed(db):
    result = run("token", "add", "ci", "--role", "editor", "--db", db, env={"PLEDGEWATCH_USER": "ana"})
    secret = result.stdout.strip()
    assert result.stdout == secret + "\n" and re.fullmatch(r"pw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", secret)
    assert "shown only once" in result.stderr and secret not in result.stderr
    (info,) = json.loads(run("token", "list", "--db", db, "--format", "json").stdout)
    assert secret.startswith(f"pw_{info['token_id']}_")
    assert (info["name"], info["role"], info["created_by"], info["revoked_at"]) == ("ci", "editor", "ana", None)
    with Store(db) as store:
        assert accounts.token_account(store, secret).name == "token:ci"
    for fmt in ("table", "json", "csv"):
        out = run("token", "list", "--db", db, "--format", fmt).output
        assert secret.split("_", 2)[2] not in out and info["token_id"] in out
    assert info["token_id"] in run("token", "revoke", info["token_id"], "--db", db).stdout
    with Store(db) as store:
        assert accounts.token_account(store, secret) is None
    (info,) = json.loads(run("token", "list", "--db", db, "--format", "json").stdout)
    assert info["revoked_at"] is not None


def _read_until(fd: int, wanted: str, seen: bytearray, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while wanted not in seen.decode(errors="replace"):
        assert time.monotonic() < end, seen.decode(errors="replace")
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            with contextlib.suppress(OSError):
                seen.extend(os.read(fd, 65536))


def test_account_cli_password_typed_on_a_terminal_is_not_echoed(tmp_path):
    pty = pytest.importorskip("pty")
    main, secondary = pty.openpty()
    env = {**os.environ, "PLEDGEWATCH_DB": str(tmp_path / "tty.db"), "NO_COLOR": "1", "TERM": "xterm"}
    import fcntl
    import termios

    def own_terminal() -> None:  # as a login shell would: the pseudo-terminal is the command's controlling terminal
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen([*_entry_point(), "user", "add", "ana", "--role", "editor"], stdin=secondary, stdout=secondary,
                            stderr=secondary, env=env, start_new_session=True, preexec_fn=own_terminal)
    os.close(secondary)
    seen = bytearray()
    try:
        # click prints the prompt, then getpass turns echo off (flushing what was typed) and prints " ":
        # a person types after that space
        for prompt in ("Password: ", "Repeat for confirmation: "):
            _read_until(main, prompt, seen)
            os.write(main, (PASSWORD + "\n").encode())
        _read_until(main, "added account", seen)
    except BaseException:
        proc.kill()
        raise
    finally:
        code = proc.wait(timeout=120)
        os.close(main)
    assert code == 0, seen.decode(errors="replace")
    assert PASSWORD not in seen.decode(errors="replace")
    with Store(str(tmp_path / "tty.db")) as store:
        assert accounts.authenticate(store, "ana", PASSWORD) is not None
