"""Logging, configured once: module loggers everywhere, records stamped with submission/task ids."""

from __future__ import annotations

import logging
from contextvars import ContextVar

from flask import Flask

submission_id_var: ContextVar[str | None] = ContextVar("submission_id", default=None)
_configured = False


class ContextFilter(logging.Filter):
    """Adds `submission_id` and `task_id` to every record (`-` when unknown)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.submission_id = submission_id_var.get() or "-"
        task_id = "-"
        try:
            from celery import current_task

            if current_task and current_task.request.id:
                task_id = current_task.request.id
        except Exception:  # noqa: BLE001 - logging must never fail
            pass
        record.task_id = task_id
        return True


def configure(level: str = "INFO") -> None:
    global _configured
    if _configured:
        return
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    handler.setFormatter(
        logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [submission=%(submission_id)s task=%(task_id)s] "
            "%(message)s"
        )
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True


def init_app(app: Flask) -> None:
    configure(app.config["QG_SETTINGS"].log_level)
