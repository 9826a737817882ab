"""Alembic environment: metadata from the models, URL from settings (no Flask app needed).

Callers (tests, `qualitygate db upgrade`) may pass a URL in `config.attributes["url"]`, and
`qualitygate.migrate` passes the connection it opened in `config.attributes["connection"]`: a
database that does not open is then its one-line error, and an error here is a migration's.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from qualitygate import models  # noqa: F401  (registers every table on the metadata)
from qualitygate.db import Base, make_engine
from qualitygate.settings import load_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return str(config.attributes.get("url") or load_settings().sqlalchemy_url)


def run_migrations_offline() -> None:
    context.configure(
        url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    given: Connection | None = config.attributes.get("connection")
    if given is not None:
        _migrate(given)
        return
    url = _url()  # the `alembic` command itself
    if url.startswith("sqlite"):
        load_settings().data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    with engine.connect() as connection:
        _migrate(connection)
    engine.dispose()


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
