"""The Monday export task (scheduled by beat, see celery_app): thin — export, then notify."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import requests
from celery import shared_task
from flask import current_app

from qualitygate import db
from qualitygate.reports.export import export_configured
from qualitygate.reports.notify import notify
from qualitygate.settings import Settings
from qualitygate.tasks.celery_app import EXPORT_WEEKLY

log = logging.getLogger(__name__)


@shared_task(bind=True, name=EXPORT_WEEKLY, max_retries=3)
def export_weekly(self: object, week: str | None = None) -> dict[str, object]:
    """Write `week`'s files (default: the previous full ISO week in QG_TIMEZONE).

    Idempotent: a retry rewrites the same bytes, so a failed notification simply runs it again.
    """
    settings: Settings = current_app.config["QG_SETTINGS"]
    result = export_configured(db.session(), settings, datetime.now(UTC), week)
    log.info("weekly export %s written: %s", result.week, [str(p) for p in result.files])
    if settings.export_webhook_url:
        try:
            notify(settings.export_webhook_url, result.week, result.files)
        except requests.RequestException as exc:
            retries = self.request.retries  # type: ignore[attr-defined]
            log.warning("export webhook failed (%s); attempt %s", exc, retries + 1)
            if retries >= self.max_retries:  # type: ignore[attr-defined]
                return {"week": result.week, "files": [p.name for p in result.files]}
            raise self.retry(exc=exc, countdown=60 * 2**retries) from exc  # type: ignore[attr-defined]
    return {"week": result.week, "files": [p.name for p in result.files]}
