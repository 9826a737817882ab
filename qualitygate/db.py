"""Engine, session factory and the declarative base.

One `scoped_session` per process; Flask removes it at the end of each request and Celery at the
end of each task, so no session outlives its unit of work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event, make_url
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker

from qualitygate.settings import load_settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


SessionFactory = sessionmaker(expire_on_commit=False)
session: scoped_session[Session] = scoped_session(SessionFactory)


def make_engine(url: str, *, connect_timeout: int | None = None, **kwargs: Any) -> Engine:
    """Create an engine. SQLite gets WAL and a busy timeout (API and worker share the file);
    PostgreSQL gets pool_pre_ping and a connect timeout (`connect_args`)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    given = kwargs.pop("connect_args", {})
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={**connect_args(url, connect_timeout), **given},
        **kwargs,
    )


def connect_args(url: str, connect_timeout: int | None = None) -> dict[str, Any]:
    """The driver arguments every engine on `url` needs: libpq's `connect_timeout` for PostgreSQL.

    Without it a server that accepts the TCP connection but never answers hangs the caller for
    good. `connect_timeout` defaults to QG_DB_CONNECT_TIMEOUT; a URL that sets its own keeps it.
    Other databases: none.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or "connect_timeout" in parsed.query:
        return {}
    if connect_timeout is None:
        connect_timeout = load_settings().db_connect_timeout
    return {"connect_timeout": connect_timeout}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def configure(url: str, connect_timeout: int | None = None) -> Engine:
    """Bind the process-wide session factory to a new engine for `url`."""
    engine = make_engine(url, connect_timeout=connect_timeout)
    SessionFactory.configure(bind=engine)
    return engine
