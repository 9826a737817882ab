"""Publish a task by its name: what views and tasks call after they commit (commit, then enqueue).

Only ids cross the queue. Publishing goes through the current Flask app's own Celery app, never a
process-wide default that another app replaced, and never imports a task module: the API
process does not load the scoring code. A refused publish returns False; what it was for stays
in the database (a queued version for the sweeper, a pending callback on its verdict).
"""

from __future__ import annotations

import logging

from flask import current_app

log = logging.getLogger(__name__)

SCORE_VERSION = "qualitygate.score_version"
DELIVER_CALLBACK = "qualitygate.deliver_callback"
SWEEP_QUEUED = "qualitygate.sweep_queued"
EXPORT_WEEKLY = "qualitygate.export_weekly"
CHECK_MONITORING = "qualitygate.check_monitoring"
PROPOSE_RETRAIN = "qualitygate.propose_retrain"


def _send(task_name: str, *args: object) -> None:
    current_app.extensions["celery"].send_task(task_name, args=list(args))


def score(version_id: int) -> bool:
    """Queue scoring for a committed version. False when the broker refused (it stays queued)."""
    try:
        _send(SCORE_VERSION, version_id)
    except Exception as exc:  # broker down: the sweeper re-enqueues it later
        log.warning("could not enqueue version %s (%s); it stays queued", version_id, exc)
        return False
    return True


def callback(verdict_id: int) -> bool:
    """Queue a delivery for a committed, pending verdict. False when the broker refused."""
    try:
        _send(DELIVER_CALLBACK, verdict_id)
    except Exception:
        log.exception("could not enqueue the callback of verdict %s; it stays pending", verdict_id)
        return False
    return True
