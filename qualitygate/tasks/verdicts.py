"""A verdict's two tasks, both thin: score a version into one, then deliver it to the CMS.

- `score_version`: call the pipeline (pipeline/verdicts.py), commit each new verdict's callback as
  pending and queue its delivery, record failures (database errors are retried with backoff).
- `deliver_callback`: one attempt per run (services/callbacks.py), retried by Celery with the
  service's backoff.
"""

from __future__ import annotations

import logging

from celery import shared_task
from flask import current_app
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from qualitygate import db
from qualitygate.logs import bind_submission
from qualitygate.models import DescriptionVersion, Verdict
from qualitygate.pipeline import verdicts
from qualitygate.services import callbacks
from qualitygate.tasks.celery_app import (
    DELIVER_CALLBACK,
    SCORE_VERSION,
    enqueue_callback,
)

log = logging.getLogger(__name__)


@shared_task(bind=True, name=SCORE_VERSION, max_retries=5)
def score_version(self: object, version_id: int) -> str | None:
    """Score description version `version_id` and store its verdict (idempotent)."""
    with bind_submission(_submission_id(version_id)):  # every log line of this task carries it
        return _score(self, version_id)


def _score(self: object, version_id: int) -> str | None:
    session = db.session()
    try:
        scored = verdicts.score_with_waiting(session, current_app.config["QG_SETTINGS"], version_id)
    except OperationalError as exc:  # database unreachable: try again later
        session.rollback()
        retries = self.request.retries  # type: ignore[attr-defined]
        if retries >= self.max_retries:  # type: ignore[attr-defined]
            verdicts.mark_error(session, version_id, f"database error: {exc}")
            return None
        raise self.retry(exc=exc, countdown=min(30, 2**retries)) from exc  # type: ignore[attr-defined]
    except Exception as exc:
        session.rollback()
        log.exception("scoring version %s failed", version_id)
        verdicts.mark_error(session, version_id, f"{type(exc).__name__}: {exc}")
        return None
    for other in scored.values():
        _queue_callback(other)
    verdict = scored.get(version_id)
    if verdict is None:
        return None
    log.info("version %s scored: %s (batch of %d)", version_id, verdict.status, len(scored))
    return verdict.status


def _submission_id(version_id: int) -> str | None:
    try:
        version = db.session().get(DescriptionVersion, version_id)
    except SQLAlchemyError:  # scoring meets the same error next and retries; just log without id
        db.session().rollback()
        return None
    return version.submission_id if version is not None else None


def _queue_callback(verdict: Verdict) -> None:
    """Commit the verdict's callback as pending, then queue its delivery (commit-then-enqueue)."""
    try:
        if callbacks.mark_due(db.session(), verdict):
            enqueue_callback(verdict.id)
    except Exception:  # the verdict stands; the callback stays visible as pending
        db.session().rollback()
        log.exception("could not queue the callback of verdict %s", verdict.id)


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
