"""The scoring task: thin — call the pipeline, queue the callbacks, record failures."""

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
from qualitygate.tasks import enqueue

log = logging.getLogger(__name__)


@shared_task(bind=True, name=enqueue.SCORE_VERSION, max_retries=5)
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
            enqueue.callback(verdict.id)
    except Exception:  # the verdict stands; the callback stays visible as pending
        db.session().rollback()
        log.exception("could not queue the callback of verdict %s", verdict.id)
