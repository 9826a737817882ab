"""`qualitygate tenant create|rotate-secret|rotate-token|deactivate|activate|list`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.cli.db import needs_migrated_database
from qualitygate.errors import ApiError
from qualitygate.services import tenants
from qualitygate.settings import load_settings


@contextmanager
def _session() -> Iterator[Session]:
    engine = db.make_engine(load_settings().sqlalchemy_url)
    try:
        with Session(engine) as session:
            yield session
    except ApiError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        engine.dispose()


@click.group("tenant")
def tenant_group() -> None:
    """Tenants (one per brand): webhook secrets and read tokens."""


@tenant_group.command("create")
@click.argument("slug")
@needs_migrated_database
def create_cmd(slug: str) -> None:
    """Create tenant SLUG (the brand); prints its webhook secret and read token, once."""
    with _session() as session:
        creds = tenants.create(session, slug)
    click.echo(f"created tenant {slug!r}; store these now, they are not shown again:")
    click.echo(f"webhook secret: {creds.webhook_secret}")
    click.echo(f"read token:     {creds.read_token}")


@tenant_group.command("rotate-secret")
@click.argument("slug")
@needs_migrated_database
def rotate_secret_cmd(slug: str) -> None:
    """Replace SLUG's webhook secret (the old one stops working at once); prints the new one."""
    with _session() as session:
        secret = tenants.rotate_secret(session, slug)
    click.echo(f"new webhook secret for {slug!r}: {secret}")


@tenant_group.command("rotate-token")
@click.argument("slug")
@needs_migrated_database
def rotate_token_cmd(slug: str) -> None:
    """Replace SLUG's read token (the old one stops working at once); prints the new one."""
    with _session() as session:
        token = tenants.rotate_token(session, slug)
    click.echo(f"new read token for {slug!r}: {token}")


@tenant_group.command("deactivate")
@click.argument("slug")
@needs_migrated_database
def deactivate_cmd(slug: str) -> None:
    """Refuse SLUG's webhooks and tokens (401) until it is activated again."""
    with _session() as session:
        tenants.set_active(session, slug, False)
    click.echo(f"tenant {slug!r} deactivated")


@tenant_group.command("activate")
@click.argument("slug")
@needs_migrated_database
def activate_cmd(slug: str) -> None:
    """Accept SLUG's credentials again."""
    with _session() as session:
        tenants.set_active(session, slug, True)
    click.echo(f"tenant {slug!r} activated")


@tenant_group.command("list")
@needs_migrated_database
def list_cmd() -> None:
    """Every tenant: slug, active, created (never a secret)."""
    with _session() as session:
        rows = tenants.all_tenants(session)
    for t in rows:
        state = "active" if t.active else "inactive"
        click.echo(f"{t.slug}\t{state}\t{t.created_at.isoformat()}")
    if not rows:
        click.echo("no tenants")
