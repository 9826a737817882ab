"""The callback task: thin — one attempt per run, retried by Celery with the service's backoff."""

from __future__ import annotations

import logging

from celery import shared_task
from flask import current_app
from sqlalchemy.exc import OperationalError

from qualitygate import db
from qualitygate.logs import bind_submission
from qualitygate.services import callbacks
from qualitygate.tasks.enqueue import DELIVER_CALLBACK

log = logging.getLogger(__name__)


# max_retries=None: the service counts attempts in the database and dead-letters after
# QG_CALLBACK_MAX_ATTEMPTS, which survives worker restarts and redeliveries.
@shared_task(bind=True, name=DELIVER_CALLBACK, max_retries=None)
def deliver_callback(self: object, verdict_id: int) -> str:
    """Deliver verdict `verdict_id` to its submission's callback URL (one attempt)."""
    session = db.session()
    try:
        with bind_submission(callbacks.submission_id_of(session, verdict_id)):
            outcome = callbacks.deliver(session, current_app.config["QG_SETTINGS"], verdict_id)
    except OperationalError as exc:  # the database, not the CMS, failed: try again later
        session.rollback()
        raise self.retry(exc=exc, countdown=10) from exc  # type: ignore[attr-defined]
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)  # type: ignore[attr-defined]
    return outcome.status
