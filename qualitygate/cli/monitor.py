"""`qualitygate drift`: each brand's status (ok / watch / drifting) with the evidence."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click
from sqlalchemy.orm import Session

from qualitygate import db
from qualitygate.cli.db import needs_migrated_database
from qualitygate.monitoring.health import Thresholds, all_brands, render_text
from qualitygate.monitoring.live import Window
from qualitygate.reports.weeks import IsoWeek, WeekError, zone
from qualitygate.settings import load_settings


@click.command("drift")
@click.option("--brand", help="Only this brand (default: every brand with activity).")
@click.option("--week", help="ISO week, e.g. 2026-W47 (default: the last 7 days).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@needs_migrated_database
def drift_cmd(brand: str | None, week: str | None, as_json: bool) -> None:
    """Drift of inputs and scores against the serving model's reference, and live accuracy
    from reviewers, per brand. Exit status 0 whatever the status (read the report)."""
    settings = load_settings()
    try:
        zone(settings.timezone)
        window = (
            Window.week(IsoWeek.parse(week), settings.timezone)
            if week
            else Window.last_days(datetime.now(UTC))
        )
    except WeekError as exc:
        raise click.BadParameter(str(exc), param_hint="--week / QG_TIMEZONE") from exc
    engine = db.make_engine(settings.sqlalchemy_url)
    try:
        with Session(engine) as session:
            reports = all_brands(
                session, window, settings.model_dir, Thresholds.from_settings(settings), brand
            )
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=1))
        return
    if not reports:
        click.echo(f"no verdicts or reviews in {window.label}")
    for report in reports:
        click.echo(render_text(report) + "\n")
