"""Bind Celery to a Flask app: every task runs inside `app.app_context()`; publish tasks by name.

The broker comes from `QG_BROKER_URL`: kombu's filesystem transport by default (no server), or
Redis / RabbitMQ in production. Scoring is acknowledged late so a killed worker's task is
redelivered; the unique verdict per version makes the redelivery harmless.

The worker's signals are wired here too: a scoring worker lowers its CPU priority and loads the
scorer (spaCy + model) once per process before its first task; every task ends its session.

Publishing is by task name (`enqueue_score`, `enqueue_callback`): what views and tasks call after
they commit (commit, then enqueue). Only ids cross the queue. It goes through the current Flask
app's own Celery app, never a process-wide default that another app replaced, and never imports
a task module: the API process does not load the task bodies (tasks/verdicts.py, ...). A refused
publish returns False; what it was for stays in the database (a queued version for the sweeper,
a pending callback on its verdict).
"""

from __future__ import annotations

import logging
from typing import Any

import celery as celery_pkg
from celery import Celery, Task
from celery.schedules import crontab
from celery.signals import task_postrun, worker_init, worker_process_init
from flask import Flask, current_app
from kombu.entity import Queue

from qualitygate import db
from qualitygate.infra.priority import yield_cpu_logged
from qualitygate.pipeline.verdicts import process_scorer
from qualitygate.settings import Settings

log = logging.getLogger(__name__)

SCORE_VERSION = "qualitygate.score_version"
DELIVER_CALLBACK = "qualitygate.deliver_callback"
SWEEP_QUEUED = "qualitygate.sweep_queued"
EXPORT_WEEKLY = "qualitygate.export_weekly"
CHECK_MONITORING = "qualitygate.check_monitoring"
PROPOSE_RETRAIN = "qualitygate.propose_retrain"


def _send(task_name: str, *args: object) -> None:
    current_app.extensions["celery"].send_task(task_name, args=list(args))


def enqueue_score(version_id: int) -> bool:
    """Queue scoring for a committed version. False when the broker refused (it stays queued)."""
    try:
        _send(SCORE_VERSION, version_id)
    except Exception as exc:  # broker down: the sweeper re-enqueues it later
        log.warning("could not enqueue version %s (%s); it stays queued", version_id, exc)
        return False
    return True


def enqueue_callback(verdict_id: int) -> bool:
    """Queue a delivery for a committed, pending verdict. False when the broker refused."""
    try:
        _send(DELIVER_CALLBACK, verdict_id)
    except Exception:
        log.exception("could not enqueue the callback of verdict %s; it stays pending", verdict_id)
        return False
    return True


def broker_options(settings: Settings) -> dict[str, Any]:
    url = settings.broker_url
    if url.startswith("filesystem"):
        # kombu needs the in and out folders to be the same folder, and all of them to exist.
        queue = settings.broker_dir / "queue"
        control = settings.broker_dir / "control"
        for folder in (queue, control):
            folder.mkdir(parents=True, exist_ok=True)
        return {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "control_folder": str(control),
            "store_processed": False,
            "polling_interval": settings.broker_polling_interval,
        }
    if url.startswith(("redis", "rediss")):
        # Unacknowledged tasks come back after this long if their worker vanished. kombu looks
        # for them every interval x throttle seconds (100 s by default): scan every interval,
        # a fifth of the timeout (1-10 s), so a dead worker's task returns soon after it.
        visibility = settings.broker_visibility_timeout_s
        return {
            "visibility_timeout": visibility,
            "unacked_restore_interval": max(1.0, min(10.0, visibility / 5)),
            "unacked_restore_throttle": 1,
        }
    return {}


