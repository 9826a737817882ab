"""`qualitygate labels export`: reviewers' decisions as training labels (JSONL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import IO

import click
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.cli.db import needs_migrated_database
from qualitygate.services.labels import export_rows
from qualitygate.settings import load_settings


@click.group("labels")
def labels_group() -> None:
    """Training labels from human review."""


@labels_group.command("export")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write the label file (JSONL; default stdout).",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only reviews recorded on or after this date (UTC, YYYY-MM-DD).",
)
@needs_migrated_database
def export_cmd(output: IO[str], since: datetime | None) -> None:
    """Export one labelled row per review, in training/labels.py's format (see docs/review.md)."""
    settings = load_settings()
    engine = db.make_engine(settings.sqlalchemy_url)
    count = 0
    try:
        with Session(engine) as session:
            for row in export_rows(session, since.replace(tzinfo=UTC) if since else None):
                output.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    finally:
        engine.dispose()
    output.flush()
    click.echo(f"exported {count} labelled review(s)", err=True)
