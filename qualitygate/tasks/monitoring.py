"""Beat's monitoring task: every QG_MONITOR_INTERVAL_S, each brand's health over the last 7
days, with alerts (log line, optional signed webhook). Thin: the work is qualitygate.monitoring."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import requests
from celery import shared_task
from flask import current_app

from qualitygate import db
from qualitygate.monitoring.alerts import raise_alerts
from qualitygate.monitoring.health import Thresholds, all_brands
from qualitygate.monitoring.live import Window
from qualitygate.monitoring.proposals import proposals
from qualitygate.settings import Settings
from qualitygate.tasks.celery_app import CHECK_MONITORING, PROPOSE_RETRAIN

log = logging.getLogger(__name__)


@shared_task(bind=True, name=CHECK_MONITORING, max_retries=3)
def check_monitoring(self: object) -> dict[str, str]:
    """Statuses by brand; read-only on the database, so a retry is harmless."""
    settings: Settings = current_app.config["QG_SETTINGS"]
    reports = all_brands(
        db.session(),
        Window.last_days(datetime.now(UTC)),
        settings.model_dir,
        Thresholds.from_settings(settings),
    )
    try:
        raise_alerts(settings, reports)
    except requests.RequestException as exc:
        retries = self.request.retries  # type: ignore[attr-defined]
        log.warning("monitoring webhook failed (%s); attempt %s", exc, retries + 1)
        if retries < self.max_retries:  # type: ignore[attr-defined]
            raise self.retry(exc=exc, countdown=60 * 2**retries) from exc  # type: ignore[attr-defined]
    return {r.brand: r.status for r in reports}


@shared_task(name=PROPOSE_RETRAIN)
def propose_retrain() -> list[dict[str, object]]:
    """Log a proposal per scope with QG_RETRAIN_MIN_REVIEWS reviews since its model's cutoff.

    Never trains or activates: a person runs the logged command and decides.
    """
    settings: Settings = current_app.config["QG_SETTINGS"]
    found = proposals(db.session(), settings.model_dir, settings.retrain_min_reviews)
    for p in found:
        log.warning(
            "retrain proposed for %s: %d reviews since %s, the data cutoff of %s; run `%s`",
            f"brand {p.brand}" if p.brand else "the default model",
            p.reviews,
            p.cutoff.isoformat(),
            p.model,
            p.command,
        )
    return [{"brand": p.brand, "reviews": p.reviews, "command": p.command} for p in found]
