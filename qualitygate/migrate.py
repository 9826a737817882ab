"""Run Alembic migrations programmatically (used by `qualitygate run`, `qualitygate db`, tests),
and tell whether a database is at this code's head before anything reads it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from qualitygate import db
from qualitygate.redact import redact_url
from qualitygate.settings import PROJECT_ROOT

UPGRADE_HINT = "run `qualitygate db upgrade`"


class DatabaseNotReady(Exception):
    """The database cannot be opened or is not at head; the message names the URL and the fix."""


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision`; a new SQLite file gets its folder made.

    `DatabaseNotReady` if the database does not open; an error in a migration propagates.
    """
    with _opened(url, make_folder=True) as connection:
        command.upgrade(_bound_config(url, connection), revision)


def downgrade(url: str, revision: str = "base") -> None:
    """Revert the database at `url` down to `revision`; errors as `upgrade`."""
    with _opened(url) as connection:
        command.downgrade(_bound_config(url, connection), revision)


@contextmanager
def _opened(url: str, make_folder: bool = False) -> Iterator[Connection]:
    """A connection to `url`, or `DatabaseNotReady` naming the URL (password hidden) and why.

    Alembic runs the migrations on this connection (migrations/env.py), so where an error is
    raised tells what it is: here, while connecting, it is a database that cannot be opened (a
    down or silent server, a bad path, not a URL: one line for the user); once connected, it is
    a migration that failed on a database that opened, a bug that keeps its traceback.
    """
    shown = _shown(url)
    try:
        path = sqlite_file(url)
        if make_folder and path is not None:  # SQLite creates the file, not the folder it goes in
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = db.make_engine(url)  # a SQLite file's pragmas run on connect: a non-database fails
    except (SQLAlchemyError, ImportError, OSError) as exc:  # no such dialect or driver; mkdir
        raise _cannot_open(shown, exc) from None
    try:
        try:
            connection = engine.connect()
        except SQLAlchemyError as exc:
            raise _cannot_open(shown, exc) from None
        with connection:
            yield connection
    finally:
        engine.dispose()


def _bound_config(url: str, connection: Connection) -> Config:
    cfg = alembic_config(url)
    cfg.attributes["connection"] = connection
    return cfg


def current_revisions(url: str) -> tuple[str, ...]:
    """The revisions stamped in the database's alembic_version table; () before any migration.

    A plain engine: `db.make_engine` would switch a SQLite file to WAL, and this only reads. It
    still gets `db.connect_args` (PostgreSQL's connect timeout): an unanswering server fails it.
    """
    engine = create_engine(url, connect_args=db.connect_args(url))
    try:
        with engine.connect() as conn:
            return tuple(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.query.get("uri") or parsed.database.startswith("file:"):
        return None  # a URI filename: SQLite's own rules, left to SQLite
    return Path(parsed.database)


def require_head(url: str) -> None:
    """Raise `DatabaseNotReady` unless the database at `url` opens and is at head.

    A SQLite file that does not exist yet is not created here (connecting would leave an empty
    file behind): it is a database that was never migrated.
    """
    shown = _shown(url)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise DatabaseNotReady(f"database {shown} does not exist yet; {UPGRADE_HINT}")
    try:
        current = current_revisions(url)
    except (SQLAlchemyError, ImportError) as exc:
        raise _cannot_open(shown, exc) from None
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()  # what `upgrade head` reaches
    if set(current) == set(heads):
        return
    if not current:
        raise DatabaseNotReady(f"database {shown} is not migrated; {UPGRADE_HINT}")
    at, head = ", ".join(current), ", ".join(heads)
    if set(current) <= {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseNotReady(
            f"database {shown} is at revision {at}, not head {head}; {UPGRADE_HINT}"
        )
    raise DatabaseNotReady(
        f"database {shown} is at revision {at}, which this qualitygate does not know (its head "
        f"is {head}): a newer version migrated it; upgrade qualitygate"
    )


def _shown(url: str) -> str:
    """`url` as messages show it, its password as `***`; `DatabaseNotReady` if it is no URL."""
    try:
        return redact_url(url)
    except ArgumentError:
        raise DatabaseNotReady("QG_DATABASE_URL is not a database URL") from None


def _cannot_open(shown: str, exc: BaseException) -> DatabaseNotReady:
    return DatabaseNotReady(f"cannot open database {shown}: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    """One line: the driver's message without SQLAlchemy's statement and background link."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc) or type(exc).__name__
    return " ".join(text.split())
