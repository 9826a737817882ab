"""`qualitygate db upgrade|downgrade`: Alembic migrations on QG_DATABASE_URL.

And `needs_migrated_database`, which every command that reads the database wears: a database that
does not open or is not at head is one clear line and exit status 2, not a traceback. The
commands that migrate it themselves (`db upgrade`, `db downgrade`, `run`) give the same line when
it does not open, through `database_errors`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import click

from qualitygate import migrate
from qualitygate.settings import load_settings

P = ParamSpec("P")
R = TypeVar("R")


class DatabaseNotReadyError(click.ClickException):
    """`Error: <why>; <the fix>` on stderr, exit status 2."""

    exit_code = 2


@contextmanager
def database_errors() -> Iterator[None]:
    """A `migrate.DatabaseNotReady` raised inside becomes `DatabaseNotReadyError` (exit 2)."""
    try:
        yield
    except migrate.DatabaseNotReady as exc:
        raise DatabaseNotReadyError(str(exc)) from None


def needs_migrated_database(command: Callable[P, R]) -> Callable[P, R]:
    """Run `command` only on a database that opens and is at head (`migrate.require_head`).

    Checked before the command reads a prompt or does any work; goes right above the `def`.
    """

    @functools.wraps(command)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        with database_errors():
            migrate.require_head(load_settings().sqlalchemy_url)
        return command(*args, **kwargs)

    return checked


@click.group("db")
def db_group() -> None:
    """Database migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def upgrade_cmd(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    with database_errors():
        migrate.upgrade(load_settings().sqlalchemy_url, revision)
    click.echo(f"database at {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def downgrade_cmd(revision: str) -> None:
    """Revert migrations down to REVISION (`base` removes every table)."""
    with database_errors():
        migrate.downgrade(load_settings().sqlalchemy_url, revision)
    click.echo(f"database at {revision}")
