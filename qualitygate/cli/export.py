"""`qualitygate export weekly`: write one ISO week's metrics files (CSV, JSON, HTML)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.cli.db import needs_migrated_database
from qualitygate.reports.export import Monitoring, export_week
from qualitygate.reports.weeks import IsoWeek, WeekError, zone
from qualitygate.settings import load_settings


@click.group("export")
def export_group() -> None:
    """Reports for the content team."""


@export_group.command("weekly")
@click.option("--week", help="ISO week, e.g. 2026-W47 (default: the previous full week).")
@click.option("--brand", help="Only this brand (default: every brand and all brands together).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write to (default: QG_EXPORT_DIR).",
)
@needs_migrated_database
def weekly_cmd(week: str | None, brand: str | None, out: Path | None) -> None:
    """Export a week's quality metrics; weeks start Monday 00:00 in QG_TIMEZONE."""
    settings = load_settings()
    try:
        zone(settings.timezone)
        now = datetime.now(UTC)
        iso = IsoWeek.parse(week) if week else IsoWeek.previous_full(now, settings.timezone)
    except WeekError as exc:
        raise click.BadParameter(str(exc), param_hint="--week / QG_TIMEZONE") from exc
    engine = db.make_engine(settings.sqlalchemy_url)
    try:
        with Session(engine) as session:
            result = export_week(
                session,
                iso,
                settings.timezone,
                out or settings.exports_dir,
                brand,
                monitoring=Monitoring.from_settings(settings),
            )
    finally:
        engine.dispose()
    for path in result.files:
        click.echo(str(path))
