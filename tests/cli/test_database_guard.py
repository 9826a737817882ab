"""Commands that read the database refuse one that does not open or is not at head: exit status 2
and one line naming the URL (password hidden) and the fix, never a traceback. `db upgrade` and
`db downgrade` give the same line for a database that does not open; a migration that fails on
one that did keeps its traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from qualitygate import migrate
from qualitygate.cli import main
from qualitygate.settings import PROJECT_ROOT
from tests.support.services import free_port

QUALITYGATE = Path(sys.executable).parent / "qualitygate"
UPGRADE = "run `qualitygate db upgrade`"

# Every command that opens the database, with arguments that pass click's own checks.
READERS: dict[str, list[str]] = {
    "drift": [],
    "export weekly": [],
    "labels export": [],
    "reviewer create": ["alice", "--password-stdin"],
    "tenant create": ["acme"],
    "tenant rotate-secret": ["acme"],
    "tenant rotate-token": ["acme"],
    "tenant deactivate": ["acme"],
    "tenant activate": ["acme"],
    "tenant list": [],
    "model list": [],
    "model register": [str(PROJECT_ROOT / "models" / "default")],
    "model activate": ["m"],
    "model deactivate": ["m"],
    "retrain": [],
}
# Commands that migrate the database themselves or never open it (`score` reads the registry
# when it can and falls back to QG_MODEL_DIR when it cannot: docs/api.md).
NOT_READERS = {
    "run",
    "worker",
    "db upgrade",
    "db downgrade",
    "score",
    "train",
    "evaluate",
    "model reference",
}


def _command_paths(group: click.Group, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            paths |= _command_paths(command, f"{prefix}{name} ")
        else:
            paths.add(f"{prefix}{name}")
    return paths


def _invoke(
    url: str,
    tmp_path: Path,
    path: str,
    args: list[str] | None = None,
    env: dict[str, str] | None = None,
) -> Result:
    env = {
        "QG_DATABASE_URL": url,
        "QG_DATA_DIR": str(tmp_path),
        "QG_MODEL_ENABLED": "false",
        **(env or {}),
    }
    argv = path.split() + (READERS.get(path, []) if args is None else args)
    return CliRunner(env=env).invoke(main, argv, input="a-long-password\n")


def _refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # click's own exit, nothing escaped
    assert result.stderr.splitlines() == [f"Error: {message}"]
    assert result.stdout == ""


def _version(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(sa.text("SELECT version_num FROM alembic_version"))]
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An existing database with no tables: an empty SQLite file, a new PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))  # skips when PostgreSQL is not running
    path = tmp_path / "empty.db"
    path.touch()
    return f"sqlite:///{path}"


def test_every_command_is_listed_as_a_reader_or_not() -> None:
    """A new command has to be sorted here, and a reader wears `needs_migrated_database`."""
    assert _command_paths(main) == set(READERS) | NOT_READERS
    assert not set(READERS) & NOT_READERS


@pytest.mark.parametrize("path", sorted(READERS))
def test_each_reader_refuses_an_unmigrated_database(tmp_path: Path, path: str) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    (tmp_path / "empty.db").touch()
    _refused(_invoke(url, tmp_path, path), f"database {url} is not migrated; {UPGRADE}")
    assert (tmp_path / "empty.db").stat().st_size == 0  # the check wrote nothing


def test_an_empty_database_is_refused_until_db_upgrade(tmp_path: Path, empty_url: str) -> None:
    shown = sa.make_url(empty_url).render_as_string(hide_password=True)
    refused = _invoke(empty_url, tmp_path, "tenant list")
    _refused(refused, f"database {shown} is not migrated; {UPGRADE}")

    upgraded = _invoke(empty_url, tmp_path, "db upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    listed = _invoke(empty_url, tmp_path, "tenant list")
    assert listed.exit_code == 0, listed.output
    assert listed.output == "no tenants\n"


def test_a_database_one_migration_behind_is_refused_until_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'behind.db'}"
    migrate.upgrade(url)
    [head] = _version(url)
    migrate.downgrade(url, "-1")
    [behind] = _version(url)
    assert behind != head

    refused = _invoke(url, tmp_path, "drift")
    _refused(refused, f"database {url} is at revision {behind}, not head {head}; {UPGRADE}")
    assert _version(url) == [behind]  # the check changed nothing

    assert _invoke(url, tmp_path, "db upgrade").exit_code == 0
    drift = _invoke(url, tmp_path, "drift")
    assert drift.exit_code == 0, drift.output
    assert drift.output.startswith("no verdicts or reviews in")


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    migrate.upgrade(url)
    [head] = _version(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dfeedbeef'"))
    engine.dispose()
    _refused(
        _invoke(url, tmp_path, "labels export"),
        f"database {url} is at revision f00dfeedbeef, which this qualitygate does not know (its "
        f"head is {head}): a newer version migrated it; upgrade qualitygate",
    )


def test_a_missing_sqlite_file_is_not_created_and_db_upgrade_makes_its_folder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new" / "folder" / "qg.db"
    url = f"sqlite:///{path}"
    _refused(_invoke(url, tmp_path, "model list"), f"database {url} does not exist yet; {UPGRADE}")
    assert not path.parent.exists()

    assert _invoke(url, tmp_path, "db upgrade").exit_code == 0
    listed = _invoke(url, tmp_path, "model list")
    assert listed.exit_code == 0, listed.output
    assert listed.output.startswith("no registered models")


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    ("path", "args"), [("tenant list", None), ("db upgrade", []), ("db downgrade", ["base"])]
)
def test_an_unreachable_database_is_named_without_its_password(
    tmp_path: Path, path: str, args: list[str] | None
) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql+psycopg://qg:hunter2-secret@127.0.0.1:{port}/qualitygate"
    result = _invoke(url, tmp_path, path, args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    [line] = result.stderr.splitlines()
    shown = f"postgresql+psycopg://qg:***@127.0.0.1:{port}/qualitygate"
    assert line.startswith(f"Error: cannot open database {shown}: ")
    assert "Connection refused" in line
    assert "hunter2" not in result.output


@pytest.mark.timeout(30)  # a regression fails here instead of hanging the suite
@pytest.mark.parametrize("path", ["drift", "db upgrade"])
def test_a_database_that_never_answers_is_refused_after_the_connect_timeout(
    tmp_path: Path, silent_pg_url: str, path: str
) -> None:
    start = time.monotonic()
    result = _invoke(silent_pg_url, tmp_path, path, env={"QG_DB_CONNECT_TIMEOUT": "1"})
    elapsed = time.monotonic() - start
    shown = silent_pg_url.replace("hunter2-secret", "***")
    _refused(result, f"cannot open database {shown}: connection timeout expired")
    assert elapsed < 6.0  # libpq's 2 s minimum plus a loaded machine; the default would be 10 s


def test_a_file_that_is_not_a_database_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 100)
    url = f"sqlite:///{path}"
    _refused(
        _invoke(url, tmp_path, "tenant list"),
        f"cannot open database {url}: file is not a database",
    )


def test_not_a_url_is_a_clear_error(tmp_path: Path) -> None:
    _refused(_invoke("not a url", tmp_path, "drift"), "QG_DATABASE_URL is not a database URL")


def test_the_installed_command_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "qualitygate.db").touch()
    env = {**os.environ, "QG_DATA_DIR": str(tmp_path)}
    env.pop("QG_DATABASE_URL", None)
    proc = subprocess.run(
        [str(QUALITYGATE), "export", "weekly"], env=env, capture_output=True, text=True, timeout=120
    )
    url = f"sqlite:///{tmp_path / 'qualitygate.db'}"
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"Error: database {url} is not migrated; {UPGRADE}\n"
    assert proc.stdout == ""


@pytest.mark.timeout(30)
def test_db_upgrade_on_a_sqlite_path_that_cannot_be_opened(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"  # a folder where the file should be: even root cannot open it
    folder.mkdir()
    url = f"sqlite:///{folder}"
    _refused(
        _invoke(url, tmp_path, "db upgrade"),
        f"cannot open database {url}: unable to open database file",
    )
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database\n" * 100)
    url = f"sqlite:///{not_a_db}"
    _refused(
        _invoke(url, tmp_path, "db upgrade"), f"cannot open database {url}: file is not a database"
    )
    assert not_a_db.read_text() == "not a database\n" * 100


@pytest.mark.timeout(30)
def test_db_upgrade_on_not_a_url_is_a_clear_error(tmp_path: Path) -> None:
    _refused(_invoke("not a url", tmp_path, "db upgrade"), "QG_DATABASE_URL is not a database URL")


@pytest.mark.timeout(30)
def test_a_migration_that_fails_on_an_opened_database_keeps_its_traceback(tmp_path: Path) -> None:
    """Not a connection problem: the first migration's CREATE TABLE meets a table in its way."""
    url = f"sqlite:///{tmp_path / 'clash.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE submission (x INTEGER)"))
    engine.dispose()
    result = _invoke(url, tmp_path, "db upgrade")
    assert result.exit_code == 1
    assert isinstance(result.exception, sa.exc.OperationalError), result.output
    assert "already exists" in str(result.exception)
    assert "cannot open database" not in result.output
