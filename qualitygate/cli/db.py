"""`qualitygate db upgrade|downgrade`: Alembic migrations on QG_DATABASE_URL."""

from __future__ import annotations

import click

from qualitygate import migrate
from qualitygate.settings import load_settings


@click.group("db")
def db_group() -> None:
    """Database migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def upgrade_cmd(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    settings = load_settings()
    if settings.sqlalchemy_url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.sqlalchemy_url, revision)
    click.echo(f"database at {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def downgrade_cmd(revision: str) -> None:
    """Revert migrations down to REVISION (`base` removes every table)."""
    migrate.downgrade(load_settings().sqlalchemy_url, revision)
    click.echo(f"database at {revision}")
