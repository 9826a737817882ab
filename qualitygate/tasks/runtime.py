"""Per-process state of a worker: the scorer (spaCy + model) is loaded once, never per task."""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import task_postrun, worker_init, worker_process_init
from flask import current_app

from qualitygate import db
from qualitygate.infra.priority import yield_cpu_logged
from qualitygate.pipeline.cache import ScorerCache
from qualitygate.pipeline.scorer import Scorer

log = logging.getLogger(__name__)
_cache: ScorerCache | None = None


def get_scorer() -> Scorer:
    """The process's scorer; follows the model registry's active version (see pipeline/cache.py)."""
    global _cache
    if _cache is None:
        _cache = ScorerCache(current_app.config["QG_SETTINGS"])
    return _cache.get(db.session())


def consumes(celery: Celery, queue: str) -> bool:
    """Whether this worker takes tasks from `queue` (all queues unless started with -Q)."""
    return queue in celery.amqp.queues.consume_from


def _warm() -> None:
    from qualitygate.tasks.worker import flask_app

    if not _scores():
        # A worker routed to callbacks or exports (-Q) never scores: no spaCy, no model in it.
        log.info(
            "not consuming %s: the scorer is not loaded", flask_app.config["QG_SETTINGS"].task_queue
        )
        return
    with flask_app.app_context():
        get_scorer()
        db.session.remove()


@worker_process_init.connect
def _on_process_init(**_: Any) -> None:
    # Prefork children: connections inherited from the parent must not be shared.
    engine = db.SessionFactory.kw.get("bind")
    if engine is not None:
        engine.dispose(close=False)
    _warm()


def _scores() -> bool:
    from qualitygate.tasks.worker import celery_app, flask_app

    return consumes(celery_app, flask_app.config["QG_SETTINGS"].task_queue)


@worker_init.connect
def _on_worker_init(sender: Any = None, **_: Any) -> None:
    from qualitygate.tasks.worker import flask_app

    if _scores():
        # Before the model loads and before prefork children exist: they all inherit it.
        yield_cpu_logged(flask_app.config["QG_SETTINGS"].worker_nice)
    # The solo pool runs tasks in this very process: warm it here.
    if "solo" in str(getattr(sender, "pool_cls", "")).lower():
        _warm()


@task_postrun.connect
def _remove_session(**_: Any) -> None:
    db.session.remove()
