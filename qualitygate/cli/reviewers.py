"""`qualitygate reviewer create USERNAME`: reviewer accounts for the review queue."""

from __future__ import annotations

import sys

import click
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.cli.db import needs_migrated_database
from qualitygate.errors import ApiError
from qualitygate.services import reviews
from qualitygate.settings import load_settings


@click.group("reviewer")
def reviewer_group() -> None:
    """Reviewer accounts."""


@reviewer_group.command("create")
@click.argument("username")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
@needs_migrated_database
def create_cmd(username: str, password_stdin: bool) -> None:
    """Create reviewer USERNAME (the password is stored as a salted scrypt hash)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = load_settings()
    engine = db.make_engine(settings.sqlalchemy_url)
    try:
        with Session(engine) as session:
            reviewer = reviews.create_reviewer(session, username, password)
            click.echo(f"created reviewer {reviewer.username!r} (id {reviewer.id})")
    except ApiError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        engine.dispose()
