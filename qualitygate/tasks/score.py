"""The scoring task: thin — load the scorer, call the service, record failures."""

from __future__ import annotations

import logging

from celery import shared_task
from sqlalchemy.exc import OperationalError

from qualitygate import db
from qualitygate.services import verdicts
from qualitygate.tasks.runtime import get_scorer

log = logging.getLogger(__name__)


@shared_task(bind=True, name="qualitygate.score_version", max_retries=5)
def score_version(self: object, version_id: int) -> str | None:
    """Score description version `version_id` and store its verdict (idempotent)."""
    session = db.session()
    try:
        verdict = verdicts.score_version(session, get_scorer(), version_id)
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
    return verdict.status if verdict is not None else None


def enqueue(version_id: int) -> bool:
    """Queue scoring for a committed version. False when the broker refused (it stays queued)."""
    try:
        score_version.delay(version_id)
    except Exception:
        log.exception("could not enqueue version %s; it stays queued", version_id)
        return False
    return True
