"""Alembic environment: migrations run on the connection the server hands over."""

from __future__ import annotations

from alembic import context

from server.core.db import make_engine
from server.core.models import metadata
from server.core.settings import Settings


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # the alembic command line, during development
        engine = make_engine(Settings.from_env().database_url)
        with engine.connect() as connection:
            _migrate(connection)
            connection.commit()
        return
    _migrate(connection)


def _migrate(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move instead
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