def celery_init_app(app: Flask) -> Celery:
    settings: Settings = app.config["QG_SETTINGS"]

    class FlaskTask(Task):  # type: ignore[misc]
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask)
    if settings.broker_url.startswith("filesystem"):
        # kombu's filesystem transport with atomic message writes (see fs_transport.py).
        celery.conf.broker_transport = "qualitygate.infra.fs_transport:Transport"
    celery.conf.update(
        broker_url=settings.broker_url,
        broker_transport_options=broker_options(settings),
        broker_connection_retry_on_startup=True,
        task_default_queue=settings.task_queue,
        # A worker consumes all three unless started with -Q; route them to separate workers
        # (or hosts) to scale scoring independently of callbacks and exports.
        task_queues=[
            Queue(settings.task_queue),
            Queue(settings.callback_queue),
            Queue(settings.export_queue),
        ],
        task_routes={
            DELIVER_CALLBACK: {"queue": settings.callback_queue},
            EXPORT_WEEKLY: {"queue": settings.export_queue},
            CHECK_MONITORING: {"queue": settings.export_queue},
            PROPOSE_RETRAIN: {"queue": settings.export_queue},
        },
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        # Publishing must not hang a webhook request when the broker is down.
        task_publish_retry_policy={
            "max_retries": 2,
            "interval_start": 0.1,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        worker_hijack_root_logger=False,
        include=[
            "qualitygate.tasks.verdicts",
            "qualitygate.tasks.sweeper",
            "qualitygate.tasks.export",
            "qualitygate.tasks.monitoring",
        ],
        # Beat's crontab entries (the Monday export) are read in this zone.
        timezone=settings.timezone,
    )
    celery.conf.beat_schedule = {
        **(celery.conf.beat_schedule or {}),
        "sweep-queued": {"task": SWEEP_QUEUED, "schedule": settings.sweep_interval_s},
        # Monday 06:00 in QG_TIMEZONE: the previous ISO week's metrics files (and webhook).
        "weekly-metrics-export": {
            "task": EXPORT_WEEKLY,
            "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
        },
        # Drift and live accuracy per brand over the last 7 days; alerts (docs/monitoring.md).
        "check-monitoring": {
            "task": CHECK_MONITORING,
            "schedule": settings.monitor_interval_s,
        },
        # Proposes (logs) a retrain when enough reviews exist; never trains or activates.
        "propose-retrain": {
            "task": PROPOSE_RETRAIN,
            "schedule": settings.monitor_interval_s,
        },
    }
    celery.set_default()
    celery.flask_app = app  # what the worker's signals run in (see `_flask_app`)
    app.extensions["celery"] = celery
    return celery


def consumes(celery: Celery, queue: str) -> bool:
    """Whether this worker takes tasks from `queue` (all queues unless started with -Q)."""
    return queue in celery.amqp.queues.consume_from


def _flask_app(celery: Celery | None) -> Flask | None:
    """The Flask app a Celery app was built for; None for an app not made by `celery_init_app`."""
    app = getattr(celery, "flask_app", None)
    return app if isinstance(app, Flask) else None


def _scores(celery: Celery, app: Flask) -> bool:
    return consumes(celery, app.config["QG_SETTINGS"].task_queue)


def _warm(celery: Celery) -> None:
    app = _flask_app(celery)
    if app is None:
        return
    settings: Settings = app.config["QG_SETTINGS"]
    if not _scores(celery, app):
        # A worker routed to callbacks or exports (-Q) never scores: no spaCy, no model in it.
        log.info("not consuming %s: the scorer is not loaded", settings.task_queue)
        return
    with app.app_context():
        process_scorer(settings, db.session())
        db.session.remove()


@worker_init.connect
def _on_worker_init(sender: Any = None, **_: Any) -> None:
    celery = getattr(sender, "app", None)  # the WorkController starting
    app = _flask_app(celery)
    if app is None:
        return
    if _scores(celery, app):
        # Before the model loads and before prefork children exist: they all inherit it.
        yield_cpu_logged(app.config["QG_SETTINGS"].worker_nice)
    # The solo pool runs tasks in this very process: warm it here.
    if "solo" in str(getattr(sender, "pool_cls", "")).lower():
        _warm(celery)


@worker_process_init.connect
def _on_process_init(**_: Any) -> None:
    # Prefork children: connections inherited from the parent must not be shared.
    engine = db.SessionFactory.kw.get("bind")
    if engine is not None:
        engine.dispose(close=False)
    # The sender is only the hostname; the pool made the worker's app current before sending.
    _warm(celery_pkg.current_app._get_current_object())


@task_postrun.connect
def _remove_session(**_: Any) -> None:
    db.session.remove()
