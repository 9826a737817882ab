"""Periodic task (Celery beat): re-enqueue versions still waiting for a verdict."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from flask import current_app

from qualitygate import db
from qualitygate.services.sweeper import stale_versions
from qualitygate.tasks.celery_app import SWEEP_QUEUED, enqueue_score

log = logging.getLogger(__name__)


@shared_task(name=SWEEP_QUEUED)
def sweep_queued() -> int:
    """Re-enqueue stale versions; returns how many were re-enqueued."""
    settings = current_app.config["QG_SETTINGS"]
    ids = stale_versions(db.session(), timedelta(seconds=settings.sweep_after_s))
    sent = sum(1 for version_id in ids if enqueue_score(version_id))
    if ids:
        log.info("sweeper re-enqueued %d of %d waiting versions", sent, len(ids))
    return sent
