"""Per-process state of a worker: the scorer (spaCy + model) is loaded once, never per task."""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery.signals import task_postrun, worker_init, worker_process_init
from flask import current_app

from qualitygate import db
from qualitygate.scoring import Scorer

log = logging.getLogger(__name__)
_lock = threading.Lock()
_scorer: Scorer | None = None


def get_scorer() -> Scorer:
    """The process's scorer, loaded on first use (normally already warmed at worker start)."""
    global _scorer
    with _lock:
        if _scorer is None:
            _scorer = Scorer.from_settings(current_app.config["QG_SETTINGS"])
            log.info("scorer loaded (model %s)", _scorer.model_version)
        return _scorer


def _warm() -> None:
    from qualitygate.tasks.worker import flask_app

    with flask_app.app_context():
        get_scorer()


@worker_process_init.connect
def _on_process_init(**_: Any) -> None:
    # Prefork children: connections inherited from the parent must not be shared.
    engine = db.SessionFactory.kw.get("bind")
    if engine is not None:
        engine.dispose(close=False)
    _warm()


@worker_init.connect
def _on_worker_init(sender: Any = None, **_: Any) -> None:
    # The solo pool runs tasks in this very process: warm it here.
    if "solo" in str(getattr(sender, "pool_cls", "")).lower():
        _warm()


@task_postrun.connect
def _remove_session(**_: Any) -> None:
    db.session.remove()
