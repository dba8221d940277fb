"""Writers that must take turns: replacing a document's labels, replacing the tracking tables,
adding an account (its name must be new in any letter case).

Both read what they replace and write it back in one transaction. Two at once
on PostgreSQL would each delete the rows they saw and insert theirs beside the
other's (a key conflict), or write labels made from a list of corrections that
missed the other's (a correction lost from the labels); on SQLite a read before
the first write is not yet inside the transaction. So such a transaction
*begins* by writing its turn row in ``store_meta`` (made by migration 0008):
the second writer waits there — on the row's lock (PostgreSQL) or the
database's write lock (SQLite, up to the busy timeout) — until the first
commits, and then reads everything the first wrote. Portable SQL, one UPDATE.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from ..errors import StoreError
from .schema import store_meta

ACCOUNTS = "turn:accounts"
LABELS = "turn:labels"
TRACKING = "turn:tracking"


_DOING = {ACCOUNTS: "adding an account", LABELS: "re-labelling a document", TRACKING: "saving tracking"}


def take_turn(conn: Connection, turn: str) -> None:
    """Wait until no other transaction holds ``turn``, then hold it until this one ends. A wait
    past the database's limit (SQLite's busy timeout, PostgreSQL's lock_timeout: 60 s) is a
    coded error; the transaction has changed nothing yet."""
    try:
        conn.execute(store_meta.update().where(store_meta.c.key == turn).values(value=store_meta.c.value))
    except OperationalError as err:
        if "locked" in str(err) or "busy" in str(err) or "lock timeout" in str(err):
            raise StoreError(f"another process kept the database busy past the wait ({_DOING.get(turn, turn)}); this step changed nothing",
                             hint="run the command again when the other one has finished") from None
        raise
