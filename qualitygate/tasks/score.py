"""The scoring task: thin — load the scorer, call the service, record failures."""

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
from qualitygate.tasks import callbacks as callback_tasks
from qualitygate.tasks.runtime import get_scorer

log = logging.getLogger(__name__)


@shared_task(bind=True, name="qualitygate.score_version", max_retries=5)
def score_version(self: object, version_id: int) -> str | None:
    """Score description version `version_id` and store its verdict (idempotent)."""
    with bind_submission(_submission_id(version_id)):  # every log line of this task carries it
        return _score(self, version_id)


def _score(self: object, version_id: int) -> str | None:
    session = db.session()
    batch_size = current_app.config["QG_SETTINGS"].score_batch_size
    try:
        # Work that arrived together is scored together: one batched call of checks and model.
        batch = [version_id, *verdicts.claim_waiting(session, version_id, batch_size - 1)]
        scored = verdicts.score_versions(session, get_scorer(), batch)
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
            callback_tasks.enqueue(verdict.id)
    except Exception:  # the verdict stands; the callback stays visible as pending
        db.session().rollback()
        log.exception("could not queue the callback of verdict %s", verdict.id)


def enqueue(version_id: int) -> bool:
    """Queue scoring for a committed version. False when the broker refused (it stays queued)."""
    try:
        # Through this app's own Celery: never a process-wide default that another app replaced.
        current_app.extensions["celery"].send_task(score_version.name, args=[version_id])
    except Exception as exc:  # broker down: the sweeper re-enqueues it later
        log.warning("could not enqueue version %s (%s); it stays queued", version_id, exc)
        return False
    return True
