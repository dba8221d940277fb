"""Alembic environment: runs on the connection pledgewatch hands it.

pledgewatch calls Alembic programmatically (``store.open_store`` upgrades to
head); ``alembic -x db=URL upgrade head`` works too for operators.
"""

from alembic import context
from sqlalchemy import create_engine

from pledgewatch.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")


def run(conn) -> None:
    context.configure(connection=conn, target_metadata=metadata, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    with create_engine(url).begin() as conn:
        run(conn)
